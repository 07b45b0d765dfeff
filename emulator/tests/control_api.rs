//! The control API over real HTTP: faults, tenant, call log, reset, health.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

#[test]
fn a_fault_answers_with_its_status_and_raw_body_before_the_token_check() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"endpoint": "exposureScore", "status": 500, "body": "boom"}));
    let reply = emulator.request("GET", "/api/exposureScore", &[], None);
    assert_eq!(reply.status, 500);
    assert_eq!(reply.text(), "boom");
    assert_eq!(reply.header("content-type"), Some(API_JSON));
    assert_eq!(
        emulator
            .request("GET", "/api/exposureScore", &[], None)
            .status,
        401,
        "used once"
    );
}

#[test]
fn a_json_fault_answers_with_that_json() {
    let emulator = Emulator::start(&[]);
    let error = json!({"error": {"code": "InternalServerError", "message": "x", "target": "t-1"}});
    emulator.queue_fault(json!({"status": 500, "json": error}));
    let reply = emulator.get_authorized("/api/configurationScore");
    assert_eq!(reply.status, 500);
    assert_eq!(reply.json(), error);
}

#[test]
fn a_fault_without_a_body_answers_with_the_normal_body() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"status": 503}));
    let reply = emulator.request("GET", "/api/configurationScore", &[], None);
    assert_eq!(reply.status, 503);
    assert_eq!(reply.json()["score"], 340);
}

#[test]
fn a_delayed_fault_waits_at_least_its_delay() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"delayMs": 300}));
    let started = Instant::now();
    let reply = emulator.get_authorized("/api/exposureScore");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(reply.status, 200);
    assert_recent_timestamp(&reply.json()["time"]);
}

#[test]
fn a_truncated_fault_sends_only_the_first_half_of_the_body() {
    let emulator = Emulator::start(&[]);
    let whole = emulator.get_authorized("/api/exposureScore").body;
    emulator.queue_fault(json!({"endpoint": "exposureScore", "truncate": true}));
    let reply = emulator.get_authorized("/api/exposureScore");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body.len(), whole.len() / 2);
    assert!(whole.starts_with(&reply.body[..20]));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());
}

#[test]
fn a_malformed_fault_sends_json_that_does_not_parse() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"malformed": true}));
    let reply = emulator.get_authorized("/api/exposureScore");
    assert_eq!(reply.status, 200);
    let text = reply.text();
    assert!(text.starts_with("{\"@odata.context\""), "{text}");
    assert!(text.ends_with(','), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[test]
fn a_fault_can_set_the_content_type_and_extra_headers() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({
        "status": 429,
        "contentType": "text/html",
        "body": "<html>throttled</html>",
        "headers": {"Retry-After": "7", "X-Test": "yes"}
    }));
    let reply = emulator.get_authorized("/api/exposureScore");
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert_eq!(reply.header("retry-after"), Some("7"));
    assert_eq!(reply.header("x-test"), Some("yes"));
    assert_eq!(reply.text(), "<html>throttled</html>");
}

#[test]
fn a_fault_answers_as_many_requests_as_its_times() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"status": 502, "times": 2}));
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 502);
    assert_eq!(
        emulator.get_authorized("/api/configurationScore").status,
        502
    );
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
}

#[test]
fn faults_match_their_endpoint_first_in_first_out() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!([
        {"endpoint": "ByMachineGroups", "status": 500},
        {"endpoint": "configurationScore", "status": 501},
        {"endpoint": "*", "status": 502},
        {"endpoint": "configurationScore", "status": 503}
    ]));
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 502);
    assert_eq!(
        emulator.get_authorized("/api/configurationScore").status,
        501
    );
    assert_eq!(
        emulator
            .get_authorized("/api/v1.0/configurationScore")
            .status,
        503
    );
    assert_eq!(
        emulator.get_authorized("/api/configurationScore").status,
        200
    );
    assert_eq!(
        emulator
            .get_authorized("/api/exposureScore/ByMachineGroups")
            .status,
        500
    );
    assert_eq!(
        emulator
            .get_authorized("/api/exposureScore/ByMachineGroups")
            .status,
        200
    );
}

