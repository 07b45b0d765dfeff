//! A tiny identity provider for the JWT tests: signing keys from
//! `tests/keys/`, the JWKS and discovery document it serves on loopback
//! (plain HTTP or TLS with a self-signed certificate), and token claims as
//! Entra ID issues them. Shared by `jwt_tokens.rs` and
//! `recommendation_tokens.rs`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::common::DEADLINE;

/// The audience the emulator accepts by default.
pub const AUDIENCE: &str = "https://api.securitycenter.microsoft.com";

/// A signing key from `tests/keys/` and the `kid` it is published under.
pub struct TestKey {
    pub encoding: EncodingKey,
    pub alg: Algorithm,
    pub kid: &'static str,
}

impl TestKey {
    pub fn rsa_a() -> TestKey {
        TestKey::rsa(include_bytes!("../keys/rsa-a.pem"), "key-a")
    }

    pub fn rsa_b() -> TestKey {
        TestKey::rsa(include_bytes!("../keys/rsa-b.pem"), "key-b")
    }

    pub fn rsa(pem: &[u8], kid: &'static str) -> TestKey {
        TestKey {
            encoding: EncodingKey::from_rsa_pem(pem).expect("the test RSA key loads"),
            alg: Algorithm::RS256,
            kid,
        }
    }

    pub fn ec() -> TestKey {
        TestKey {
            encoding: EncodingKey::from_ec_pem(include_bytes!("../keys/ec-p256.pem"))
                .expect("the test EC key loads"),
            alg: Algorithm::ES256,
            kid: "key-ec",
        }
    }

    /// The public half as a JWK, as an identity provider publishes it.
    pub fn jwk(&self) -> Jwk {
        let mut jwk = Jwk::from_encoding_key(&self.encoding, self.alg).expect("a public JWK");
        jwk.common.key_id = Some(self.kid.to_string());
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        jwk.common.key_algorithm = Some(KeyAlgorithm::from(self.alg));
        jwk
    }

    /// `claims` signed with this key, with its `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_as(self.kid, claims)
    }

    /// `claims` signed with this key under another `kid`.
    pub fn sign_as(&self, kid: &str, claims: &Value) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(kid.to_string());
        encode(&header, claims, &self.encoding).expect("the token is signed")
    }
}

