//! `khabar-report`: the report as its own binary, so that polars is built only by those who
//! want the report (`cargo build --release -p khabar-report`), never by the pipeline's build.
//! `khabar report OUT` runs this binary when it sits beside `khabar` (docs/report.md).
//!
//! Exit codes: 0 written; 2 any error (not a dataset, another schema version, unwritable file):
//! nothing written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

/// Write one offline HTML report of the khabar dataset in OUT: documents and dates per month,
/// top entities, co-occurrences, sources, near-duplicates, failures, boilerplate.
#[derive(Debug, Parser)]
#[command(name = "khabar-report", version, about, long_about = None)]
struct Cli {
    /// The dataset folder (what `khabar run --output` or `khabar merge` wrote).
    out: PathBuf,
    /// Where to write the report [default: OUT/report.html].
    #[arg(long)]
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match report(&cli.out, cli.output.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("khabar: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Aggregates the dataset in `out` and writes the HTML through a temporary file beside it, so
/// that a stopped run leaves no half report.
fn report(out: &Path, output: Option<&Path>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(khabar_report::STEPS.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} report [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut step = 0;
    let built = khabar_report::build(out, &mut |name| {
        bar.set_position(step);
        bar.set_message(name);
        step += 1;
    });
    bar.finish_and_clear();
    let built = built?;
    let path = output.map_or_else(|| out.join("report.html"), Path::to_path_buf);
    let tmp = path.with_extension("html.khabar-tmp");
    std::fs::write(&tmp, built.html.as_bytes()).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "khabar: report of {} documents, {} sentences, {} entity mentions, {} dates in {:.2} s -> {} ({} bytes)",
        built.stats.rows.documents,
        built.stats.rows.sentences,
        built.stats.rows.entities,
        built.stats.rows.dates,
        started.elapsed().as_secs_f64(),
        path.display(),
        built.html.len()
    );
    Ok(())
}
