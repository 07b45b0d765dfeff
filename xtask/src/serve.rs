//! `cargo xtask serve`: the standalone SPA on the emulator's demo tenant, calling the API
//! itself, or with `--snapshot` reading a folder the publisher wrote from that tenant.
//! Either way the page is a copy of `dist/` with a config.json that names its mode (so the
//! page's probe for the file finds one: a 404 is an error in the browser's console), and the
//! emulator compresses it as docs/hosting.md's nginx block does.

use std::fs;
use std::path::{Path, PathBuf};

use crate::files::copy_dir;
use crate::tools::{self, ToolSet};
use crate::workspace::Workspace;
use crate::{build, emulator, Result};

/// The port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;
/// Where `serve --snapshot` puts its site (a copy of `dist/`, its config.json and the folder).
const SNAPSHOT_SITE: &str = "serve-snapshot";
/// Where `serve` puts its demo site (a copy of `dist/` and its config.json).
const DEMO_SITE: &str = "serve-demo";
/// The config.json of the demo site: the demo, said explicitly.
pub const DEMO_CONFIG: &str = "{ \"demo\": true }\n";
/// The config.json of the snapshot site.
const SNAPSHOT_CONFIG: &str = "{ \"snapshot\": \"snapshot/\" }\n";
/// The emulator's flags for the site: gzip as docs/hosting.md's nginx block
/// (a file's `.gz` beside it, else the same types compressed on the fly).
pub const EMULATOR_FLAGS: [&str; 1] = ["--gzip"];

/// Installs missing tools, builds `dist/`, and serves it with the emulator until Ctrl-C.
/// With `snapshot`, first publishes the demo tenant into a folder beside the page (the
/// publisher, once, against the emulator) and serves the page in snapshot mode.
pub fn serve(workspace: &Workspace, port: u16, snapshot: bool) -> Result {
    tools::ensure(workspace, ToolSet::Build)?;
    build::dist(workspace)?;
    let binary = build::emulator(workspace)?;
    let site = if snapshot {
        site_copy(workspace, SNAPSHOT_SITE, SNAPSHOT_CONFIG)?
    } else {
        demo_site(workspace)?
    };
    let publisher = if snapshot {
        Some(build::publisher(workspace)?)
    } else {
        None
    };
    println!(
        "==> Starting the emulator with the demo tenant, serving {}",
        site.display()
    );
    let emulator =
        emulator::start_with_flags(workspace, &binary, &site, port, true, &EMULATOR_FLAGS)
            .map_err(|e| {
                format!("{e}\n(is port {port} in use? try `cargo xtask serve --port <N>`)")
            })?;
    if let Some(publisher) = publisher {
        println!(
            "==> Publishing the demo tenant into {}",
            site.join("snapshot").display()
        );
        emulator::publish_demo(workspace, &publisher, &emulator.url, &site.join("snapshot"))
            .run()?;
    }
    println!();
    println!("    Open {}/", emulator.url);
    if snapshot {
        println!(
            "    (snapshot mode: the page reads snapshot/, published once from the demo tenant;"
        );
        println!("    it sends no token and makes no API call; press Ctrl-C to stop)");
    } else {
        println!("    (demo tenant, token `demo-token`; press Ctrl-C to stop)");
    }
    println!();
    emulator.wait()
}

/// A fresh copy of `dist/` in the target directory's `name` folder with `config` as its
/// config.json.
/// The site `cargo xtask serve` shows without `--snapshot` (a fresh copy of `dist/` with the
/// demo's config.json), for the benchmark's Lighthouse runs.
pub fn demo_site(workspace: &Workspace) -> Result<PathBuf> {
    site_copy(workspace, DEMO_SITE, DEMO_CONFIG)
}

fn site_copy(workspace: &Workspace, name: &str, config: &str) -> Result<PathBuf> {
    let site = workspace.target_dir()?.join(name);
    if site.exists() {
        fs::remove_dir_all(&site).map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    copy_dir(&workspace.path("dist"), &site)?;
    write_config(&site, config)?;
    Ok(site)
}

/// Writes `config` as `site`'s config.json.
pub fn write_config(site: &Path, config: &str) -> Result {
    let file = site.join("config.json");
    fs::write(&file, config).map_err(|e| format!("cannot write {}: {e}", file.display()))
}
