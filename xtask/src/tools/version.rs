//! Tool versions: `major.minor.patch` read from a tool's `--version` output, and which
//! installed versions are good enough.

use std::fmt;

/// A `major.minor.patch` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
}

impl Version {
    /// `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `1.2.3`, `v1.2.3` or `1.2.3-beta.1` (the pre-release is ignored).
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts = text.splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch_text = parts.next()?;
        let digits = patch_text
            .find(|c: char| !c.is_ascii_digit())
            .map_or(patch_text, |end| &patch_text[..end]);
        let patch = digits.parse().ok()?;
        Some(Version::new(major, minor, patch))
    }

    /// The first version-looking word in a tool's `--version` output,
    /// e.g. `trunk 0.21.14` or `geckodriver 0.36.0 (abc 2025-01-01)`.
    pub fn find_in(text: &str) -> Option<Version> {
        text.split_whitespace().find_map(Version::parse)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which installed versions of a tool are good enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// This version only.
    Exactly(Version),
    /// Any patch release of this `major.minor`.
    SameMinor(Version),
    /// Any version.
    Any,
}

impl Wanted {
    /// Whether `found` is good enough.
    pub fn accepts(self, found: Version) -> bool {
        match self {
            Wanted::Exactly(version) => found == version,
            Wanted::SameMinor(version) => {
                found.major == version.major && found.minor == version.minor
            }
            Wanted::Any => true,
        }
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Wanted::Exactly(v) => write!(f, "{v}"),
            Wanted::SameMinor(v) => write!(f, "{}.{}.x", v.major, v.minor),
            Wanted::Any => write!(f, "any version"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_from_tool_output() {
        let v = |a, b, c| Some(Version::new(a, b, c));
        assert_eq!(Version::find_in("wasm-bindgen 0.2.130\n"), v(0, 2, 130));
        assert_eq!(Version::find_in("trunk 0.21.14"), v(0, 21, 14));
        assert_eq!(Version::find_in("wasm-pack 0.15.1"), v(0, 15, 1));
        assert_eq!(
            Version::find_in(
                "geckodriver 0.36.0 (a3d508507022 2025-02-24 15:57 +0000)\n\nThe source"
            ),
            v(0, 36, 0)
        );
        assert_eq!(Version::find_in("tool v1.2.3-beta.4"), v(1, 2, 3));
        assert_eq!(Version::find_in("wasm-opt version 132 (version_132)"), None);
        assert_eq!(Version::find_in(""), None);
    }

    #[test]
    fn compares_versions_numerically() {
        assert!(Version::new(0, 2, 130) > Version::new(0, 2, 99));
        assert!(Version::new(0, 22, 0) > Version::new(0, 21, 14));
        assert!(Version::new(1, 0, 0) > Version::new(0, 99, 99));
    }

    #[test]
    fn wanted_versions() {
        let trunk = Wanted::SameMinor(Version::new(0, 21, 14));
        assert!(trunk.accepts(Version::new(0, 21, 14)));
        assert!(trunk.accepts(Version::new(0, 21, 2)));
        assert!(!trunk.accepts(Version::new(0, 22, 0)));
        assert!(!trunk.accepts(Version::new(0, 20, 3)));

        let bindgen = Wanted::Exactly(Version::new(0, 2, 130));
        assert!(bindgen.accepts(Version::new(0, 2, 130)));
        assert!(!bindgen.accepts(Version::new(0, 2, 131)));

        assert!(Wanted::Any.accepts(Version::new(0, 0, 1)));
        assert_eq!(trunk.to_string(), "0.21.x");
    }
}
