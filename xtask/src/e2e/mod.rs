//! End-to-end tests: node scripts in `tests/e2e/` drive headless Chromium
//! (playwright-core from `.tools/`) against an emulator on a free port,
//! serving one built site. This module starts the emulator, except for tests
//! whose emulator flags depend on servers the script starts first (the
//! sign-in tests' identity provider): those get the binary and start it.
//! Helpers shared by several scripts (and `cargo xtask screenshots`) live in
//! `tests/e2e/support/`, which is not a test.

mod scripts;

use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub use scripts::{check_all_listed, E2eTest, Site, Start, E2E_DIR, SPFX_SCRIPT, TESTS};

use crate::files::{copy_dir, temporary_dir};
use crate::process::Cmd;
use crate::tools::{CHROMIUM, NGINX};
use crate::workspace::Workspace;
use crate::{emulator, serve, Result};

/// Runs one test: serves its site with a fresh emulator on a free port and
/// runs the script with node, passing the emulator's URL in `E2E_BASE_URL`
/// (for [`Start::Script`], the emulator binary instead), the site's
/// directory in `E2E_SITE_DIR` and, for files a failing test leaves to look
/// at, `E2E_ARTIFACTS_DIR` (`<target>/e2e/<script>/`); `E2E_PUBLISHER` names the publisher's
/// binary, built beside the emulator.
pub fn run(workspace: &Workspace, emulator_binary: &Path, test: &E2eTest) -> Result {
    let script = workspace.path(E2E_DIR).join(test.script);
    let stem = test.script.trim_end_matches(".mjs");
    let artifacts = workspace.target_dir()?.join("e2e").join(stem);
    let node = Cmd::new("node", workspace)
        .arg(script)
        .env("E2E_ARTIFACTS_DIR", &artifacts);
    run_node(workspace, emulator_binary, test.site, test.start, node)
}

/// Runs `node` (a command for a script) against `site`, served by an
/// emulator this function starts ([`Start::Xtask`]) or the script starts
/// ([`Start::Script`]), with the environment `tests/e2e/harness.mjs` reads.
pub fn run_node(
    workspace: &Workspace,
    emulator_binary: &Path,
    site: Site,
    start: Start,
    node: Cmd,
) -> Result {
    let (site_dir, _staged) = site_dir(workspace, site)?;
    let node = node
        .env("E2E_CHROMIUM", CHROMIUM)
        .env("E2E_NGINX", NGINX)
        .env("E2E_TOOLS_DIR", workspace.tools_dir())
        .env("E2E_SITE_DIR", &site_dir)
        .env("E2E_RELEASE_DIR", crate::dist::release_dir(workspace)?)
        .env(
            "E2E_PUBLISHER",
            workspace
                .target_dir()?
                .join("debug")
                .join("defender-score-publisher"),
        );
    match start {
        Start::Xtask => {
            let flags: &[&str] = if site == Site::Served {
                &serve::EMULATOR_FLAGS
            } else {
                &[]
            };
            let emulator =
                emulator::start_with_flags(workspace, emulator_binary, &site_dir, 0, false, flags)?;
            println!(
                "    emulator at {} serving {}",
                emulator.url,
                site_dir.display()
            );
            node.env("E2E_BASE_URL", &emulator.url).run()
        }
        Start::Script => {
            println!(
                "    the script starts the emulator, serving {}",
                site_dir.display()
            );
            node.env("E2E_EMULATOR", emulator_binary).run()
        }
    }
}

/// The directory served for `site`, and the temporary directory holding it when it was
/// staged (removed when dropped).
fn site_dir(workspace: &Workspace, site: Site) -> Result<(PathBuf, Option<TempDir>)> {
    let staged = match site {
        Site::Dist => {
            let dist = workspace.path("dist");
            require_file(&dist.join("index.html"), "build dist/ first")?;
            return Ok((dist, None));
        }
        Site::EmbeddingPages => pkg_and(workspace, &workspace.path(E2E_DIR).join("pages"))?,
        Site::DistCopy => dist_copy(workspace)?,
        Site::Examples => pkg_and(workspace, &workspace.path("examples"))?,
        Site::Served => {
            let site = dist_copy(workspace)?;
            serve::write_config(site.path(), serve::DEMO_CONFIG)?;
            site
        }
    };
    Ok((staged.path().to_path_buf(), Some(staged)))
}

fn require_file(path: &Path, hint: &str) -> Result {
    if path.is_file() {
        Ok(())
    } else {
        Err(format!("{} is missing ({hint})", path.display()))
    }
}

/// `pkg/` plus the pages in `pages`.
fn pkg_and(workspace: &Workspace, pages: &Path) -> Result<TempDir> {
    let pkg = workspace.path("pkg");
    require_file(&pkg.join("defender_score_cards.js"), "build pkg/ first")?;
    let site = temporary_dir("xtask-e2e-site-")?;
    copy_dir(&pkg, &site.path().join("pkg"))?;
    copy_dir(pages, site.path())?;
    Ok(site)
}

/// A copy of `dist/`, so a test can add its config.json without touching `dist/`.
fn dist_copy(workspace: &Workspace) -> Result<TempDir> {
    let dist = workspace.path("dist");
    require_file(&dist.join("index.html"), "build dist/ first")?;
    let site = temporary_dir("xtask-e2e-site-")?;
    copy_dir(&dist, site.path())?;
    Ok(site)
}
