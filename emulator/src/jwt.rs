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

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, PublicKeyUse};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;

use crate::auth::Caller;
use crate::fetch::{parse_key_source, FetchError, KeySourceClient};
use crate::throttle::QuotaKey;

/// The audience the Defender API accepts by default.
pub const DEFAULT_AUDIENCE: &str = "https://api.securitycenter.microsoft.com";

/// The delegated permission, looked for in `scp`.
pub const DELEGATED_PERMISSION: &str = "Score.Read";

/// The application permission, looked for in `roles`.
pub const APPLICATION_PERMISSION: &str = "Score.Read.All";

/// The default `--clock-skew`, in seconds.
pub const DEFAULT_CLOCK_SKEW: u64 = 60;

/// How long the startup fetch keeps trying.
pub const STARTUP_DEADLINE: Duration = Duration::from_secs(10);

/// At most one refetch for an unknown `kid` per this interval.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(10);

/// How long one refetch may take.
const REFETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The pause between startup attempts.
const RETRY_PAUSE: Duration = Duration::from_millis(200);

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

/// Where the signing keys come from and what the claims must say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtSettings {
    /// `--jwks-url`; without it the JWKS is found through `--issuer`'s
    /// discovery document.
    pub jwks_url: Option<Url>,
    /// `--issuer`: the exact `iss` required; when `jwks_url` is `None` it
    /// is an `http://` or `https://` URL.
    pub issuer: Option<String>,
    /// Every `--audience` (one of them must be in `aud`).
    pub audiences: Vec<String>,
    /// `--clock-skew`: leeway for `exp` and `nbf`, in seconds.
    pub clock_skew: u64,
}

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
    let skew = policy.clock_skew as f64;
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
    if let Some(issuer) = &policy.issuer {
        if claims.iss.as_ref() != Some(issuer) {
            return Err(ClaimFailure::Invalid(format!(
                "The token was not issued by {issuer} (iss)."
            )));
        }
    }
    if !claims
        .aud
        .as_ref()
        .is_some_and(|aud| aud.contains_any(&policy.audiences))
    {
        return Err(ClaimFailure::Forbidden(format!(
            "The token's audience (aud) is not {}: request the token for that resource, e.g. the scope {DEFAULT_AUDIENCE}/{DELEGATED_PERMISSION}.",
            policy.audiences.join(" or ")
        )));
    }
    let delegated = claims
        .scp
        .as_deref()
        .is_some_and(|scp| scp.split(' ').any(|scope| scope == DELEGATED_PERMISSION));
    let application = claims
        .roles
        .as_ref()
        .is_some_and(|roles| roles.iter().any(|role| role == APPLICATION_PERMISSION));
    if !delegated && !application {
        return Err(ClaimFailure::Forbidden(format!(
            "The token grants neither the delegated permission {DELEGATED_PERMISSION} (scp) nor the application permission {APPLICATION_PERMISSION} (roles) needed to read scores."
        )));
    }
    Ok(())
}

/// What the quota counts a token's calls under: like the real API, its
/// application (`appid` in v1.0 tokens, else `azp` in v2.0 ones) in its
/// tenant (`tid`), so every user of one app registration draws on one quota
/// and a refreshed token keeps it. A token that names no application (not
/// one Entra ID issues for the API) is still limited: by its caller (`oid`,
/// else `sub`) in its tenant; naming no caller either, by its tenant; naming
/// nothing, by the token itself.
pub fn throttle_key(claims: &Claims, token: &str) -> QuotaKey {
    let tenant = claims.tid.clone();
    if let Some(app) = claims.appid.as_ref().or(claims.azp.as_ref()) {
        return QuotaKey::Application {
            tenant,
            app: app.clone(),
        };
    }
    let caller = match (&claims.oid, &claims.sub) {
        (Some(oid), _) => Some(("oid", oid)),
        (None, Some(sub)) => Some(("sub", sub)),
        (None, None) => None,
    };
    match (caller, tenant) {
        (Some((claim, id)), tenant) => QuotaKey::Caller {
            tenant,
            claim,
            id: id.clone(),
        },
        (None, Some(tenant)) => QuotaKey::Tenant(tenant),
        (None, None) => QuotaKey::Token(token.to_string()),
    }
}

/// One signing key of the JWKS.
#[derive(Clone)]
struct PublishedKey {
    key: DecodingKey,
    /// The key's `alg`, when the JWKS names one.
    algorithm: Option<Algorithm>,
}

/// The usable signing keys of a JWKS, by `kid`.
#[derive(Clone, Default)]
pub struct KeySet {
    keys: HashMap<String, PublishedKey>,
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut kids: Vec<&String> = self.keys.keys().collect();
        kids.sort();
        f.debug_struct("KeySet").field("kids", &kids).finish()
    }
}

