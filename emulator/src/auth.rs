//! Bearer token checks. Handlers only see an [`AuthOutcome`]; how a token
//! is judged lives in [`Authenticator`]: fixed demo tokens, or real JWTs
//! verified against an identity provider's keys ([`crate::jwt`]). It sits
//! above the configuration and the JWT checks: it reads the [`Config`] and
//! asks the [`JwtVerifier`]; neither of them knows it.

use std::sync::Arc;

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;

use crate::access::{missing_permission_message, Caller, Permission, Refusals};
use crate::config::Config;
use crate::jwt::verifier::JwtVerifier;
use crate::throttle::QuotaKey;

/// Fixed tokens from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticTokens {
    /// Tokens that may read every endpoint.
    pub accepted: Vec<String>,
    /// A token that authenticates but lacks every permission.
    pub forbidden: String,
    /// A token that holds `Score.Read` only: it may read the scores but
    /// not the recommendations.
    pub score_only: String,
    /// `--app-per-demo-token`: each token is its own application with its
    /// own quota; else they all belong to one application and share one.
    pub app_per_token: bool,
}

impl StaticTokens {
    /// The `--demo-token`, `--forbidden-token` and `--score-only-token`
    /// values.
    pub fn from_config(config: &Config) -> StaticTokens {
        StaticTokens {
            accepted: config.demo_tokens.clone(),
            forbidden: config.forbidden_token.clone(),
            score_only: config.score_only_token.clone(),
            app_per_token: config.app_per_demo_token,
        }
    }

    /// The caller a fixed token stands for, if it is one.
    fn caller(&self, token: &str) -> Option<Caller> {
        let refusals = if self.accepted.iter().any(|known| known == token) {
            Refusals::default()
        } else if self.forbidden == token {
            Refusals::all(|permission| Some(missing_permission_message(permission)))
        } else if self.score_only == token {
            Refusals {
                scores: None,
                recommendations: Some(missing_permission_message(Permission::ReadRecommendations)),
            }
        } else {
            return None;
        };
        let throttle_key = if self.app_per_token {
            QuotaKey::DemoToken(token.to_string())
        } else {
            QuotaKey::DemoApplication
        };
        Some(Caller {
            throttle_key,
            refusals,
        })
    }
}

/// How bearer tokens are judged.
#[derive(Debug, Clone)]
pub enum Authenticator {
    /// Fixed tokens from the command line (no `--jwks-url` nor `--issuer`).
    StaticTokens(StaticTokens),
    /// JWTs signed by the identity provider's keys.
    Jwt {
        /// Checks signatures and claims.
        verifier: Arc<JwtVerifier>,
        /// The fixed tokens, also accepted with `--also-demo-token`.
        also: Option<StaticTokens>,
    },
}

/// The result of checking a request's `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthOutcome {
    /// The token is genuine (it may still lack the permission).
    Authenticated(Caller),
    /// 401: no `Authorization` header, a malformed one, or an unknown
    /// fixed token: `WWW-Authenticate: Bearer`.
    Unauthenticated,
    /// 401: a bearer token that failed the JWT checks, with the reason:
    /// `WWW-Authenticate: Bearer error="invalid_token"`.
    InvalidToken(String),
}

impl Authenticator {
    /// The authenticator `config` asks for; with `--jwks-url` or
    /// `--issuer` this loads the signing keys (retrying for up to 10 s).
    pub async fn from_config(config: &Config) -> Result<Authenticator, String> {
        let fixed = StaticTokens::from_config(config);
        match &config.jwt {
            None => Ok(Authenticator::StaticTokens(fixed)),
            Some(settings) => Ok(Authenticator::Jwt {
                verifier: Arc::new(JwtVerifier::start(settings).await?),
                also: config.also_demo_token.then_some(fixed),
            }),
        }
    }

    /// Judges the `Authorization` header of a request.
    pub async fn authenticate(&self, headers: &HeaderMap) -> AuthOutcome {
        let Some(token) = bearer_token(headers) else {
            return AuthOutcome::Unauthenticated;
        };
        match self {
            Authenticator::StaticTokens(fixed) => fixed
                .caller(token)
                .map_or(AuthOutcome::Unauthenticated, AuthOutcome::Authenticated),
            Authenticator::Jwt { verifier, also } => {
                if let Some(caller) = also.as_ref().and_then(|fixed| fixed.caller(token)) {
                    return AuthOutcome::Authenticated(caller);
                }
                match verifier.verify(token).await {
                    Ok(caller) => AuthOutcome::Authenticated(caller),
                    Err(reason) => AuthOutcome::InvalidToken(reason),
                }
            }
        }
    }
}

