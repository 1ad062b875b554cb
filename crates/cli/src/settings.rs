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
    pub(crate) dataset: khabar_export::DatasetInfo,
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
    /// `[dataset]` and the output-affecting settings, for the dataset card.
    pub(crate) card: khabar_export::Card,
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
        let card = khabar_export::Card { info: options.dataset.clone(), config_toml: output_settings(&options)? };
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
            card,
        })
    }
}

/// The sections that shape the output (all but `[run]`), as TOML: what the dataset card shows.
fn output_settings(options: &PipelineOptions) -> Result<String> {
    let sections = PipelineOptions { run: RunOptions::default(), ..options.clone() };
    let mut value = toml::Table::try_from(&sections).context("cannot write the settings as TOML")?;
    value.remove("run");
    toml::to_string(&value).context("cannot write the settings as TOML")
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
        "dataset": options.dataset,
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
        assert_eq!(options.dataset, khabar_export::DatasetInfo::default());
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

/// Which shard a run is, from the flags or, when they are absent, the scheduler's environment:
/// a Slurm job array (`SLURM_ARRAY_TASK_ID` less `SLURM_ARRAY_TASK_MIN`, over
/// `SLURM_ARRAY_TASK_STEP`; `SLURM_ARRAY_TASK_COUNT` shards) or a Kubernetes Indexed Job
/// (`JOB_COMPLETION_INDEX`, with `KHABAR_NUM_SHARDS` shards). `None`: a run of the whole corpus.
pub(crate) fn shard_spec(
    num_shards: Option<usize>,
    shard_index: Option<usize>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::driver::ShardSpec>> {
    let number = |name: &str| -> Result<Option<usize>> {
        env(name)
            .map(|v| v.trim().parse::<usize>().with_context(|| format!("{name}={v} is not a shard number")))
            .transpose()
    };
    let slurm_index = match number("SLURM_ARRAY_TASK_ID")? {
        Some(id) => {
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let step = number("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
            let offset = id
                .checked_sub(min)
                .with_context(|| format!("SLURM_ARRAY_TASK_ID={id} is below SLURM_ARRAY_TASK_MIN={min}"))?;
            Some((offset / step, number("SLURM_ARRAY_TASK_COUNT")?))
        }
        None => None,
    };
    let k8s_index = number("JOB_COMPLETION_INDEX")?;
    let index = shard_index.or(slurm_index.map(|s| s.0)).or(k8s_index);
    let count = num_shards.or(slurm_index.and_then(|s| s.1)).or(number("KHABAR_NUM_SHARDS")?);
    match (index, count) {
        (None, None) => Ok(None),
        (Some(_), None) => {
            bail!("a shard index without a number of shards: pass --num-shards N (or set KHABAR_NUM_SHARDS)")
        }
        (None, Some(n)) => bail!("{n} shards but no shard index: pass --shard-index I (0 to {})", n.saturating_sub(1)),
        (Some(_), Some(0)) => bail!("the number of shards must be positive"),
        (Some(i), Some(n)) if i >= n => bail!("shard index {i} is outside 0..{n}"),
        (Some(index), Some(count)) => Ok(Some(crate::driver::ShardSpec { index, count })),
    }
}

#[cfg(test)]
mod shard_tests {
    use super::*;
    use crate::driver::ShardSpec;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn flags_env_and_errors() {
        let spec = |index, count| Some(ShardSpec { index, count });
        assert_eq!(shard_spec(None, None, env(&[])).expect("none"), None);
        assert_eq!(shard_spec(Some(4), Some(3), env(&[])).expect("flags"), spec(3, 4));
        // Slurm: `--array=1-7` runs IDs 1..=7 with MIN 1.
        let slurm = [("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "7")];
        assert_eq!(shard_spec(None, None, env(&slurm)).expect("slurm"), spec(2, 7));
        let stepped = [
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert_eq!(shard_spec(None, None, env(&stepped)).expect("stepped"), spec(2, 3));
        // Kubernetes: the index from the Job, the count from the manifest's env; flags win.
        let k8s = [("JOB_COMPLETION_INDEX", "5"), ("KHABAR_NUM_SHARDS", "8")];
        assert_eq!(shard_spec(None, None, env(&k8s)).expect("k8s"), spec(5, 8));
        assert_eq!(shard_spec(Some(8), Some(5), env(&[])).expect("same"), spec(5, 8));
        assert_eq!(shard_spec(None, Some(1), env(&k8s)).expect("flag wins"), spec(1, 8));
        for (n, i, vars, want) in [
            (Some(3), Some(3), &[][..], "outside 0..3"),
            (None, None, &[("JOB_COMPLETION_INDEX", "5")][..], "without a number of shards"),
            (Some(2), None, &[][..], "no shard index"),
            (Some(0), Some(0), &[][..], "must be positive"),
            (None, None, &[("JOB_COMPLETION_INDEX", "x"), ("KHABAR_NUM_SHARDS", "2")][..], "not a shard number"),
            (None, None, &k8s[..1], "without a number"),
        ] {
            let err = shard_spec(n, i, env(vars)).expect_err(want).to_string();
            assert!(err.contains(want), "{want}: {err}");
        }
    }
}