#[test]
fn faults_answer_before_the_rate_limit_and_carry_cors_headers() {
    let origin = "http://localhost:3000";
    let emulator = Emulator::start(&["--rate-limit", "1", "--allow-origin", origin]);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 429);
    emulator.queue_fault(json!({"status": 500, "body": "x"}));
    let reply = emulator.request(
        "GET",
        "/api/exposureScore",
        &[("Authorization", "Bearer demo-token"), ("Origin", origin)],
        None,
    );
    assert_eq!(reply.status, 500);
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
}

#[test]
fn bad_faults_are_refused_with_400_and_a_message() {
    let emulator = Emulator::start(&[]);
    for bad in [
        json!({"stauts": 500}),
        json!({"endpoint": "machines"}),
        json!({"status": 700}),
        json!({"body": "a", "json": {}}),
        json!({"times": 0}),
        json!([{"status": 500}, {"delayMs": -1}]),
    ] {
        let reply = emulator.control("POST", "/_emulator/faults", Some(&bad));
        assert_eq!(reply.status, 400, "{bad}");
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(!message.is_empty(), "{bad}");
    }
    let not_json = emulator.request("POST", "/_emulator/faults", &[], Some("{status"));
    assert_eq!(not_json.status, 400);
    assert_eq!(
        emulator.get_authorized("/api/exposureScore").status,
        200,
        "nothing was queued"
    );
}

#[test]
fn deleting_faults_clears_the_queue() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"status": 500, "times": 5}));
    let pending = emulator.control("GET", "/_emulator/faults", None).json();
    assert_eq!(pending["pending"][0]["remaining"], 5);
    let reply = emulator.control("DELETE", "/_emulator/faults", None);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["cleared"], 1);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
}

#[test]
fn the_tenant_can_be_replaced_and_read_back() {
    let emulator = Emulator::start(&[]);
    let initial = emulator.control("GET", "/_emulator/tenant", None).json();
    assert_eq!(initial["exposureScore"], json!(33.491554051195706));
    assert_eq!(initial["configurationScore"], 340);
    assert_eq!(initial["groups"].as_array().map(Vec::len), Some(6));
    let update = json!({
        "exposureScore": 75.5,
        "groups": [{"rbacGroupName": "Only", "score": 10.25, "rbacGroupId": "g-1"}]
    });
    let reply = emulator.control("PUT", "/_emulator/tenant", Some(&update));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let tenant = emulator.control("GET", "/_emulator/tenant", None).json();
    assert_eq!(tenant["exposureScore"], 75.5);
    assert_eq!(tenant["configurationScore"], 340, "fields not given stay");
    assert_eq!(tenant["groups"], update["groups"]);
    assert_eq!(
        emulator.get_authorized("/api/exposureScore").json()["score"],
        75.5
    );
    let groups = emulator
        .get_authorized("/api/exposureScore/ByMachineGroups")
        .json();
    assert_eq!(groups["value"][0]["rbacGroupName"], "Only");
    assert_eq!(groups["value"][0]["rbacGroupId"], "g-1");
}

#[test]
fn a_bad_tenant_is_refused_and_changes_nothing() {
    let emulator = Emulator::start(&[]);
    for bad in [
        json!({"exposureScore": "high"}),
        json!({"exposureScroe": 1}),
        json!({"groups": [{"rbacGroupName": "x", "score": 1, "rbacGroupId": true}]}),
        json!({"groups": [{"score": 1}]}),
    ] {
        let reply = emulator.control("PUT", "/_emulator/tenant", Some(&bad));
        assert_eq!(reply.status, 400, "{bad}");
    }
    assert_eq!(
        emulator.control("GET", "/_emulator/tenant", None).json()["exposureScore"],
        json!(33.491554051195706)
    );
}

