//! Signing in: client credentials at a stand-in OpenID issuer (a secret, a certificate),
//! a managed identity through azure_identity (a stand-in App Service identity endpoint), the
//! tenant from the token's `tid`; and no secret or token in any output or file.

mod common;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

const CLIENT_ID: &str = "0b5f1d7e-2c44-4d6f-9a1e-5d3c2b1a0f99";
const SECRET: &str = "pub-test-secret-Zq8~v2.Kx91_LmN0pQ";

/// An unsigned JWT-shaped token naming `tid` (the emulator takes it as a fixed demo token).
fn token_with_tid(tid: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD
        .encode(json!({"tid": tid, "roles": ["Score.Read.All"], "appid": CLIENT_ID}).to_string());
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

/// What the stand-in issuer saw and answers.
#[derive(Default)]
struct Issuer {
    forms: Mutex<Vec<HashMap<String, String>>>,
    /// The token it issues.
    token: String,
    /// `Some(secret)`: only this secret signs in; `None`: a certificate assertion is checked.
    secret: Option<String>,
    /// Where discovery says the token endpoint is (`None`: `<issuer>/token`).
    token_endpoint: Option<String>,
}

fn issuer_router(issuer: Arc<Issuer>) -> Router {
    async fn discovery(State(issuer): State<Arc<Issuer>>, headers: HeaderMap) -> Json<Value> {
        let host = headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let endpoint = issuer
            .token_endpoint
            .clone()
            .unwrap_or_else(|| format!("http://{host}/token"));
        Json(json!({"issuer": format!("http://{host}"), "token_endpoint": endpoint}))
    }
    async fn token(
        State(issuer): State<Arc<Issuer>>,
        headers: HeaderMap,
        Form(form): Form<HashMap<String, String>>,
    ) -> Response {
        issuer.forms.lock().unwrap().push(form.clone());
        let refuse = |why: String| {
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({"error": "invalid_client", "error_description": why})),
            )
                .into_response()
        };
        if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return refuse("grant_type".into());
        }
        match &issuer.secret {
            Some(secret) => {
                let given = form.get("client_secret").cloned().unwrap_or_default();
                if &given != secret {
                    // Echoes what it was given, as some servers do: the publisher must not repeat it.
                    return refuse(format!(
                        "AADSTS7000215: Invalid client secret provided: {given}\r\nTrace ID: 1"
                    ));
                }
            }
            None => {
                let host = headers
                    .get("host")
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("");
                let assertion = form.get("client_assertion").cloned().unwrap_or_default();
                if form.get("client_assertion_type").map(String::as_str)
                    != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                {
                    return refuse("client_assertion_type".into());
                }
                let key =
                    jsonwebtoken::DecodingKey::from_rsa_pem(include_bytes!("keys/public.pem"))
                        .expect("the test's public key");
                let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
                validation.set_audience(&[format!("http://{host}/token")]);
                validation.set_issuer(&[CLIENT_ID]);
                validation.sub = Some(CLIENT_ID.into());
                match jsonwebtoken::decode::<Value>(&assertion, &key, &validation) {
                    Ok(data) if data.header.x5t.is_some() => {}
                    Ok(_) => return refuse("no x5t".into()),
                    Err(e) => return refuse(format!("assertion: {e}")),
                }
            }
        }
        Json(json!({"access_token": issuer.token, "token_type": "Bearer", "expires_in": 3599}))
            .into_response()
    }
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/token", post(token))
        .with_state(issuer)
}

/// Every file in `dir` as text.
fn files(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        all.push_str(&String::from_utf8_lossy(
            &std::fs::read(&path).expect("read"),
        ));
    }
    all
}

fn assert_nowhere(secret: &str, output: &std::process::Output, dir: &Path) {
    let (stdout, stderr) = text(output);
    assert!(!stdout.contains(secret), "stdout holds a secret: {stdout}");
    assert!(!stderr.contains(secret), "stderr holds a secret: {stderr}");
    assert!(!files(dir).contains(secret), "a file holds a secret");
}

fn client_args<'a>(emulator: &'a Emulator, out: &'a Path, issuer: &'a str) -> Vec<&'a str> {
    vec![
        "--out",
        out.to_str().expect("utf-8 path"),
        "--api-base",
        &emulator.base,
        "--authority",
        issuer,
        "--tenant-id",
        TENANT,
        "--client-id",
        CLIENT_ID,
    ]
}

#[test]
fn a_client_secret_signs_in_at_the_issuer_and_neither_secret_nor_token_appears_anywhere() {
    let token = token_with_tid(TENANT);
    let emulator = Emulator::start(&["--demo-token", &token]);
    let issuer = Arc::new(Issuer {
        token: token.clone(),
        secret: Some(SECRET.into()),
        ..Issuer::default()
    });
    let (issuer_url, _) = emulator.servers().serve(issuer_router(Arc::clone(&issuer)));
    let out = tempfile::tempdir().expect("temp dir");
    let args = client_args(&emulator, out.path(), &issuer_url);
    let output = run(&args, &[("DEFENDER_CLIENT_SECRET", SECRET)]);
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let forms = issuer.forms.lock().unwrap().clone();
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0]["client_id"], CLIENT_ID);
    assert_eq!(
        forms[0]["scope"],
        "https://api.securitycenter.microsoft.com/.default"
    );
    assert_eq!(read_folder(out.path()).snapshot.tenant, TENANT);
    assert_nowhere(SECRET, &output, out.path());
    assert_nowhere(&token, &output, out.path());

    // A refused secret: exit 1, the failure recorded with no card, the echoed secret nowhere.
    let wrong = "wrong-secret-Yy7~Q1.abcdefgh";
    let output = run(&args, &[("DEFENDER_CLIENT_SECRET", wrong)]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("sign-in failed: 401 invalid_client"),
        "{stderr}"
    );
    let failure = read_folder(out.path()).snapshot.failure.expect("recorded");
    assert_eq!((failure.card, failure.status), (None, Some(401)));
    assert_eq!(failure.code.as_deref(), Some("invalid_client"));
    assert_nowhere(wrong, &output, out.path());
    assert_nowhere(SECRET, &output, out.path());
}

