//! Loading the signing keys at start: the JWKS (found through the
//! issuer's discovery document when there is no `--jwks-url`), tried again
//! while the identity provider is not reachable yet, for up to
//! [`STARTUP_DEADLINE`].

use std::time::{Duration, Instant};

use reqwest::Url;

use super::keys::KeySet;
use super::note;
use super::verifier::JwtVerifier;
use crate::config::JwtSettings;
use crate::key_source::{
    discovery_url, parse_key_source, read_discovery, FetchError, KeySourceClient,
};

/// How long the startup fetch keeps trying.
pub const STARTUP_DEADLINE: Duration = Duration::from_secs(10);

/// The pause between startup attempts.
const RETRY_PAUSE: Duration = Duration::from_millis(200);

/// How long one read of the discovery document or the JWKS may take: no
/// limit of its own, the startup deadline ends it.
const NO_TIMEOUT: Duration = Duration::from_secs(3600);

/// Why a startup attempt failed.
enum AttemptError {
    /// Worth trying again until the deadline.
    Retry(String),
    /// Trying again cannot help.
    Fatal(String),
}

impl From<FetchError> for AttemptError {
    fn from(error: FetchError) -> AttemptError {
        match error {
            FetchError::Unreachable(message) => AttemptError::Retry(message),
            FetchError::BadAnswer(message) => AttemptError::Fatal(message),
        }
    }
}

impl JwtVerifier {
    /// Loads the signing keys, trying for up to [`STARTUP_DEADLINE`] while
    /// the identity provider is not reachable yet.
    pub async fn start(settings: &JwtSettings) -> Result<JwtVerifier, String> {
        let deadline = Instant::now() + STARTUP_DEADLINE;
        let client = KeySourceClient::new()?;
        let mut warned = false;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let attempt = tokio::time::timeout(
                remaining.max(Duration::from_millis(100)),
                load_keys(&client, settings, &mut warned),
            )
            .await;
            let last_error = match attempt {
                Ok(Ok((jwks_url, keys))) if !keys.is_empty() => {
                    note(&format!(
                        "verifying bearer tokens as JWTs with {} signing key(s) from {jwks_url}",
                        keys.len()
                    ));
                    return Ok(JwtVerifier::new(client, jwks_url, settings, keys));
                }
                Ok(Ok((jwks_url, _))) => {
                    format!(
                        "the JWKS at {jwks_url} holds no usable signing key (RSA or EC with a kid)"
                    )
                }
                Ok(Err(AttemptError::Fatal(message))) => return Err(message),
                Ok(Err(AttemptError::Retry(message))) => message,
                Err(_) => "no answer in time".to_string(),
            };
            if Instant::now() + RETRY_PAUSE >= deadline {
                return Err(format!(
                    "could not load the signing keys within {} s: {last_error}",
                    STARTUP_DEADLINE.as_secs()
                ));
            }
            tokio::time::sleep(RETRY_PAUSE).await;
        }
    }
}

/// One startup attempt: discovery (when needed), then the JWKS.
async fn load_keys(
    client: &KeySourceClient,
    settings: &JwtSettings,
    warned: &mut bool,
) -> Result<(Url, KeySet), AttemptError> {
    let jwks_url = match (&settings.jwks_url, &settings.issuer) {
        (Some(url), _) => url.clone(),
        (None, Some(issuer)) => discovered_jwks_url(client, issuer, warned).await?,
        (None, None) => {
            return Err(AttemptError::Fatal(
                "neither --jwks-url nor --issuer was given".into(),
            ))
        }
    };
    let body = client.get(&jwks_url, NO_TIMEOUT).await?;
    let keys = KeySet::parse(&body).map_err(|e| AttemptError::Fatal(format!("{jwks_url}: {e}")))?;
    Ok((jwks_url, keys))
}

/// The `jwks_uri` of `issuer`'s discovery document; warns once (through
/// `warned`) when the document names another issuer.
async fn discovered_jwks_url(
    client: &KeySourceClient,
    issuer: &str,
    warned: &mut bool,
) -> Result<Url, AttemptError> {
    let discovery = discovery_url(issuer).map_err(AttemptError::Fatal)?;
    let body = client.get(&discovery, NO_TIMEOUT).await?;
    let (jwks_uri, advertised_issuer) =
        read_discovery(&body).map_err(|e| AttemptError::Fatal(format!("{discovery}: {e}")))?;
    if advertised_issuer.as_deref() != Some(issuer) && !*warned {
        *warned = true;
        note(&format!(
            "warning: {discovery} names the issuer {:?}, not --issuer {issuer:?}; tokens must carry iss = {issuer:?}",
            advertised_issuer.unwrap_or_default()
        ));
    }
    parse_key_source(&jwks_uri)
        .map_err(|e| AttemptError::Fatal(format!("the jwks_uri of {discovery}: {e}")))
}
