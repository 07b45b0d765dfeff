//! Bearer token checks. Handlers only see an [`AuthOutcome`]; how a token
//! is judged lives in [`Authenticator`], so real JWT verification (a
//! `--jwks-url` variant) can be added here without touching them.

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;

/// The permission a caller needs, as the 403 message names it.
pub const REQUIRED_PERMISSION: &str = "Score.Read";

/// How bearer tokens are judged.
#[derive(Debug, Clone)]
pub enum Authenticator {
    /// Fixed tokens from the command line.
    StaticTokens {
        /// Tokens that may read scores.
        accepted: Vec<String>,
        /// A token that authenticates but lacks the permission.
        forbidden: String,
    },
}

/// Who is calling, once the token was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// What the rate limit counts calls under (kept in memory only).
    pub throttle_key: String,
    /// Whether the caller holds `Score.Read`.
    pub may_read_scores: bool,
}

/// The result of checking a request's `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthOutcome {
    /// The token is valid.
    Authenticated(Caller),
    /// No `Authorization` header, a malformed one, or an unknown token.
    Unauthenticated,
}

impl Authenticator {
    /// Judges the `Authorization` header of a request.
    pub async fn authenticate(&self, headers: &HeaderMap) -> AuthOutcome {
        let Some(token) = bearer_token(headers) else {
            return AuthOutcome::Unauthenticated;
        };
        match self {
            Authenticator::StaticTokens {
                accepted,
                forbidden,
            } => {
                if accepted.iter().any(|known| known == token) {
                    AuthOutcome::Authenticated(Caller {
                        throttle_key: token.to_string(),
                        may_read_scores: true,
                    })
                } else if forbidden == token {
                    AuthOutcome::Authenticated(Caller {
                        throttle_key: token.to_string(),
                        may_read_scores: false,
                    })
                } else {
                    AuthOutcome::Unauthenticated
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

    fn demo() -> Authenticator {
        Authenticator::StaticTokens {
            accepted: vec!["good".into()],
            forbidden: "weak".into(),
        }
    }

    fn outcome(authorization: &[&str]) -> AuthOutcome {
        let runtime = tokio::runtime::Builder::new_current_thread().build();
        match runtime {
            Ok(runtime) => runtime.block_on(demo().authenticate(&headers(authorization))),
            Err(e) => panic!("no runtime: {e}"),
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
                throttle_key: "good".into(),
                may_read_scores: true
            })
        );
        assert_eq!(
            outcome(&["Bearer weak"]),
            AuthOutcome::Authenticated(Caller {
                throttle_key: "weak".into(),
                may_read_scores: false
            })
        );
        assert_eq!(outcome(&["Bearer other"]), AuthOutcome::Unauthenticated);
        assert_eq!(outcome(&[]), AuthOutcome::Unauthenticated);
    }
}