#[test]
fn the_call_log_counts_api_calls_per_endpoint_without_preflights_or_tokens() {
    let origin = "http://localhost:3000";
    let emulator = Emulator::start(&["--allow-origin", origin]);
    emulator.get_authorized("/api/exposureScore");
    emulator.request(
        "GET",
        "/api/v1.0/configurationScore",
        &[("Origin", origin)],
        None,
    );
    emulator.get_authorized("/api/exposureScore/ByMachineGroups");
    emulator.get_authorized("/api/unknown");
    emulator.request("OPTIONS", "/api/exposureScore", &[("Origin", origin)], None);
    emulator.control("GET", "/_emulator/health", None);
    emulator.get_authorized("/api/recommendations?$top=1");
    let reply = emulator.control("GET", "/_emulator/calls", None);
    let log = reply.json();
    assert_eq!(log["total"], 5);
    assert_eq!(
        log["byEndpoint"],
        json!({"exposureScore": 1, "configurationScore": 1, "ByMachineGroups": 1, "recommendations": 1})
    );
    assert_eq!(log["calls"][4]["path"], "/api/recommendations");
    assert_eq!(
        log["calls"][1],
        json!({"method": "GET", "path": "/api/v1.0/configurationScore", "status": 401, "origin": origin})
    );
    assert_eq!(log["calls"][3]["status"], 404);
    assert!(!reply.text().contains(TOKEN));
}

#[test]
fn faulted_calls_are_logged_with_the_fault_status() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"status": 504}));
    emulator.get_authorized("/api/exposureScore");
    let log = emulator.control("GET", "/_emulator/calls", None).json();
    assert_eq!(log["calls"][0]["status"], 504);
    assert_eq!(log["byEndpoint"]["exposureScore"], 1);
}

#[test]
fn reset_clears_faults_calls_and_rate_limits_and_restores_the_demo_tenant() {
    let emulator = Emulator::start(&["--rate-limit", "2"]);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 429);
    emulator.control(
        "PUT",
        "/_emulator/tenant",
        Some(&json!({"exposureScore": 99})),
    );
    emulator.queue_fault(json!({"endpoint": "configurationScore", "status": 500}));
    let reply = emulator.control("POST", "/_emulator/reset", None);
    assert_eq!(reply.status, 200);
    let log = emulator.control("GET", "/_emulator/calls", None).json();
    assert_eq!(log["total"], 0);
    assert_eq!(log["calls"], json!([]));
    let exposure = emulator.get_authorized("/api/exposureScore");
    assert_eq!(exposure.status, 200, "the rate limit window was cleared");
    assert_eq!(exposure.json()["score"], json!(33.491554051195706));
    assert_eq!(
        emulator.get_authorized("/api/configurationScore").status,
        200,
        "the fault was cleared"
    );
}

#[test]
fn health_answers_ok() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.request("GET", "/_emulator/health", &[], None);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "ok");
}

#[test]
fn the_control_api_allows_any_origin_and_answers_its_own_preflights() {
    let emulator = Emulator::start(&[]);
    let preflight = emulator.request(
        "OPTIONS",
        "/_emulator/faults",
        &[
            ("Origin", "http://127.0.0.1:9999"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        None,
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(preflight
        .header("access-control-allow-methods")
        .is_some_and(|m| m.contains("POST") && m.contains("PUT") && m.contains("DELETE")));
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        Some("content-type")
    );
    let calls = emulator.request(
        "GET",
        "/_emulator/calls",
        &[("Origin", "http://x.test")],
        None,
    );
    assert_eq!(calls.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn unknown_control_paths_and_methods_are_refused() {
    let emulator = Emulator::start(&[]);
    assert_eq!(
        emulator.control("GET", "/_emulator/nothing", None).status,
        404
    );
    let wrong = emulator.control("GET", "/_emulator/reset", None);
    assert_eq!(wrong.status, 405);
    assert_eq!(wrong.header("allow"), Some("POST, OPTIONS"));
}
