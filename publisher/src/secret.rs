//! A secret (the client secret, an access token) that cannot be printed by accident: its
//! `Debug` says `[redacted]`, it has no `Display` and no `Serialize`.

use std::fmt;

/// A client secret or an access token. Read it with [`Secret::expose`] only where it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `text`.
    pub fn new(text: String) -> Secret {
        Secret(text)
    }

    /// The secret itself, for the one request that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of this secret replaced, for a message that came from
    /// elsewhere (a sign-in error's description) and might echo it.
    pub fn scrub(&self, text: &str) -> String {
        if self.0.len() < 4 {
            return text.to_owned();
        }
        text.replace(&self.0, "[redacted]")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret() {
        let s = Secret::new("hunter2-very-secret".into());
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret([redacted]))");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn scrub_removes_an_echoed_secret() {
        let s = Secret::new("hunter2-very-secret".into());
        assert_eq!(
            s.scrub("bad secret hunter2-very-secret given"),
            "bad secret [redacted] given"
        );
    }
}
