//! Where things live in the repository, found from the xtask's own manifest. Paths only:
//! where cargo puts its builds is asked of cargo itself ([`Workspace::target_dir`], in
//! `build.rs`), above this module.

use std::path::{Path, PathBuf};

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
}
