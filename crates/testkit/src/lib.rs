//! Test helpers for khabar (not published): read a table back from an output folder and
//! render it as text for golden files.
//!
//! Rendering keeps the file's row order (the order is part of what khabar guarantees),
//! starts with a schema header, writes one row per line with tab-separated values, `∅` for
//! null, and escapes newlines and tabs inside values as `\n` and `\t`.

use std::fmt::Write;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float32Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::reader::{FileReader, SerializedFileReader};

/// The Parquet files of table `name` under `dir`: `name.parquet`, or `name/part-*.parquet`
/// in order.
///
/// # Panics
/// If the table is missing.
#[must_use]
pub fn table_files(dir: &Path, name: &str) -> Vec<PathBuf> {
    let single = dir.join(format!("{name}.parquet"));
    if single.exists() {
        return vec![single];
    }
    let folder = dir.join(name);
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("no table {name} under {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .collect();
    parts.sort();
    parts
}

/// All record batches of a table, in order.
#[must_use]
pub fn read_table(dir: &Path, name: &str) -> Vec<RecordBatch> {
    table_files(dir, name)
        .iter()
        .flat_map(|path| {
            let file = File::open(path).expect("open parquet");
            let reader = ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet").build().expect("reader");
            reader.map(|b| b.expect("batch")).collect::<Vec<_>>()
        })
        .collect()
}

/// The footer key-value metadata of a Parquet file, sorted by key.
#[must_use]
pub fn footer_metadata(path: &Path) -> Vec<(String, String)> {
    let reader = SerializedFileReader::new(File::open(path).expect("open")).expect("parquet");
    let mut kv: Vec<(String, String)> = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| kv.iter().map(|e| (e.key.clone(), e.value.clone().unwrap_or_default())).collect())
        .unwrap_or_default();
    kv.sort();
    kv
}

/// Near-duplicate clustering test data: up to `max_docs` documents with 16-bin sketches whose
/// bins take one of a few values (so buckets form, some over a `max-bucket` of 24, and pairs
/// recur across bins), an empty bin (`u32::MAX`) a sixth of the time, and one document in ten
/// without a sketch.
pub fn clustering_sketches(
    max_docs: usize,
) -> impl proptest::strategy::Strategy<Value = Vec<Option<khabar_core::Sketch>>> {
    use proptest::prelude::*;
    let sketch = (proptest::collection::vec(0u32..6, 16), 1u32..40).prop_map(|(bins, shingles)| khabar_core::Sketch {
        bins: bins.into_iter().map(|v| if v == 5 { u32::MAX } else { v }).collect(),
        shingles,
    });
    proptest::collection::vec(proptest::option::weighted(0.9, sketch), 0..max_docs)
}

/// The number of rows of each row group of a Parquet file, in order.
#[must_use]
pub fn row_group_rows(path: &Path) -> Vec<i64> {
    let reader = SerializedFileReader::new(File::open(path).expect("open")).expect("parquet");
    reader.metadata().row_groups().iter().map(parquet::file::metadata::RowGroupMetaData::num_rows).collect()
}

/// A rendered cell on one line: backslashes, newlines and tabs escaped.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t")
}

/// One cell as text, unescaped (`∅` for null).
#[must_use]
pub fn cell(column: &dyn Array, row: usize) -> String {
    if column.is_null(row) {
        return "∅".to_owned();
    }
    match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().value(row).to_owned(),
        DataType::Boolean => column.as_boolean().value(row).to_string(),
        DataType::Int32 => column.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => column.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float32 => format!("{:.3}", column.as_primitive::<Float32Type>().value(row)),
        DataType::Date32 => {
            khabar_core::CivilDate::from_days_since_epoch(column.as_primitive::<Date32Type>().value(row)).to_string()
        }
        DataType::List(_) => {
            let list = column.as_list::<i32>().value(row);
            let items: Vec<String> = (0..list.len()).map(|i| cell(list.as_ref(), i)).collect();
            format!("[{}]", items.join(","))
        }
        other => panic!("testkit cannot render {other}"),
    }
}

/// Rows of a table as maps from column name to cell (unescaped; `∅` for null).
#[must_use]
pub fn rows(dir: &Path, name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut out = Vec::new();
    for batch in read_table(dir, name) {
        let schema = batch.schema();
        for row in 0..batch.num_rows() {
            out.push(
                schema
                    .fields()
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.name().clone(), cell(batch.column(i).as_ref(), row)))
                    .collect(),
            );
        }
    }
    out
}

/// Renders table `name` under `dir` as text: a schema header, then one line per row.
#[must_use]
pub fn render(dir: &Path, name: &str) -> String {
    let files = table_files(dir, name);
    let schema = {
        let file = File::open(&files[0]).expect("open");
        ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet").schema().clone()
    };
    let mut out = String::new();
    let header: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| format!("{}: {}{}", f.name(), f.data_type(), if f.is_nullable() { "?" } else { "" }))
        .collect();
    writeln!(out, "# {name}: {}", header.join(", ")).expect("write to string");
    for batch in read_table(dir, name) {
        for row in 0..batch.num_rows() {
            let cells: Vec<String> =
                (0..batch.num_columns()).map(|i| escape(&cell(batch.column(i).as_ref(), row))).collect();
            writeln!(out, "{}", cells.join("\t")).expect("write to string");
        }
    }
    out
}
