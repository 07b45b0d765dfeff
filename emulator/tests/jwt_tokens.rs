//! Real token checks over HTTP: the emulator started with `--jwks-url` or
//! `--issuer` against a tiny in-test identity provider that serves a JWKS
//! (and a discovery document) made from the test keys in `tests/keys/`
//! (see `idp/`).

mod common;
mod idp;

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

use common::*;
use idp::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

const SCORE: &str = "/api/exposureScore";

/// Asserts a 401 for an invalid token: the documented body, a message
/// that starts with the documented sentence, `error="invalid_token"`, and
/// no trace of the token.
fn assert_invalid_token(reply: &Reply, token: &str, reason: &str) {
    let body = assert_error(reply, 401, "Unauthorized");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Authorization has been denied for this request."),
        "{message}"
    );
    assert!(message.contains(reason), "{message:?} lacks {reason:?}");
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.starts_with("Bearer error=\"invalid_token\""),
        "{challenge}"
    );
    assert_no_trace_of(reply, token);
}

/// Asserts a 403 `Forbidden` whose message contains `says`.
fn assert_forbidden(reply: &Reply, token: &str, says: &str) {
    let body = assert_error(reply, 403, "Forbidden");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(says), "{message:?} lacks {says:?}");
    assert_no_trace_of(reply, token);
}

/// Asserts no part of `token` long enough to mean anything is in `reply`.
fn assert_no_trace_of(reply: &Reply, token: &str) {
    let text = format!("{:?}{}", reply.headers, reply.text());
    for part in token.split('.').filter(|part| part.len() >= 8) {
        assert!(!text.contains(part), "the answer echoes the token");
    }
}

fn assert_reads_scores(reply: &Reply) {
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut body = reply.json();
    assert_recent_timestamp(&body["time"]);
    let mut expected = fixture("exposure-score");
    for value in [&mut body, &mut expected] {
        value.as_object_mut().unwrap().remove("time");
    }
    assert_eq!(body, expected);
}

#[test]
fn a_valid_rs256_token_reads_the_documented_body() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let token = key.sign(&user_claims(&idp.base));
    assert_reads_scores(&emulator.get_with_token(SCORE, &token));
    let groups = emulator.get_with_token("/api/v1.0/exposureScore/ByMachineGroups", &token);
    assert_eq!(groups.status, 200, "{}", groups.text());
    assert_eq!(idp.jwks_requests(), 1, "keys are fetched once at start");
}

#[test]
fn an_es256_token_from_an_ec_key_is_accepted_too() {
    let (rsa, ec) = (TestKey::rsa_a(), TestKey::ec());
    let idp = IdentityProvider::serve(&[&rsa, &ec]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    assert_reads_scores(&emulator.get_with_token(SCORE, &ec.sign(&user_claims(&idp.base))));
}

#[test]
fn an_expired_token_gets_401_with_the_documented_body() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let claims = with(
        user_claims(&idp.base),
        json!({"iat": now() - 7200, "nbf": now() - 7200, "exp": now() - 3600}),
    );
    let token = key.sign(&claims);
    assert_invalid_token(&emulator.get_with_token(SCORE, &token), &token, "expired");
}

#[test]
fn a_token_expired_within_the_clock_skew_passes_unless_the_skew_is_zero() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let token = key.sign(&with(user_claims(&idp.base), json!({"exp": now() - 20})));
    let lenient = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    assert_reads_scores(&lenient.get_with_token(SCORE, &token));
    let strict = Emulator::start(&["--jwks-url", &idp.jwks_url(), "--clock-skew", "0"]);
    assert_invalid_token(&strict.get_with_token(SCORE, &token), &token, "expired");
}

#[test]
fn a_token_without_exp_gets_401() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let token = key.sign(&with(user_claims(&idp.base), json!({"exp": null})));
    assert_invalid_token(&emulator.get_with_token(SCORE, &token), &token, "exp");
}

#[test]
fn a_token_whose_nbf_is_in_the_future_gets_401() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let token = key.sign(&with(user_claims(&idp.base), json!({"nbf": now() + 600})));
    assert_invalid_token(
        &emulator.get_with_token(SCORE, &token),
        &token,
        "not valid yet",
    );
}

