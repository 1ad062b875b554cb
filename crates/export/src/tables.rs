//! Arrow schemas of the tables, row-to-column conversion, and the part-file writer.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, Float32Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use khabar_core::{CatalogRow, DocFailure, EnrichedDocument, ID_SCHEME, SCHEMA_VERSION, SourceRow};
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, ZstdLevel};
use parquet::column::writer::ColumnCloseResult;
use parquet::file::metadata::{KeyValue, PageIndexPolicy};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use crate::{Config, Error, io};

/// The tables khabar writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableKind {
    Documents,
    Sentences,
    Entities,
    Dates,
    Failures,
    DocumentSources,
    EntityCatalog,
}

impl TableKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Sentences => "sentences",
            Self::Entities => "entities",
            Self::Dates => "dates",
            Self::Failures => "failures",
            Self::DocumentSources => "document_sources",
            Self::EntityCatalog => "entity_catalog",
        }
    }

    /// Rows per row group. The writer holds a row group in memory until it is full, so the
    /// tables of whole texts (`documents`: text and raw text) get smaller groups: 2,048
    /// documents of 10 kB are 20 MB, where 65,536 would be 650 MB.
    pub(crate) fn row_group_rows(self, config: &Config) -> usize {
        match self {
            Self::Documents => config.row_group_rows.min(2_048),
            _ => config.row_group_rows,
        }
    }

    /// Columns filled only once the whole corpus is seen, appended by [`TableWriter::finish`].
    pub(crate) fn corpus_fields(self) -> Vec<Field> {
        match self {
            Self::Documents => vec![
                Field::new("cluster_id", DataType::Utf8, true),
                Field::new("near_duplicate_of", DataType::Utf8, true),
            ],
            Self::Sentences => {
                vec![
                    Field::new("duplicate_count", DataType::Int32, false),
                    Field::new("boilerplate", DataType::Boolean, false),
                ]
            }
            _ => Vec::new(),
        }
    }

    /// Columns whose values are (nearly) all different: a dictionary would only be built to be
    /// dropped, so they are written plain. The others (labels, repeated IDs, paths) keep one.
    pub(crate) fn distinct_columns(self) -> &'static [&'static str] {
        match self {
            Self::Documents => &["doc_id", "title", "text", "raw_text", "url", "extra", "source_id"],
            Self::Sentences => &["sentence_id", "char_start", "char_end", "text", "fingerprint"],
            Self::Entities => &["mention_id", "char_start", "char_end"],
            Self::Dates => &["date_id", "char_start", "char_end", "text"],
            _ => &[],
        }
    }

    /// The streamed columns the corpus columns are computed from (see [`TableWriter::finish`]).
    pub(crate) fn corpus_inputs(self) -> &'static [&'static str] {
        match self {
            Self::Documents => &["doc_id"],
            Self::Sentences => &["fingerprint"],
            _ => &[],
        }
    }

    /// The schema of the finished table: streamed columns, then corpus columns.
    pub(crate) fn final_schema(self) -> SchemaRef {
        let mut fields: Vec<Field> = self.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.extend(self.corpus_fields());
        Arc::new(Schema::new(fields))
    }

    /// The schema of the rows streamed during the run.
    pub(crate) fn schema(self) -> SchemaRef {
        use DataType::{Date32, Float32, Int32, Int64, Utf8};
        let f = |name: &str, ty: DataType, nullable: bool| Field::new(name, ty, nullable);
        let fields = match self {
            Self::Documents => vec![
                f("doc_id", Utf8, false),
                f("source_id", Utf8, true),
                f("source_path", Utf8, false),
                f("source_line", Int64, true),
                f("title", Utf8, true),
                f("published", Date32, true),
                f("published_source", Utf8, true),
                f("url", Utf8, true),
                f("source", Utf8, true),
                f("format", Utf8, false),
                f("encoding", Utf8, false),
                f("extra", Utf8, true),
                f("text", Utf8, false),
                f("raw_text", Utf8, true),
                f("offset_map_text", DataType::List(Arc::new(Field::new("item", Int64, true))), false),
                f("offset_map_raw", DataType::List(Arc::new(Field::new("item", Int64, true))), false),
            ],
            Self::Sentences => vec![
                f("sentence_id", Utf8, false),
                f("doc_id", Utf8, false),
                f("index", Int32, false),
                f("char_start", Int64, false),
                f("char_end", Int64, false),
                f("text", Utf8, false),
                f("fingerprint", Int64, false),
            ],
            Self::Entities => vec![
                f("mention_id", Utf8, false),
                f("doc_id", Utf8, false),
                f("sentence_id", Utf8, false),
                f("char_start", Int64, false),
                f("char_end", Int64, false),
                f("text", Utf8, false),
                f("label", Utf8, false),
                f("entity_id", Utf8, false),
                f("canonical", Utf8, false),
                f("method", Utf8, false),
            ],
            Self::Dates => vec![
                f("date_id", Utf8, false),
                f("doc_id", Utf8, false),
                f("sentence_id", Utf8, false),
                f("char_start", Int64, false),
                f("char_end", Int64, false),
                f("text", Utf8, false),
                f("value", Utf8, true),
                f("granularity", Utf8, false),
                f("kind", Utf8, false),
                f("date", Date32, true),
                f("confidence", Float32, false),
                f("calendar", Utf8, false),
                f("modifier", Utf8, true),
            ],
            Self::Failures => vec![
                f("source_path", Utf8, false),
                f("line", Int64, true),
                f("doc_id", Utf8, true),
                f("stage", Utf8, false),
                f("code", Utf8, false),
                f("name", Utf8, false),
                f("severity", Utf8, false),
                f("message", Utf8, false),
            ],
            Self::EntityCatalog => vec![
                f("entity_id", Utf8, false),
                f("canonical", Utf8, false),
                f("label", Utf8, false),
                f("aliases", DataType::List(Arc::new(Field::new("item", Utf8, true))), false),
                f("mentions", Int64, false),
                f("documents", Int64, false),
            ],
            Self::DocumentSources => vec![
                f("doc_id", Utf8, false),
                f("source_path", Utf8, false),
                f("source_line", Int64, true),
                f("source_id", Utf8, true),
            ],
        };
        Arc::new(Schema::new(fields))
    }
}

