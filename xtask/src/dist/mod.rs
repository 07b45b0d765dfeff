//! `cargo xtask dist`: the release files an administrator installs, in one folder
//! `target/dist/defender-score-cards-<version>/` with a `SHA256SUMS`:
//!
//! - the widget as an npm package tarball (`npm pack` of `pkg/`, with the package's
//!   `package.json` and a README for npm users: [`npm`]);
//! - the SharePoint package (`.sppkg`) and the standalone site (`dist/`) as a `.tar.gz`;
//! - the publisher as a static Linux x86_64 binary (musl), for a bare or distroless image
//!   (`deploy/container/Containerfile`);
//! - a CycloneDX SBOM of what ships ([`sbom`]) and `CHANGELOG.md`.
//!
//! The version is the widget crate's (`Cargo.toml`); every file name carries it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::process::Cmd;
use crate::tools::{self, ToolSet};
use crate::workspace::Workspace;
use crate::{build, spfx, Result};

mod archive;
mod image;
mod npm;
mod sbom;

pub use archive::{sha256_sums, tar_gz};

/// The publisher's release target: static, so a `FROM scratch` or distroless image holds it.
pub const PUBLISHER_TARGET: &str = "x86_64-unknown-linux-musl";
/// The publisher's package and binary name.
const PUBLISHER: &str = "defender-score-publisher";

/// `cargo xtask dist`: tools, every build, then the folder of release files.
pub fn dist(workspace: &Workspace) -> Result {
    tools::ensure(workspace, ToolSet::Build)?;
    tools::cargo::sbom_tool().ensure(workspace)?;
    build::pkg(workspace)?;
    build::dist(workspace)?;
    let sppkg = spfx::package(workspace)?;
    let out = write(workspace, &sppkg)?;
    println!("\n    {}", out.display());
    Ok(())
}

/// The release folder of this version: `<target>/dist/defender-score-cards-<version>/`.
pub fn release_dir(workspace: &Workspace) -> Result<PathBuf> {
    Ok(workspace
        .target_dir()?
        .join("dist")
        .join(format!("defender-score-cards-{}", version(workspace)?)))
}

/// Writes the release folder from the builds in `pkg/`, `dist/` and `sppkg` (building the
/// static publisher), and returns it.
pub fn write(workspace: &Workspace, sppkg: &Path) -> Result<PathBuf> {
    let publisher = static_publisher(workspace)?;
    let version = version(workspace)?;
    let out = release_dir(workspace)?;
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot empty {}: {e}", out.display()))?;
    }
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    println!("==> Writing the release files to {}", out.display());
    npm::pack(workspace, &version, &out)?;
    copy(
        sppkg,
        &out.join(format!("defender-score-cards-{version}.sppkg")),
    )?;
    tar_gz(
        &workspace.path("dist"),
        &format!("defender-score-cards-site-{version}"),
        &out.join(format!("defender-score-cards-site-{version}.tar.gz")),
    )?;
    copy(
        &publisher,
        &out.join(format!("{PUBLISHER}-{version}-{PUBLISHER_TARGET}")),
    )?;
    copy(&workspace.path("CHANGELOG.md"), &out.join("CHANGELOG.md"))?;
    sbom::write(workspace, &version, &out)?;
    let sums = sha256_sums(&out)?;
    fs::write(out.join("SHA256SUMS"), &sums)
        .map_err(|e| format!("cannot write SHA256SUMS: {e}"))?;
    print!("{sums}");
    Ok(out)
}

/// Checks a release folder as its user would: `sha256sum -c SHA256SUMS`, every file it
/// should hold is there, and the publisher's image built from it ([`image`]) holds what it
/// should.
pub fn check(workspace: &Workspace, out: &Path) -> Result {
    Cmd::new("sha256sum", workspace)
        .args(["--check", "--strict", "SHA256SUMS"])
        .current_dir(out)
        .run()?;
    let version = version(workspace)?;
    let expected = [
        format!("defender-score-cards-{version}.tgz"),
        format!("defender-score-cards-{version}.sppkg"),
        format!("defender-score-cards-site-{version}.tar.gz"),
        format!("{PUBLISHER}-{version}-{PUBLISHER_TARGET}"),
        format!("sbom-widget-{version}.cdx.json"),
        format!("sbom-publisher-{version}.cdx.json"),
        format!("sbom-sharepoint-{version}.cdx.json"),
        "CHANGELOG.md".to_owned(),
    ];
    let sums = fs::read_to_string(out.join("SHA256SUMS"))
        .map_err(|e| format!("cannot read SHA256SUMS: {e}"))?;
    let missing: Vec<&String> = expected
        .iter()
        .filter(|name| {
            !sums
                .lines()
                .any(|line| line.ends_with(&format!("  {name}")))
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!("the release folder lacks {missing:?}"));
    }
    image::check(
        workspace,
        &out.join(format!("{PUBLISHER}-{version}-{PUBLISHER_TARGET}")),
    )
}

/// The widget crate's version, from the root `Cargo.toml`.
pub fn version(workspace: &Workspace) -> Result<String> {
    let text = fs::read_to_string(workspace.path("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    package_version(&text)
}

/// `[package] version` of a `Cargo.toml`'s text.
fn package_version(cargo_toml: &str) -> Result<String> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        package: Package,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        version: String,
    }
    toml::from_str::<Manifest>(cargo_toml)
        .map(|m| m.package.version)
        .map_err(|e| format!("Cargo.toml has no [package] version: {e}"))
}

/// Builds the publisher for [`PUBLISHER_TARGET`] (release, static) and returns its path.
fn static_publisher(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the publisher, static for {PUBLISHER_TARGET}");
    Cmd::new("rustup", workspace)
        .args(["target", "add", PUBLISHER_TARGET])
        .run()?;
    Cmd::new("cargo", workspace)
        .args(["build", "--release", "--package", PUBLISHER, "--target"])
        .arg(PUBLISHER_TARGET)
        .run()?;
    let binary = workspace
        .target_dir()?
        .join(PUBLISHER_TARGET)
        .join("release")
        .join(PUBLISHER);
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "the publisher was built but {} is missing",
            binary.display()
        ))
    }
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_packages() {
        let toml = "[workspace]\nmembers = []\n\n[package]\nname = \"x\"\nversion = \"1.2.3\"\n";
        assert_eq!(package_version(toml), Ok("1.2.3".to_owned()));
        assert!(package_version("[workspace]\n").is_err());
    }
}
