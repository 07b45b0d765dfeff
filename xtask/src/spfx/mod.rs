//! `cargo xtask spfx`: the SharePoint Framework package. Builds `pkg/`, then the web part in
//! `spfx/` (Heft, production) and its `.sppkg` with the bundle and the wasm inside; checks
//! what the package holds ([`check`]); and, for `cargo xtask test`, serves the packaged assets
//! to `tests/e2e/spfx.mjs`, which runs the built web part in Chromium.

mod check;
mod doctor;
mod sppkg;

pub use doctor::doctor;

use std::fs;
use std::path::{Path, PathBuf};

use check::{check_package, PackageSummary, WEB_PART_ID};

use crate::build::PKG_WASM;
use crate::e2e::{E2E_DIR, SPFX_SCRIPT};
use crate::files::temporary_dir;
use crate::process::Cmd;
use crate::tools::{self, ToolSet, CHROMIUM};
use crate::workspace::Workspace;
use crate::{build, emulator, Result};

/// The SPFx project, relative to the repository root.
pub const SPFX_DIR: &str = "spfx";
/// Where the package lands (spfx/config/package-solution.json's `paths.zippedPackage`).
pub const SPPKG: &str = "spfx/sharepoint/solution/defender-score-cards.sppkg";
/// The files of `tests/e2e/pages/` the web part's page needs.
const E2E_PAGES: [&str; 3] = ["spfx.html", "spfx-host.js", "soak-probe.js"];

/// `cargo xtask spfx`: tools, `pkg/`, the package, and a check of what it holds.
pub fn spfx(workspace: &Workspace) -> Result {
    tools::ensure(workspace, ToolSet::Build)?;
    build::pkg(workspace)?;
    let sppkg = package(workspace)?;
    let summary = check(workspace)?;
    println!(
        "\n    {}: {} KiB ({} and {} inside)\n    \
         Upload it to the tenant app catalog; docs/sharepoint.md says the rest.",
        sppkg.display(),
        summary.sppkg_bytes / 1024,
        summary.bundle,
        summary.wasm
    );
    Ok(())
}

/// Builds the `.sppkg` from the current `pkg/`: Node 22 and the SPFx packages when missing,
/// then `heft build --clean --production` and `heft package-solution --production`.
pub fn package(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the SharePoint package ({SPPKG})");
    let pkg_js = workspace.path("pkg/defender_score_cards.js");
    if !pkg_js.is_file() {
        return Err(format!(
            "{} is missing (build pkg/ first)",
            pkg_js.display()
        ));
    }
    let node_bin = tools::spfx_node(workspace)?;
    tools::spfx_packages(workspace, &node_bin)?;
    heft(workspace, &node_bin, &["build", "--clean", "--production"])?;
    heft(workspace, &node_bin, &["package-solution", "--production"])?;
    let sppkg = workspace.path(SPPKG);
    let size = fs::metadata(&sppkg)
        .map_err(|e| format!("heft finished but {} is missing: {e}", sppkg.display()))?
        .len();
    println!("    {}: {} KiB", sppkg.display(), size / 1024);
    Ok(sppkg)
}

/// Runs the project's Heft on the SPFx Node in `spfx/`.
fn heft(workspace: &Workspace, node_bin: &Path, args: &[&str]) -> Result {
    Cmd::new(node_bin.join("node"), workspace)
        .arg("node_modules/@rushstack/heft/bin/heft")
        .args(args)
        .env("PATH", tools::path_with_node(node_bin)?)
        .current_dir(&workspace.path(SPFX_DIR))
        .run()
}

/// Checks the built package against `pkg/`'s wasm and prints what it found.
pub fn check(workspace: &Workspace) -> Result<PackageSummary> {
    let sppkg = read(&workspace.path(SPPKG))?;
    let wasm = read(&workspace.path(PKG_WASM))?;
    let summary = check_package(&sppkg, &wasm)?;
    println!(
        "    ok: web part {WEB_PART_ID}, WindowsDefenderATP / Score.Read and \
         SecurityRecommendation.Read requested, \
         client-side assets {} and {} ({} KiB, the same bytes as {PKG_WASM})",
        summary.bundle,
        summary.wasm,
        wasm.len() / 1024
    );
    Ok(summary)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Copies the package's client-side assets (the bundle and the wasm) into `dir`.
fn extract_assets(sppkg: &[u8], dir: &Path) -> Result {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, bytes) in sppkg::unzip(sppkg)? {
        if let Some(file) = name.strip_prefix(check::ASSETS) {
            if file.is_empty() || file.contains('/') || file.contains("..") {
                continue;
            }
            let target = dir.join(file);
            fs::write(&target, bytes)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// Runs `tests/e2e/spfx.mjs`: serves the assets unpacked from the built `.sppkg` (in
/// `assets/`), the stand-in SharePoint page from `tests/e2e/pages/` and the demo tenant
/// published once by the publisher (in `snapshot/`) with a fresh emulator.
pub fn e2e(workspace: &Workspace, emulator_binary: &Path, publisher: &Path) -> Result {
    let site = temporary_dir("xtask-spfx-site-")?;
    let site = site.path();
    extract_assets(&read(&workspace.path(SPPKG))?, &site.join("assets"))?;
    let pages = workspace.path(E2E_DIR).join("pages");
    for page in E2E_PAGES {
        let target = site.join(page);
        fs::copy(pages.join(page), &target)
            .map_err(|e| format!("cannot copy {page} to {}: {e}", target.display()))?;
    }
    let emulator = emulator::start(workspace, emulator_binary, site, 0, false)?;
    println!(
        "    emulator at {} serving {}",
        emulator.url,
        site.display()
    );
    emulator::publish_demo(workspace, publisher, &emulator.url, &site.join("snapshot")).run()?;
    let artifacts = workspace.target_dir()?.join("e2e").join("spfx");
    Cmd::new("node", workspace)
        .arg(workspace.path(E2E_DIR).join(SPFX_SCRIPT))
        .env("E2E_BASE_URL", &emulator.url)
        .env("E2E_CHROMIUM", CHROMIUM)
        .env("E2E_TOOLS_DIR", workspace.tools_dir())
        .env("E2E_SITE_DIR", site)
        .env("E2E_ARTIFACTS_DIR", &artifacts)
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_the_web_part_test_needs_exist() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        for page in E2E_PAGES {
            assert!(
                workspace.path(E2E_DIR).join("pages").join(page).is_file(),
                "{page}"
            );
        }
        assert!(
            workspace.path(E2E_DIR).join(SPFX_SCRIPT).is_file(),
            "{SPFX_SCRIPT}"
        );
    }
}