/// A finished part file.
pub(crate) struct Part {
    pub(crate) path: PathBuf,
    pub(crate) rows: u64,
}

/// The part file being written: rows buffered into row groups by the Arrow writer, or row
/// groups encoded elsewhere ([`RowGroupEncoder`]) and appended as they are.
enum PartWriter {
    Arrow(ArrowWriter<File>),
    Encoded(SerializedFileWriter<File>),
}

impl PartWriter {
    fn close(self) -> parquet::errors::Result<()> {
        match self {
            Self::Arrow(w) => w.close().map(drop),
            Self::Encoded(w) => w.close().map(drop),
        }
    }
}

/// One row group of a table, encoded and compressed, ready to append to a part file.
pub(crate) struct EncodedRowGroup {
    rows: u64,
    chunks: Vec<ArrowColumnChunk>,
}

/// Encodes a table's rows into row groups, on any thread: the expensive half of writing
/// (encoding and zstd) runs where the rows were made, and the writer only appends bytes.
#[derive(Clone)]
pub(crate) struct RowGroupEncoder {
    kind: TableKind,
    factory: Arc<ArrowRowGroupWriterFactory>,
    row_group_rows: usize,
}

impl RowGroupEncoder {
    /// Encodes `batch` as row groups of at most `row_group_rows` rows; the columns of each row
    /// group are encoded in parallel on the current rayon pool.
    pub(crate) fn encode(&self, batch: &RecordBatch) -> Result<Vec<EncodedRowGroup>, Error> {
        let err = |e: parquet::errors::ParquetError| Error::Parquet { table: self.kind.name(), message: e.to_string() };
        let schema = self.kind.schema();
        let mut groups = Vec::new();
        let mut offset = 0;
        while offset < batch.num_rows() {
            let rows = self.row_group_rows.min(batch.num_rows() - offset);
            let slice = batch.slice(offset, rows);
            offset += rows;
            let writers = self.factory.create_column_writers(0).map_err(err)?;
            debug_assert_eq!(writers.len(), schema.fields().len(), "one leaf per column");
            let chunks = writers
                .into_par_iter()
                .zip(schema.fields().par_iter().zip(slice.columns().par_iter()))
                .map(|(mut writer, (field, array))| {
                    for leaf in compute_leaves(field, array)? {
                        writer.write(&leaf)?;
                    }
                    writer.close()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            groups.push(EncodedRowGroup { rows: rows as u64, chunks });
        }
        Ok(groups)
    }
}

/// Writes one table as a sequence of part files, rolling over every `rows_per_file` rows.
pub(crate) struct TableWriter {
    kind: TableKind,
    dir: PathBuf,
    root: PathBuf,
    /// Properties of every file, streamed or rewritten.
    props: WriterProperties,
    rows_per_file: u64,
    current: Option<(PartWriter, PathBuf, u64)>,
    parts: Vec<Part>,
    encoder: RowGroupEncoder,
}

impl TableWriter {
    pub(crate) fn new(kind: TableKind, root: &Path, config: &Config) -> Self {
        let zstd = Compression::ZSTD(ZstdLevel::try_new(config.zstd_level).expect("level checked in create"));
        Self::with_compression(kind, root, config, zstd)
    }

    /// [`TableWriter::new`] with this compression (the fuzz target's choice).
    fn with_compression(kind: TableKind, root: &Path, config: &Config, compression: Compression) -> Self {
        let metadata = vec![
            KeyValue::new("khabar.table".to_owned(), kind.name().to_owned()),
            KeyValue::new("khabar.schema_version".to_owned(), SCHEMA_VERSION.to_owned()),
            KeyValue::new("khabar.id_scheme".to_owned(), ID_SCHEME.to_owned()),
            KeyValue::new(
                "khabar.id_scheme_doc".to_owned(),
                "first 16 bytes of BLAKE3 over length-prefixed fields, lowercase hex; see README".to_owned(),
            ),
            KeyValue::new("khabar.version".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
        ];
        let builder = WriterProperties::builder()
            .set_created_by(format!("khabar {}", env!("CARGO_PKG_VERSION")))
            .set_max_row_group_row_count(Some(kind.row_group_rows(config)))
            .set_key_value_metadata(Some(metadata));
        let mut builder = builder.set_compression(compression);
        for column in kind.distinct_columns() {
            builder = builder.set_column_dictionary_enabled(ColumnPath::from(*column), false);
        }
        let props = builder.build();
        // The factory only needs the schema and the properties; the sink is never written.
        let (_, factory) = ArrowWriter::try_new(std::io::sink(), kind.schema(), Some(props.clone()))
            .and_then(ArrowWriter::into_serialized_writer)
            .expect("the schemas convert to Parquet by construction");
        // A part takes whole row groups, so no row group may outgrow a part.
        let row_group_rows = kind.row_group_rows(config).min(config.rows_per_file);
        let encoder = RowGroupEncoder { kind, factory: Arc::new(factory), row_group_rows };
        Self {
            kind,
            dir: root.join(kind.name()),
            root: root.to_path_buf(),
            props,
            rows_per_file: config.rows_per_file as u64,
            current: None,
            parts: Vec::new(),
            encoder,
        }
    }

    fn parquet_err(&self) -> impl FnOnce(parquet::errors::ParquetError) -> Error {
        let table = self.kind.name();
        move |e| Error::Parquet { table, message: e.to_string() }
    }

    pub(crate) fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        let mut offset = 0;
        while offset < batch.num_rows() {
            if self.current.is_none() {
                fs::create_dir_all(&self.dir).map_err(io("creating", &self.dir))?;
                let path = self.dir.join(format!("part-{:05}.parquet", self.parts.len()));
                let file = File::create(&path).map_err(io("creating", &path))?;
                let writer = ArrowWriter::try_new(file, self.kind.schema(), Some(self.props.clone()))
                    .map_err(self.parquet_err())?;
                self.current = Some((PartWriter::Arrow(writer), path, 0));
            }
            let Some((PartWriter::Arrow(writer), _, rows)) = self.current.as_mut() else {
                unreachable!("a table is written either row by row or as encoded row groups, never both")
            };
            let room = (self.rows_per_file - *rows) as usize;
            let take = room.min(batch.num_rows() - offset);
            let err = {
                let table = self.kind.name();
                move |e: parquet::errors::ParquetError| Error::Parquet { table, message: e.to_string() }
            };
            writer.write(&batch.slice(offset, take)).map_err(err)?;
            *rows += take as u64;
            offset += take;
            if *rows == self.rows_per_file {
                self.close_current()?;
            }
        }
        Ok(())
    }

    /// The encoder of this table's row groups, for [`Self::append`].
    pub(crate) fn encoder(&self) -> RowGroupEncoder {
        self.encoder.clone()
    }

    /// Appends encoded row groups in order; a part file takes whole row groups, up to
    /// `rows_per_file` rows (the encoder never makes a larger row group).
    pub(crate) fn append(&mut self, groups: Vec<EncodedRowGroup>) -> Result<(), Error> {
        for group in groups {
            if self.current.as_ref().is_some_and(|(_, _, rows)| *rows > 0 && rows + group.rows > self.rows_per_file) {
                self.close_current()?;
            }
            if self.current.is_none() {
                fs::create_dir_all(&self.dir).map_err(io("creating", &self.dir))?;
                let path = self.dir.join(format!("part-{:05}.parquet", self.parts.len()));
                let file = File::create(&path).map_err(io("creating", &path))?;
                let (writer, _) = ArrowWriter::try_new(file, self.kind.schema(), Some(self.props.clone()))
                    .and_then(ArrowWriter::into_serialized_writer)
                    .map_err(self.parquet_err())?;
                self.current = Some((PartWriter::Encoded(writer), path, 0));
            }
            let Some((PartWriter::Encoded(writer), _, rows)) = self.current.as_mut() else {
                unreachable!("a table is written either row by row or as encoded row groups, never both")
            };
            let table = self.kind.name();
            let err = move |e: parquet::errors::ParquetError| Error::Parquet { table, message: e.to_string() };
            let mut row_group = writer.next_row_group().map_err(err)?;
            for chunk in group.chunks {
                chunk.append_to_row_group(&mut row_group).map_err(err)?;
            }
            row_group.close().map_err(err)?;
            *rows += group.rows;
        }
        Ok(())
    }

    fn close_current(&mut self) -> Result<(), Error> {
        if let Some((writer, path, rows)) = self.current.take() {
            writer.close().map_err(self.parquet_err())?;
            self.parts.push(Part { path, rows });
        }
        Ok(())
    }

    /// Closes the table, appends the corpus columns computed by `extra` (given, per row group,
    /// the streamed columns named by [`TableKind::corpus_inputs`]), and names the files: a table with one part (or none: an empty table still
    /// gets a file with its schema) becomes `<name>.parquet`; otherwise the folder `<name>/`.
    pub(crate) fn finish(mut self, extra: &mut dyn FnMut(&RecordBatch) -> Vec<ArrayRef>) -> Result<Vec<Part>, Error> {
        if self.parts.is_empty() && self.current.is_none() {
            self.write(&RecordBatch::new_empty(self.kind.schema()))?;
            if self.current.is_none() {
                fs::create_dir_all(&self.dir).map_err(io("creating", &self.dir))?;
                let path = self.dir.join("part-00000.parquet");
                let file = File::create(&path).map_err(io("creating", &path))?;
                let writer = ArrowWriter::try_new(file, self.kind.schema(), Some(self.props.clone()))
                    .map_err(self.parquet_err())?;
                self.current = Some((PartWriter::Arrow(writer), path, 0));
            }
        }
        self.close_current()?;
        if !self.kind.corpus_fields().is_empty() {
            for part in &self.parts {
                self.rewrite(&part.path, extra)?;
            }
        }
        if self.parts.len() == 1 {
            let single = self.root.join(format!("{}.parquet", self.kind.name()));
            fs::rename(&self.parts[0].path, &single).map_err(io("renaming", &single))?;
            fs::remove_dir(&self.dir).map_err(io("removing", &self.dir))?;
            self.parts[0].path = single;
        }
        Ok(self.parts)
    }
}

impl TableWriter {
    /// Rewrites one part with the corpus columns appended, one row group at a time. The
    /// streamed columns' chunks are copied as written (already encoded and compressed); only
    /// the corpus columns are encoded, from the streamed columns `extra` reads
    /// ([`TableKind::corpus_inputs`]).
    fn rewrite(&self, path: &Path, extra: &mut dyn FnMut(&RecordBatch) -> Vec<ArrayRef>) -> Result<(), Error> {
        let err = |e: parquet::errors::ParquetError| Error::Parquet { table: self.kind.name(), message: e.to_string() };
        let tmp = path.with_extension("parquet.tmp");
        let input = File::open(path).map_err(io("reading back", path))?;
        let options = ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional);
        let meta = ArrowReaderMetadata::load(&input, options).map_err(err)?;
        let parquet = Arc::clone(meta.metadata());
        let streamed = parquet.file_metadata().schema_descr().num_columns();
        let inputs = self.kind.corpus_inputs();
        let indices: Vec<usize> = inputs
            .iter()
            .map(|name| self.kind.schema().index_of(name).expect("corpus inputs are streamed columns"))
            .collect();
        let mask = ProjectionMask::roots(parquet.file_metadata().schema_descr(), indices);
        let corpus_fields = self.kind.corpus_fields();

        let output = File::create(&tmp).map_err(io("creating", &tmp))?;
        let writer = ArrowWriter::try_new(output, self.kind.final_schema(), Some(self.props.clone())).map_err(err)?;
        let (mut file, factory) = writer.into_serialized_writer().map_err(err)?;
        for (rg_index, rg) in parquet.row_groups().iter().enumerate() {
            let rows = usize::try_from(rg.num_rows()).expect("row counts are not negative");
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(
                input.try_clone().map_err(io("reading back", path))?,
                meta.clone(),
            )
            .with_row_groups(vec![rg_index])
            .with_projection(mask.clone())
            .with_batch_size(rows.max(1))
            .build()
            .map_err(err)?;
            let batches = reader
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::Parquet { table: self.kind.name(), message: e.to_string() })?;
            let [batch] = batches.as_slice() else {
                return Err(Error::Parquet {
                    table: self.kind.name(),
                    message: format!("row group {rg_index} read back as {} batches", batches.len()),
                });
            };
            let columns = extra(batch);
            let mut writers = factory.create_column_writers(rg_index).map_err(err)?;
            let corpus_writers = writers.split_off(streamed);
            let mut out = file.next_row_group().map_err(err)?;
            for (c, column) in rg.columns().iter().enumerate() {
                let page_index = parquet.page_index();
                let close = ColumnCloseResult {
                    bytes_written: column.compressed_size().unsigned_abs(),
                    rows_written: rows as u64,
                    metadata: column.clone(),
                    bloom_filter: None,
                    column_index: page_index.and_then(|p| p.column_index(rg_index, c)).cloned(),
                    offset_index: page_index.and_then(|p| p.offset_index(rg_index, c)).cloned(),
                };
                out.append_column(&input, close).map_err(err)?;
            }
            for ((field, array), mut column_writer) in corpus_fields.iter().zip(&columns).zip(corpus_writers) {
                for leaf in compute_leaves(field, array).map_err(err)? {
                    column_writer.write(&leaf).map_err(err)?;
                }
                column_writer.close().map_err(err)?.append_to_row_group(&mut out).map_err(err)?;
            }
            out.close().map_err(err)?;
        }
        file.close().map_err(err)?;
        fs::rename(&tmp, path).map_err(io("replacing", path))
    }
}