#[test]
fn a_token_signed_by_another_key_under_a_published_kid_gets_401() {
    let (published, impostor) = (TestKey::rsa_a(), TestKey::rsa_b());
    let idp = IdentityProvider::serve(&[&published]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let token = impostor.sign_as(published.kid, &user_claims(&idp.base));
    assert_invalid_token(&emulator.get_with_token(SCORE, &token), &token, "signature");
}

#[test]
fn a_tampered_payload_gets_401() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let weak = key.sign(&with(user_claims(&idp.base), json!({"scp": "User.Read"})));
    let strong = key.sign(&user_claims(&idp.base));
    let parts: Vec<&str> = weak.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        strong.split('.').nth(1).unwrap(),
        parts[2]
    );
    assert_invalid_token(
        &emulator.get_with_token(SCORE, &forged),
        &forged,
        "signature",
    );
}

#[test]
fn an_unknown_kid_gets_401_after_exactly_one_refetch() {
    let (published, unknown) = (TestKey::rsa_a(), TestKey::rsa_b());
    let idp = IdentityProvider::serve(&[&published]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    assert_eq!(idp.jwks_requests(), 1);
    let token = unknown.sign(&user_claims(&idp.base));
    assert_invalid_token(
        &emulator.get_with_token(SCORE, &token),
        &token,
        "unknown kid",
    );
    assert_eq!(idp.jwks_requests(), 2, "one refetch for the unknown kid");
    let again = unknown.sign_as("another-kid", &user_claims(&idp.base));
    assert_invalid_token(
        &emulator.get_with_token(SCORE, &again),
        &again,
        "unknown kid",
    );
    assert_eq!(
        idp.jwks_requests(),
        2,
        "no second refetch within 10 s, however many unknown kids arrive"
    );
    let good = published.sign(&user_claims(&idp.base));
    assert_reads_scores(&emulator.get_with_token(SCORE, &good));
}

#[test]
fn a_rotated_signing_key_is_picked_up_by_refetching_the_jwks() {
    let (old, new) = (TestKey::rsa_a(), TestKey::rsa_b());
    let idp = IdentityProvider::serve(&[&old]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    idp.publish(&[&new]);
    let token = new.sign(&user_claims(&idp.base));
    assert_reads_scores(&emulator.get_with_token(SCORE, &token));
    assert_eq!(idp.jwks_requests(), 2);
    let retired = old.sign(&user_claims(&idp.base));
    assert_invalid_token(
        &emulator.get_with_token(SCORE, &retired),
        &retired,
        "unknown kid",
    );
}

#[test]
fn unaccepted_algorithms_and_malformed_tokens_get_401() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let hmac = encode(
        &Header {
            kid: Some(key.kid.into()),
            ..Header::new(Algorithm::HS256)
        },
        &user_claims(&idp.base),
        &EncodingKey::from_secret(b"the public key bytes, say"),
    )
    .unwrap();
    assert_invalid_token(&emulator.get_with_token(SCORE, &hmac), &hmac, "algorithm");
    let unsigned = {
        let header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
        let payload = key.sign(&user_claims(&idp.base));
        format!("{header}.{}.", payload.split('.').nth(1).unwrap())
    };
    assert_invalid_token(
        &emulator.get_with_token(SCORE, &unsigned),
        &unsigned,
        "well-formed",
    );
    let no_kid = encode(
        &Header::new(Algorithm::RS256),
        &user_claims(&idp.base),
        &key.encoding,
    )
    .unwrap();
    assert_invalid_token(&emulator.get_with_token(SCORE, &no_kid), &no_kid, "kid");
    for garbage in ["a.b.c", "not-a-jwt", "e30.e30.e30"] {
        assert_invalid_token(
            &emulator.get_with_token(SCORE, garbage),
            garbage,
            "well-formed",
        );
    }
}

#[test]
fn a_token_for_another_audience_gets_403_naming_the_expected_one() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    for aud in [
        json!("https://api.security.microsoft.com"),
        json!(["https://graph.microsoft.com"]),
    ] {
        let token = key.sign(&with(user_claims(&idp.base), json!({ "aud": aud })));
        assert_forbidden(&emulator.get_with_token(SCORE, &token), &token, AUDIENCE);
    }
}

