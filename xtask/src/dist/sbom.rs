//! The release's software bill of materials, CycloneDX JSON: the Rust crates compiled into
//! the widget's wasm and into the publisher (`cargo cyclonedx`, each for the target it ships
//! on, so build-only and other-platform crates are left out), and the npm packages the
//! SharePoint bundle is built from (`npm sbom`, production dependencies only). Each
//! component carries its licence as its package declares it.

use std::fs;
use std::path::Path;

use crate::dist::PUBLISHER_TARGET;
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// The file name `cargo cyclonedx` writes next to every manifest of the workspace, removed
/// once read (never left in the tree).
const SCRATCH: &str = "dsc-release-sbom";

/// Writes `sbom-widget.cdx.json`, `sbom-publisher.cdx.json` and `sbom-sharepoint.cdx.json`
/// into `out`.
pub fn write(workspace: &Workspace, version: &str, out: &Path) -> Result {
    println!("==> Writing the SBOMs (CycloneDX)");
    let widget = cargo_sbom(workspace, "wasm32-unknown-unknown", ".")?;
    fs::write(out.join(format!("sbom-widget-{version}.cdx.json")), widget)
        .map_err(|e| format!("cannot write the widget's SBOM: {e}"))?;
    let publisher = cargo_sbom(workspace, PUBLISHER_TARGET, "publisher")?;
    fs::write(
        out.join(format!("sbom-publisher-{version}.cdx.json")),
        publisher,
    )
    .map_err(|e| format!("cannot write the publisher's SBOM: {e}"))?;
    let sharepoint = Cmd::new("npm", workspace)
        .args([
            "sbom",
            "--sbom-format",
            "cyclonedx",
            "--omit",
            "dev",
            "--package-lock-only",
        ])
        .current_dir(&workspace.path("spfx"))
        .stdout_text()?;
    fs::write(
        out.join(format!("sbom-sharepoint-{version}.cdx.json")),
        sharepoint,
    )
    .map_err(|e| format!("cannot write the SharePoint package's SBOM: {e}"))
}

/// `cargo cyclonedx` for `target` over the workspace; returns the SBOM of the package in
/// `member` (a folder below the root) and removes every file it wrote.
fn cargo_sbom(workspace: &Workspace, target: &str, member: &str) -> Result<String> {
    let ran = Cmd::new("cargo", workspace)
        .args(["cyclonedx", "--format", "json", "--target"])
        .arg(target)
        .args(["--override-filename", SCRATCH])
        .run();
    let wanted = workspace.path(member).join(format!("{SCRATCH}.json"));
    let sbom = fs::read_to_string(&wanted);
    for manifest_dir in [".", "core", "emulator", "publisher", "xtask"] {
        let _ = fs::remove_file(workspace.path(manifest_dir).join(format!("{SCRATCH}.json")));
    }
    ran?;
    sbom.map_err(|e| format!("cargo cyclonedx wrote no {}: {e}", wanted.display()))
}