fn batch(kind: TableKind, columns: Vec<ArrayRef>) -> RecordBatch {
    RecordBatch::try_new(kind.schema(), columns).expect("columns match the schema by construction")
}

pub(crate) fn documents(docs: &[EnrichedDocument], raw_text: bool) -> RecordBatch {
    let mut c = (0..14).map(|_| StringBuilder::new()).collect::<Vec<_>>();
    let mut map_text = ListBuilder::new(Int64Builder::new());
    let mut map_raw = ListBuilder::new(Int64Builder::new());
    let mut line = Int64Builder::new();
    let mut published = Date32Builder::new();
    for d in docs.iter().map(|d| &d.document) {
        c[0].append_value(d.doc_id.as_str());
        c[1].append_option(d.source_id.as_deref());
        c[2].append_value(&d.source_path);
        line.append_option(d.source_line.map(|l| l as i64));
        c[4].append_option(d.title.as_deref());
        published.append_option(d.published.map(khabar_core::CivilDate::days_since_epoch));
        c[6].append_option(d.published_source);
        c[7].append_option(d.url.as_deref());
        c[8].append_option(d.source.as_deref());
        c[9].append_value(d.format);
        c[10].append_value(d.encoding);
        c[11].append_option(d.extra.as_deref());
        c[12].append_value(&d.text);
        c[13].append_option(raw_text.then_some(d.raw_text.as_str()));
        for &(t, r) in &d.offset_map {
            map_text.values().append_value(i64::from(t));
            map_raw.values().append_value(i64::from(r));
        }
        map_text.append(true);
        map_raw.append(true);
    }
    let mut s = |i: usize| -> ArrayRef { Arc::new(c[i].finish()) };
    let columns: Vec<ArrayRef> = vec![
        s(0),
        s(1),
        s(2),
        Arc::new(line.finish()),
        s(4),
        Arc::new(published.finish()),
        s(6),
        s(7),
        s(8),
        s(9),
        s(10),
        s(11),
        s(12),
        s(13),
        Arc::new(map_text.finish()),
        Arc::new(map_raw.finish()),
    ];
    batch(TableKind::Documents, columns)
}

