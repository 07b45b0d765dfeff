//! The verifier: one token's header, signature and claims checked against
//! the signing keys it holds, refetching them once for an unknown `kid`.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Header, Validation};
use reqwest::Url;

use super::claims::{check_claims, ClaimFailure, ClaimPolicy, Claims};
use super::keys::{KeySet, PublishedKey};
use super::note;
use super::quota_key::throttle_key;
use crate::access::{Caller, Permission, Refusals};
use crate::config::JwtSettings;
use crate::key_source::KeySourceClient;

/// At most one refetch for an unknown `kid` per this interval.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(10);

/// How long one refetch may take.
const REFETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The signature algorithms accepted. Never `none` nor HMAC: a JWKS holds
/// public keys only.
pub const ACCEPTED_ALGORITHMS: [Algorithm; 8] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// Verifies bearer tokens against an identity provider's keys.
pub struct JwtVerifier {
    jwks_url: Url,
    client: KeySourceClient,
    policy: ClaimPolicy,
    keys: RwLock<Arc<KeySet>>,
    /// When an unknown `kid` last made it refetch; held during a refetch.
    last_refetch: tokio::sync::Mutex<Option<Instant>>,
}

impl fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtVerifier")
            .field("jwks_url", &self.jwks_url.as_str())
            .field("policy", &self.policy)
            .field("keys", &self.current_keys())
            .finish()
    }
}

impl JwtVerifier {
    /// A verifier with keys already loaded from `jwks_url`, refetching them
    /// through `client`.
    pub fn new(
        client: KeySourceClient,
        jwks_url: Url,
        settings: &JwtSettings,
        keys: KeySet,
    ) -> JwtVerifier {
        JwtVerifier {
            jwks_url,
            client,
            policy: ClaimPolicy {
                issuer: settings.issuer.clone(),
                audiences: settings.audiences.clone(),
                clock_skew: settings.clock_skew,
            },
            keys: RwLock::new(Arc::new(keys)),
            last_refetch: tokio::sync::Mutex::new(None),
        }
    }

    fn current_keys(&self) -> Arc<KeySet> {
        Arc::clone(&self.keys.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Verifies `token`: `Ok` with the caller (who may still be refused
    /// with 403), or `Err` with the reason for a 401.
    pub async fn verify(&self, token: &str) -> Result<Caller, String> {
        let header = accepted_header(token)?;
        let kid = header
            .kid
            .ok_or_else(|| "The token names no signing key (kid).".to_string())?;
        let published = self.key_for(&kid).await.ok_or_else(|| {
            "The token was signed with a key the identity provider does not publish (unknown kid)."
                .to_string()
        })?;
        if published.algorithm.is_some_and(|alg| alg != header.alg) {
            return Err(
                "The token's signature algorithm does not match its signing key.".to_string(),
            );
        }
        let claims = signed_claims(token, &published.key, header.alg)?;
        let now = unix_now();
        let mut refusals = Refusals::default();
        for permission in Permission::ALL {
            let refusal = match check_claims(&claims, &self.policy, now, permission) {
                Ok(()) => None,
                Err(ClaimFailure::Forbidden(message)) => Some(message),
                Err(ClaimFailure::Invalid(reason)) => return Err(reason),
            };
            match permission {
                Permission::ReadScores => refusals.scores = refusal,
                Permission::ReadRecommendations => refusals.recommendations = refusal,
            }
        }
        Ok(Caller {
            throttle_key: throttle_key(&claims, token),
            refusals,
        })
    }

    /// The key with `kid`, refetching the JWKS once if it is unknown (at
    /// most once per [`REFETCH_INTERVAL`]).
    async fn key_for(&self, kid: &str) -> Option<PublishedKey> {
        if let Some(key) = self.current_keys().get(kid) {
            return Some(key.clone());
        }
        let mut last_refetch = self.last_refetch.lock().await;
        if let Some(key) = self.current_keys().get(kid) {
            return Some(key.clone());
        }
        if last_refetch.is_some_and(|at| at.elapsed() < REFETCH_INTERVAL) {
            return None;
        }
        *last_refetch = Some(Instant::now());
        self.refetch().await;
        self.current_keys().get(kid).cloned()
    }

    /// Reads the JWKS again and replaces the keys; keeps the old ones if
    /// that fails.
    async fn refetch(&self) {
        match self
            .client
            .get(&self.jwks_url, REFETCH_TIMEOUT)
            .await
            .map_err(|e| e.to_string())
            .and_then(|body| KeySet::parse(&body))
        {
            Ok(keys) => {
                note(&format!(
                    "refetched the JWKS for an unknown kid: {} signing key(s) from {}",
                    keys.len(),
                    self.jwks_url
                ));
                *self.keys.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
            }
            Err(e) => note(&format!(
                "refetching the JWKS for an unknown kid failed, keeping the old keys: {e}"
            )),
        }
    }
}

/// The header of `token`, if it is a JWT signed with an accepted algorithm.
fn accepted_header(token: &str) -> Result<Header, String> {
    let header = decode_header(token)
        .map_err(|_| "The bearer token is not a well-formed JWT.".to_string())?;
    if !ACCEPTED_ALGORITHMS.contains(&header.alg) {
        return Err(format!(
            "The token's signature algorithm is not accepted (accepted: {}).",
            algorithm_names()
        ));
    }
    Ok(header)
}

/// The claims of `token` once its signature checks out with `key`; their
/// times, audience and issuer are left to [`check_claims`].
fn signed_claims(token: &str, key: &DecodingKey, algorithm: Algorithm) -> Result<Claims, String> {
    use jsonwebtoken::errors::ErrorKind;
    let mut validation = Validation::new(algorithm);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    decode::<Claims>(token, key, &validation)
        .map(|data| data.claims)
        .map_err(|e| {
            match e.kind() {
                ErrorKind::InvalidSignature => "The token's signature is not valid.",
                ErrorKind::Json(_) | ErrorKind::Base64(_) | ErrorKind::Utf8(_) => {
                    "The token's claims are malformed."
                }
                _ => "The token's signature could not be verified with its key.",
            }
            .to_string()
        })
}

/// The accepted algorithms, comma-separated.
fn algorithm_names() -> String {
    ACCEPTED_ALGORITHMS
        .iter()
        .map(|alg| format!("{alg:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Seconds since the epoch, as a JWT `NumericDate`.
fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}
