//! `cargo xtask serve`: the standalone SPA on the emulator's demo tenant, calling the API
//! itself, or with `--snapshot` reading a folder the publisher wrote from that tenant.

use std::fs;
use std::path::PathBuf;

use crate::files::copy_dir;
use crate::tools::{self, ToolSet};
use crate::workspace::Workspace;
use crate::{build, emulator, Result};

/// The port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;
/// Where `serve --snapshot` puts its site (a copy of `dist/`, its config.json and the folder).
const SNAPSHOT_SITE: &str = "serve-snapshot";

/// Installs missing tools, builds `dist/`, and serves it with the emulator until Ctrl-C.
/// With `snapshot`, first publishes the demo tenant into a folder beside the page (the
/// publisher, once, against the emulator) and serves the page in snapshot mode.
pub fn serve(workspace: &Workspace, port: u16, snapshot: bool) -> Result {
    tools::ensure(workspace, ToolSet::Build)?;
    build::dist(workspace)?;
    let binary = build::emulator(workspace)?;
    let site = if snapshot {
        snapshot_site(workspace)?
    } else {
        workspace.path("dist")
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
    let emulator = emulator::start(workspace, &binary, &site, port, true)
        .map_err(|e| format!("{e}\n(is port {port} in use? try `cargo xtask serve --port <N>`)"))?;
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

/// A fresh copy of `dist/` in the target directory with a config.json for snapshot mode.
fn snapshot_site(workspace: &Workspace) -> Result<PathBuf> {
    let site = workspace.target_dir()?.join(SNAPSHOT_SITE);
    if site.exists() {
        fs::remove_dir_all(&site).map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    copy_dir(&workspace.path("dist"), &site)?;
    let config = site.join("config.json");
    fs::write(&config, "{ \"snapshot\": \"snapshot/\" }\n")
        .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    Ok(site)
}
