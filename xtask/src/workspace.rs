//! Where things live in the repository, found from the xtask's own manifest.

use std::path::{Path, PathBuf};

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
        json_string_field(&metadata, "target_directory")
            .map(PathBuf::from)
            .ok_or_else(|| "`cargo metadata` printed no target_directory".to_string())
    }
}

/// The value of the first `"field": "..."` string in a JSON text, unescaped.
///
/// Enough JSON for `cargo metadata`'s flat path fields; not a JSON parser.
pub fn json_string_field(json: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let after_key = &json[json.find(&key)? + key.len()..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let mut chars = after_colon.strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_target_directory_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/work/main/target","version":1}"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some("/work/main/target")
        );
    }

    #[test]
    fn unescapes_backslashes_and_quotes() {
        let json = r#"{ "target_directory" : "C:\\work\\\"t\"" }"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some(r#"C:\work\"t""#)
        );
    }

    #[test]
    fn missing_or_unterminated_fields_are_none() {
        assert_eq!(json_string_field(r#"{"a":"b"}"#, "target_directory"), None);
        assert_eq!(
            json_string_field(r#"{"target_directory":"/x"#, "target_directory"),
            None
        );
        assert_eq!(
            json_string_field(r#"{"target_directory":3}"#, "target_directory"),
            None
        );
    }
}
