//! `pipeline.toml` → [`PipelineOptions`] → merged with flags → [`PipelineSettings`].

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The file as written: every section optional, unknown keys are errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PipelineOptions {
    pub(crate) run: RunOptions,
    pub(crate) ingest: khabar_ingest::Config,
    pub(crate) normalize: khabar_normalize::Config,
    pub(crate) enrich: khabar_enrich::Config,
    pub(crate) export: khabar_export::Config,
}

/// `[run]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub(crate) struct RunOptions {
    /// Input files or folders, relative to the config file.
    pub(crate) inputs: Vec<PathBuf>,
    /// Output folder, relative to the config file.
    pub(crate) output: PathBuf,
    /// Worker threads; 0 = one per core.
    pub(crate) threads: usize,
    /// Documents per batch: the unit of parallel work and the bound on memory.
    pub(crate) batch_docs: usize,
    /// Bytes of document text at which a batch ends (the document that reaches it included; a
    /// batch also ends at `batch_docs`), so that long documents do not make batches, and
    /// memory, large.
    pub(crate) batch_bytes: usize,
    /// Exit 1 when more than this share of inputs fail (the dataset is still written).
    pub(crate) max_failure_ratio: f64,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            inputs: vec![PathBuf::from("data")],
            output: PathBuf::from("out"),
            threads: 0,
            batch_docs: 512,
            batch_bytes: 8 << 20,
            max_failure_ratio: 1.0,
        }
    }
}

/// Flags that override the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    pub(crate) config: Option<PathBuf>,
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) output: Option<PathBuf>,
    pub(crate) threads: Option<usize>,
}

/// Validated settings for one run.
#[derive(Debug, Clone)]
pub(crate) struct PipelineSettings {
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) output: PathBuf,
    pub(crate) threads: usize,
    pub(crate) batch_docs: usize,
    pub(crate) batch_bytes: usize,
    pub(crate) max_failure_ratio: f64,
    pub(crate) ingest: khabar_ingest::Config,
    pub(crate) normalize: khabar_normalize::Config,
    pub(crate) enrich: khabar_enrich::Config,
    pub(crate) export: khabar_export::Config,
    pub(crate) resources: khabar_enrich::Resources,
    /// SHA-256 of the output-affecting settings and resources.
    pub(crate) config_hash: String,
}

/// Parses a `pipeline.toml`.
pub(crate) fn parse_options(text: &str, origin: &Path) -> Result<PipelineOptions> {
    toml::from_str(text).with_context(|| format!("invalid config {}", origin.display()))
}

impl PipelineSettings {
    /// Reads the config (the flag's, or `pipeline.toml` if present) and applies the flags.
    pub(crate) fn resolve(flags: &Overrides) -> Result<Self> {
        let default_path = PathBuf::from("pipeline.toml");
        let (options, base) = match &flags.config {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| format!("cannot read config {}", path.display()))?;
                (parse_options(&text, path)?, path.parent().map(Path::to_path_buf).unwrap_or_default())
            }
            None if default_path.exists() => {
                let text = std::fs::read_to_string(&default_path).context("cannot read pipeline.toml")?;
                (parse_options(&text, &default_path)?, PathBuf::new())
            }
            None if !flags.inputs.is_empty() => (PipelineOptions::default(), PathBuf::new()),
            None => bail!("no pipeline.toml in the current folder: pass --config FILE or --input PATH"),
        };
        let relative =
            |p: &Path| if p.is_absolute() || base.as_os_str().is_empty() { p.to_path_buf() } else { base.join(p) };
        let inputs = if flags.inputs.is_empty() {
            options.run.inputs.iter().map(|p| relative(p)).collect()
        } else {
            flags.inputs.clone()
        };
        if inputs.is_empty() {
            bail!("no inputs: set run.inputs in the config or pass --input");
        }
        let output = flags.output.clone().unwrap_or_else(|| relative(&options.run.output));
        let threads = match flags.threads.unwrap_or(options.run.threads) {
            0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            n => n,
        };
        if options.run.batch_docs == 0 {
            bail!("run.batch-docs must be positive");
        }
        if options.run.batch_bytes == 0 {
            bail!("run.batch-bytes must be positive");
        }
        if !(0.0..=1.0).contains(&options.run.max_failure_ratio) {
            bail!("run.max-failure-ratio must be between 0 and 1, found {}", options.run.max_failure_ratio);
        }
        let mut resources = khabar_enrich::Resources::default();
        for file in &options.enrich.entities.gazetteers {
            let path = relative(Path::new(file));
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read gazetteer {} (enrich.entities.gazetteers)", path.display()))?;
            resources.gazetteers.push((file.clone(), text));
        }
        let config_hash = config_hash(&options, &resources);
        Ok(Self {
            inputs,
            output,
            threads,
            batch_docs: options.run.batch_docs,
            batch_bytes: options.run.batch_bytes,
            max_failure_ratio: options.run.max_failure_ratio,
            ingest: options.ingest,
            normalize: options.normalize,
            enrich: options.enrich,
            export: options.export,
            resources,
            config_hash,
        })
    }
}

/// Hash of what changes the output: the stage sections and the user gazetteers' contents,
/// not the run section (paths, threads, batch size).
fn config_hash(options: &PipelineOptions, resources: &khabar_enrich::Resources) -> String {
    let mut hasher = Sha256::new();
    let sections = serde_json::json!({
        "ingest": options.ingest,
        "normalize": options.normalize,
        "enrich": options.enrich,
        "export": options.export,
    });
    hasher.update(sections.to_string().as_bytes());
    for (name, text) in &resources.gazetteers {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    khabar_core::id::hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_pipeline_toml_parses_to_the_defaults() {
        let text = include_str!("../../../pipeline.toml");
        let options = parse_options(text, Path::new("pipeline.toml")).expect("parses");
        assert_eq!(options.run.inputs, [PathBuf::from("data")]);
        assert_eq!(options.normalize, khabar_normalize::Config::default());
        assert_eq!(options.enrich, khabar_enrich::Config::default());
        assert_eq!(options.export, khabar_export::Config::default());
        assert_eq!(options.ingest, khabar_ingest::Config::default());
    }

    #[test]
    fn misspelt_keys_are_errors() {
        for text in [
            "[run]\ninput = [\"data\"]\n",
            "[normalize]\ndigit = \"keep\"\n",
            "[enrich.dates]\nenable = false\n",
            "[nope]\n",
        ] {
            let err = parse_options(text, Path::new("p.toml")).expect_err(text);
            assert!(format!("{err:#}").contains("unknown"), "{text}: {err:#}");
        }
    }

    #[test]
    fn hash_ignores_run_section_but_not_stage_settings() {
        let base = PipelineOptions::default();
        let mut moved = base.clone();
        moved.run.output = PathBuf::from("elsewhere");
        moved.run.threads = 7;
        let r = khabar_enrich::Resources::default();
        assert_eq!(config_hash(&base, &r), config_hash(&moved, &r));
        let mut changed = base.clone();
        changed.normalize.digits = khabar_normalize::Digits::Keep;
        assert_ne!(config_hash(&base, &r), config_hash(&changed, &r));
    }
}
