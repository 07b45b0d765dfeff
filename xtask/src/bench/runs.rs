//! The measuring runs: the bare Yew app built the way `pkg/` is, the browser run
//! (`bench/run.mjs`) against an emulator serving `pkg/` and the bench pages, the load run
//! (`bench/snapshot-load.mjs`) on a folder the publisher wrote, Lighthouse
//! (`bench/lighthouse.mjs`) on the standalone page, and the machine they ran on.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use super::load::SnapshotLoad;
use super::report::Machine;
use super::sizes;
use crate::files::{copy_dir, copy_files, temporary_dir};
use crate::process::Cmd;
use crate::tools::{self, CHROMIUM, NGINX};
use crate::workspace::Workspace;
use crate::{build, emulator, serve, Result};

/// The bare Yew app, relative to the repository root.
const FLOOR_DIR: &str = "bench/yew-floor";
/// The wasm file its `wasm-pack build` writes, relative to [`FLOOR_DIR`].
const FLOOR_WASM: &str = "pkg/yew_floor_bg.wasm";
/// The benchmark pages served next to `pkg/`.
const PAGES_DIR: &str = "bench/pages";
/// The browser half of the benchmark.
const RUN_SCRIPT: &str = "bench/run.mjs";
/// The load half: nginx serving a published folder, page views by autocannon.
pub const LOAD_SCRIPT: &str = "bench/snapshot-load.mjs";
/// Lighthouse on the standalone page.
pub const LIGHTHOUSE_SCRIPT: &str = "bench/lighthouse.mjs";
/// The emulator's quota for the run, in both its minute and its hour
/// window: 1,000 refreshes are 3,000 calls.
const RATE_LIMIT: &str = "1000000";

/// Builds `bench/yew-floor` the way `pkg/` is built and returns its `pkg/`.
pub fn build_floor(workspace: &Workspace) -> Result<PathBuf> {
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

/// Serves `pkg/` and the bench pages with a fresh emulator and runs `bench/run.mjs` against
/// it, `loads` cold loads per page and setting, the latency series at `latency_ms`; returns
/// what it measured.
pub fn browser_figures(
    workspace: &Workspace,
    loads: u32,
    latency_ms: u32,
    emulator_binary: &Path,
    out_dir: &Path,
) -> Result<Value> {
    let site = stage_site(workspace)?;
    let emulator = start_emulator(
        workspace,
        emulator_binary,
        site.path(),
        &out_dir.join("emulator.log"),
    )?;
    let figures = out_dir.join("browser.json");
    let _ = fs::remove_file(&figures);
    Cmd::new("node", workspace)
        .arg(workspace.path(RUN_SCRIPT))
        .env("BENCH_BASE_URL", &emulator.url)
        .env("BENCH_CHROMIUM", CHROMIUM)
        .env("BENCH_TOOLS_DIR", workspace.tools_dir())
        .env("BENCH_OUT", &figures)
        .env("BENCH_LOADS", loads.to_string())
        .env("BENCH_LATENCY_MS", latency_ms.to_string())
        .run()
        .map_err(|e| format!("could not measure in the browser: {e}"))?;
    drop(emulator);
    read_json(&figures)
}

/// Serves `dist/` with the emulator's demo tenant as `cargo xtask serve` does (any free port)
/// and runs `bench/lighthouse.mjs` on the page, `runs` runs per preset, on the Node that
/// Lighthouse supports (`.tools/node22`, the one the SharePoint build uses); returns what it
/// measured.
pub fn lighthouse_figures(
    workspace: &Workspace,
    runs: u32,
    emulator_binary: &Path,
    out_dir: &Path,
) -> Result<Value> {
    let node = tools::spfx_node(workspace)?.join("node");
    // The page exactly as `cargo xtask serve` shows it: its site and its emulator flags.
    let site = serve::demo_site(workspace)?;
    let emulator = emulator::start_logged(
        workspace,
        emulator_binary,
        &site,
        &serve::EMULATOR_FLAGS,
        &out_dir.join("emulator-lighthouse.log"),
    )?;
    let figures = out_dir.join("lighthouse.json");
    let _ = fs::remove_file(&figures);
    Cmd::new(node, workspace)
        .arg(workspace.path(LIGHTHOUSE_SCRIPT))
        .env("BENCH_SITE_URL", format!("{}/", emulator.url))
        .env("BENCH_CHROMIUM", CHROMIUM)
        .env("BENCH_TOOLS_DIR", workspace.tools_dir())
        .env("BENCH_OUT", &figures)
        .env("BENCH_LIGHTHOUSE_RUNS", runs.to_string())
        .run()
        .map_err(|e| format!("could not run Lighthouse: {e}"))?;
    drop(emulator);
    read_json(&figures)
}

/// Publishes the demo tenant of a fresh emulator once into a temporary folder
/// and runs `bench/snapshot-load.mjs` on it, `views` first and repeat views; returns what it
/// measured.
pub fn load_figures(
    workspace: &Workspace,
    views: u32,
    emulator_binary: &Path,
    publisher: &Path,
    out_dir: &Path,
) -> Result<Value> {
    let scratch = temporary_dir("xtask-bench-load-")?;
    let no_site = scratch.path().join("no-site");
    fs::create_dir_all(&no_site)
        .map_err(|e| format!("cannot create {}: {e}", no_site.display()))?;
    let emulator = start_emulator(
        workspace,
        emulator_binary,
        &no_site,
        &out_dir.join("emulator-load.log"),
    )?;
    let folder = scratch.path().join("snapshot");
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
        .env("BENCH_VIEWS", views.to_string())
        .run()
        .map_err(|e| format!("could not measure snapshot mode under load: {e}"))?;
    drop(emulator);
    let value = read_json(&figures)?;
    SnapshotLoad::from_json(&value)?;
    Ok(value)
}

/// The emulator for a run, on any free port with a quota the run cannot reach, its request
/// log (a line per request) going to `log` instead of the terminal.
fn start_emulator(
    workspace: &Workspace,
    binary: &Path,
    site: &Path,
    log: &Path,
) -> Result<emulator::Emulator> {
    let flags = ["--rate-limit", RATE_LIMIT, "--hour-rate-limit", RATE_LIMIT];
    emulator::start_logged(workspace, binary, site, &flags, log)
}

fn read_json(path: &Path) -> Result<Value> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

/// A temporary directory with the shipped `pkg/` files and the bench pages.
fn stage_site(workspace: &Workspace) -> Result<TempDir> {
    let site = temporary_dir("xtask-bench-site-")?;
    let pkg = workspace.path("pkg");
    copy_files(&pkg, &site.path().join("pkg"), |name| {
        sizes::is_shipped_pkg_file(name) && !name.contains('/')
    })?;
    if pkg.join("snippets").is_dir() {
        copy_dir(&pkg.join("snippets"), &site.path().join("pkg/snippets"))?;
    }
    copy_files(&workspace.path(PAGES_DIR), site.path(), |_| true)?;
    Ok(site)
}

/// This machine's CPU count and model.
pub fn machine() -> Machine {
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
