//! Where things live in the repository, found from the xtask's own manifest.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::process::Cmd;
use crate::Result;

/// The repository checkout the xtask works on.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// The workspace this xtask was built from (`xtask/..`).
    pub fn locate() -> Result<Workspace> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .ok_or_else(|| {
                format!(
                    "cannot find the repository root above {}",
                    manifest_dir.display()
                )
            })?
            .to_path_buf();
        if !root.join("Cargo.lock").is_file() {
            return Err(format!(
                "{} has no Cargo.lock; run `cargo generate-lockfile` there first",
                root.display()
            ));
        }
        Ok(Workspace { root })
    }

    /// The repository root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path relative to the repository root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Project-local node tools (`/.tools`, gitignored).
    pub fn tools_dir(&self) -> PathBuf {
        self.path(".tools")
    }

    /// Executables of the project-local node tools; first on every child's PATH.
    pub fn tools_bin_dir(&self) -> PathBuf {
        self.path(".tools/node_modules/.bin")
    }

    /// Cargo's target directory, as cargo itself resolves it
    /// (honours `CARGO_TARGET_DIR` and `.cargo/config.toml`).
    pub fn target_dir(&self) -> Result<PathBuf> {
        let metadata = Cmd::new("cargo", self)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .stdout_text()?;
        metadata_target_dir(&metadata)
    }
}

/// The part of `cargo metadata`'s answer the xtask reads.
#[derive(Debug, Deserialize)]
struct Metadata {
    target_directory: PathBuf,
}

/// The target directory named in `cargo metadata --format-version 1` output.
pub fn metadata_target_dir(json: &str) -> Result<PathBuf> {
    serde_json::from_str::<Metadata>(json)
        .map(|metadata| metadata.target_directory)
        .map_err(|e| format!("cannot read `cargo metadata`'s answer: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_target_directory_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/work/main/target","version":1}"#;
        assert_eq!(
            metadata_target_dir(json),
            Ok(PathBuf::from("/work/main/target"))
        );
    }

    #[test]
    fn unescapes_backslashes_and_quotes() {
        let json = r#"{ "target_directory" : "C:\\work\\\"t\"" }"#;
        assert_eq!(
            metadata_target_dir(json),
            Ok(PathBuf::from(r#"C:\work\"t""#))
        );
    }

    #[test]
    fn a_missing_or_mistyped_target_directory_says_so() {
        for json in [
            r#"{"a":"b"}"#,
            r#"{"target_directory":"/x"#,
            r#"{"target_directory":3}"#,
        ] {
            let error = metadata_target_dir(json).unwrap_err();
            assert!(error.contains("cargo metadata"), "{json}: {error}");
        }
    }

    #[test]
    fn finds_this_workspace_s_target_directory() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let target = workspace.target_dir().expect("cargo metadata answers");
        assert!(target.is_absolute(), "{}", target.display());
    }
}
