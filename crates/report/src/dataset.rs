//! The dataset folder: its manifest, its tables' files, and the schema-version checks.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use khabar_core::SCHEMA_VERSION;
use polars::prelude::{ParquetReader, SerReader};

use crate::{Error, ErrorKind};

/// The tables the report reads; `document_sources` is not drawn.
pub(crate) const TABLES: &[&str] = &["documents", "sentences", "entities", "dates", "failures", "entity_catalog"];

/// A checked dataset folder.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// `khabar_version` from the manifest.
    pub khabar_version: String,
    /// `schema_version` from the manifest (equal to [`SCHEMA_VERSION`] once opened).
    pub schema_version: String,
    /// `id_scheme` from the manifest.
    pub id_scheme: String,
    /// The manifest's `counts`, in key order.
    pub counts: BTreeMap<String, u64>,
    /// Each table's Parquet files (one, or the parts of a table folder), sorted.
    files: BTreeMap<&'static str, Vec<PathBuf>>,
}

impl Dataset {
    /// Reads `dir/manifest.json`, finds each table's files through the manifest's `outputs`,
    /// and checks the schema version in the manifest and in every file's footer.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        let not_a_dataset = |reason: String| Error::from(ErrorKind::NotADataset { path: dir.to_owned(), reason });
        if !dir.is_dir() {
            return Err(not_a_dataset("not a folder".to_owned()));
        }
        let manifest_path = dir.join("manifest.json");
        let bytes = match std::fs::read(&manifest_path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(not_a_dataset("no manifest.json (`khabar run --output DIR` writes one)".to_owned()));
            }
            Err(source) => return Err(ErrorKind::Io { path: manifest_path, source }.into()),
        };
        let manifest: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| not_a_dataset(format!("manifest.json is not JSON: {e}")))?;
        let field = |name: &str| manifest.get(name).and_then(serde_json::Value::as_str).map(str::to_owned);
        let Some(schema_version) = field("schema_version") else {
            return Err(not_a_dataset("manifest.json has no schema_version".to_owned()));
        };
        if schema_version != SCHEMA_VERSION {
            return Err(ErrorKind::SchemaVersion {
                path: manifest_path,
                found: schema_version,
                expected: SCHEMA_VERSION,
            }
            .into());
        }
        let counts = manifest
            .get("counts")
            .and_then(serde_json::Value::as_object)
            .map(|counts| counts.iter().filter_map(|(k, v)| Some((k.clone(), v.as_u64()?))).collect())
            .unwrap_or_default();
        let outputs = manifest
            .get("outputs")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| not_a_dataset("manifest.json lists no outputs".to_owned()))?;
        let mut files: BTreeMap<&'static str, Vec<PathBuf>> = BTreeMap::new();
        for output in outputs {
            let Some(path) = output.get("path").and_then(serde_json::Value::as_str) else { continue };
            let Some(table) = table_of(path) else { continue };
            files.entry(table).or_default().push(dir.join(path));
        }
        for table in TABLES {
            let Some(paths) = files.get_mut(table) else {
                return Err(not_a_dataset(format!("manifest.json lists no {table} table")));
            };
            paths.sort();
            for path in paths.iter() {
                check_footer(path)?;
            }
        }
        Ok(Self {
            khabar_version: field("khabar_version").unwrap_or_default(),
            schema_version,
            id_scheme: field("id_scheme").unwrap_or_default(),
            counts,
            files,
        })
    }

    /// The files of `table` (one of [`TABLES`]).
    pub(crate) fn files(&self, table: &str) -> &[PathBuf] {
        self.files.get(table).map_or(&[], Vec::as_slice)
    }
}

/// `entities.parquet` and `entities/part-00001.parquet` are both the entities table.
fn table_of(path: &str) -> Option<&'static str> {
    let name = match path.split_once('/') {
        Some((folder, file)) if file.ends_with(".parquet") => folder,
        Some(_) => return None,
        None => path.strip_suffix(".parquet")?,
    };
    TABLES.iter().copied().find(|table| *table == name)
}

/// The footer's `khabar.schema_version` must be ours: an old file whose manifest was edited, or a
/// Parquet file khabar did not write, is refused before any column is read.
fn check_footer(path: &Path) -> Result<(), Error> {
    let file = File::open(path).map_err(|source| ErrorKind::Io { path: path.to_owned(), source })?;
    let mut reader = ParquetReader::new(file);
    let metadata = reader.get_metadata().map_err(|e| ErrorKind::NotADataset {
        path: path.to_owned(),
        reason: format!("not a readable Parquet file: {e}"),
    })?;
    let found = metadata
        .key_value_metadata
        .iter()
        .flatten()
        .find(|kv| kv.key == "khabar.schema_version")
        .and_then(|kv| kv.value.clone());
    match found {
        Some(version) if version == SCHEMA_VERSION => Ok(()),
        Some(found) => Err(ErrorKind::SchemaVersion { path: path.to_owned(), found, expected: SCHEMA_VERSION }.into()),
        None => Err(ErrorKind::NotADataset {
            path: path.to_owned(),
            reason: "its footer has no khabar.schema_version (not written by khabar)".to_owned(),
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::table_of;

    #[test]
    fn output_paths_name_their_table() {
        let cases = [
            ("file", "entities.parquet", Some("entities")),
            ("part", "entities/part-00003.parquet", Some("entities")),
            ("catalog", "entity_catalog.parquet", Some("entity_catalog")),
            ("card", "README.md", None),
            ("unknown table", "other.parquet", None),
            ("not parquet in a folder", "entities/notes.txt", None),
        ];
        for (name, path, want) in cases {
            assert_eq!(table_of(path), want, "{name}");
        }
    }
}