#[test]
fn audience_flags_replace_the_default_audience() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&[
        "--jwks-url",
        &idp.jwks_url(),
        "--audience",
        "fc780465-2017-40d4-a0c5-307022471b92",
        "--audience",
        "api://emulator",
    ]);
    let by_app_id = key.sign(&with(
        user_claims(&idp.base),
        json!({"aud": "fc780465-2017-40d4-a0c5-307022471b92"}),
    ));
    assert_reads_scores(&emulator.get_with_token(SCORE, &by_app_id));
    let default_audience = key.sign(&user_claims(&idp.base));
    assert_forbidden(
        &emulator.get_with_token(SCORE, &default_audience),
        &default_audience,
        "api://emulator",
    );
}

#[test]
fn a_delegated_token_without_score_read_in_scp_gets_403() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let token = key.sign(&with(
        user_claims(&idp.base),
        json!({"scp": "Machine.Read Vulnerability.Read"}),
    ));
    assert_forbidden(
        &emulator.get_with_token(SCORE, &token),
        &token,
        "Score.Read (scp)",
    );
}

#[test]
fn an_application_token_with_score_read_all_in_roles_reads_scores() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let app = with(
        user_claims(&idp.base),
        json!({"scp": null, "roles": ["Machine.Read.All", "Score.Read.All"]}),
    );
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&app)));
    let without = with(app, json!({"roles": ["Machine.Read.All"]}));
    let token = key.sign(&without);
    assert_forbidden(
        &emulator.get_with_token(SCORE, &token),
        &token,
        "Score.Read.All (roles)",
    );
}

#[test]
fn issuer_mode_finds_the_jwks_through_discovery_and_refuses_another_iss() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--issuer", &idp.base]);
    assert_eq!(idp.discovery_requests.load(Ordering::SeqCst), 1);
    assert_eq!(idp.jwks_requests(), 1);
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&user_claims(&idp.base))));
    for iss in [json!("https://sts.windows.net/other/"), Value::Null] {
        let token = key.sign(&with(user_claims(&idp.base), json!({ "iss": iss })));
        assert_invalid_token(&emulator.get_with_token(SCORE, &token), &token, "iss");
    }
}

#[test]
fn an_issuer_beside_a_jwks_url_is_only_compared() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let issuer = "https://sts.windows.net/11111111-1111-1111-1111-111111111111/";
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url(), "--issuer", issuer]);
    assert_eq!(idp.discovery_requests.load(Ordering::SeqCst), 0);
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&user_claims(issuer))));
    let token = key.sign(&user_claims(&idp.base));
    assert_invalid_token(&emulator.get_with_token(SCORE, &token), &token, issuer);
}

#[test]
fn the_demo_token_is_a_malformed_jwt_in_jwt_mode() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    for token in [TOKEN, FORBIDDEN_TOKEN] {
        assert_invalid_token(&emulator.get_with_token(SCORE, token), token, "well-formed");
    }
}

#[test]
fn also_demo_token_keeps_the_fixed_tokens_beside_jwts() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url(), "--also-demo-token"]);
    assert_reads_scores(&emulator.get_with_token(SCORE, TOKEN));
    assert_forbidden(
        &emulator.get_with_token(SCORE, FORBIDDEN_TOKEN),
        FORBIDDEN_TOKEN,
        "Score.Read",
    );
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&user_claims(&idp.base))));
}

#[test]
fn no_token_in_jwt_mode_gets_a_plain_bearer_challenge() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let reply = emulator.request("GET", SCORE, &[], None);
    let body = assert_error(&reply, 401, "Unauthorized");
    assert_eq!(
        body["error"]["message"],
        "Authorization has been denied for this request."
    );
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
}

const TENANT: &str = "11111111-1111-1111-1111-111111111111";
const OTHER_TENANT: &str = "22222222-2222-2222-2222-222222222222";
const APP: &str = "aaaaaaaa-0000-0000-0000-000000000001";
const OTHER_APP: &str = "aaaaaaaa-0000-0000-0000-000000000002";

/// A delegated v1.0 token of user `oid` signed in to application `appid`
/// in tenant `tid`.
fn v1_user_of(issuer: &str, appid: &str, tid: &str, oid: &str) -> Value {
    with(
        user_claims(issuer),
        json!({"appid": appid, "tid": tid, "oid": oid, "sub": format!("sub-{oid}")}),
    )
}

/// An application-only v2.0 token (`azp`, `roles`) of `azp` in `tid`.
fn v2_app(issuer: &str, azp: &str, tid: &str) -> Value {
    with(
        user_claims(issuer),
        json!({"scp": null, "roles": ["Score.Read.All"], "azp": azp, "tid": tid, "oid": format!("sp-{azp}"), "sub": null}),
    )
}

