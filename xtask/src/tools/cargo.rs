//! Tools from the Rust toolchain's own sources: the wasm target from rustup, and
//! wasm-bindgen-cli (at Cargo.lock's exact version), trunk, wasm-pack, geckodriver and
//! cargo-cyclonedx from
//! `cargo install` (into cargo's bin directory, usually ~/.cargo/bin).

use std::fs;

use serde::Deserialize;

use super::version::{Version, Wanted};
use super::{report_install, report_ok, ToolSet};
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// trunk 0.22 needs a newer rustc than the project's; stay on 0.21.x.
const TRUNK: Version = Version::new(0, 21, 14);

/// `rustup target add wasm32-unknown-unknown` unless it is installed.
pub fn rust_wasm_target(workspace: &Workspace) -> Result {
    let installed = Cmd::new("rustup", workspace)
        .args(["target", "list", "--installed"])
        .probe()
        .ok_or("`rustup target list --installed` failed; is rustup installed and on PATH?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        report_ok(&format!("rust target {WASM_TARGET}"));
        return Ok(());
    }
    report_install(&format!("rust target {WASM_TARGET}"));
    Cmd::new("rustup", workspace)
        .args(["target", "add", WASM_TARGET])
        .run()
}

/// The one `wasm-bindgen` version in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen(workspace: &Workspace) -> Result<String> {
    let lock_path = workspace.path("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let mut versions = locked_versions(&lock, "wasm-bindgen")
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("Cargo.lock has no `wasm-bindgen` package".to_string()),
        many => Err(format!(
            "Cargo.lock has several `wasm-bindgen` versions ({}); keep exactly one",
            many.join(", ")
        )),
    }
}

/// The part of a Cargo.lock the xtask reads.
#[derive(Debug, Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

/// One `[[package]]` of a Cargo.lock.
#[derive(Debug, Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// Versions of `package` recorded in a Cargo.lock, in file order.
pub fn locked_versions(lock: &str, package: &str) -> Result<Vec<String>> {
    let lock: Lockfile = toml::from_str(lock).map_err(|e| e.to_string())?;
    Ok(lock
        .package
        .into_iter()
        .filter(|locked| locked.name == package)
        .map(|locked| locked.version)
        .collect())
}

/// A tool installed with `cargo install`.
pub struct CargoTool {
    krate: &'static str,
    binary: &'static str,
    wanted: Wanted,
    /// The arguments that make the binary print its version: `--version`, or for a cargo
    /// subcommand run as its own binary, the subcommand's name first.
    version_args: &'static [&'static str],
    /// `cargo` argument lists to try in order until one succeeds.
    attempts: Vec<Vec<String>>,
}

/// The `cargo install` tools `set` needs, wasm-bindgen-cli at version `bindgen`.
pub fn cargo_tools(bindgen: &str, set: ToolSet) -> Vec<CargoTool> {
    let words = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut tools = vec![
        CargoTool {
            krate: "wasm-bindgen-cli",
            binary: "wasm-bindgen",
            version_args: &["--version"],
            wanted: match Version::parse(bindgen) {
                Some(version) => Wanted::Exactly(version),
                None => Wanted::Any,
            },
            // Not --locked: the published lockfile pins a dependency the registry no longer has.
            attempts: vec![words(&[
                "install",
                "wasm-bindgen-cli",
                "--version",
                bindgen,
            ])],
        },
        CargoTool {
            krate: "trunk",
            binary: "trunk",
            version_args: &["--version"],
            wanted: Wanted::SameMinor(TRUNK),
            attempts: vec![words(&[
                "install",
                "--locked",
                "trunk",
                "--version",
                &TRUNK.to_string(),
            ])],
        },
        any_version("wasm-pack"),
    ];
    if set == ToolSet::Test {
        tools.push(any_version("geckodriver"));
        tools.push(sbom_tool());
    }
    tools
}

