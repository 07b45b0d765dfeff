//! The score API over real HTTP: bodies, tokens, errors, CORS, throttling.

mod common;

use common::*;
use serde_json::Value;

const ORIGIN: &str = "http://localhost:3000";

fn without_time(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("time");
    }
    value
}

#[test]
fn exposure_score_answers_the_documented_body_under_both_prefixes() {
    let emulator = Emulator::start(&[]);
    for path in ["/api/exposureScore", "/api/v1.0/exposureScore"] {
        let reply = emulator.get_authorized(path);
        assert_eq!(reply.status, 200, "{path}");
        let body = reply.json();
        assert_recent_timestamp(&body["time"]);
        assert_eq!(
            without_time(body),
            without_time(fixture("exposure-score")),
            "{path}"
        );
    }
}

#[test]
fn configuration_score_answers_the_documented_body_under_both_prefixes() {
    let emulator = Emulator::start(&[]);
    for path in ["/api/configurationScore", "/api/v1.0/configurationScore"] {
        let reply = emulator.get_authorized(path);
        assert_eq!(reply.status, 200, "{path}");
        let body = reply.json();
        assert_recent_timestamp(&body["time"]);
        assert_eq!(
            without_time(body),
            without_time(fixture("configuration-score")),
            "{path}"
        );
        assert!(
            reply.text().contains("\"score\":340}"),
            "340 is written as an integer"
        );
    }
}

#[test]
fn groups_start_with_the_documented_two_and_add_four_with_ids_spanning_all_bands() {
    let emulator = Emulator::start(&[]);
    for path in [
        "/api/exposureScore/ByMachineGroups",
        "/api/v1.0/exposureScore/ByMachineGroups",
    ] {
        let reply = emulator.get_authorized(path);
        assert_eq!(reply.status, 200, "{path}");
        let body = reply.json();
        let documented = fixture("exposure-score-by-machine-groups");
        assert_eq!(body["@odata.context"], documented["@odata.context"]);
        let groups = body["value"].as_array().expect("value is an array");
        assert_eq!(groups.len(), 6);
        for group in groups {
            assert_recent_timestamp(&group["time"]);
        }
        for (served, expected) in groups.iter().zip(documented["value"].as_array().unwrap()) {
            assert_eq!(without_time(served.clone()), without_time(expected.clone()));
        }
        let extra: Vec<(&str, f64, bool)> = groups[2..]
            .iter()
            .map(|g| {
                (
                    g["rbacGroupName"].as_str().unwrap(),
                    g["score"].as_f64().unwrap(),
                    g["rbacGroupId"].is_number(),
                )
            })
            .collect();
        assert_eq!(
            extra,
            [
                ("Finance laptops", 72.6, true),
                ("Datacenter servers", 55.2, true),
                ("Kiosks", 12.4, true),
                ("Ungrouped devices (default)", 28.9, true),
            ]
        );
        let scores: Vec<f64> = groups
            .iter()
            .map(|g| g["score"].as_f64().unwrap())
            .collect();
        assert!(scores.iter().any(|s| *s < 30.0), "a low-band group");
        assert!(
            scores.iter().any(|s| (30.0..70.0).contains(s)),
            "a medium-band group"
        );
        assert!(scores.iter().any(|s| *s >= 70.0), "a high-band group");
    }
}

#[test]
fn answers_carry_the_odata_content_type_and_version() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.get_authorized("/api/exposureScore");
    assert_eq!(reply.header("content-type"), Some(API_JSON));
    assert_eq!(reply.header("odata-version"), Some("4.0"));
}

#[test]
fn paths_and_the_bearer_scheme_match_ignoring_case() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.request(
        "GET",
        "/API/V1.0/EXPOSURESCORE/bymachinegroups",
        &[("authorization", "bEaReR demo-token")],
        None,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["value"].as_array().map(Vec::len), Some(6));
}

#[test]
fn a_missing_token_gets_401_with_the_documented_body_and_www_authenticate() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.request("GET", "/api/exposureScore", &[], None);
    let body = assert_error(&reply, 401, "Unauthorized");
    assert_eq!(
        body["error"]["message"],
        "Authorization has been denied for this request."
    );
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
}

#[test]
fn a_wrong_or_malformed_token_gets_401() {
    let emulator = Emulator::start(&[]);
    for authorization in [
        "Bearer not-the-token",
        "Basic ZGVtbw==",
        "Bearer",
        "demo-token",
    ] {
        let reply = emulator.request(
            "GET",
            "/api/configurationScore",
            &[("Authorization", authorization)],
            None,
        );
        assert_error(&reply, 401, "Unauthorized");
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Bearer"),
            "{authorization}"
        );
    }
}

#[test]
fn every_error_has_a_new_correlation_target() {
    let emulator = Emulator::start(&[]);
    let first = emulator
        .request("GET", "/api/exposureScore", &[], None)
        .json();
    let second = emulator
        .request("GET", "/api/exposureScore", &[], None)
        .json();
    assert_ne!(first["error"]["target"], second["error"]["target"]);
}

