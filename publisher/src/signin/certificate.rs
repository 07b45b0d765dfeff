//! `--certificate PEM`: the application's certificate and RSA private key, and the signed
//! client assertion (RFC 7523) that proves them to the token endpoint, as Entra ID documents
//! it: an RS256 JWT with the certificate's SHA-1 thumbprint as `x5t`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde::Serialize;
use sha1::{Digest, Sha1};
use std::fmt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// How long an assertion is valid: five minutes, as Microsoft's libraries make them.
const ASSERTION_SECONDS: u64 = 300;

/// A certificate and its private key, read from one PEM file.
pub struct ClientCertificate {
    key: EncodingKey,
    thumbprint: String,
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("x5t", &self.thumbprint)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    aud: &'a str,
    iss: &'a str,
    sub: &'a str,
    jti: String,
    nbf: u64,
    iat: u64,
    exp: u64,
}

impl ClientCertificate {
    /// Reads the file: one `CERTIFICATE` block and one RSA private key block (PKCS#8
    /// `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`). The error never quotes the key.
    pub fn read(path: &Path) -> Result<ClientCertificate, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
        ClientCertificate::from_pem(&bytes)
    }

    /// [`ClientCertificate::read`] from the file's bytes.
    pub fn from_pem(bytes: &[u8]) -> Result<ClientCertificate, String> {
        let blocks = pem::parse_many(bytes).map_err(|_| "is not a PEM file".to_string())?;
        let cert = blocks
            .iter()
            .find(|b| b.tag() == "CERTIFICATE")
            .ok_or("holds no CERTIFICATE block")?;
        let key = blocks
            .iter()
            .find(|b| b.tag() == "PRIVATE KEY" || b.tag() == "RSA PRIVATE KEY")
            .ok_or("holds no unencrypted RSA PRIVATE KEY or PRIVATE KEY block")?;
        let key = EncodingKey::from_rsa_pem(pem::encode(key).as_bytes())
            .map_err(|_| "its private key is not an RSA key".to_string())?;
        let thumbprint = URL_SAFE_NO_PAD.encode(Sha1::digest(cert.contents()));
        Ok(ClientCertificate { key, thumbprint })
    }

    /// A client assertion for `client_id` at `token_endpoint`, valid for five minutes.
    pub fn assertion(&self, client_id: &str, token_endpoint: &str) -> Result<String, String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut header = Header::new(Algorithm::RS256);
        header.x5t = Some(self.thumbprint.clone());
        let claims = Claims {
            aud: token_endpoint,
            iss: client_id,
            sub: client_id,
            jti: uuid::Uuid::new_v4().to_string(),
            nbf: now,
            iat: now,
            exp: now + ASSERTION_SECONDS,
        };
        encode(&header, &claims, &self.key)
            .map_err(|e| format!("cannot sign the client assertion: {e}"))
    }
}
