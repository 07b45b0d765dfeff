//! Where the identity provider's keys come from: the URLs of key sources
//! (`--jwks-url`, `--issuer`'s discovery document, its `jwks_uri`), what a
//! discovery document says, and the client that reads them over `http://`
//! or `https://`, with `reqwest` and rustls. An `https://` source must
//! present a certificate the system trusts; `SSL_CERT_FILE` or
//! `SSL_CERT_DIR` name other trusted certificates (PEM), as with OpenSSL.

use std::error::Error;
use std::fmt;
use std::io;
use std::time::Duration;

use reqwest::header::ACCEPT;
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode, Url};
use serde_json::Value;

/// The largest body read, 4 MiB: a JWKS is a few KiB.
const MAX_BODY_BYTES: usize = 4 << 20;

/// An `http://` or `https://` URL to read keys from (`--jwks-url`, the
/// discovery document, its `jwks_uri`); says why when it is not one.
pub fn parse_key_source(text: &str) -> Result<Url, String> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{text:?} contains whitespace"));
    }
    let url = Url::parse(text).map_err(|e| {
        format!(
            "{text:?} is not a URL such as https://login.microsoftonline.com/common/discovery/v2.0/keys ({e})"
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{text:?} is not an http:// or https:// URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{text:?} has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{text:?}: user names in URLs are not supported"));
    }
    if url.port() == Some(0) {
        return Err(format!("{text:?} has port 0"));
    }
    Ok(url)
}

/// `<issuer>/.well-known/openid-configuration` (one trailing slash of the
/// issuer dropped, as OpenID Connect Discovery says).
pub fn discovery_url(issuer: &str) -> Result<Url, String> {
    let base = issuer.strip_suffix('/').unwrap_or(issuer);
    parse_key_source(&format!("{base}/.well-known/openid-configuration"))
        .map_err(|e| format!("--issuer: {e}"))
}

/// The `jwks_uri` and `issuer` of a discovery document.
pub fn read_discovery(body: &[u8]) -> Result<(String, Option<String>), String> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("the discovery document is not JSON ({e})"))?;
    let jwks_uri = value
        .get("jwks_uri")
        .and_then(Value::as_str)
        .ok_or("the discovery document has no jwks_uri")?;
    let issuer = value
        .get("issuer")
        .and_then(Value::as_str)
        .map(String::from);
    Ok((jwks_uri.to_string(), issuer))
}

/// Why a GET failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer (refused, reset, timed out, 5xx): worth trying again later.
    Unreachable(String),
    /// An answer, but not a 200 with a readable body, or a TLS certificate
    /// that is not trusted: trying again cannot help.
    BadAnswer(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Unreachable(message) | FetchError::BadAnswer(message) => {
                f.write_str(message)
            }
        }
    }
}

/// The client that reads key sources: redirects are not followed.
#[derive(Debug, Clone)]
pub struct KeySourceClient {
    client: Client,
}

impl KeySourceClient {
    /// A client trusting the system's certificates (and `SSL_CERT_FILE`).
    pub fn new() -> Result<KeySourceClient, String> {
        Client::builder()
            .redirect(Policy::none())
            .user_agent("defender-api-emulator")
            .build()
            .map(|client| KeySourceClient { client })
            .map_err(|e| format!("cannot set up the HTTPS client: {}", causes(&e)))
    }

    /// GETs `url` and returns the body of a 200 answer, all within `timeout`.
    pub async fn get(&self, url: &Url, timeout: Duration) -> Result<Vec<u8>, FetchError> {
        let failed = |e: reqwest::Error| classify(url, timeout, &e);
        let mut response = self
            .client
            .get(url.clone())
            .header(ACCEPT, "application/json")
            .timeout(timeout)
            .send()
            .await
            .map_err(failed)?;
        let status = response.status();
        if status.is_server_error() {
            return Err(FetchError::Unreachable(format!(
                "GET {url}: HTTP status {}",
                status.as_u16()
            )));
        }
        if status != StatusCode::OK {
            return Err(FetchError::BadAnswer(format!(
                "GET {url}: HTTP status {} (expected 200)",
                status.as_u16()
            )));
        }
        let too_large = || {
            FetchError::BadAnswer(format!(
                "GET {url}: the answer is larger than {MAX_BODY_BYTES} bytes"
            ))
        };
        if response
            .content_length()
            .is_some_and(|length| length > MAX_BODY_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
        }
        Ok(body)
    }
}