#[test]
fn a_certificate_signs_in_with_a_signed_client_assertion() {
    let emulator = Emulator::start(&[]);
    let issuer = Arc::new(Issuer {
        token: TOKEN.into(),
        secret: None,
        ..Issuer::default()
    });
    let (issuer_url, _) = emulator.servers().serve(issuer_router(Arc::clone(&issuer)));
    let out = tempfile::tempdir().expect("temp dir");
    let pem = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys/client.pem");
    let mut args = client_args(&emulator, out.path(), &issuer_url);
    args.extend(["--certificate", pem]);
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let forms = issuer.forms.lock().unwrap().clone();
    assert!(!forms[0].contains_key("client_secret"));
    let key = std::fs::read_to_string(pem).expect("the key file");
    let key_body: String = key
        .lines()
        .skip_while(|l| !l.contains("PRIVATE KEY"))
        .nth(1)
        .expect("a key line")
        .to_owned();
    assert_nowhere(&key_body, &output, out.path());
}

#[test]
fn a_token_endpoint_on_another_origin_gets_no_secret() {
    let emulator = Emulator::start(&[]);
    let issuer = Arc::new(Issuer {
        token: TOKEN.into(),
        secret: Some(SECRET.into()),
        token_endpoint: Some("http://127.0.0.2:9/token".into()),
        ..Issuer::default()
    });
    let (issuer_url, _) = emulator.servers().serve(issuer_router(Arc::clone(&issuer)));
    let out = tempfile::tempdir().expect("temp dir");
    let args = client_args(&emulator, out.path(), &issuer_url);
    let output = run(&args, &[("DEFENDER_CLIENT_SECRET", SECRET)]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("another origin"), "{stderr}");
    assert!(emulator.calls_to("/api/exposureScore").is_empty());
}

#[test]
fn a_managed_identity_signs_in_through_azure_identity_and_the_tenant_is_the_tokens_tid() {
    let tid = "3c1d4e5f-0000-4000-8000-00000000abcd";
    let token = token_with_tid(tid);
    let emulator = Emulator::start(&["--demo-token", &token]);
    let asked: Arc<Mutex<Vec<HashMap<String, String>>>> = Arc::default();
    let identity = {
        let asked = Arc::clone(&asked);
        let token = token.clone();
        Router::new().route(
            "/msi/token",
            get(
                move |headers: HeaderMap, Query(query): Query<HashMap<String, String>>| {
                    let asked = Arc::clone(&asked);
                    let token = token.clone();
                    async move {
                        asked.lock().unwrap().push(query);
                        if headers
                            .get("x-identity-header")
                            .and_then(|h| h.to_str().ok())
                            != Some("id-header")
                        {
                            return (StatusCode::UNAUTHORIZED, "no identity header")
                                .into_response();
                        }
                        let expires = std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .expect("clock")
                            .as_secs()
                            + 3600;
                        Json(json!({
                            "access_token": token,
                            "expires_on": expires.to_string(),
                            "resource": "https://api.securitycenter.microsoft.com",
                            "token_type": "Bearer",
                        }))
                        .into_response()
                    }
                },
            ),
        )
    };
    let (identity_url, _) = emulator.servers().serve(identity);
    let out = tempfile::tempdir().expect("temp dir");
    let endpoint = format!("{identity_url}/msi/token");
    let output = run(
        &[
            "--out",
            out.path().to_str().expect("utf-8"),
            "--api-base",
            &emulator.base,
            "--managed-identity",
        ],
        &[
            ("IDENTITY_ENDPOINT", &endpoint),
            ("IDENTITY_HEADER", "id-header"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let asked = asked.lock().unwrap().clone();
    assert_eq!(
        asked[0].get("resource").map(String::as_str),
        Some("https://api.securitycenter.microsoft.com")
    );
    assert_eq!(read_folder(out.path()).snapshot.tenant, tid);
    assert_nowhere(&token, &output, out.path());
}

#[test]
fn a_token_for_another_tenant_than_tenant_id_is_a_configuration_error() {
    let token = token_with_tid("11111111-2222-3333-4444-555555555555");
    let emulator = Emulator::start(&["--demo-token", &token]);
    let out = tempfile::tempdir().expect("temp dir");
    let output = run(
        &[
            "--out",
            out.path().to_str().expect("utf-8"),
            "--api-base",
            &emulator.base,
            "--access-token-env",
            "T",
            "--tenant-id",
            TENANT,
        ],
        &[("T", &token)],
    );
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--tenant-id"), "{stderr}");
    assert_nowhere(&token, &output, out.path());
}
