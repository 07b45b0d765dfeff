//! A token's claims and what they must say: a lifetime that covers now,
//! the issuer (401 otherwise), the audience and a permission that reads
//! scores (403 otherwise).

use serde::Deserialize;

use crate::access::{APPLICATION_PERMISSION, DEFAULT_AUDIENCE, DELEGATED_PERMISSION};

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
    /// 403: a good token that may not read scores.
    Forbidden(String),
}

/// Checks `claims` at `now` (seconds since the epoch): expiry, not-before,
/// issuer (all 401), then audience and permission (403).
pub fn check_claims(claims: &Claims, policy: &ClaimPolicy, now: f64) -> Result<(), ClaimFailure> {
    check_lifetime(claims, policy.clock_skew, now)?;
    check_issuer(claims, policy.issuer.as_deref())?;
    check_audience(claims, &policy.audiences)?;
    check_permission(claims)
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

/// 403 unless `aud` holds one of `audiences`.
fn check_audience(claims: &Claims, audiences: &[String]) -> Result<(), ClaimFailure> {
    if claims
        .aud
        .as_ref()
        .is_some_and(|aud| aud.contains_any(audiences))
    {
        return Ok(());
    }
    Err(ClaimFailure::Forbidden(format!(
        "The token's audience (aud) is not {}: request the token for that resource, e.g. the scope {DEFAULT_AUDIENCE}/{DELEGATED_PERMISSION}.",
        audiences.join(" or ")
    )))
}

/// 403 unless `scp` holds the delegated permission or `roles` the
/// application one.
fn check_permission(claims: &Claims) -> Result<(), ClaimFailure> {
    let delegated = claims
        .scp
        .as_deref()
        .is_some_and(|scp| scp.split(' ').any(|scope| scope == DELEGATED_PERMISSION));
    let application = claims
        .roles
        .as_ref()
        .is_some_and(|roles| roles.iter().any(|role| role == APPLICATION_PERMISSION));
    if delegated || application {
        return Ok(());
    }
    Err(ClaimFailure::Forbidden(format!(
        "The token grants neither the delegated permission {DELEGATED_PERMISSION} (scp) nor the application permission {APPLICATION_PERMISSION} (roles) needed to read scores."
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_700_000_000.0;

    fn policy() -> ClaimPolicy {
        ClaimPolicy {
            issuer: None,
            audiences: vec![DEFAULT_AUDIENCE.into()],
            clock_skew: 60,
        }
    }

    fn good() -> Claims {
        Claims {
            exp: Some(NOW + 3600.0),
            nbf: Some(NOW - 60.0),
            iss: Some("http://idp".into()),
            aud: Some(Audience::One(DEFAULT_AUDIENCE.into())),
            scp: Some("Score.Read".into()),
            ..Claims::default()
        }
    }

    fn invalid(result: Result<(), ClaimFailure>) -> String {
        match result {
            Err(ClaimFailure::Invalid(reason)) => reason,
            other => panic!("expected a 401 reason, got {other:?}"),
        }
    }

    fn forbidden(result: Result<(), ClaimFailure>) -> String {
        match result {
            Err(ClaimFailure::Forbidden(message)) => message,
            other => panic!("expected a 403 message, got {other:?}"),
        }
    }

    #[test]
    fn a_token_for_the_api_with_score_read_passes() {
        assert_eq!(check_claims(&good(), &policy(), NOW), Ok(()));
    }

    #[test]
    fn expiry_is_required_and_allows_the_clock_skew() {
        let no_exp = Claims {
            exp: None,
            ..good()
        };
        assert!(invalid(check_claims(&no_exp, &policy(), NOW)).contains("exp"));
        let just_expired = Claims {
            exp: Some(NOW - 59.0),
            ..good()
        };
        assert_eq!(check_claims(&just_expired, &policy(), NOW), Ok(()));
        let expired = Claims {
            exp: Some(NOW - 60.0),
            ..good()
        };
        assert!(invalid(check_claims(&expired, &policy(), NOW)).contains("expired"));
        let strict = ClaimPolicy {
            clock_skew: 0,
            ..policy()
        };
        let a_second_ago = Claims {
            exp: Some(NOW - 1.0),
            ..good()
        };
        assert!(invalid(check_claims(&a_second_ago, &strict, NOW)).contains("expired"));
    }

    #[test]
    fn not_before_in_the_future_beyond_the_skew_is_refused() {
        let soon = Claims {
            nbf: Some(NOW + 60.0),
            ..good()
        };
        assert_eq!(check_claims(&soon, &policy(), NOW), Ok(()));
        let later = Claims {
            nbf: Some(NOW + 61.0),
            ..good()
        };
        assert!(invalid(check_claims(&later, &policy(), NOW)).contains("not valid yet"));
        let no_nbf = Claims {
            nbf: None,
            ..good()
        };
        assert_eq!(check_claims(&no_nbf, &policy(), NOW), Ok(()));
    }

    #[test]
    fn the_issuer_must_match_exactly_when_one_is_configured() {
        let with_issuer = ClaimPolicy {
            issuer: Some("http://idp".into()),
            ..policy()
        };
        assert_eq!(check_claims(&good(), &with_issuer, NOW), Ok(()));
        for iss in [
            Some("http://idp/".to_string()),
            Some("http://other".into()),
            None,
        ] {
            let claims = Claims { iss, ..good() };
            assert!(invalid(check_claims(&claims, &with_issuer, NOW)).contains("http://idp"));
        }
        let no_iss = Claims {
            iss: None,
            ..good()
        };
        assert_eq!(check_claims(&no_iss, &policy(), NOW), Ok(()));
    }

    #[test]
    fn a_wrong_or_missing_audience_is_forbidden_naming_the_expected_one() {
        for aud in [
            Some(Audience::One("https://api.security.microsoft.com".into())),
            Some(Audience::Many(vec!["https://graph.microsoft.com".into()])),
            None,
        ] {
            let claims = Claims { aud, ..good() };
            assert!(forbidden(check_claims(&claims, &policy(), NOW)).contains(DEFAULT_AUDIENCE));
        }
        let among_several = Claims {
            aud: Some(Audience::Many(vec!["x".into(), DEFAULT_AUDIENCE.into()])),
            ..good()
        };
        assert_eq!(check_claims(&among_several, &policy(), NOW), Ok(()));
        let custom = ClaimPolicy {
            audiences: vec!["api://a".into(), "api://b".into()],
            ..policy()
        };
        let for_b = Claims {
            aud: Some(Audience::One("api://b".into())),
            ..good()
        };
        assert_eq!(check_claims(&for_b, &custom, NOW), Ok(()));
        assert!(forbidden(check_claims(&good(), &custom, NOW)).contains("api://a or api://b"));
    }

    #[test]
    fn score_read_in_scp_or_score_read_all_in_roles_is_required() {
        let among_scopes = Claims {
            scp: Some("Machine.Read Score.Read User.Read".into()),
            ..good()
        };
        assert_eq!(check_claims(&among_scopes, &policy(), NOW), Ok(()));
        let app = Claims {
            scp: None,
            roles: Some(vec!["Machine.Read.All".into(), "Score.Read.All".into()]),
            ..good()
        };
        assert_eq!(check_claims(&app, &policy(), NOW), Ok(()));
        for (scp, roles) in [
            (Some("Machine.Read"), None),
            (Some("Score.ReadWrite"), None),
            (Some("score.read"), None),
            (Some("Score.Read.All"), None),
            (None, Some(vec!["Score.Read".to_string()])),
            (None, None),
        ] {
            let claims = Claims {
                scp: scp.map(String::from),
                roles,
                ..good()
            };
            let message = forbidden(check_claims(&claims, &policy(), NOW));
            assert!(
                message.contains("Score.Read (scp)") && message.contains("Score.Read.All (roles)"),
                "{message}"
            );
        }
    }

    #[test]
    fn the_token_is_refused_as_invalid_before_forbidden() {
        let expired_and_wrong_audience = Claims {
            exp: Some(NOW - 3600.0),
            aud: None,
            scp: None,
            ..good()
        };
        invalid(check_claims(&expired_and_wrong_audience, &policy(), NOW));
    }

    #[test]
    fn claims_of_either_audience_shape_deserialize() {
        let one: Claims =
            serde_json::from_str(r#"{"aud":"a","exp":1.5,"roles":["r"]}"#).unwrap_or_default();
        assert_eq!(one.aud, Some(Audience::One("a".into())));
        assert_eq!(one.exp, Some(1.5));
        let many: Claims =
            serde_json::from_str(r#"{"aud":["a","b"],"extra":{"x":1}}"#).unwrap_or_default();
        assert_eq!(many.aud, Some(Audience::Many(vec!["a".into(), "b".into()])));
        assert!(serde_json::from_str::<Claims>(r#"{"exp":"tomorrow"}"#).is_err());
        let app: Claims =
            serde_json::from_str(r#"{"appid":"a1","azp":"a2","tid":"t"}"#).unwrap_or_default();
        assert_eq!(
            (app.appid.as_deref(), app.azp.as_deref(), app.tid.as_deref()),
            (Some("a1"), Some("a2"), Some("t"))
        );
    }
}
