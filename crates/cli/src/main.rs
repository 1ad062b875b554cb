//! `khabar`: turns a corpus of Arabic news articles into Parquet tables of documents,
//! sentences, entities and dates with stable IDs.
//!
//! Exit codes: 0 done; 1 done, but more inputs failed than `run.max-failure-ratio` allows;
//! 2 fatal error (bad config or flags, missing input, output not writable, disk full): no
//! dataset written; 130 / 143 stopped by SIGINT / SIGTERM: no dataset written, the unfinished
//! output removed.

mod driver;
mod settings;
mod stop;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: the workers allocate many small strings and vectors per document, and the
/// system allocator's locks and fragmentation showed in profiles (malloc/free ~10% of time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// khabar (خبر): Arabic news articles in, research tables out.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// More log output (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the pipeline: read the inputs, write the tables.
    Run {
        /// Pipeline config [default: pipeline.toml in the current folder].
        #[arg(long)]
        config: Option<PathBuf>,
        /// Input file or folder (searched recursively); repeatable; replaces the config's inputs.
        #[arg(long)]
        input: Vec<PathBuf>,
        /// Output folder; replaces the config's.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Worker threads [default: the config's run.threads, 0 = one per core].
        #[arg(long)]
        threads: Option<usize>,
        /// Run one shard of a corpus split this many ways, into the folder --output names
        /// (WORK), for `khabar merge` [default: `SLURM_ARRAY_TASK_COUNT` or `KHABAR_NUM_SHARDS`].
        #[arg(long)]
        num_shards: Option<usize>,
        /// Which shard, 0 to N-1 [default: from `SLURM_ARRAY_TASK_ID` or `JOB_COMPLETION_INDEX`].
        #[arg(long)]
        shard_index: Option<usize>,
    },
    /// Merge the shards in WORK into the dataset: the same bytes as one `khabar run` over the
    /// same inputs with the same config.
    Merge {
        /// The folder the shards were run into.
        work: PathBuf,
        /// Output folder.
        #[arg(long)]
        output: PathBuf,
        /// Worker threads [default: one per core].
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Write one offline HTML report of the dataset in OUT: documents and dates per month, top
    /// entities, co-occurrences, sources, near-duplicates, failures, boilerplate. Runs the
    /// khabar-report binary, built apart: `cargo build --release -p khabar-report`.
    Report {
        /// The dataset folder (what `khabar run --output` or `khabar merge` wrote).
        out: PathBuf,
        /// Where to write the report [default: OUT/report.html].
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Train the entity tagger on the `ANERcorp` training portion and write the model file that
    /// khabar ships (deterministic: the same inputs give the same bytes).
    TrainNer {
        /// Training data, `TOKEN TAG` lines (IOB2), blank line between sentences.
        #[arg(long, default_value = "../shared/external/anercorp/ANERCorp_train_derived.txt")]
        train: PathBuf,
        /// Word clusters (`cargo run --release -p khabar-enrich --example ner_clusters` makes them).
        #[arg(long, default_value = "crates/enrich/models/clusters.bin")]
        clusters: PathBuf,
        /// Word-vector classes (`cargo run --release -p khabar-enrich --example ner_embed` makes
        /// them); `none` trains without them.
        #[arg(long, default_value = "crates/enrich/models/wordclasses.bin")]
        classes: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/enrich/models/ner.bin")]
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .init();
    if let Err(e) = stop::install() {
        eprintln!("khabar: error: cannot install the SIGINT/SIGTERM handlers: {e}");
        return ExitCode::from(2);
    }
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            if let Some(stopped) = e.downcast_ref::<stop::Stopped>() {
                eprintln!("khabar: {stopped}");
                return ExitCode::from(stopped.exit_code());
            }
            eprintln!("khabar: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn train_ner(
    train: &std::path::Path,
    clusters: &std::path::Path,
    classes: &std::path::Path,
    output: &std::path::Path,
) -> anyhow::Result<()> {
    use anyhow::Context;
    use khabar_enrich::ner;
    let text = std::fs::read_to_string(train).with_context(|| format!("cannot read {}", train.display()))?;
    let sentences = ner::read_conll(&text);
    let clusters_bytes = std::fs::read(clusters).with_context(|| format!("cannot read {}", clusters.display()))?;
    let mut options = ner::TrainOptions {
        clusters: ner::ClusterTable::from_bytes(&clusters_bytes).context("invalid clusters file")?,
        ..ner::TrainOptions::default()
    };
    if classes != std::path::Path::new("none") {
        let bytes = std::fs::read(classes).with_context(|| format!("cannot read {}", classes.display()))?;
        options.clusters.attach_classes(&ner::WordClasses::from_bytes(&bytes).context("invalid word classes file")?);
    }
    let started = std::time::Instant::now();
    let model = ner::train(&sentences, &options);
    let bytes = model.to_bytes();
    std::fs::write(output, &bytes).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "khabar: trained on {} sentences in {:.1} s; wrote {} ({} bytes, sha256 {})",
        sentences.len(),
        started.elapsed().as_secs_f64(),
        output.display(),
        bytes.len(),
        khabar_core::id::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes))
    );
    Ok(())
}