#[test]
fn two_users_of_one_application_draw_on_one_quota() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url(), "--rate-limit", "2"]);
    let alice = key.sign(&v1_user_of(&idp.base, APP, TENANT, "alice"));
    let bob = key.sign(&v1_user_of(&idp.base, APP, TENANT, "bob"));
    assert_eq!(emulator.get_with_token(SCORE, &alice).status, 200);
    assert_eq!(emulator.get_with_token(SCORE, &bob).status, 200);
    for (who, token) in [("alice", &alice), ("bob", &bob)] {
        let throttled = emulator.get_with_token(SCORE, token);
        assert_error(&throttled, 429, "TooManyRequests");
        assert!(throttled.header("retry-after").is_some(), "{who}");
    }
    // The same application's v2.0 (azp) application token is in it too.
    let daemon = key.sign(&v2_app(&idp.base, APP, TENANT));
    assert_eq!(emulator.get_with_token(SCORE, &daemon).status, 429);
}

#[test]
fn two_applications_or_one_application_in_two_tenants_have_two_quotas() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url(), "--rate-limit", "1"]);
    let first_app = key.sign(&v1_user_of(&idp.base, APP, TENANT, "alice"));
    assert_eq!(emulator.get_with_token(SCORE, &first_app).status, 200);
    assert_eq!(emulator.get_with_token(SCORE, &first_app).status, 429);
    let second_app = key.sign(&v1_user_of(&idp.base, OTHER_APP, TENANT, "alice"));
    assert_eq!(emulator.get_with_token(SCORE, &second_app).status, 200);
    assert_eq!(emulator.get_with_token(SCORE, &second_app).status, 429);
    let other_tenant = key.sign(&v2_app(&idp.base, APP, OTHER_TENANT));
    assert_eq!(emulator.get_with_token(SCORE, &other_tenant).status, 200);
    assert_eq!(emulator.get_with_token(SCORE, &other_tenant).status, 429);
}

#[test]
fn the_fixed_tokens_beside_jwts_are_an_application_of_their_own() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&[
        "--jwks-url",
        &idp.jwks_url(),
        "--also-demo-token",
        "--rate-limit",
        "1",
    ]);
    assert_eq!(emulator.get_with_token(SCORE, TOKEN).status, 200);
    assert_eq!(emulator.get_with_token(SCORE, TOKEN).status, 429);
    let app = key.sign(&v1_user_of(&idp.base, APP, TENANT, "alice"));
    assert_eq!(emulator.get_with_token(SCORE, &app).status, 200);
}

#[test]
fn without_an_application_claim_the_quota_counts_per_user_across_that_users_tokens() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url(), "--rate-limit", "1"]);
    let first = key.sign(&user_claims(&idp.base));
    let refreshed = key.sign(&with(user_claims(&idp.base), json!({"exp": now() + 3599})));
    assert_ne!(first, refreshed);
    assert_eq!(emulator.get_with_token(SCORE, &first).status, 200);
    let throttled = emulator.get_with_token(SCORE, &refreshed);
    assert_error(&throttled, 429, "TooManyRequests");
    let someone_else = key.sign(&with(
        user_claims(&idp.base),
        json!({"oid": "00000000-0000-0000-0000-00000000000b"}),
    ));
    assert_eq!(emulator.get_with_token(SCORE, &someone_else).status, 200);
}

#[test]
fn tokens_never_reach_the_log() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    let good = key.sign(&user_claims(&idp.base));
    let unknown = TestKey::rsa_b().sign(&user_claims(&idp.base));
    assert_eq!(emulator.get_with_token(SCORE, &good).status, 200);
    assert_eq!(emulator.get_with_token(SCORE, &unknown).status, 401);
    let lines = emulator.wait_for_log("for the 401", |line| {
        line.starts_with(&format!("GET {SCORE} 401 "))
    });
    for token in [&good, &unknown] {
        for part in token.split('.').filter(|part| part.len() >= 8) {
            assert!(lines.iter().all(|line| !line.contains(part)), "{lines:?}");
        }
    }
}

