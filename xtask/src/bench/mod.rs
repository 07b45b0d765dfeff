//! `cargo xtask bench`: what the widget costs, beside its floors, in one run.
//!
//! - Sizes of `pkg/`, `dist/` and a bare Yew 0.23 app (`bench/yew-floor/`,
//!   same profile, same wasm-opt), raw, gzip -9 and brotli 11.
//! - Cold page loads in headless Chromium against the emulator on loopback
//!   (`bench/run.mjs`), alternating the widget with a plain-JavaScript
//!   reference page (`bench/pages/`), with and without 4x CPU throttling,
//!   and with every API answer delayed (`--latency-ms`, default 150, for
//!   both pages alike); a viewer's reload and return, each page's layout
//!   shift at 1,200 and 320 px; render cost, API calls per page view, memory.
//! - Lighthouse (`bench/lighthouse.mjs`, `--lighthouse-runs`, default 3 per
//!   preset) on the standalone page as `cargo xtask serve` shows it, mobile
//!   and desktop presets.
//! - Snapshot mode under load (`bench/snapshot-load.mjs`): the publisher
//!   publishes the emulator's demo tenant once, nginx serves the folder with
//!   docs/hosting.md's block, autocannon plays first and repeat page views
//!   (`--views`, default 10,000 each), and the emulator's call log shows the
//!   API saw the publish and nothing else.
//!
//! It prints a table, writes `<target>/bench/report.json` (and `report.md`,
//! docs/performance.md's table) and exits 0 whatever the figures: it is a report, not
//! a test. It fails only when something could not be built or measured.

mod browser;
mod json;
mod lighthouse;
mod load;
mod load_table;
mod markdown;
mod report;
mod runs;
pub mod sizes;
mod table;
mod targets;
mod views;

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::tools::{self, ToolSet};
use crate::workspace::Workspace;
use crate::{build, Result};
use report::{Measured, Report};

/// Page views per load run (first views, then repeat views).
const VIEWS: u32 = 10_000;
/// Cold loads per page and setting (odd, so the median is one load).
const LOADS: u32 = 21;
/// The delay on every API answer of the latency run, in ms.
const LATENCY_MS: u32 = 150;
/// Lighthouse runs per preset (the median run is reported).
const LIGHTHOUSE_RUNS: u32 = 3;

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// Delay every API answer by MS for a third series of cold loads (both pages
    /// alike; 0 leaves that series out)
    #[arg(long, value_name = "MS", default_value_t = LATENCY_MS,
          value_parser = clap::value_parser!(u32).range(..=600_000))]
    pub latency_ms: u32,
    /// Cold loads per page and setting (an odd number makes the median one load)
    #[arg(long, value_name = "N", default_value_t = LOADS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub loads: u32,
    /// Page views nginx serves from a published folder, once as first views and
    /// once as repeat views (ETag, 304)
    #[arg(long, value_name = "N", default_value_t = VIEWS,
          value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub views: u32,
    /// Lighthouse runs per preset, mobile and desktop, on the standalone page (the median
    /// run by performance score is reported; 0 leaves Lighthouse out)
    #[arg(long, value_name = "N", default_value_t = LIGHTHOUSE_RUNS,
          value_parser = clap::value_parser!(u32).range(..=21))]
    pub lighthouse_runs: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            latency_ms: LATENCY_MS,
            loads: LOADS,
            views: VIEWS,
            lighthouse_runs: LIGHTHOUSE_RUNS,
        }
    }
}

/// Builds everything, measures it and reports.
pub fn bench(workspace: &Workspace, options: &Options) -> Result {
    let started = Instant::now();
    tools::ensure(workspace, ToolSet::Test)?;
    build::pkg(workspace)?;
    build::dist(workspace)?;
    let floor_pkg = runs::build_floor(workspace)?;
    let emulator = build::emulator(workspace)?;
    let publisher = build::publisher(workspace)?;

    println!("==> Measuring sizes (gzip -9, brotli 11)");
    let pkg = sizes::measure_dir(&workspace.path("pkg"), sizes::is_shipped_pkg_file, true)?;
    // Without the .gz copies `build` writes beside dist/'s files for gzip_static.
    let dist = sizes::measure_dir(&workspace.path("dist"), |name| !name.ends_with(".gz"), true)?;
    let floor = sizes::measure_dir(&floor_pkg, sizes::is_shipped_pkg_file, true)?;

    let out_dir = workspace.target_dir()?.join("bench");
    fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    println!("==> Page loads in headless Chromium (bench/run.mjs)");
    let browser = runs::browser_figures(
        workspace,
        options.loads,
        options.latency_ms,
        &emulator,
        &out_dir,
    )?;
    let lighthouse = if options.lighthouse_runs > 0 {
        println!(
            "==> Lighthouse on the standalone page, mobile and desktop presets ({})",
            runs::LIGHTHOUSE_SCRIPT
        );
        runs::lighthouse_figures(workspace, options.lighthouse_runs, &emulator, &out_dir)?
    } else {
        serde_json::Value::Null
    };
    println!(
        "==> Snapshot mode under load: one publish, nginx, autocannon ({})",
        runs::LOAD_SCRIPT
    );
    let snapshot_load =
        runs::load_figures(workspace, options.views, &emulator, &publisher, &out_dir)?;

    let report = Report::new(Measured {
        date: report::utc_date(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        ),
        machine: runs::machine(),
        seconds: started.elapsed().as_secs_f64(),
        pkg,
        dist,
        floor,
        browser,
        lighthouse,
        snapshot_load,
    })?;
    write_report(&report, &out_dir)?;
    println!(
        "Written: {} and report.md (docs/performance.md's table). Took {:.0}s.",
        out_dir.join("report.json").display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes report.json and report.md into `out_dir` and prints the table.
fn write_report(report: &Report, out_dir: &Path) -> Result {
    let json = serde_json::to_string_pretty(&json::render(report))
        .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
    write(&out_dir.join("report.json"), &json)?;
    write(&out_dir.join("report.md"), &markdown::render(report))?;
    println!("\n{}", table::render(report));
    Ok(())
}

fn write(path: &Path, text: &str) -> Result {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
