//! A token's claims and what they must say: a lifetime that covers now,
//! the issuer (401 otherwise), the audience and the permission an endpoint
//! needs (403 otherwise).

use serde::Deserialize;

use crate::access::{Permission, DEFAULT_AUDIENCE};

/// What a token's claims must satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPolicy {
    /// The exact `iss` required, if any.
    pub issuer: Option<String>,
    /// `aud` must hold one of these.
    pub audiences: Vec<String>,
    /// Leeway for `exp` and `nbf`, in seconds.
    pub clock_skew: u64,
}

/// The claims the checks read; others are ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Claims {
    /// Expiry, seconds since the epoch.
    pub exp: Option<f64>,
    /// Not before, seconds since the epoch.
    pub nbf: Option<f64>,
    /// Issuer.
    pub iss: Option<String>,
    /// Audience: one string or several.
    pub aud: Option<Audience>,
    /// Delegated scopes, space-separated.
    pub scp: Option<String>,
    /// Application roles.
    pub roles: Option<Vec<String>>,
    /// Object id of the user or service principal.
    pub oid: Option<String>,
    /// Subject.
    pub sub: Option<String>,
    /// Tenant id.
    pub tid: Option<String>,
    /// The calling application's id in v1.0 tokens.
    pub appid: Option<String>,
    /// The calling application's id in v2.0 tokens.
    pub azp: Option<String>,
}

/// The `aud` claim.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// `"aud": "x"`.
    One(String),
    /// `"aud": ["x", "y"]`.
    Many(Vec<String>),
}

impl Audience {
    fn contains_any(&self, wanted: &[String]) -> bool {
        match self {
            Audience::One(aud) => wanted.contains(aud),
            Audience::Many(auds) => auds.iter().any(|aud| wanted.contains(aud)),
        }
    }
}

/// Why a token's claims were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimFailure {
    /// 401: the token is not (or no longer) good.
    Invalid(String),
    /// 403: a good token that lacks the audience or the permission.
    Forbidden(String),
}

/// Checks `claims` at `now` (seconds since the epoch): expiry, not-before,
/// issuer (all 401), then audience and `permission` (403).
pub fn check_claims(
    claims: &Claims,
    policy: &ClaimPolicy,
    now: f64,
    permission: Permission,
) -> Result<(), ClaimFailure> {
    check_lifetime(claims, policy.clock_skew, now)?;
    check_issuer(claims, policy.issuer.as_deref())?;
    check_audience(claims, &policy.audiences, permission)?;
    check_permission(claims, permission)
}

/// 401 unless the token has an expiry, has not expired and is already
/// valid, allowing `clock_skew` seconds either way.
fn check_lifetime(claims: &Claims, clock_skew: u64, now: f64) -> Result<(), ClaimFailure> {
    let skew = clock_skew as f64;
    let Some(exp) = claims.exp else {
        return Err(ClaimFailure::Invalid(
            "The token has no expiry (exp).".into(),
        ));
    };
    if now >= exp + skew {
        return Err(ClaimFailure::Invalid("The token has expired.".into()));
    }
    if claims.nbf.is_some_and(|nbf| now + skew < nbf) {
        return Err(ClaimFailure::Invalid(
            "The token is not valid yet (nbf is in the future).".into(),
        ));
    }
    Ok(())
}

/// 401 unless `iss` is exactly the configured issuer, if there is one.
fn check_issuer(claims: &Claims, issuer: Option<&str>) -> Result<(), ClaimFailure> {
    match issuer {
        Some(issuer) if claims.iss.as_deref() != Some(issuer) => Err(ClaimFailure::Invalid(
            format!("The token was not issued by {issuer} (iss)."),
        )),
        _ => Ok(()),
    }
}

/// 403 unless `aud` holds one of `audiences`; the message suggests the
/// scope of `permission`.
fn check_audience(
    claims: &Claims,
    audiences: &[String],
    permission: Permission,
) -> Result<(), ClaimFailure> {
    if claims
        .aud
        .as_ref()
        .is_some_and(|aud| aud.contains_any(audiences))
    {
        return Ok(());
    }
    Err(ClaimFailure::Forbidden(format!(
        "The token's audience (aud) is not {}: request the token for that resource, e.g. the scope {DEFAULT_AUDIENCE}/{}.",
        audiences.join(" or "),
        permission.delegated()
    )))
}

/// 403 unless `scp` holds `permission`'s delegated permission or `roles`
/// its application one.
fn check_permission(claims: &Claims, permission: Permission) -> Result<(), ClaimFailure> {
    let delegated = claims
        .scp
        .as_deref()
        .is_some_and(|scp| scp.split(' ').any(|scope| scope == permission.delegated()));
    let application = claims
        .roles
        .as_ref()
        .is_some_and(|roles| roles.iter().any(|role| role == permission.application()));
    if delegated || application {
        return Ok(());
    }
    Err(ClaimFailure::Forbidden(format!(
        "The token grants neither the delegated permission {} (scp) nor the application permission {} (roles) needed to read {}.",
        permission.delegated(),
        permission.application(),
        permission.reads()
    )))
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;