#[test]
fn the_emulator_waits_for_an_identity_provider_that_is_still_starting() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve_after(&[&key], 3);
    let emulator = Emulator::start(&["--jwks-url", &idp.jwks_url()]);
    assert!(idp.connections.load(Ordering::SeqCst) >= 4);
    assert_eq!(idp.jwks_requests(), 1);
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&user_claims(&idp.base))));
}

/// Runs the binary with `args` until it exits; its status, stderr, stdout
/// and how long it ran.
fn run_to_exit(args: &[&str]) -> (Option<i32>, String, String, Duration) {
    run_to_exit_with_env(args, &[])
}

/// [`run_to_exit`] with these environment variables set.
fn run_to_exit_with_env(
    args: &[&str],
    env: &[(&str, &str)],
) -> (Option<i32>, String, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_defender-api-emulator"))
        .args(["--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("{args:?} did not exit");
        }
        thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        elapsed,
    )
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn without_a_jwks_server_the_emulator_exits_2_after_trying_for_10_seconds() {
    let url = format!("http://127.0.0.1:{}/jwks", closed_port());
    let (status, stderr, stdout, elapsed) = run_to_exit(&["--jwks-url", &url]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "it never listened: {stdout}");
    assert!(stderr.contains(&url) && stderr.contains("10 s"), "{stderr}");
    assert!(
        elapsed >= Duration::from_secs(9) && elapsed < Duration::from_secs(13),
        "exited after {elapsed:?}"
    );
}

#[test]
fn a_jwks_that_is_not_a_jwks_exits_2_at_once() {
    let idp = IdentityProvider::serve(&[]);
    let url = format!("{}/not-here", idp.base);
    let (status, stderr, _, elapsed) = run_to_exit(&["--jwks-url", &url]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("404"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn an_https_jwks_is_fetched_from_a_server_the_system_trusts() {
    let key = TestKey::rsa_a();
    let certificate = TestCertificate::new("https-jwks");
    let idp = IdentityProvider::serve_tls(&[&key], &certificate);
    assert!(idp.jwks_url().starts_with("https://127.0.0.1:"));
    let emulator = Emulator::start_with_env(
        &["--jwks-url", &idp.jwks_url()],
        &[certificate.trusted_by()],
    );
    assert_eq!(idp.jwks_requests(), 1);
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&user_claims(&idp.base))));
    let lines = emulator.wait_for_log("naming the https key source", |line| {
        line.contains("signing key(s) from https://127.0.0.1:")
    });
    assert!(
        lines.iter().all(|line| !line.contains("error")),
        "{lines:?}"
    );
}

#[test]
fn an_https_issuer_finds_its_jwks_through_discovery() {
    let key = TestKey::ec();
    let certificate = TestCertificate::new("https-issuer");
    let idp = IdentityProvider::serve_tls(&[&key], &certificate);
    let emulator = Emulator::start_with_env(&["--issuer", &idp.base], &[certificate.trusted_by()]);
    assert_eq!(idp.discovery_requests.load(Ordering::SeqCst), 1);
    assert_eq!(idp.jwks_requests(), 1);
    assert_reads_scores(&emulator.get_with_token(SCORE, &key.sign(&user_claims(&idp.base))));
}

#[test]
fn an_https_jwks_with_an_untrusted_certificate_exits_2_at_once() {
    let key = TestKey::rsa_a();
    let served = TestCertificate::new("untrusted-served");
    let trusted = TestCertificate::new("untrusted-other");
    let idp = IdentityProvider::serve_tls(&[&key], &served);
    let (status, stderr, stdout, elapsed) =
        run_to_exit_with_env(&["--jwks-url", &idp.jwks_url()], &[trusted.trusted_by()]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "it never listened: {stdout}");
    assert!(
        stderr.contains(&idp.jwks_url()) && stderr.contains("certificate"),
        "{stderr}"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?} {stderr}");
    assert_eq!(idp.jwks_requests(), 0);
}

#[test]
fn key_sources_other_than_http_and_https_are_refused_with_a_clear_message() {
    for flag in ["--jwks-url", "--issuer"] {
        for source in [
            "ftp://login.microsoftonline.com/common",
            "login.microsoftonline.com",
        ] {
            let (status, stderr, _, _) = run_to_exit(&[flag, source]);
            assert_eq!(status, Some(2), "{stderr}");
            assert!(
                stderr.contains(flag) && stderr.contains("https://"),
                "{flag} {source}: {stderr}"
            );
        }
    }
}
