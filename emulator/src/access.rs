//! What reading scores takes and who asks: the API's audience, the two
//! permissions that read scores, and the [`Caller`] an accepted token
//! stands for. Both ways of judging a token (the fixed demo tokens in
//! [`crate::auth`], real JWTs in [`crate::jwt`]) build a [`Caller`] from
//! these, so neither reaches into the other.

use crate::throttle::QuotaKey;

/// The audience the Defender API accepts by default.
pub const DEFAULT_AUDIENCE: &str = "https://api.securitycenter.microsoft.com";

/// The delegated permission, looked for in `scp`.
pub const DELEGATED_PERMISSION: &str = "Score.Read";

/// The application permission, looked for in `roles`.
pub const APPLICATION_PERMISSION: &str = "Score.Read.All";

/// Who is calling, once the token was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// What the quota counts calls under (kept in memory only).
    pub throttle_key: QuotaKey,
    /// `None` when the caller may read scores; else the 403 message saying
    /// what is missing.
    pub forbidden: Option<String>,
}
