//! Signing in with an application token for `<the cloud's token resource>/.default`: client
//! credentials (a secret or a certificate) at an OpenID Connect issuer, the host's managed
//! identity, or a token handed over in an environment variable. Tokens are kept until five
//! minutes before they expire; none is ever logged or written.

pub mod certificate;
pub mod managed;

use crate::config::SignInWay;
use crate::http::read_limited;
use crate::secret::Secret;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use defender_score_core::model::{ApiBase, Cloud};
use managed::{first_line, Managed};
use serde::Deserialize;
use std::time::{Duration, Instant};

/// The OAuth 2.0 client assertion type of a signed JWT (RFC 7523).
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// A token is renewed this long before it expires.
const RENEW_MARGIN: Duration = Duration::from_secs(300);
/// The largest discovery document or token answer read.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// Why no token could be had; recorded in the snapshot as a failure with no card.
#[derive(Debug, Clone, PartialEq)]
pub struct SignInError {
    /// The HTTP status of the sign-in answer; `None` when no answer came.
    pub status: Option<u16>,
    /// The OAuth `error` code (`invalid_client`), when the answer had one.
    pub code: Option<String>,
    /// What happened, in one line; never a secret or a token.
    pub message: String,
}

impl SignInError {
    fn said(message: impl Into<String>) -> SignInError {
        SignInError {
            status: None,
            code: None,
            message: message.into(),
        }
    }
}

/// `<the cloud's token resource>/.default`: the application permissions granted to the app.
pub fn scope(cloud: Cloud) -> String {
    format!("{}/.default", cloud.token_resource())
}

/// The `tid` claim of a JWT access token (read, not verified: it came from our own sign-in);
/// `None` for an opaque token.
pub fn tenant_of(token: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Claims {
        tid: Option<String>,
    }
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Claims = serde_json::from_slice(&bytes).ok()?;
    claims.tid.filter(|t| !t.is_empty() && t.len() <= 256)
}

enum Way {
    Secret(Secret),
    Certificate(certificate::ClientCertificate),
}

enum Source {
    /// Client credentials at an OpenID Connect issuer.
    Client {
        client_id: String,
        way: Way,
        authority: ApiBase,
        token_endpoint: Option<String>,
    },
    Managed(Managed),
    Given(Secret),
}

/// Where tokens come from, and the one currently held.
pub struct Tokens {
    source: Source,
    http: reqwest::Client,
    scope: String,
    held: Option<(Secret, Instant)>,
}

#[derive(Deserialize)]
struct Discovery {
    token_endpoint: Option<String>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
}

fn network(what: &str, e: &reqwest::Error) -> SignInError {
    SignInError::said(if e.is_timeout() {
        format!("{what} timed out")
    } else {
        format!("{what} did not answer: {}", first_line(&without_url(e)))
    })
}

/// reqwest's message without the URL it names.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text
            .replace(&format!(" ({url})"), "")
            .replace(url.as_str(), "the server");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

impl Tokens {
    /// The token source of `way`; `authority` is the issuer for the client id ways.
    pub fn new(
        way: SignInWay,
        authority: Option<&str>,
        cloud: Cloud,
        http: reqwest::Client,
    ) -> Result<Tokens, String> {
        let authority = || {
            authority
                .and_then(|a| ApiBase::parse(a, None).ok())
                .ok_or_else(|| "--authority is missing".to_string())
        };
        let source = match way {
            SignInWay::ClientSecret { client_id, secret } => Source::Client {
                client_id,
                way: Way::Secret(secret),
                authority: authority()?,
                token_endpoint: None,
            },
            SignInWay::Certificate {
                client_id,
                certificate,
            } => Source::Client {
                client_id,
                way: Way::Certificate(certificate),
                authority: authority()?,
                token_endpoint: None,
            },
            SignInWay::ManagedIdentity { client_id } => {
                Source::Managed(Managed::new(client_id.as_deref(), &http)?)
            }
            SignInWay::AccessToken { token, .. } => Source::Given(token),
        };
        Ok(Tokens {
            source,
            http,
            scope: scope(cloud),
            held: None,
        })
    }

    /// A token: the one held while it is good, else a new one (`renew` asks for a new one
    /// after the API refused the held one with 401).
    pub async fn token(&mut self, renew: bool) -> Result<Secret, SignInError> {
        if let Some((token, until)) = &self.held {
            if !renew && Instant::now() + RENEW_MARGIN < *until {
                return Ok(token.clone());
            }
        }
        let (token, until) = match &mut self.source {
            Source::Given(token) => return Ok(token.clone()),
            Source::Managed(managed) => managed.token(&self.scope).await?,
            Source::Client { .. } => self.client_credentials().await?,
        };
        self.held = Some((token.clone(), until));
        Ok(token)
    }

