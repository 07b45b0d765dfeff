//! `cargo xtask bench`: what the widget costs, beside its floors, in one run.
//!
//! - Sizes of `pkg/`, `dist/` and a bare Yew 0.23 app (`bench/yew-floor/`,
//!   same profile, same wasm-opt), raw, gzip -9 and brotli 11.
//! - Cold page loads in headless Chromium against the emulator on loopback
//!   (`bench/run.mjs`), alternating the widget with a plain-JavaScript
//!   reference page (`bench/pages/`), with and without 4x CPU throttling,
//!   and with every API answer delayed (`--latency-ms`, default 150, for
//!   both pages alike); render cost, API calls per page view, memory.
//! - Snapshot mode under load (`bench/snapshot-load.mjs`): the publisher
//!   publishes the emulator's demo tenant once, nginx serves the folder with
//!   docs/hosting.md's block, autocannon plays first and repeat page views
//!   (`--views`, default 10,000 each), and the emulator's call log shows the
//!   API saw the publish and nothing else.
//!
//! It prints a table, writes `<target>/bench/report.json` (and `report.md`,
//! the README's table) and exits 0 whatever the figures: it is a report, not
//! a test. It fails only when something could not be built or measured.

pub mod load;
pub mod report;
pub mod sizes;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::process::Cmd;
use crate::tools::{self, ToolSet, CHROMIUM, NGINX};
use crate::workspace::Workspace;
use crate::{build, emulator, Result};
use report::{Machine, Report};

/// The bare Yew app, relative to the repository root.
const FLOOR_DIR: &str = "bench/yew-floor";
/// The wasm file its `wasm-pack build` writes, relative to [`FLOOR_DIR`].
const FLOOR_WASM: &str = "pkg/yew_floor_bg.wasm";
/// The benchmark pages served next to `pkg/`.
const PAGES_DIR: &str = "bench/pages";
/// The browser half of the benchmark.
const RUN_SCRIPT: &str = "bench/run.mjs";
/// The load half: nginx serving a published folder, page views by autocannon.
const LOAD_SCRIPT: &str = "bench/snapshot-load.mjs";
/// Page views per load run (first views, then repeat views).
const VIEWS: u32 = 10_000;
/// Cold loads per page and setting (odd, so the median is one load).
const LOADS: u32 = 21;
/// The delay on every API answer of the latency run, in ms.
const LATENCY_MS: u32 = 150;

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
}

impl Default for Options {
    fn default() -> Options {
        Options {
            latency_ms: LATENCY_MS,
            loads: LOADS,
            views: VIEWS,
        }
    }
}
/// The emulator's quota for the run, in both its minute and its hour
/// window: 1,000 refreshes are 3,000 calls.
const RATE_LIMIT: &str = "1000000";
/// How long the emulator may take to start.
const EMULATOR_START: Duration = Duration::from_secs(30);

