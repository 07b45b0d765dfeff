//! The identity provider's signing keys: a JWKS read into the keys that
//! can verify tokens, by `kid`.

use std::collections::HashMap;
use std::fmt;

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

/// One signing key of the JWKS.
#[derive(Clone)]
pub(super) struct PublishedKey {
    /// The key that checks signatures.
    pub(super) key: DecodingKey,
    /// The key's `alg`, when the JWKS names one.
    pub(super) algorithm: Option<Algorithm>,
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

    /// The key with this `kid`.
    pub(super) fn get(&self, kid: &str) -> Option<&PublishedKey> {
        self.keys.get(kid)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