    /// The token endpoint named by the issuer's discovery document, on the issuer's origin.
    async fn token_endpoint(&mut self) -> Result<String, SignInError> {
        let Source::Client {
            authority,
            token_endpoint,
            ..
        } = &mut self.source
        else {
            return Err(SignInError::said("no issuer"));
        };
        if let Some(endpoint) = token_endpoint {
            return Ok(endpoint.clone());
        }
        let url = format!("{}/.well-known/openid-configuration", authority.as_str());
        let what = format!("the OpenID configuration at {url}");
        let response = self
            .http
            .get(&url)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| network(&what, &e))?;
        let status = response.status().as_u16();
        let body = read_limited(response, MAX_ANSWER_BYTES)
            .await
            .map_err(|e| network(&what, &e))?;
        if status != 200 {
            return Err(SignInError {
                status: Some(status),
                code: None,
                message: format!("{what} answered {status}"),
            });
        }
        let endpoint = body
            .and_then(|b| serde_json::from_slice::<Discovery>(&b).ok())
            .and_then(|d| d.token_endpoint)
            .ok_or_else(|| SignInError::said(format!("{what} names no token_endpoint")))?;
        if !authority.owns(&endpoint) || ApiBase::parse(&endpoint, None).is_err() {
            return Err(SignInError::said(format!(
                "{what} names a token endpoint on another origin; the secret is not sent there"
            )));
        }
        *token_endpoint = Some(endpoint.clone());
        Ok(endpoint)
    }

    /// The client credentials grant (RFC 6749 4.4) with a secret or a client assertion.
    async fn client_credentials(&mut self) -> Result<(Secret, Instant), SignInError> {
        let endpoint = self.token_endpoint().await?;
        let Source::Client { client_id, way, .. } = &self.source else {
            return Err(SignInError::said("no client id"));
        };
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", client_id.clone()),
            ("scope", self.scope.clone()),
        ];
        let scrub = |text: &str| match way {
            Way::Secret(secret) => secret.scrub(text),
            Way::Certificate(_) => text.to_owned(),
        };
        match way {
            Way::Secret(secret) => form.push(("client_secret", secret.expose().to_owned())),
            Way::Certificate(cert) => {
                form.push(("client_assertion_type", JWT_BEARER.into()));
                form.push((
                    "client_assertion",
                    cert.assertion(client_id, &endpoint)
                        .map_err(SignInError::said)?,
                ));
            }
        }
        let what = "the token endpoint";
        let response = self
            .http
            .post(&endpoint)
            .header("Accept", "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| network(what, &e))?;
        drop(form);
        let status = response.status().as_u16();
        let body = read_limited(response, MAX_ANSWER_BYTES)
            .await
            .map_err(|e| network(what, &e))?
            .unwrap_or_default();
        if status != 200 {
            return Err(refused(status, &body, &scrub));
        }
        token_from(&body)
    }
}

/// A token endpoint's refusal: its OAuth `error` code and description, each on one line with
/// any secret `scrub`bed out.
fn refused(status: u16, body: &[u8], scrub: &dyn Fn(&str) -> String) -> SignInError {
    let error = serde_json::from_slice::<OAuthError>(body).ok();
    let code = error
        .as_ref()
        .and_then(|e| e.error.as_deref())
        .map(|c| scrub(&first_line(c)).chars().take(64).collect());
    let described = error
        .as_ref()
        .and_then(|e| e.error_description.as_deref())
        .map(|d| scrub(&first_line(d)));
    SignInError {
        status: Some(status),
        code,
        message: match described {
            Some(d) if !d.is_empty() => format!("sign-in refused ({status}): {d}"),
            _ => format!("sign-in refused ({status})"),
        },
    }
}

/// The bearer token in a token endpoint's answer, and when it expires (an hour when the answer
/// does not say, at most a day).
fn token_from(body: &[u8]) -> Result<(Secret, Instant), SignInError> {
    let answer: TokenAnswer = serde_json::from_slice(body)
        .map_err(|_| SignInError::said("the token endpoint's answer is not JSON"))?;
    if let Some(kind) = &answer.token_type {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(SignInError::said(format!(
                "the token endpoint gave a {} token, not a bearer token",
                first_line(kind)
            )));
        }
    }
    let token = answer
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| SignInError::said("the token endpoint's answer has no access_token"))?;
    let seconds = match answer.expires_in {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(3600)
    .min(86_400);
    Ok((
        Secret::new(token),
        Instant::now() + Duration::from_secs(seconds),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenant_is_the_tokens_tid_claim() {
        let payload = URL_SAFE_NO_PAD.encode(
            br#"{"tid":"8f2c0c1e-6b5b-4c8e-9a55-7c2d5f0e7d11","roles":["Score.Read.All"]}"#,
        );
        let token = format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln");
        assert_eq!(
            tenant_of(&token).as_deref(),
            Some("8f2c0c1e-6b5b-4c8e-9a55-7c2d5f0e7d11")
        );
        assert_eq!(tenant_of("demo-token"), None);
        assert_eq!(tenant_of("a.!!!.c"), None);
    }

    #[test]
    fn the_scope_is_the_clouds_resource_with_default() {
        assert_eq!(
            scope(Cloud::Commercial),
            "https://api.securitycenter.microsoft.com/.default"
        );
        assert_eq!(
            scope(Cloud::Dod),
            "https://api-gov.securitycenter.microsoft.us/.default"
        );
    }
}