/// Builds everything, measures it and reports.
pub fn bench(workspace: &Workspace, options: &Options) -> Result {
    let started = Instant::now();
    tools::ensure(workspace, ToolSet::Test)?;
    build::pkg(workspace)?;
    build::dist(workspace)?;
    let floor_pkg = build_floor(workspace)?;
    let emulator_binary = build::emulator(workspace)?;
    let publisher = build::publisher(workspace)?;

    println!("==> Measuring sizes (gzip -9, brotli 11)");
    let pkg = sizes::measure_dir(&workspace.path("pkg"), sizes::is_shipped_pkg_file, true)?;
    let dist = sizes::measure_dir(&workspace.path("dist"), |_| true, true)?;
    let floor = sizes::measure_dir(&floor_pkg, sizes::is_shipped_pkg_file, true)?;

    let out_dir = workspace.target_dir()?.join("bench");
    fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    println!("==> Page loads in headless Chromium (bench/run.mjs)");
    let browser = browser_figures(workspace, options, &emulator_binary, &out_dir)?;
    println!("==> Snapshot mode under load: one publish, nginx, autocannon ({LOAD_SCRIPT})");
    let snapshot_load = load_figures(workspace, options, &emulator_binary, &publisher, &out_dir)?;

    let report = Report {
        date: report::utc_date(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        ),
        machine: machine(),
        seconds: started.elapsed().as_secs_f64(),
        pkg,
        dist,
        floor,
        browser,
        snapshot_load,
    };
    let table = report.table()?;
    let json = serde_json::to_string_pretty(&report.to_json()?)
        .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
    write(&out_dir.join("report.json"), &json)?;
    write(&out_dir.join("report.md"), &report.markdown()?)?;
    println!("\n{table}");
    println!(
        "Written: {} and report.md (the README's table). Took {:.0}s.",
        out_dir.join("report.json").display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds `bench/yew-floor` the way `pkg/` is built and returns its `pkg/`.
fn build_floor(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the floor: a bare Yew 0.23 app ({FLOOR_DIR})");
    let dir = workspace.path(FLOOR_DIR);
    // The main target directory: shared registry crates compile once.
    let target = workspace.target_dir()?;
    build::wasm_pack_release(workspace)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .run()?;
    build::optimize_wasm(workspace, &dir.join(FLOOR_WASM))?;
    build::minify_js(workspace, &dir.join("pkg"))?;
    Ok(dir.join("pkg"))
}

/// Serves `pkg/` and the bench pages with a fresh emulator and runs
/// `bench/run.mjs` against it; returns what it measured.
fn browser_figures(
    workspace: &Workspace,
    options: &Options,
    emulator_binary: &Path,
    out_dir: &Path,
) -> Result<Value> {
    let site = Site::stage(workspace)?;
    let emulator = QuietEmulator::start(emulator_binary, &site.dir, &out_dir.join("emulator.log"))?;
    let url = emulator.url.clone();
    let figures = out_dir.join("browser.json");
    let _ = fs::remove_file(&figures);
    Cmd::new("node", workspace)
        .arg(workspace.path(RUN_SCRIPT))
        .env("BENCH_BASE_URL", &url)
        .env("BENCH_CHROMIUM", CHROMIUM)
        .env("BENCH_TOOLS_DIR", workspace.tools_dir())
        .env("BENCH_OUT", &figures)
        .env("BENCH_LOADS", options.loads.to_string())
        .env("BENCH_LATENCY_MS", options.latency_ms.to_string())
        .run()
        .map_err(|e| format!("could not measure in the browser: {e}"))?;
    drop(emulator);
    let text = fs::read_to_string(&figures)
        .map_err(|e| format!("cannot read {}: {e}", figures.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", figures.display()))
}

/// Publishes the demo tenant of a fresh emulator once into a temporary folder
/// and runs `bench/snapshot-load.mjs` on it; returns what it measured.
fn load_figures(
    workspace: &Workspace,
    options: &Options,
    emulator_binary: &Path,
    publisher: &Path,
    out_dir: &Path,
) -> Result<Value> {
    let scratch = ScratchDir::create("xtask-bench-load")?;
    let no_site = scratch.dir.join("no-site");
    fs::create_dir_all(&no_site)
        .map_err(|e| format!("cannot create {}: {e}", no_site.display()))?;
    let emulator = QuietEmulator::start(
        emulator_binary,
        &no_site,
        &out_dir.join("emulator-load.log"),
    )?;
    let folder = scratch.dir.join("snapshot");
    emulator::publish_demo(workspace, publisher, &emulator.url, &folder)
        .run()
        .map_err(|e| format!("the publisher could not publish the demo tenant: {e}"))?;
    let figures = out_dir.join("snapshot-load.json");
    let _ = fs::remove_file(&figures);
    Cmd::new("node", workspace)
        .arg(workspace.path(LOAD_SCRIPT))
        .env("BENCH_EMULATOR_URL", &emulator.url)
        .env("BENCH_SNAPSHOT_DIR", &folder)
        .env("BENCH_NGINX", NGINX)
        .env("BENCH_TOOLS_DIR", workspace.tools_dir())
        .env("BENCH_OUT", &figures)
        .env("BENCH_VIEWS", options.views.to_string())
        .run()
        .map_err(|e| format!("could not measure snapshot mode under load: {e}"))?;
    drop(emulator);
    let text = fs::read_to_string(&figures)
        .map_err(|e| format!("cannot read {}: {e}", figures.display()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not JSON: {e}", figures.display()))?;
    load::SnapshotLoad::from_json(&value)?;
    Ok(value)
}

/// A directory under the system's temporary directory, removed when dropped.
struct ScratchDir {
    dir: PathBuf,
}

impl ScratchDir {
    fn create(prefix: &str) -> Result<ScratchDir> {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(ScratchDir { dir })
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The emulator for the run, its request log (one line per request, on
/// stderr) going to a file instead of the terminal; killed when dropped.
struct QuietEmulator {
    url: String,
    child: Child,
}

impl QuietEmulator {
    fn start(binary: &Path, site: &Path, log: &Path) -> Result<QuietEmulator> {
        let log_file =
            fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        println!(
            "  $ {} --port 0 --rate-limit {RATE_LIMIT} --hour-rate-limit {RATE_LIMIT} --static {} 2> {}",
            binary.display(),
            site.display(),
            log.display()
        );
        let mut child = Command::new(binary)
            .args(["--port", "0", "--rate-limit", RATE_LIMIT])
            .args(["--hour-rate-limit", RATE_LIMIT, "--static"])
            .arg(site)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child
            .stdout
            .take()
            .ok_or("no stdout pipe for the emulator")?;
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(|line| line.ok()) {
                let _ = sender.send(line);
            }
        });
        let mut emulator = QuietEmulator {
            url: String::new(),
            child,
        };
        let deadline = Instant::now() + EMULATOR_START;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = emulator::listening_url(&line) {
                        emulator.url = url;
                        return Ok(emulator);
                    }
                }
                Err(_) => {
                    return Err(format!(
                        "the emulator printed no listening line within {}s; see {}",
                        EMULATOR_START.as_secs(),
                        log.display()
                    ))
                }
            }
        }
    }
}

impl Drop for QuietEmulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temporary directory with the shipped `pkg/` files and the bench pages.
struct Site {
    dir: PathBuf,
}

impl Site {
    fn stage(workspace: &Workspace) -> Result<Site> {
        let dir = std::env::temp_dir().join(format!("xtask-bench-site-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let site = Site { dir };
        let pkg = workspace.path("pkg");
        copy_files(&pkg, &site.dir.join("pkg"), |name| {
            sizes::is_shipped_pkg_file(name) && !name.contains('/')
        })?;
        if pkg.join("snippets").is_dir() {
            copy_tree(&pkg.join("snippets"), &site.dir.join("pkg/snippets"))?;
        }
        copy_files(&workspace.path(PAGES_DIR), &site.dir, |_| true)?;
        Ok(site)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Copies the files (not directories) of `from` whose names `keep` accepts.
fn copy_files(from: &Path, to: &Path, keep: impl Fn(&str) -> bool) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && keep(&name) {
            fs::copy(entry.path(), to.join(&name))
                .map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) -> Result {
    copy_files(from, to, |_| true)?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// This machine's CPU count and model.
fn machine() -> Machine {
    let cpu = fs::read_to_string("/proc/cpuinfo").ok().and_then(|info| {
        info.lines()
            .find(|line| line.starts_with("model name"))
            .and_then(|line| line.split_once(':'))
            .map(|(_, model)| model.trim().to_string())
    });
    Machine {
        nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu,
    }
}
