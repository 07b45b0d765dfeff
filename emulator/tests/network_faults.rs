//! Faults that break the transport or the flow, over real loopback HTTP: a
//! slow drip, a connection dropped mid-body, redirects, a forced 429, a
//! sign-in page instead of JSON, and schedules of steps per endpoint.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

/// The normal exposureScore body's length (its `time` always has the same length).
fn normal_length(emulator: &Emulator) -> usize {
    emulator.get_authorized("/api/exposureScore").body.len()
}

#[test]
fn a_dripping_body_arrives_in_pieces_spread_over_the_pauses() {
    let emulator = Emulator::start(&[]);
    let whole = normal_length(&emulator);
    emulator.queue_fault(
        json!({"endpoint": "exposureScore", "drip": {"chunkBytes": 16, "everyMs": 60}}),
    );
    let answer = timed_get(&emulator.addr, "/api/exposureScore");
    assert_eq!(answer.reply.status, 200);
    assert_eq!(
        answer.content_length(),
        Some(whole),
        "the whole length is announced up front"
    );
    assert_eq!(answer.ended_with, None, "a drip ends cleanly");
    assert_eq!(answer.reply.json()["score"], json!(33.491554051195706));
    let pieces = whole.div_ceil(16);
    assert!(
        answer.body_reads.len() >= pieces / 2,
        "{} reads for {pieces} pieces",
        answer.body_reads.len()
    );
    let first = answer.body_reads.first().copied().unwrap_or_default();
    let last = answer.body_reads.last().copied().unwrap_or_default();
    let least = Duration::from_millis(60) * (pieces as u32 - 2);
    assert!(
        last - first >= least,
        "{pieces} pieces took {:?} from first to last, expected at least {least:?}",
        last - first
    );
}

#[test]
fn a_client_timeout_shorter_than_the_drip_gives_up_before_the_body_ends() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"drip": {"chunkBytes": 8, "everyMs": 400}}));
    let mut stream = std::net::TcpStream::connect(&emulator.addr).unwrap();
    use std::io::{Read, Write};
    stream
        .set_read_timeout(Some(Duration::from_millis(150)))
        .unwrap();
    let head = format!(
        "GET /api/exposureScore HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        emulator.addr
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buffer = [0u8; 1024];
    let timed_out = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break false,
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
            Err(e) => {
                break matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                )
            }
        }
    };
    assert!(timed_out, "the answer ended before the client timeout");
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[test]
fn a_dropped_connection_sends_part_of_the_announced_body_then_closes() {
    let emulator = Emulator::start(&[]);
    let whole = normal_length(&emulator);
    emulator.queue_fault(json!({"endpoint": "exposureScore", "dropAfterBytes": 40}));
    let answer = timed_get(&emulator.addr, "/api/exposureScore");
    assert_eq!(answer.reply.status, 200);
    assert_eq!(answer.content_length(), Some(whole));
    assert_eq!(answer.reply.body.len(), 40, "{:?}", answer.reply.text());
    assert!(answer
        .reply
        .text()
        .starts_with("{\"@odata.context\":\"https://api.security"));
    assert_eq!(
        emulator.get_authorized("/api/exposureScore").status,
        200,
        "used once"
    );
}

#[test]
fn a_drop_can_follow_a_drip_and_never_sends_the_last_byte() {
    let emulator = Emulator::start(&[]);
    let whole = normal_length(&emulator);
    emulator.queue_fault(json!({
        "drip": {"chunkBytes": 32, "everyMs": 20},
        "dropAfterBytes": 1_000_000
    }));
    let answer = timed_get(&emulator.addr, "/api/exposureScore");
    assert_eq!(answer.content_length(), Some(whole));
    assert_eq!(answer.reply.body.len(), whole - 1);
    assert!(answer.body_reads.len() >= 2, "{:?}", answer.body_reads);
}

#[test]
fn a_redirect_answers_302_with_the_location_and_an_empty_body() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(
        json!({"endpoint": "configurationScore", "redirect": "/api/v1.0/configurationScore"}),
    );
    let reply = emulator.request("GET", "/api/configurationScore", &[], None);
    assert_eq!(reply.status, 302);
    assert_eq!(
        reply.header("location"),
        Some("/api/v1.0/configurationScore")
    );
    assert!(reply.body.is_empty(), "{}", reply.text());
    let followed = emulator.get_authorized("/api/v1.0/configurationScore");
    assert_eq!(followed.json()["score"], 340);
}