/// A failed request as a [`FetchError`]: a certificate the TLS handshake
/// refused cannot get better by waiting; anything else may.
fn classify(url: &Url, timeout: Duration, error: &reqwest::Error) -> FetchError {
    if error.is_timeout() {
        return FetchError::Unreachable(format!(
            "GET {url}: no answer within {:.1} s",
            timeout.as_secs_f64()
        ));
    }
    let message = format!("GET {url}: {}", causes(error));
    if tls_refused(error) {
        FetchError::BadAnswer(message)
    } else {
        FetchError::Unreachable(message)
    }
}

/// Whether the chain of `error` holds the TLS layer's refusal: rustls
/// reports it as an I/O error of kind `InvalidData`, which the connector
/// may wrap in another I/O error (reached through `get_ref`, not `source`).
fn tls_refused(error: &(dyn Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if let Some(io_error) = current.downcast_ref::<io::Error>() {
            if io_error.kind() == io::ErrorKind::InvalidData {
                return true;
            }
            if let Some(inner) = io_error.get_ref() {
                if tls_refused(inner) {
                    return true;
                }
            }
        }
        cause = current.source();
    }
    false
}

/// The causes of `error`, innermost last, joined with `: ` (without
/// reqwest's own line, which repeats the URL).
fn causes(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = error.source();
    while let Some(current) = cause {
        let text = current.to_string();
        if !parts.iter().any(|seen| seen.contains(&text)) {
            parts.push(text);
        }
        cause = current.source();
    }
    if parts.is_empty() {
        parts.push(error.to_string());
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_urls_are_key_sources() {
        for text in [
            "http://127.0.0.1:8081/jwks",
            "HTTP://localhost",
            "http://[::1]:9000/a/b?x=1#frag",
            "https://login.microsoftonline.com/common/discovery/v2.0/keys",
        ] {
            assert!(parse_key_source(text).is_ok(), "{text}");
        }
        let jwks = parse_key_source("http://127.0.0.1:8081/jwks").map(|url| url.to_string());
        assert_eq!(jwks.as_deref(), Ok("http://127.0.0.1:8081/jwks"));
    }

    #[test]
    fn other_urls_are_refused_with_a_reason() {
        for bad in [
            "ftp://x/",
            "127.0.0.1:8081",
            "idp/keys",
            "http://",
            "http://:80/",
            "http://h:0/",
            "http://h:99999/",
            "http://u@h/",
            "https://u:p@h/",
            "http://[::1/",
            "http://h/a b",
            "",
        ] {
            let error = parse_key_source(bad).err().unwrap_or_default();
            assert!(!error.is_empty(), "{bad}");
        }
        let ftp = parse_key_source("ftp://x/").err().unwrap_or_default();
        assert!(ftp.contains("http:// or https://"), "{ftp}");
    }

    #[test]
    fn the_discovery_document_lives_under_the_issuer() {
        let url = discovery_url("http://127.0.0.1:9000/").map(|u| u.to_string());
        assert_eq!(
            url.as_deref(),
            Ok("http://127.0.0.1:9000/.well-known/openid-configuration")
        );
        let tenant = discovery_url("https://idp/tenant-1").map(|u| u.path().to_string());
        assert_eq!(
            tenant.as_deref(),
            Ok("/tenant-1/.well-known/openid-configuration")
        );
        assert_eq!(
            read_discovery(br#"{"issuer":"http://idp","jwks_uri":"http://idp/jwks"}"#),
            Ok(("http://idp/jwks".into(), Some("http://idp".into())))
        );
        assert!(read_discovery(br#"{"issuer":"http://idp"}"#).is_err());
    }
}