/// `khabar report`: runs the `khabar-report` binary that sits beside this one (polars is built
/// only into that binary: `cargo build --release -p khabar-report`), or, failing that, the one
/// on `PATH`. Its exit code is ours; without it, exit 2 and the command that builds it.
fn report(out: &std::path::Path, output: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let name = format!("khabar-report{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(&name)));
    let program = match beside {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from(&name),
    };
    let mut command = std::process::Command::new(&program);
    command.arg(out);
    if let Some(output) = output {
        command.arg("--output").arg(output);
    }
    match command.status() {
        Ok(status) => Ok(ExitCode::from(exit_code(status))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "`khabar report` needs the khabar-report binary, which is built apart so that the pipeline's \
             build has no polars: `cargo build --release -p khabar-report` puts it beside \
             target/release/khabar (or `cargo install --path crates/report`)"
        ),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot run {}", program.display()))),
    }
}

/// A child's exit code as ours; killed by a signal, 128 + the signal, as a shell says it.
fn exit_code(status: std::process::ExitStatus) -> u8 {
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    let signal: Option<i32> = None;
    match (status.code(), signal) {
        (Some(code), _) => code as u8,
        (None, Some(signal)) => (128 + signal) as u8,
        (None, None) => 2,
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Report { out, output } => report(&out, output.as_deref()),
        Command::TrainNer { train, clusters, classes, output } => {
            train_ner(&train, &clusters, &classes, &output)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { config, input, output, threads, num_shards, shard_index } => {
            #[allow(clippy::disallowed_methods, reason = "the schedulers tell a task its shard in the environment")]
            let spec = settings::shard_spec(num_shards, shard_index, |name| std::env::var(name).ok())?;
            let flags = settings::Overrides { config, inputs: input, output, threads };
            let settings = settings::PipelineSettings::resolve(&flags)?;
            let Some(spec) = spec else {
                let report = driver::run(&settings)?;
                return Ok(summarize(&report, &settings.output, settings.threads, settings.max_failure_ratio));
            };
            let report = driver::run_shard(&settings, spec)?;
            if report.ran {
                eprintln!(
                    "khabar: shard {} of {}: {} files, {} inputs, {} documents in {:.2} s -> {}",
                    spec.index,
                    spec.count,
                    report.files,
                    report.inputs,
                    report.documents,
                    report.elapsed.as_secs_f64(),
                    report.path.display()
                );
            } else {
                eprintln!(
                    "khabar: shard {} of {} is already complete for these inputs and settings: {} (nothing to do)",
                    spec.index,
                    spec.count,
                    report.path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { work, output, threads } => {
            let threads = if threads == 0 {
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
            } else {
                threads
            };
            let (report, max_failure_ratio) = driver::merge(&work, &output, threads)?;
            Ok(summarize(&report, &output, threads, max_failure_ratio))
        }
    }
}

/// Prints a run's summary; exit 1 when more inputs failed than allowed.
fn summarize(report: &driver::RunReport, output: &std::path::Path, threads: usize, max_failure_ratio: f64) -> ExitCode {
    let c = &report.manifest.counts;
    let secs = report.elapsed.as_secs_f64();
    eprintln!(
        "khabar: {} documents ({} duplicates), {} sentences, {} entities, {} dates; {} failed inputs, {} warnings; {} inputs, {:.1} MB in {:.2} s ({:.1} MB/s) -> {}",
        c.documents,
        c.duplicates,
        c.sentences,
        c.entities,
        c.dates,
        c.failed_inputs,
        c.warnings,
        c.inputs,
        c.input_bytes as f64 / 1e6,
        secs,
        c.input_bytes as f64 / 1e6 / secs.max(1e-9),
        output.display()
    );
    let t = &report.timings;
    tracing::info!(
        "stage time: ingest {:.2} s, normalize {:.2} s, enrich {:.2} s (summed over the threads; {} workers), encode {:.2} s (wall, on the workers), export {:.2} s (writer thread; closing tables after the last batch {:.2} s)",
        t.ingest.as_secs_f64(),
        t.normalize.as_secs_f64(),
        t.enrich.as_secs_f64(),
        threads,
        t.encode.as_secs_f64(),
        t.export.as_secs_f64(),
        t.finish.as_secs_f64()
    );
    let ratio = if c.inputs == 0 { 0.0 } else { c.failed_inputs as f64 / c.inputs as f64 };
    if ratio > max_failure_ratio {
        eprintln!(
            "khabar: {:.1}% of inputs failed, above run.max-failure-ratio {:.1}% (see failures.parquet)",
            ratio * 100.0,
            max_failure_ratio * 100.0
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