pub(crate) fn sentences(docs: &[EnrichedDocument]) -> RecordBatch {
    let (mut id, mut doc, mut text) = (StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let (mut index, mut start, mut end) = (Int32Builder::new(), Int64Builder::new(), Int64Builder::new());
    let mut fingerprint = Int64Builder::new();
    for r in docs.iter().flat_map(|d| &d.sentences) {
        // The u64 hash stored bit for bit in an int64 column (Parquet has no unsigned 64).
        fingerprint.append_value(r.fingerprint as i64);
        id.append_value(r.sentence_id.as_str());
        doc.append_value(r.doc_id.as_str());
        index.append_value(r.index as i32);
        start.append_value(r.span.start as i64);
        end.append_value(r.span.end as i64);
        text.append_value(&r.text);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(doc.finish()),
        Arc::new(index.finish()),
        Arc::new(start.finish()),
        Arc::new(end.finish()),
        Arc::new(text.finish()),
        Arc::new(fingerprint.finish()),
    ];
    batch(TableKind::Sentences, columns)
}

pub(crate) fn entities(docs: &[EnrichedDocument]) -> RecordBatch {
    let mut c = (0..10).map(|_| StringBuilder::new()).collect::<Vec<_>>();
    let (mut start, mut end) = (Int64Builder::new(), Int64Builder::new());
    for r in docs.iter().flat_map(|d| &d.entities) {
        c[0].append_value(r.mention_id.as_str());
        c[1].append_value(r.doc_id.as_str());
        c[2].append_value(r.sentence_id.as_str());
        start.append_value(r.span.start as i64);
        end.append_value(r.span.end as i64);
        c[5].append_value(&r.text);
        c[6].append_value(r.label);
        c[7].append_value(r.entity_id.as_str());
        c[8].append_value(&r.canonical);
        c[9].append_value(r.method);
    }
    let mut s = |i: usize| -> ArrayRef { Arc::new(c[i].finish()) };
    let columns: Vec<ArrayRef> =
        vec![s(0), s(1), s(2), Arc::new(start.finish()), Arc::new(end.finish()), s(5), s(6), s(7), s(8), s(9)];
    batch(TableKind::Entities, columns)
}

pub(crate) fn dates(docs: &[EnrichedDocument]) -> RecordBatch {
    let mut c = (0..13).map(|_| StringBuilder::new()).collect::<Vec<_>>();
    let (mut start, mut end) = (Int64Builder::new(), Int64Builder::new());
    let mut date = Date32Builder::new();
    let mut confidence = Float32Builder::new();
    for r in docs.iter().flat_map(|d| &d.dates) {
        c[0].append_value(r.date_id.as_str());
        c[1].append_value(r.doc_id.as_str());
        c[2].append_value(r.sentence_id.as_str());
        start.append_value(r.span.start as i64);
        end.append_value(r.span.end as i64);
        c[5].append_value(&r.text);
        c[6].append_option(r.value.as_deref());
        c[7].append_value(r.granularity);
        c[8].append_value(r.kind);
        date.append_option(r.date.map(khabar_core::CivilDate::days_since_epoch));
        confidence.append_value(r.confidence);
        c[11].append_value(r.calendar);
        c[12].append_option(r.modifier);
    }
    let mut s = |i: usize| -> ArrayRef { Arc::new(c[i].finish()) };
    let columns: Vec<ArrayRef> = vec![
        s(0),
        s(1),
        s(2),
        Arc::new(start.finish()),
        Arc::new(end.finish()),
        s(5),
        s(6),
        s(7),
        s(8),
        Arc::new(date.finish()),
        Arc::new(confidence.finish()),
        s(11),
        s(12),
    ];
    batch(TableKind::Dates, columns)
}

pub(crate) fn failures(rows: &[DocFailure]) -> RecordBatch {
    let mut c = (0..8).map(|_| StringBuilder::new()).collect::<Vec<_>>();
    let mut line = Int64Builder::new();
    for r in rows {
        c[0].append_value(&r.source_path);
        line.append_option(r.line.map(|l| l as i64));
        c[2].append_option(r.doc_id.as_ref().map(khabar_core::DocId::as_str));
        c[3].append_value(r.stage);
        c[4].append_value(r.code.code());
        c[5].append_value(r.code.name());
        c[6].append_value(r.severity.as_str());
        c[7].append_value(&r.message);
    }
    let mut s = |i: usize| -> ArrayRef { Arc::new(c[i].finish()) };
    let columns: Vec<ArrayRef> = vec![s(0), Arc::new(line.finish()), s(2), s(3), s(4), s(5), s(6), s(7)];
    batch(TableKind::Failures, columns)
}

pub(crate) fn catalog(rows: &[CatalogRow]) -> RecordBatch {
    let (mut id, mut canonical, mut label) = (StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let mut aliases = ListBuilder::new(StringBuilder::new());
    let (mut mentions, mut documents) = (Int64Builder::new(), Int64Builder::new());
    for r in rows {
        id.append_value(&r.entity_id);
        canonical.append_value(&r.canonical);
        label.append_value(&r.label);
        for a in &r.aliases {
            aliases.values().append_value(a);
        }
        aliases.append(true);
        mentions.append_value(r.mentions as i64);
        documents.append_value(r.documents as i64);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(canonical.finish()),
        Arc::new(label.finish()),
        Arc::new(aliases.finish()),
        Arc::new(mentions.finish()),
        Arc::new(documents.finish()),
    ];
    batch(TableKind::EntityCatalog, columns)
}

pub(crate) fn sources(rows: &[SourceRow]) -> RecordBatch {
    let (mut doc, mut path, mut id) = (StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let mut line = Int64Builder::new();
    for r in rows {
        doc.append_value(&r.doc_id);
        path.append_value(&r.source_path);
        line.append_option(r.source_line.map(|l| l as i64));
        id.append_option(r.source_id.as_deref());
    }
    let columns: Vec<ArrayRef> =
        vec![Arc::new(doc.finish()), Arc::new(path.finish()), Arc::new(line.finish()), Arc::new(id.finish())];
    batch(TableKind::DocumentSources, columns)
}

#[cfg(feature = "fuzzing")]
impl Config {
    /// The Parquet files of the tables of these rows, written in memory with these settings the
    /// way a run writes them (the row builders above; `documents` to `dates` as row groups encoded by
    /// [`RowGroupEncoder`], the others through the Arrow writer), without the corpus columns.
    /// Compressed with zstd as a run compresses them if `zstd`, else uncompressed: the codec
    /// is the `zstd` crate's and parquet's, and a zstd context for each column chunk took a third
    /// of the fuzz target's time on its small tables.
    /// For the fuzz targets in `fuzz/` (the `fuzzing` feature); not part of the API.
    #[doc(hidden)]
    pub fn fuzz_tables(
        &self,
        docs: &[EnrichedDocument],
        failure_rows: &[DocFailure],
        source_rows: &[SourceRow],
        catalog_rows: &[CatalogRow],
        zstd: bool,
    ) -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
        let table_writer = |kind| {
            if zstd {
                TableWriter::new(kind, Path::new("."), self)
            } else {
                TableWriter::with_compression(kind, Path::new("."), self, Compression::UNCOMPRESSED)
            }
        };
        let encoded = [
            (TableKind::Documents, documents(docs, self.raw_text)),
            (TableKind::Sentences, sentences(docs)),
            (TableKind::Entities, entities(docs)),
            (TableKind::Dates, dates(docs)),
        ];
        let written = [
            (TableKind::Failures, failures(failure_rows)),
            (TableKind::DocumentSources, sources(source_rows)),
            (TableKind::EntityCatalog, catalog(catalog_rows)),
        ];
        let mut out = Vec::new();
        for (kind, batch) in encoded {
            let table = table_writer(kind);
            let err = table.parquet_err();
            let groups = table.encoder().encode(&batch)?;
            let (mut writer, _) = ArrowWriter::try_new(Vec::new(), kind.schema(), Some(table.props.clone()))
                .and_then(ArrowWriter::into_serialized_writer)
                .map_err(table.parquet_err())?;
            let appended: parquet::errors::Result<()> = groups.into_iter().try_for_each(|group| {
                let mut row_group = writer.next_row_group()?;
                for chunk in group.chunks {
                    chunk.append_to_row_group(&mut row_group)?;
                }
                row_group.close().map(drop)
            });
            appended.map_err(table.parquet_err())?;
            out.push((kind.name(), writer.into_inner().map_err(err)?));
        }
        for (kind, batch) in written {
            let table = table_writer(kind);
            let mut writer = ArrowWriter::try_new(Vec::new(), kind.schema(), Some(table.props.clone()))
                .map_err(table.parquet_err())?;
            writer.write(&batch).map_err(table.parquet_err())?;
            out.push((kind.name(), writer.into_inner().map_err(table.parquet_err())?));
        }
        Ok(out)
    }
}
