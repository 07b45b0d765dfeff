//! The release's software bill of materials, CycloneDX JSON: the Rust crates compiled into
//! the widget's wasm and into the publisher (`cargo cyclonedx`, each for the target it ships
//! on, so build-only and other-platform crates are left out), and the npm packages the
//! SharePoint bundle is built from (`npm sbom`, production dependencies only). Each
//! component carries its licence as its package declares it.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    let widget = cargo_sbom(workspace, "wasm32-unknown-unknown", "defender-score-cards")?;
    fs::write(out.join(format!("sbom-widget-{version}.cdx.json")), widget)
        .map_err(|e| format!("cannot write the widget's SBOM: {e}"))?;
    let publisher = cargo_sbom(workspace, PUBLISHER_TARGET, "defender-score-publisher")?;
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

/// `cargo cyclonedx` for `target` over the workspace; returns the SBOM of `package` and
/// removes every file it wrote (one beside each member's manifest, as `cargo metadata` names
/// them).
fn cargo_sbom(workspace: &Workspace, target: &str, package: &str) -> Result<String> {
    let members = member_dirs(
        &Cmd::new("cargo", workspace)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .stdout_text()?,
    )?;
    let ran = Cmd::new("cargo", workspace)
        .args(["cyclonedx", "--format", "json", "--target"])
        .arg(target)
        .args(["--override-filename", SCRATCH])
        .run();
    let scratch = |dir: &PathBuf| dir.join(format!("{SCRATCH}.json"));
    let sbom = members
        .iter()
        .find(|(name, _)| name == package)
        .map(|(_, dir)| fs::read_to_string(scratch(dir)));
    for (_, dir) in &members {
        let _ = fs::remove_file(scratch(dir));
    }
    ran?;
    match sbom {
        Some(Ok(sbom)) => Ok(sbom),
        Some(Err(e)) => Err(format!("cargo cyclonedx wrote no SBOM for {package}: {e}")),
        None => Err(format!("{package} is not a member of the workspace")),
    }
}

/// Each workspace member's name and folder, from `cargo metadata --no-deps`.
fn member_dirs(metadata: &str) -> Result<Vec<(String, PathBuf)>> {
    #[derive(Deserialize)]
    struct Metadata {
        packages: Vec<Package>,
    }
    #[derive(Deserialize)]
    struct Package {
        name: String,
        manifest_path: PathBuf,
    }
    let metadata: Metadata = serde_json::from_str(metadata)
        .map_err(|e| format!("cannot read `cargo metadata`'s answer: {e}"))?;
    Ok(metadata
        .packages
        .into_iter()
        .filter_map(|p| Some((p.name, p.manifest_path.parent()?.to_path_buf())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_are_named_with_their_folders() {
        let json = r#"{"packages":[
            {"name":"defender-score-cards","manifest_path":"/w/Cargo.toml"},
            {"name":"defender-score-publisher","manifest_path":"/w/publisher/Cargo.toml"}
        ],"target_directory":"/w/target"}"#;
        assert_eq!(
            member_dirs(json),
            Ok(vec![
                ("defender-score-cards".to_owned(), PathBuf::from("/w")),
                (
                    "defender-score-publisher".to_owned(),
                    PathBuf::from("/w/publisher")
                ),
            ])
        );
        assert!(member_dirs("{}").is_err());
    }
}