#[test]
fn the_forbidden_token_gets_403_naming_score_read() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.get_with_token("/api/exposureScore", FORBIDDEN_TOKEN);
    let body = assert_error(&reply, 403, "Forbidden");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Score.Read"));
}

#[test]
fn custom_tokens_replace_the_defaults() {
    let emulator = Emulator::start(&["--demo-token", "alpha", "--forbidden-token", "beta"]);
    assert_eq!(
        emulator
            .get_with_token("/api/exposureScore", "alpha")
            .status,
        200
    );
    assert_eq!(
        emulator.get_with_token("/api/exposureScore", "beta").status,
        403
    );
    assert_eq!(
        emulator.get_with_token("/api/exposureScore", TOKEN).status,
        401
    );
}

#[test]
fn an_unknown_api_path_gets_404_in_the_documented_shape() {
    let emulator = Emulator::start(&[]);
    for path in ["/api/machines", "/api/v1.0/exposureScore/unknown", "/api"] {
        let reply = emulator.get_authorized(path);
        let body = assert_error(&reply, 404, "ResourceNotFound");
        let documented = fixture("error-not-found");
        assert_eq!(body["error"]["code"], documented["error"]["code"]);
    }
}

#[test]
fn methods_other_than_get_get_405_with_allow() {
    let emulator = Emulator::start(&[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "HEAD"] {
        let reply = emulator.request(
            method,
            "/api/exposureScore",
            &[("Authorization", "Bearer demo-token")],
            None,
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, OPTIONS"), "{method}");
        if method != "HEAD" {
            assert_error(&reply, 405, "MethodNotAllowed");
        }
    }
}

#[test]
fn an_allowed_origin_gets_cors_headers() {
    let emulator = Emulator::start(&["--allow-origin", ORIGIN]);
    let reply = emulator.request(
        "GET",
        "/api/exposureScore",
        &[("Authorization", "Bearer demo-token"), ("Origin", ORIGIN)],
        None,
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(reply.header("vary"), Some("Origin"));
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("Retry-After, Content-Type, Content-Length")
    );
}

#[test]
fn a_disallowed_origin_gets_no_cors_headers() {
    let emulator = Emulator::start(&["--allow-origin", ORIGIN]);
    let reply = emulator.request(
        "GET",
        "/api/exposureScore",
        &[
            ("Authorization", "Bearer demo-token"),
            ("Origin", "http://evil.test"),
        ],
        None,
    );
    assert_eq!(reply.status, 200);
    assert!(!reply.has_cors_headers(), "{:?}", reply.headers);
}

#[test]
fn no_origin_is_allowed_without_the_flag() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.request(
        "GET",
        "/api/exposureScore",
        &[("Authorization", "Bearer demo-token"), ("Origin", ORIGIN)],
        None,
    );
    assert!(!reply.has_cors_headers(), "{:?}", reply.headers);
}

#[test]
fn a_star_allows_any_origin_and_echoes_it() {
    let emulator = Emulator::start(&["--allow-origin", "*"]);
    let reply = emulator.request(
        "GET",
        "/api/exposureScore",
        &[
            ("Authorization", "Bearer demo-token"),
            ("Origin", "https://anything.test"),
        ],
        None,
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://anything.test")
    );
}

#[test]
fn a_preflight_from_an_allowed_origin_gets_204_without_a_token() {
    let emulator = Emulator::start(&["--allow-origin", ORIGIN]);
    let reply = emulator.request(
        "OPTIONS",
        "/api/v1.0/exposureScore",
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "authorization"),
        ],
        None,
    );
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        reply.header("access-control-allow-methods"),
        Some("GET, OPTIONS")
    );
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("Authorization, Content-Type")
    );
    assert_eq!(reply.header("access-control-max-age"), Some("600"));
}

#[test]
fn a_preflight_from_a_disallowed_origin_gets_403_without_cors_headers() {
    let emulator = Emulator::start(&["--allow-origin", ORIGIN]);
    let reply = emulator.request(
        "OPTIONS",
        "/api/exposureScore",
        &[
            ("Origin", "http://evil.test"),
            ("Access-Control-Request-Method", "GET"),
        ],
        None,
    );
    assert_eq!(reply.status, 403);
    assert!(!reply.has_cors_headers(), "{:?}", reply.headers);
}