impl KeySet {
    /// Reads a JWKS (`{"keys": [...]}`). Keys that cannot verify tokens
    /// are skipped: encryption keys, keys without `kid`, HMAC secrets,
    /// unknown key types.
    pub fn parse(body: &[u8]) -> Result<KeySet, String> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| format!("the JWKS is not JSON ({e})"))?;
        let keys = value
            .get("keys")
            .and_then(Value::as_array)
            .ok_or("the JWKS has no \"keys\" array")?;
        let mut set = KeySet::default();
        for key in keys {
            let Ok(jwk) = serde_json::from_value::<Jwk>(key.clone()) else {
                continue;
            };
            if let Some((kid, published)) = published_key(&jwk) {
                set.keys.insert(kid, published);
            }
        }
        Ok(set)
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether it holds a key with this `kid`.
    pub fn contains(&self, kid: &str) -> bool {
        self.keys.contains_key(kid)
    }
}

/// A JWK as a verification key, if it is one.
fn published_key(jwk: &Jwk) -> Option<(String, PublishedKey)> {
    if matches!(&jwk.common.public_key_use, Some(use_) if *use_ != PublicKeyUse::Signature) {
        return None;
    }
    if !matches!(
        jwk.algorithm,
        AlgorithmParameters::RSA(_) | AlgorithmParameters::EllipticCurve(_)
    ) {
        return None;
    }
    let kid = jwk.common.key_id.clone()?;
    let algorithm = match jwk.common.key_algorithm {
        None => None,
        Some(alg) => Some(Algorithm::try_from(alg).ok()?),
    };
    let key = DecodingKey::from_jwk(jwk).ok()?;
    Some((kid, PublishedKey { key, algorithm }))
}

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
        let header = decode_header(token)
            .map_err(|_| "The bearer token is not a well-formed JWT.".to_string())?;
        if !ACCEPTED_ALGORITHMS.contains(&header.alg) {
            return Err(format!(
                "The token's signature algorithm is not accepted (accepted: {}).",
                algorithm_names()
            ));
        }
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
        let mut validation = Validation::new(header.alg);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        let claims = match decode::<Claims>(token, &published.key, &validation) {
            Ok(data) => data.claims,
            Err(e) => {
                use jsonwebtoken::errors::ErrorKind;
                return Err(match e.kind() {
                    ErrorKind::InvalidSignature => "The token's signature is not valid.",
                    ErrorKind::Json(_) | ErrorKind::Base64(_) | ErrorKind::Utf8(_) => {
                        "The token's claims are malformed."
                    }
                    _ => "The token's signature could not be verified with its key.",
                }
                .to_string());
            }
        };
        let caller = |forbidden| Caller {
            throttle_key: throttle_key(&claims, token),
            forbidden,
        };
        match check_claims(&claims, &self.policy, unix_now()) {
            Ok(()) => Ok(caller(None)),
            Err(ClaimFailure::Forbidden(message)) => Ok(caller(Some(message))),
            Err(ClaimFailure::Invalid(reason)) => Err(reason),
        }
    }

    /// The key with `kid`, refetching the JWKS once if it is unknown (at
    /// most once per [`REFETCH_INTERVAL`]).
    async fn key_for(&self, kid: &str) -> Option<PublishedKey> {
        if let Some(key) = self.current_keys().keys.get(kid) {
            return Some(key.clone());
        }
        let mut last_refetch = self.last_refetch.lock().await;
        if let Some(key) = self.current_keys().keys.get(kid) {
            return Some(key.clone());
        }
        if last_refetch.is_some_and(|at| at.elapsed() < REFETCH_INTERVAL) {
            return None;
        }
        *last_refetch = Some(Instant::now());
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
        self.current_keys().keys.get(kid).cloned()
    }
}