/// The token of a single `Authorization: Bearer <token>` header (scheme in
/// any case); `None` when missing, repeated or malformed.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let (scheme, token) = value.to_str().ok()?.trim().split_once(' ')?;
    let token = token.trim();
    let well_formed = scheme.eq_ignore_ascii_case("bearer")
        && !token.is_empty()
        && !token.contains(char::is_whitespace);
    well_formed.then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(authorization: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in authorization {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.append(AUTHORIZATION, value);
            }
        }
        headers
    }

    fn demo(app_per_token: bool) -> Authenticator {
        Authenticator::StaticTokens(StaticTokens {
            accepted: vec!["good".into(), "also-good".into()],
            forbidden: "weak".into(),
            score_only: "scores".into(),
            app_per_token,
        })
    }

    fn outcome_of(authenticator: &Authenticator, authorization: &[&str]) -> AuthOutcome {
        let runtime = tokio::runtime::Builder::new_current_thread().build();
        match runtime {
            Ok(runtime) => runtime.block_on(authenticator.authenticate(&headers(authorization))),
            Err(e) => panic!("no runtime: {e}"),
        }
    }

    fn outcome(authorization: &[&str]) -> AuthOutcome {
        outcome_of(&demo(false), authorization)
    }

    fn quota_key(authenticator: &Authenticator, token: &str) -> QuotaKey {
        match outcome_of(authenticator, &[&format!("Bearer {token}")]) {
            AuthOutcome::Authenticated(caller) => caller.throttle_key,
            other => panic!("{token} gave {other:?}"),
        }
    }

    #[test]
    fn the_scheme_is_case_insensitive() {
        assert_eq!(bearer_token(&headers(&["bearer abc"])), Some("abc"));
        assert_eq!(bearer_token(&headers(&["BEARER abc"])), Some("abc"));
    }

    #[test]
    fn malformed_headers_carry_no_token() {
        for value in ["Basic abc", "Bearer", "Bearer ", "abc", "Bearer a b"] {
            assert_eq!(bearer_token(&headers(&[value])), None, "{value}");
        }
        assert_eq!(bearer_token(&headers(&["Bearer a", "Bearer a"])), None);
    }

    #[test]
    fn known_tokens_authenticate_with_their_permission() {
        assert_eq!(
            outcome(&["Bearer good"]),
            AuthOutcome::Authenticated(Caller {
                throttle_key: QuotaKey::DemoApplication,
                refusals: Refusals::default()
            })
        );
        assert_eq!(
            outcome(&["Bearer weak"]),
            AuthOutcome::Authenticated(Caller {
                throttle_key: QuotaKey::DemoApplication,
                refusals: Refusals::all(|p| Some(missing_permission_message(p)))
            })
        );
        assert_eq!(
            outcome(&["Bearer scores"]),
            AuthOutcome::Authenticated(Caller {
                throttle_key: QuotaKey::DemoApplication,
                refusals: Refusals {
                    scores: None,
                    recommendations: Some(missing_permission_message(
                        Permission::ReadRecommendations
                    )),
                }
            })
        );
        assert_eq!(outcome(&["Bearer other"]), AuthOutcome::Unauthenticated);
        assert_eq!(outcome(&[]), AuthOutcome::Unauthenticated);
    }

    #[test]
    fn the_fixed_tokens_share_one_application_unless_each_is_its_own() {
        let shared = demo(false);
        for token in ["good", "also-good", "weak", "scores"] {
            assert_eq!(quota_key(&shared, token), QuotaKey::DemoApplication);
        }
        let apart = demo(true);
        assert_eq!(
            quota_key(&apart, "good"),
            QuotaKey::DemoToken("good".into())
        );
        assert_ne!(quota_key(&apart, "good"), quota_key(&apart, "also-good"));
        assert_ne!(quota_key(&apart, "good"), quota_key(&apart, "weak"));
        assert_ne!(quota_key(&apart, "good"), quota_key(&apart, "scores"));
    }
}