/// `cargo cyclonedx`, which writes the release's SBOMs (`cargo xtask dist`, and the test's
/// release step).
pub fn sbom_tool() -> CargoTool {
    CargoTool {
        // `cargo cyclonedx` runs it as `cargo-cyclonedx cyclonedx ...`.
        version_args: &["cyclonedx", "--version"],
        ..any_version("cargo-cyclonedx")
    }
}

/// A tool whose crate and binary share `name`, any version: the locked
/// install first, then a plain one.
fn any_version(name: &'static str) -> CargoTool {
    CargoTool {
        krate: name,
        binary: name,
        version_args: &["--version"],
        wanted: Wanted::Any,
        attempts: vec![
            vec!["install".into(), "--locked".into(), name.into()],
            vec!["install".into(), name.into()],
        ],
    }
}

impl CargoTool {
    fn installed_version(&self, workspace: &Workspace) -> Option<Version> {
        let output = Cmd::new(self.binary, workspace)
            .args(self.version_args)
            .probe()?;
        Version::find_in(&output)
    }

    /// Installs the tool unless a good enough version is on PATH.
    pub fn ensure(&self, workspace: &Workspace) -> Result {
        let found = self.installed_version(workspace);
        if let Some(version) = found.filter(|v| self.wanted.accepts(*v)) {
            report_ok(&format!("{} {version}", self.krate));
            return Ok(());
        }
        let why = match found {
            Some(version) => format!("found {version}"),
            None => "not found".to_string(),
        };
        report_install(&format!(
            "{} {} ({why}); this can take minutes",
            self.krate, self.wanted
        ));
        let mut last_error = String::new();
        for (n, attempt) in self.attempts.iter().enumerate() {
            if n > 0 {
                println!("    retrying: {last_error}");
            }
            match Cmd::new("cargo", workspace).args(attempt).run() {
                Ok(()) => return self.check_after_install(workspace),
                Err(e) => last_error = e,
            }
        }
        Err(format!("could not install {}: {last_error}", self.krate))
    }

    fn check_after_install(&self, workspace: &Workspace) -> Result {
        match self.installed_version(workspace) {
            Some(version) if self.wanted.accepts(version) => {
                report_ok(&format!("{} {version}", self.krate));
                Ok(())
            }
            Some(version) => Err(format!(
                "installed {} but `{} --version` still says {version}; \
                 is another `{}` earlier on PATH?",
                self.krate, self.binary, self.binary
            )),
            None => Err(format!(
                "installed {} but `{}` is not on PATH; add cargo's bin directory \
                 (usually ~/.cargo/bin) to PATH",
                self.krate, self.binary
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.99"

[[package]]
name = "xtask"
version = "0.1.0"
"#;

    #[test]
    fn finds_the_locked_wasm_bindgen_version() {
        assert_eq!(
            locked_versions(LOCK, "wasm-bindgen"),
            Ok(vec!["0.2.130".to_string()])
        );
    }

    #[test]
    fn does_not_confuse_similar_package_names_or_the_lockfile_version() {
        assert_eq!(
            locked_versions(LOCK, "wasm-bindgen-backend"),
            Ok(vec!["0.2.99".to_string()])
        );
        assert_eq!(locked_versions(LOCK, "wasm"), Ok(vec![]));
        assert_eq!(locked_versions("version = 4\n", "wasm-bindgen"), Ok(vec![]));
    }

    #[test]
    fn lists_every_locked_version_of_a_package() {
        let lock = "[[package]]\nname = \"syn\"\nversion = \"1.0.109\"\n\n\
                    [[package]]\nname = \"syn\"\nversion = \"2.0.100\"\n";
        assert_eq!(
            locked_versions(lock, "syn"),
            Ok(vec!["1.0.109".to_string(), "2.0.100".to_string()])
        );
    }

    #[test]
    fn a_lockfile_that_is_not_toml_is_an_error() {
        assert!(locked_versions("[[package]\nname = ", "syn").is_err());
    }

    #[test]
    fn reads_the_workspace_lockfile() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let bindgen = locked_wasm_bindgen(&workspace).expect("one wasm-bindgen in Cargo.lock");
        assert!(Version::parse(&bindgen).is_some(), "{bindgen}");
    }
}