#[test]
fn a_redirect_to_another_origin_takes_its_status_and_carries_cors_headers() {
    let origin = "http://localhost:3000";
    let emulator = Emulator::start(&["--allow-origin", origin]);
    emulator.queue_fault(json!({
        "redirect": "https://login.example.test/sign-in?next=%2Fapi",
        "status": 307
    }));
    let reply = emulator.request("GET", "/api/exposureScore", &[("Origin", origin)], None);
    assert_eq!(reply.status, 307);
    assert_eq!(
        reply.header("location"),
        Some("https://login.example.test/sign-in?next=%2Fapi")
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
}

#[test]
fn an_html_sign_in_page_can_answer_200_in_place_of_json() {
    let emulator = Emulator::start(&[]);
    let page = "<!doctype html><html><body><form action=\"/login\">Sign in</form></body></html>";
    emulator.queue_fault(json!({"contentType": "text/html; charset=utf-8", "body": page}));
    let reply = emulator.get_authorized("/api/exposureScore");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.text(), page);
}

#[test]
fn retry_after_forces_a_documented_429_without_a_token() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"endpoint": "ByMachineGroups", "retryAfter": 7}));
    let reply = emulator.request("GET", "/api/exposureScore/ByMachineGroups", &[], None);
    let body = assert_error(&reply, 429, "TooManyRequests");
    assert_eq!(reply.header("retry-after"), Some("7"));
    assert_eq!(
        body["error"]["message"],
        "Rate limit is exceeded. Try again in 7 seconds."
    );
}

#[test]
fn retry_after_with_another_status_keeps_that_status() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"retryAfter": 30, "status": 503, "body": "maintenance"}));
    let reply = emulator.get_authorized("/api/exposureScore");
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("30"));
    assert_eq!(reply.text(), "maintenance");
}

#[test]
fn a_schedule_answers_its_steps_in_order_for_its_endpoint_only() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({
        "endpoint": "exposureScore",
        "schedule": [
            {"status": 500},
            {"passThrough": true},
            {"retryAfter": 2, "times": 2},
            {"status": 503, "times": "always"}
        ]
    }));
    let status = |path: &str| emulator.get_authorized(path).status;
    assert_eq!(
        status("/api/configurationScore"),
        200,
        "other endpoints are untouched"
    );
    assert_eq!(status("/api/exposureScore"), 500);
    assert_eq!(status("/api/exposureScore"), 200);
    assert_eq!(status("/api/exposureScore"), 429);
    assert_eq!(status("/api/exposureScore"), 429);
    for _ in 0..5 {
        assert_eq!(status("/api/exposureScore"), 503);
    }
    let pending = emulator.control("GET", "/_emulator/faults", None).json();
    assert_eq!(
        pending["pending"],
        json!([{"fault": {"endpoint": "exposureScore", "status": 503, "times": "always"}, "remaining": "always"}])
    );
    assert_eq!(
        emulator.control("DELETE", "/_emulator/faults", None).json()["cleared"],
        1
    );
    assert_eq!(status("/api/exposureScore"), 200);
}

#[test]
fn an_always_fault_answers_until_the_queue_is_cleared() {
    let emulator = Emulator::start(&[]);
    emulator.queue_fault(json!({"status": 502, "times": "always"}));
    for path in [
        "/api/exposureScore",
        "/api/configurationScore",
        "/api/exposureScore",
    ] {
        assert_eq!(emulator.get_authorized(path).status, 502, "{path}");
    }
    emulator.control("DELETE", "/_emulator/faults", None);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
}

#[test]
fn a_pass_through_step_answers_as_if_no_fault_were_queued() {
    let emulator = Emulator::start(&["--rate-limit", "1"]);
    emulator.queue_fault(json!([
        {"passThrough": true, "delayMs": 150},
        {"passThrough": true},
        {"passThrough": true}
    ]));
    let started = Instant::now();
    let first = emulator.get_authorized("/api/exposureScore");
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(first.json()["score"], json!(33.491554051195706));
    assert_eq!(
        emulator
            .request("GET", "/api/exposureScore", &[], None)
            .status,
        401,
        "the token is checked"
    );
    assert_eq!(
        emulator.get_authorized("/api/exposureScore").status,
        429,
        "the rate limit counts"
    );
    let log = emulator.control("GET", "/_emulator/calls", None).json();
    let statuses: Vec<Value> = log["calls"]
        .as_array()
        .map(|calls| calls.iter().map(|c| c["status"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(statuses, [json!(200), json!(401), json!(429)]);
}

#[test]
fn schedule_mistakes_are_refused_and_queue_nothing() {
    let emulator = Emulator::start(&[]);
    for bad in [
        json!({"schedule": []}),
        json!({"endpoint": "exposureScore", "status": 500, "schedule": [{}]}),
        json!({"schedule": [{"endpoint": "exposureScore"}]}),
        json!({"schedule": [{"times": "always"}, {"status": 500}]}),
        json!({"schedule": [{"status": 500}, {"passThrough": true, "status": 500}]}),
        json!([{"status": 500}, {"schedule": "500"}]),
    ] {
        let reply = emulator.control("POST", "/_emulator/faults", Some(&bad));
        assert_eq!(reply.status, 400, "{bad}");
    }
    assert_eq!(
        emulator.control("GET", "/_emulator/faults", None).json()["pending"],
        json!([])
    );
}
