//! The sites the tasks serve: temporary directories, and files and trees copied into them.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::Result;

/// An empty directory under the system's temporary directory, its name starting with
/// `prefix`; removed when dropped.
pub fn temporary_dir(prefix: &str) -> Result<TempDir> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))
}

/// Every file below `dir`, recursively, sorted.
pub fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| failed("list", dir, e))? {
        let path = entry.map_err(|e| failed("list", dir, e))?.path();
        if path.is_dir() {
            found.extend(files_below(&path)?);
        } else {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) -> Result {
    copy_files(from, to, |_| true)?;
    for entry in fs::read_dir(from).map_err(|e| failed("list", from, e))? {
        let entry = entry.map_err(|e| failed("list", from, e))?;
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Copies the files (not directories) of `from` whose names `keep` accepts.
pub fn copy_files(from: &Path, to: &Path, keep: impl Fn(&str) -> bool) -> Result {
    fs::create_dir_all(to).map_err(|e| failed("create", to, e))?;
    for entry in fs::read_dir(from).map_err(|e| failed("list", from, e))? {
        let entry = entry.map_err(|e| failed("list", from, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && keep(&name) {
            fs::copy(entry.path(), to.join(&name)).map_err(|e| failed("copy", &entry.path(), e))?;
        }
    }
    Ok(())
}

fn failed(what: &str, path: &Path, e: std::io::Error) -> String {
    format!("cannot {what} {}: {e}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_a_tree_and_filtered_files() {
        let from = tempfile::tempdir().expect("a temporary directory");
        let to = tempfile::tempdir().expect("a temporary directory");
        fs::create_dir_all(from.path().join("a/b")).expect("folders");
        for (name, text) in [
            ("x.js", "x"),
            ("x.d.ts", "t"),
            ("a/y.js", "y"),
            ("a/b/z", "z"),
        ] {
            fs::write(from.path().join(name), text).expect("a file");
        }
        copy_dir(from.path(), &to.path().join("all")).expect("copied");
        for name in ["x.js", "x.d.ts", "a/y.js", "a/b/z"] {
            assert!(to.path().join("all").join(name).is_file(), "{name}");
        }
        copy_files(from.path(), &to.path().join("js"), |name| {
            name.ends_with(".js")
        })
        .expect("copied");
        assert!(to.path().join("js/x.js").is_file());
        assert!(!to.path().join("js/x.d.ts").exists() && !to.path().join("js/a").exists());
    }
}
