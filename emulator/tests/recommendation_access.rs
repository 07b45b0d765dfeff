//! `/api/recommendations` beside the score endpoints over real HTTP: fixed
//! tokens and their permissions, the shared quota, faults, CORS, and the
//! control API replacing the list.

mod common;

use common::*;
use serde_json::{json, Value};

const RECOMMENDATIONS: &str = "/api/recommendations";
const SCORE_PATHS: [&str; 3] = [
    "/api/exposureScore",
    "/api/configurationScore",
    "/api/exposureScore/ByMachineGroups",
];
const SCORE_ONLY_TOKEN: &str = "demo-token-score-only";
const ORIGIN: &str = "http://localhost:3000";

#[test]
fn the_score_only_token_reads_the_scores_but_gets_403_on_recommendations() {
    let emulator = Emulator::start(&[]);
    for path in SCORE_PATHS {
        let reply = emulator.get_with_token(path, SCORE_ONLY_TOKEN);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    }
    let reply = emulator.get_with_token(RECOMMENDATIONS, SCORE_ONLY_TOKEN);
    let body = assert_error(&reply, 403, "Forbidden");
    assert_eq!(
        body["error"]["message"],
        "The caller lacks the required permission (SecurityRecommendation.Read; for applications SecurityRecommendation.Read.All) to read security recommendations."
    );
}

#[test]
fn the_demo_token_reads_everything_and_the_forbidden_token_nothing() {
    let emulator = Emulator::start(&[]);
    assert_eq!(emulator.get_authorized(RECOMMENDATIONS).status, 200);
    let reply = emulator.get_with_token(RECOMMENDATIONS, FORBIDDEN_TOKEN);
    let body = assert_error(&reply, 403, "Forbidden");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("SecurityRecommendation.Read"));
    let score = emulator.get_with_token("/api/exposureScore", FORBIDDEN_TOKEN);
    assert_eq!(
        assert_error(&score, 403, "Forbidden")["error"]["message"],
        "The caller lacks the required permission (Score.Read; for applications Score.Read.All) to read scores.",
        "the score endpoints' message is unchanged"
    );
    let anonymous = emulator.request("GET", RECOMMENDATIONS, &[], None);
    assert_error(&anonymous, 401, "Unauthorized");
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
}

#[test]
fn a_custom_score_only_token_replaces_the_default() {
    let emulator = Emulator::start(&["--score-only-token", "scores-only"]);
    assert_eq!(
        emulator
            .get_with_token("/api/exposureScore", "scores-only")
            .status,
        200
    );
    assert_eq!(
        emulator
            .get_with_token(RECOMMENDATIONS, "scores-only")
            .status,
        403
    );
    assert_eq!(
        emulator
            .get_with_token(RECOMMENDATIONS, SCORE_ONLY_TOKEN)
            .status,
        401
    );
}

#[test]
fn recommendations_and_scores_draw_on_one_quota() {
    let emulator = Emulator::start(&["--rate-limit", "3"]);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
    assert_eq!(emulator.get_authorized(RECOMMENDATIONS).status, 200);
    assert_eq!(
        emulator
            .get_with_token("/api/configurationScore", SCORE_ONLY_TOKEN)
            .status,
        200
    );
    let refused = emulator.get_authorized(RECOMMENDATIONS);
    let body = assert_error(&refused, 429, "TooManyRequests");
    let seconds: u64 = refused
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After: {:?}", refused.headers));
    assert!((1..=60).contains(&seconds), "{seconds}");
    assert_eq!(
        body["error"]["message"],
        format!("Rate limit is exceeded. Try again in {seconds} seconds.")
    );
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 429);
}

#[test]
fn a_fault_naming_recommendations_answers_only_that_endpoint() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"endpoint": "recommendations", "status": 503, "times": 2}));
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
    let faulted = emulator.request("GET", "/api/v1.0/recommendations", &[], None);
    assert_eq!(faulted.status, 503, "before the token check");
    assert_eq!(
        faulted.json()["value"][0]["id"],
        "va-_-microsoft-_-windows_11"
    );
    emulator.queue_fault(json!({"endpoint": "Recommendations", "malformed": true}));
    assert_eq!(emulator.get_authorized(RECOMMENDATIONS).status, 503);
    let broken = emulator.get_authorized(RECOMMENDATIONS);
    assert!(serde_json::from_slice::<Value>(&broken.body).is_err());
    assert_eq!(emulator.get_authorized(RECOMMENDATIONS).status, 200);
    let log = emulator.control("GET", "/_emulator/calls", None).json();
    assert_eq!(log["byEndpoint"]["recommendations"], 4);
}