/// One startup attempt: discovery (when needed), then the JWKS.
async fn load_keys(
    client: &KeySourceClient,
    settings: &JwtSettings,
    warned: &mut bool,
) -> Result<(Url, KeySet), AttemptError> {
    const NO_TIMEOUT: Duration = Duration::from_secs(3600);
    let jwks_url = match (&settings.jwks_url, &settings.issuer) {
        (Some(url), _) => url.clone(),
        (None, Some(issuer)) => {
            let discovery = discovery_url(issuer).map_err(AttemptError::Fatal)?;
            let body = client.get(&discovery, NO_TIMEOUT).await?;
            let (jwks_uri, advertised_issuer) = read_discovery(&body)
                .map_err(|e| AttemptError::Fatal(format!("{discovery}: {e}")))?;
            if advertised_issuer.as_deref() != Some(issuer.as_str()) && !*warned {
                *warned = true;
                note(&format!(
                    "warning: {discovery} names the issuer {:?}, not --issuer {issuer:?}; tokens must carry iss = {issuer:?}",
                    advertised_issuer.unwrap_or_default()
                ));
            }
            parse_key_source(&jwks_uri)
                .map_err(|e| AttemptError::Fatal(format!("the jwks_uri of {discovery}: {e}")))?
        }
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

/// `<issuer>/.well-known/openid-configuration` (one trailing slash of the
/// issuer dropped, as OpenID Connect Discovery says).
pub fn discovery_url(issuer: &str) -> Result<Url, String> {
    let base = issuer.strip_suffix('/').unwrap_or(issuer);
    parse_key_source(&format!("{base}/.well-known/openid-configuration"))
        .map_err(|e| format!("--issuer: {e}"))
}

/// The `jwks_uri` and `issuer` of a discovery document.
fn read_discovery(body: &[u8]) -> Result<(String, Option<String>), String> {
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

/// A line on stderr about token checks (never about a token's content).
fn note(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "defender-api-emulator: {message}");
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

    fn app(tenant: Option<&str>, app: &str) -> QuotaKey {
        QuotaKey::Application {
            tenant: tenant.map(String::from),
            app: app.into(),
        }
    }

    #[test]
    fn the_quota_key_is_the_v1_appid_in_its_tenant_whoever_the_user_is() {
        let alice = Claims {
            appid: Some("app-1".into()),
            tid: Some("t1".into()),
            oid: Some("alice".into()),
            sub: Some("s-alice".into()),
            ..good()
        };
        let bob = Claims {
            oid: Some("bob".into()),
            sub: Some("s-bob".into()),
            ..alice.clone()
        };
        assert_eq!(throttle_key(&alice, "tok-a"), app(Some("t1"), "app-1"));
        assert_eq!(throttle_key(&alice, "tok-a"), throttle_key(&bob, "tok-b"));
    }

    #[test]
    fn the_quota_key_is_the_v2_azp_when_there_is_no_appid() {
        let v2 = Claims {
            azp: Some("app-2".into()),
            tid: Some("t1".into()),
            oid: Some("alice".into()),
            ..good()
        };
        assert_eq!(throttle_key(&v2, "tok"), app(Some("t1"), "app-2"));
        let both = Claims {
            appid: Some("app-1".into()),
            ..v2
        };
        assert_eq!(throttle_key(&both, "tok"), app(Some("t1"), "app-1"));
    }

    #[test]
    fn one_application_in_two_tenants_or_two_applications_in_one_are_apart() {
        let base = Claims {
            appid: Some("app-1".into()),
            tid: Some("t1".into()),
            ..good()
        };
        let other_tenant = Claims {
            tid: Some("t2".into()),
            ..base.clone()
        };
        let other_app = Claims {
            appid: Some("app-2".into()),
            ..base.clone()
        };
        let key = throttle_key(&base, "tok");
        assert_ne!(key, throttle_key(&other_tenant, "tok"));
        assert_ne!(key, throttle_key(&other_app, "tok"));
        let no_tenant = Claims { tid: None, ..base };
        assert_eq!(throttle_key(&no_tenant, "tok"), app(None, "app-1"));
    }

    #[test]
    fn without_an_application_the_quota_key_falls_back_to_caller_then_tenant_then_token() {
        let user = Claims {
            oid: Some("o1".into()),
            sub: Some("s1".into()),
            tid: Some("t1".into()),
            ..good()
        };
        assert_eq!(
            throttle_key(&user, "tok"),
            QuotaKey::Caller {
                tenant: Some("t1".into()),
                claim: "oid",
                id: "o1".into()
            }
        );
        let subject = Claims {
            sub: Some("s1".into()),
            ..good()
        };
        assert_eq!(
            throttle_key(&subject, "tok"),
            QuotaKey::Caller {
                tenant: None,
                claim: "sub",
                id: "s1".into()
            }
        );
        let oid_equal_to_a_sub = Claims {
            oid: Some("s1".into()),
            ..good()
        };
        assert_ne!(
            throttle_key(&oid_equal_to_a_sub, "tok"),
            throttle_key(&subject, "tok")
        );
        let tenant_only = Claims {
            tid: Some("t1".into()),
            ..good()
        };
        assert_eq!(
            throttle_key(&tenant_only, "tok"),
            QuotaKey::Tenant("t1".into())
        );
        assert_eq!(throttle_key(&good(), "tok"), QuotaKey::Token("tok".into()));
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

    #[test]
    fn a_jwks_keeps_only_signing_keys_with_a_kid() {
        let rsa = r#"{"kty":"RSA","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}"#;
        let with = |extra: &str| {
            let mut key: Value = serde_json::from_str(rsa).unwrap_or_default();
            let extra: Value = serde_json::from_str(extra).unwrap_or_default();
            if let (Some(key), Some(extra)) = (key.as_object_mut(), extra.as_object()) {
                key.extend(extra.clone());
            }
            key
        };
        let jwks = serde_json::json!({"keys": [
            with(r#"{"kid":"sig","use":"sig","alg":"RS256"}"#),
            with(r#"{"kid":"plain"}"#),
            with(r#"{"kid":"enc","use":"enc"}"#),
            with(r#"{"kid":"oaep","alg":"RSA-OAEP"}"#),
            with(r#"{}"#),
            {"kty":"oct","kid":"hmac","k":"c2VjcmV0"},
            {"kty":"weird","kid":"w"},
            "not an object",
        ]});
        let set = KeySet::parse(jwks.to_string().as_bytes()).unwrap_or_default();
        assert_eq!(format!("{set:?}"), r#"KeySet { kids: ["plain", "sig"] }"#);
        assert!(KeySet::parse(b"{}").is_err());
        assert!(KeySet::parse(b"<html>").is_err());
        assert_eq!(KeySet::parse(br#"{"keys":[]}"#).map(|s| s.len()), Ok(0));
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