#[test]
fn error_answers_to_an_allowed_origin_carry_cors_headers() {
    // Two slots: the forbidden token's call takes one (the fixed tokens are
    // one application), the demo token's the other.
    let emulator = Emulator::start(&["--allow-origin", ORIGIN, "--rate-limit", "2"]);
    let unauthorized = emulator.request("GET", "/api/exposureScore", &[("Origin", ORIGIN)], None);
    assert_eq!(unauthorized.status, 401);
    assert_eq!(
        unauthorized.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    let forbidden = emulator.request(
        "GET",
        "/api/exposureScore",
        &[
            ("Origin", ORIGIN),
            ("Authorization", "Bearer demo-token-no-permission"),
        ],
        None,
    );
    assert_eq!(forbidden.status, 403);
    assert_eq!(
        forbidden.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    let headers = [("Origin", ORIGIN), ("Authorization", "Bearer demo-token")];
    assert_eq!(
        emulator
            .request("GET", "/api/exposureScore", &headers, None)
            .status,
        200
    );
    let throttled = emulator.request("GET", "/api/exposureScore", &headers, None);
    assert_eq!(throttled.status, 429);
    assert_eq!(
        throttled.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    assert!(throttled
        .header("access-control-expose-headers")
        .is_some_and(|h| h.contains("Retry-After")));
    let not_found = emulator.request("GET", "/api/nothing", &[("Origin", ORIGIN)], None);
    assert_eq!(
        not_found.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
}

/// Makes `allowed` calls that must pass, then one that must be refused with the documented
/// 429 body naming its `Retry-After`; returns those seconds.
fn refused_after(emulator: &Emulator, allowed: u32, refused_path: &str) -> u64 {
    for call in 1..=allowed {
        assert_eq!(
            emulator.get_authorized("/api/exposureScore").status,
            200,
            "call {call}"
        );
    }
    let reply = emulator.get_authorized(refused_path);
    let body = assert_error(&reply, 429, "TooManyRequests");
    let seconds: u64 = reply
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert_eq!(
        body["error"]["message"],
        format!("Rate limit is exceeded. Try again in {seconds} seconds.")
    );
    seconds
}

#[test]
fn the_call_after_the_rate_limit_gets_429_with_retry_after() {
    let emulator = Emulator::start(&["--rate-limit", "3", "--rate-window", "60"]);
    let seconds = refused_after(&emulator, 3, "/api/configurationScore");
    assert!((1..=60).contains(&seconds), "Retry-After {seconds}");
    let again = emulator.get_authorized("/api/exposureScore");
    assert_eq!(again.status, 429, "calling sooner gets 429 again");
}

#[test]
fn the_hour_window_refuses_with_its_own_retry_after_while_the_minute_has_room() {
    let emulator = Emulator::start(&["--rate-limit", "5", "--hour-rate-limit", "2"]);
    let seconds = refused_after(&emulator, 2, "/api/exposureScore");
    assert!(
        (3000..=3600).contains(&seconds),
        "Retry-After {seconds}: the hour's wait, not the minute's"
    );
}

/// `--rate-limit 3` with two demo tokens, `first` and `second`, and `flags`.
fn two_demo_tokens(flags: &[&str]) -> Emulator {
    let mut args = vec![
        "--rate-limit",
        "3",
        "--rate-window",
        "60",
        "--demo-token",
        "first",
        "--demo-token",
        "second",
    ];
    args.extend_from_slice(flags);
    Emulator::start(&args)
}

#[test]
fn the_fixed_tokens_share_one_applications_quota() {
    let emulator = two_demo_tokens(&[]);
    let status = |token: &str| emulator.get_with_token("/api/exposureScore", token).status;
    assert_eq!(status("first"), 200);
    assert_eq!(status("second"), 200);
    assert_eq!(status("first"), 200);
    assert_eq!(status("second"), 429, "three calls of one application");
    assert_eq!(status("first"), 429);
    assert_eq!(status(FORBIDDEN_TOKEN), 429, "the forbidden token too");
}

#[test]
fn app_per_demo_token_counts_each_fixed_token_apart() {
    let emulator = two_demo_tokens(&["--app-per-demo-token"]);
    for _ in 0..3 {
        assert_eq!(
            emulator
                .get_with_token("/api/exposureScore", "first")
                .status,
            200
        );
    }
    assert_eq!(
        emulator
            .get_with_token("/api/exposureScore", "first")
            .status,
        429
    );
    assert_eq!(
        emulator
            .get_with_token("/api/exposureScore", "second")
            .status,
        200
    );
    assert_eq!(
        emulator
            .get_with_token("/api/exposureScore", FORBIDDEN_TOKEN)
            .status,
        403
    );
}

#[test]
fn unauthenticated_calls_and_preflights_do_not_count_against_the_limit() {
    let emulator = Emulator::start(&["--rate-limit", "1", "--allow-origin", ORIGIN]);
    for _ in 0..3 {
        assert_eq!(
            emulator
                .request("GET", "/api/exposureScore", &[], None)
                .status,
            401
        );
        let preflight =
            emulator.request("OPTIONS", "/api/exposureScore", &[("Origin", ORIGIN)], None);
        assert_eq!(preflight.status, 204);
    }
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
}

#[test]
fn each_request_is_logged_to_stderr_without_the_token() {
    let emulator = Emulator::start(&["--demo-token", "secret-token-value"]);
    let reply = emulator.get_with_token("/api/exposureScore", "secret-token-value");
    assert_eq!(reply.status, 200);
    emulator.request(
        "GET",
        "/api/configurationScore",
        &[("Authorization", "Bearer wrong-secret")],
        None,
    );
    let lines = emulator.wait_for_log("for the 401", |line| {
        line.starts_with("GET /api/configurationScore 401 ")
    });
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("GET /api/exposureScore 200 ") && l.ends_with("ms")),
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains("secret")), "{lines:?}");
}