#[test]
fn a_fault_for_any_endpoint_answers_recommendations_with_the_page_asked_for() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"status": 500}));
    let reply = emulator.get_authorized("/api/recommendations?$top=1&$skip=1");
    assert_eq!(reply.status, 500);
    let value = reply.json()["value"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(value.len(), 1);
    assert_eq!(value[0]["recommendationName"], "Update Google Chrome");
}

#[test]
fn an_allowed_origin_gets_cors_headers_on_recommendations_and_their_errors() {
    let emulator = Emulator::start(&["--allow-origin", ORIGIN]);
    let headers = [("Origin", ORIGIN), ("Authorization", "Bearer demo-token")];
    for path in [RECOMMENDATIONS, "/api/recommendations?$top=x"] {
        let reply = emulator.request("GET", path, &headers, None);
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(ORIGIN),
            "{path}"
        );
        assert_eq!(reply.header("vary"), Some("Origin"));
    }
    let preflight = emulator.request(
        "OPTIONS",
        RECOMMENDATIONS,
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "GET")],
        None,
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
}

/// An item like the documented one, with `name` and `id`.
fn item(id: &str, name: &str) -> Value {
    json!({
        "id": id, "productName": "p", "recommendationName": name, "weaknesses": 1,
        "vendor": "v", "recommendedVersion": "", "recommendedProgram": null,
        "recommendationCategory": "Application", "subCategory": "", "severityScore": 5.5,
        "publicExploit": false, "activeAlert": false, "associatedThreats": [],
        "remediationType": "Update", "status": "Active", "configScoreImpact": 0,
        "exposureImpact": 1, "totalMachineCount": 2, "exposedMachinesCount": 1,
        "nonProductivityImpactedAssets": 0, "relatedComponent": "c"
    })
}

#[test]
fn the_tenant_can_replace_the_recommendations_with_markup_and_reset_restores_them() {
    let emulator = Emulator::start(&[]);
    let hostile = item("x-1", "<img src=x onerror=alert(1)> & \"quotes\"");
    let reply = emulator.control(
        "PUT",
        "/_emulator/tenant",
        Some(&json!({"recommendations": [hostile]})),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["recommendations"][0], hostile);
    let served = emulator.get_authorized(RECOMMENDATIONS).json();
    assert_eq!(served["value"], json!([hostile]));
    assert_eq!(
        emulator.get_authorized("/api/exposureScore").json()["score"],
        json!(33.491554051195706),
        "the scores stay"
    );
    let bad = json!({"recommendations": [{"id": "only-an-id"}]});
    let refused = emulator.control("PUT", "/_emulator/tenant", Some(&bad));
    assert_eq!(refused.status, 400, "{}", refused.text());
    emulator.control("POST", "/_emulator/reset", None);
    let restored = emulator.get_authorized(RECOMMENDATIONS).json();
    assert_eq!(restored["value"].as_array().map(Vec::len), Some(18));
}

#[test]
fn fifty_thousand_items_are_served_10000_a_page() {
    let emulator = Emulator::start(&[]);
    let template = item("ID", "NAME").to_string();
    let many: Vec<String> = (0..50_000)
        .map(|n| {
            template
                .replace("\"ID\"", &format!("\"id-{n}\""))
                .replace("\"NAME\"", &format!("\"<b>Item</b> {n}\""))
        })
        .collect();
    let update = format!("{{\"recommendations\":[{}]}}", many.join(","));
    let reply = emulator.request(
        "PUT",
        "/_emulator/tenant",
        &[("Content-Type", "application/json")],
        Some(&update),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let first = emulator.get_authorized(RECOMMENDATIONS).json();
    assert_eq!(first["value"].as_array().map(Vec::len), Some(10_000));
    assert_eq!(first["value"][0]["recommendationName"], "<b>Item</b> 0");
    assert_eq!(
        first["@odata.nextLink"],
        format!("http://{}/api/recommendations?$skip=10000", emulator.addr)
    );
    let last = emulator
        .get_authorized("/api/recommendations?$skip=40000")
        .json();
    assert_eq!(last["value"][9_999]["id"], "id-49999");
    assert!(last.get("@odata.nextLink").is_none());
}