pub fn jwks(keys: &[&TestKey]) -> Value {
    serde_json::to_value(JwkSet {
        keys: keys.iter().map(|key| key.jwk()).collect(),
    })
    .unwrap()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Claims of a delegated token for the API with `Score.Read`, valid for an
/// hour, as Entra ID issues them (trimmed).
pub fn user_claims(issuer: &str) -> Value {
    json!({
        "aud": AUDIENCE,
        "iss": issuer,
        "iat": now() - 10,
        "nbf": now() - 10,
        "exp": now() + 3600,
        "scp": "Score.Read",
        "oid": "00000000-0000-0000-0000-00000000000a",
        "tid": "11111111-1111-1111-1111-111111111111",
        "sub": "user-subject",
    })
}

/// `claims` with `changes` merged in (`null` removes a claim).
pub fn with(mut claims: Value, changes: Value) -> Value {
    if let (Some(claims), Some(changes)) = (claims.as_object_mut(), changes.as_object()) {
        for (name, value) in changes {
            if value.is_null() {
                claims.remove(name);
            } else {
                claims.insert(name.clone(), value.clone());
            }
        }
    }
    claims
}

/// What the in-test identity provider serves and has seen.
pub struct IdpState {
    pub jwks: Value,
    pub issuer: String,
    /// Connections to close without an answer (an identity provider still
    /// starting).
    pub unanswered: usize,
}

/// A tiny identity provider on loopback: `GET /jwks` and
/// `GET /.well-known/openid-configuration`, one request per connection,
/// over plain HTTP or TLS.
pub struct IdentityProvider {
    pub base: String,
    pub addr: String,
    pub state: Arc<Mutex<IdpState>>,
    pub jwks_requests: Arc<AtomicUsize>,
    pub discovery_requests: Arc<AtomicUsize>,
    pub connections: Arc<AtomicUsize>,
    pub stop: Arc<AtomicBool>,
}

impl IdentityProvider {
    pub fn serve(keys: &[&TestKey]) -> IdentityProvider {
        IdentityProvider::serve_after(keys, 0)
    }

    /// Serves `keys`, but closes the first `unanswered` connections
    /// without a word.
    pub fn serve_after(keys: &[&TestKey], unanswered: usize) -> IdentityProvider {
        IdentityProvider::start(keys, unanswered, None)
    }

    /// Serves `keys` over TLS with `certificate`.
    pub fn serve_tls(keys: &[&TestKey], certificate: &TestCertificate) -> IdentityProvider {
        IdentityProvider::start(keys, 0, Some(certificate.server_config()))
    }

    pub fn start(
        keys: &[&TestKey],
        unanswered: usize,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> IdentityProvider {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base = format!("{scheme}://{addr}");
        let state = Arc::new(Mutex::new(IdpState {
            jwks: jwks(keys),
            issuer: base.clone(),
            unanswered,
        }));
        let idp = IdentityProvider {
            base,
            addr,
            state,
            jwks_requests: Arc::default(),
            discovery_requests: Arc::default(),
            connections: Arc::default(),
            stop: Arc::default(),
        };
        let (state, jwks_requests, discovery_requests, connections, stop) = (
            Arc::clone(&idp.state),
            Arc::clone(&idp.jwks_requests),
            Arc::clone(&idp.discovery_requests),
            Arc::clone(&idp.connections),
            Arc::clone(&idp.stop),
        );
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                connections.fetch_add(1, Ordering::SeqCst);
                {
                    let mut state = state.lock().unwrap();
                    if state.unanswered > 0 {
                        state.unanswered -= 1;
                        continue;
                    }
                }
                let _ = stream.set_read_timeout(Some(DEADLINE));
                match &tls {
                    None => answer(stream, &state, &jwks_requests, &discovery_requests),
                    Some(config) => {
                        let Ok(connection) = rustls::ServerConnection::new(Arc::clone(config))
                        else {
                            continue;
                        };
                        let stream = rustls::StreamOwned::new(connection, stream);
                        answer(stream, &state, &jwks_requests, &discovery_requests);
                    }
                }
            }
        });
        idp
    }

    pub fn jwks_url(&self) -> String {
        format!("{}/jwks", self.base)
    }

    pub fn publish(&self, keys: &[&TestKey]) {
        self.state.lock().unwrap().jwks = jwks(keys);
    }

    pub fn jwks_requests(&self) -> usize {
        self.jwks_requests.load(Ordering::SeqCst)
    }
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(&self.addr);
    }
}

pub fn answer(
    stream: impl Read + Write,
    state: &Mutex<IdpState>,
    jwks_requests: &AtomicUsize,
    discovery_requests: &AtomicUsize,
) {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line.split(' ').nth(1).unwrap_or_default();
    let (status, body) = {
        let state = state.lock().unwrap();
        match path {
            "/jwks" => {
                jwks_requests.fetch_add(1, Ordering::SeqCst);
                ("200 OK", state.jwks.to_string())
            }
            "/.well-known/openid-configuration" => {
                discovery_requests.fetch_add(1, Ordering::SeqCst);
                let document = json!({
                    "issuer": state.issuer,
                    "jwks_uri": format!("{}/jwks", state.issuer),
                    "token_endpoint": format!("{}/token", state.issuer),
                });
                ("200 OK", document.to_string())
            }
            _ => ("404 Not Found", "{}".to_string()),
        }
    };
    let mut stream = reader.into_inner();
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .and_then(|()| stream.flush());
}

/// A self-signed certificate for 127.0.0.1 (made for the test run), its
/// key, and the PEM file that makes the emulator trust it
/// (`SSL_CERT_FILE`); the file is removed when dropped.
pub struct TestCertificate {
    pub key: rcgen::CertifiedKey<rcgen::KeyPair>,
    pub pem_file: std::path::PathBuf,
}

impl TestCertificate {
    pub fn new(name: &str) -> TestCertificate {
        let key = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
            .expect("a self-signed certificate");
        let pem_file =
            std::env::temp_dir().join(format!("emulator-test-{name}-{}.pem", std::process::id()));
        std::fs::write(&pem_file, key.cert.pem()).unwrap();
        TestCertificate { key, pem_file }
    }

    pub fn trusted_by(&self) -> (&'static str, &str) {
        ("SSL_CERT_FILE", self.pem_file.to_str().unwrap())
    }

    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let chain = vec![self.key.cert.der().clone()];
        let key =
            rustls::pki_types::PrivateKeyDer::Pkcs8(self.key.signing_key.serialize_der().into());
        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("the test certificate suits a TLS server");
        Arc::new(config)
    }
}

impl Drop for TestCertificate {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.pem_file);
    }
}
