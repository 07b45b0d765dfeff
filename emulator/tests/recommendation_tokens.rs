//! `/api/recommendations` with real tokens (JWT mode): it needs
//! `SecurityRecommendation.Read` in `scp` or `SecurityRecommendation.Read.All`
//! in `roles`, while the score endpoints keep needing `Score.Read` or
//! `Score.Read.All`; the quota is one for both.

mod common;
mod idp;

use common::*;
use idp::*;
use serde_json::{json, Value};

const RECOMMENDATIONS: &str = "/api/recommendations";
const SCORE: &str = "/api/exposureScore";

/// The emulator checking tokens against `idp`'s keys, with `flags`.
fn emulator_for(idp: &IdentityProvider, flags: &[&str]) -> Emulator {
    let mut args = vec!["--jwks-url".to_string(), idp.jwks_url()];
    args.extend(flags.iter().map(|flag| flag.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Emulator::start(&args)
}

/// The status of `GET path` with `claims` signed by `key`.
fn status_with(emulator: &Emulator, key: &TestKey, claims: &Value, path: &str) -> u16 {
    emulator.get_with_token(path, &key.sign(claims)).status
}

/// The 403 message for `GET path` with `claims` signed by `key`.
fn refusal_with(emulator: &Emulator, key: &TestKey, claims: &Value, path: &str) -> String {
    let reply = emulator.get_with_token(path, &key.sign(claims));
    let body = assert_error(&reply, 403, "Forbidden");
    body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_delegated_token_with_security_recommendation_read_reads_recommendations() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = emulator_for(&idp, &[]);
    let both = with(
        user_claims(&idp.base),
        json!({"scp": "Score.Read SecurityRecommendation.Read"}),
    );
    let reply = emulator.get_with_token(RECOMMENDATIONS, &key.sign(&both));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json()["value"][0]["id"],
        "va-_-microsoft-_-windows_11"
    );
    assert_eq!(status_with(&emulator, &key, &both, SCORE), 200);
    let only_recommendations = with(
        user_claims(&idp.base),
        json!({"scp": "SecurityRecommendation.Read"}),
    );
    assert_eq!(
        status_with(&emulator, &key, &only_recommendations, RECOMMENDATIONS),
        200
    );
    let message = refusal_with(&emulator, &key, &only_recommendations, SCORE);
    assert!(message.contains("Score.Read (scp)"), "{message}");
}

#[test]
fn a_delegated_token_with_score_read_only_gets_403_naming_both_permissions() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = emulator_for(&idp, &[]);
    let scores_only = user_claims(&idp.base);
    assert_eq!(status_with(&emulator, &key, &scores_only, SCORE), 200);
    let message = refusal_with(&emulator, &key, &scores_only, RECOMMENDATIONS);
    assert_eq!(
        message,
        "The token grants neither the delegated permission SecurityRecommendation.Read (scp) nor the application permission SecurityRecommendation.Read.All (roles) needed to read security recommendations."
    );
    for scp in [
        "SecurityRecommendation.Read.All",
        "securityrecommendation.read",
    ] {
        let claims = with(user_claims(&idp.base), json!({ "scp": scp }));
        assert_eq!(
            status_with(&emulator, &key, &claims, RECOMMENDATIONS),
            403,
            "{scp}"
        );
    }
}

#[test]
fn an_application_token_needs_security_recommendation_read_all_in_roles() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = emulator_for(&idp, &[]);
    let app = with(
        user_claims(&idp.base),
        json!({"scp": null, "roles": ["SecurityRecommendation.Read.All"]}),
    );
    assert_eq!(status_with(&emulator, &key, &app, RECOMMENDATIONS), 200);
    let message = refusal_with(&emulator, &key, &app, SCORE);
    assert!(message.contains("Score.Read.All (roles)"), "{message}");
    for roles in [
        json!(["Score.Read.All"]),
        json!(["SecurityRecommendation.Read"]),
    ] {
        let claims = with(app.clone(), json!({ "roles": roles }));
        let message = refusal_with(&emulator, &key, &claims, RECOMMENDATIONS);
        assert!(
            message.contains("SecurityRecommendation.Read.All (roles)"),
            "{message}"
        );
    }
}

#[test]
fn a_token_for_another_audience_gets_403_on_recommendations_naming_their_scope() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = emulator_for(&idp, &[]);
    let claims = with(
        user_claims(&idp.base),
        json!({"aud": "https://graph.microsoft.com", "scp": "SecurityRecommendation.Read"}),
    );
    let message = refusal_with(&emulator, &key, &claims, RECOMMENDATIONS);
    assert!(
        message.contains(&format!("{AUDIENCE}/SecurityRecommendation.Read")),
        "{message}"
    );
}

#[test]
fn an_expired_token_gets_401_on_recommendations_too() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = emulator_for(&idp, &[]);
    let expired = with(
        user_claims(&idp.base),
        json!({"scp": "SecurityRecommendation.Read", "exp": 1_000_000}),
    );
    let reply = emulator.get_with_token(RECOMMENDATIONS, &key.sign(&expired));
    assert_error(&reply, 401, "Unauthorized");
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(challenge.contains("invalid_token"), "{challenge}");
}

#[test]
fn one_applications_scores_and_recommendations_share_one_quota() {
    let key = TestKey::rsa_a();
    let idp = IdentityProvider::serve(&[&key]);
    let emulator = emulator_for(&idp, &["--rate-limit", "2"]);
    let claims = with(
        user_claims(&idp.base),
        json!({"scp": "Score.Read SecurityRecommendation.Read", "appid": "app-1"}),
    );
    assert_eq!(status_with(&emulator, &key, &claims, SCORE), 200);
    assert_eq!(status_with(&emulator, &key, &claims, RECOMMENDATIONS), 200);
    let throttled = emulator.get_with_token(RECOMMENDATIONS, &key.sign(&claims));
    assert_error(&throttled, 429, "TooManyRequests");
    assert!(throttled.header("retry-after").is_some());
    assert_eq!(status_with(&emulator, &key, &claims, SCORE), 429);
}
