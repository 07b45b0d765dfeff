//! Real bearer-token checks (`--jwks-url` / `--issuer`): each token is
//! verified as a JWT signed by a key from the identity provider's JWKS, then
//! its claims are checked the way the Defender API does.
//!
//! 401 (the token is not good): malformed, unaccepted algorithm, no or an
//! unknown `kid`, bad signature, expired, not yet valid, wrong issuer.
//! 403 (a good token that may not read scores): wrong audience, or neither
//! `scp` with `Score.Read` nor `roles` with `Score.Read.All`.
//!
//! Messages are built from fixed text and the configuration only: nothing
//! from the token is ever echoed or logged.
//!
//! It reads the configuration ([`crate::config::JwtSettings`]) and the key
//! sources ([`crate::key_source`]) below it, and answers with a
//! [`crate::access::Caller`]; [`crate::auth`], above it, decides what a
//! request gets.

pub mod claims;
pub mod keys;
pub mod quota_key;
pub mod startup;
pub mod verifier;

use std::io::Write;

/// A line on stderr about token checks (never about a token's content).
fn note(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "defender-api-emulator: {message}");
}
