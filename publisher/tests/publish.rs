//! Publishing against the emulator (in-process): the folder it writes checks as the widget
//! reads it; failures keep the last good snapshot and exit 1; Retry-After and backoff; the
//! lock; files replaced atomically.

mod common;

use common::*;
use defender_score_core::model::CardKind;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[test]
fn a_publish_writes_a_folder_that_checks_as_the_widget_reads_it() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let output = publish(&emulator, out.path(), &["--scheduled-every", "15m"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout {stdout} stderr {stderr}"
    );
    assert!(stdout.contains("published exposure"), "{stdout}");
    let folder = read_folder(out.path());
    let s = &folder.snapshot;
    assert_eq!(
        (s.tenant.as_str(), s.cloud.as_str()),
        (TENANT, "commercial")
    );
    assert_eq!(s.api_base, emulator.base);
    assert_eq!(s.every_seconds, Some(900));
    assert!(s.next_due_at.is_some());
    assert_eq!(s.failure, None);
    let kinds: Vec<_> = folder.readings.iter().map(|f| f.data.kind()).collect();
    assert_eq!(
        kinds,
        [CardKind::Exposure, CardKind::Device, CardKind::Groups]
    );
    assert_eq!(folder.history.tenant, TENANT);
    assert_eq!(folder.history.records.len(), 1);
    let record = &folder.history.records[0];
    assert!(record.exposure.is_some() && record.device.is_some() && record.groups.is_some());
    assert!(
        folder.csv.starts_with("time,card,group,score\r\n"),
        "{}",
        folder.csv
    );
    assert!(folder.csv.contains(",exposure,,"), "{}", folder.csv);
    // Three calls: one per endpoint.
    for path in [
        "/api/exposureScore",
        "/api/configurationScore",
        "/api/exposureScore/ByMachineGroups",
    ] {
        assert_eq!(emulator.calls_to(path).len(), 1, "{path}");
    }
    // Nothing but the three files and the lock is left in the folder.
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".publisher.lock",
            "history.csv",
            "history.json",
            "snapshot.json"
        ]
    );
}

#[test]
fn only_the_cards_asked_for_are_read_and_published() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let output = publish(&emulator, out.path(), &["--cards", "device"]);
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let folder = read_folder(out.path());
    assert_eq!(folder.readings.len(), 1);
    assert_eq!(folder.score(CardKind::Device), Some(340.0));
    assert_eq!(folder.snapshot.every_seconds, None);
    assert!(emulator.calls_to("/api/exposureScore").is_empty());
}

#[test]
fn a_failing_card_keeps_its_last_good_reading_and_the_run_exits_1_with_the_failure_recorded() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    let before = read_folder(out.path());
    emulator.set_tenant(json!({"exposureScore": 55.5}));
    emulator.fault(json!({"endpoint": "configurationScore", "status": 403, "times": "always",
        "json": {"error": {"code": "Forbidden", "message": "Missing application roles", "target": "t-1"}}}));
    let output = publish(&emulator, out.path(), &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout {stdout} stderr {stderr}"
    );
    assert!(stderr.contains("device failed: 403 Forbidden"), "{stderr}");
    let after = read_folder(out.path());
    let failure = after
        .snapshot
        .failure
        .clone()
        .expect("the failure is recorded");
    assert_eq!(failure.card, Some(CardKind::Device));
    assert_eq!(failure.status, Some(403));
    assert_eq!(failure.code.as_deref(), Some("Forbidden"));
    assert_eq!(after.score(CardKind::Exposure), Some(55.5));
    // The device card keeps the reading of the first publish.
    let device = |f: &Folder| {
        f.readings
            .iter()
            .find(|r| r.data.kind() == CardKind::Device)
            .cloned()
            .expect("a device reading")
    };
    assert_eq!(device(&after), device(&before));
}

#[test]
fn when_every_call_fails_the_last_snapshot_stays_as_it_was_with_the_failure_added() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        publish(&emulator, out.path(), &["--scheduled-every", "1h"])
            .status
            .code(),
        Some(0)
    );
    let before = read_folder(out.path());
    let history_before = std::fs::read(out.path().join("history.json")).expect("history");
    emulator.fault(json!({"endpoint": "*", "status": 404, "times": "always"}));
    let output = publish(&emulator, out.path(), &["--scheduled-every", "1h"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("kept the snapshot published at"),
        "{stderr}"
    );
    let after = read_folder(out.path());
    assert_eq!(after.readings, before.readings);
    assert_eq!(after.snapshot.published_at, before.snapshot.published_at);
    assert_eq!(after.snapshot.next_due_at, before.snapshot.next_due_at);
    let failure = after.snapshot.failure.expect("the failure is recorded");
    assert_eq!(
        (failure.card, failure.status),
        (Some(CardKind::Exposure), Some(404))
    );
    assert_eq!(
        std::fs::read(out.path().join("history.json")).expect("history"),
        history_before
    );
}

#[test]
fn a_failure_before_any_snapshot_writes_nothing_and_exits_1() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    emulator.fault(json!({"endpoint": "*", "status": 403, "times": "always"}));
    let output = publish(&emulator, out.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output).1.contains("nothing published"),
        "{:?}",
        text(&output)
    );
    assert!(!out.path().join("snapshot.json").exists());
}

#[test]
fn a_429_is_tried_again_after_its_retry_after() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    emulator.fault(json!({"endpoint": "exposureScore", "retryAfter": 1, "times": 1}));
    let output = publish(&emulator, out.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let calls = emulator.calls_to("/api/exposureScore");
    assert_eq!(calls.len(), 2, "one 429, then the answer");
    let gap = calls[1].duration_since(calls[0]);
    assert!(gap >= Duration::from_secs(1), "tried again after {gap:?}");
    assert_eq!(read_folder(out.path()).snapshot.failure, None);
}

#[test]
fn a_retry_after_longer_than_the_cap_fails_the_card_with_429() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    emulator.fault(json!({"endpoint": "ByMachineGroups", "retryAfter": 3600, "times": 1}));
    let output = publish(&emulator, out.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        emulator
            .calls_to("/api/exposureScore/ByMachineGroups")
            .len(),
        2
    );
    let failure = read_folder(out.path()).snapshot.failure.expect("recorded");
    assert_eq!(
        (failure.card, failure.status),
        (Some(CardKind::Groups), Some(429))
    );
    assert_eq!(failure.code.as_deref(), Some("TooManyRequests"));
}

#[test]
fn a_5xx_is_tried_again_after_a_backoff() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    emulator.fault(json!({"endpoint": "configurationScore", "status": 503, "times": 1}));
    let output = publish(&emulator, out.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let calls = emulator.calls_to("/api/configurationScore");
    assert_eq!(calls.len(), 2);
    assert!(calls[1].duration_since(calls[0]) >= Duration::from_millis(500));
}

#[test]
fn answers_that_do_not_check_are_refused_like_the_widget_refuses_them() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    for (fault, says) in [
        (
            json!({"endpoint": "exposureScore", "json": {"score": 101, "time": "2019-12-03T09:51:28Z"}}),
            "outside 0 to 100",
        ),
        (
            json!({"endpoint": "exposureScore", "malformed": true}),
            "not valid JSON",
        ),
        (
            json!({"endpoint": "exposureScore", "contentType": "text/html", "body": "<html>"}),
            "text/html",
        ),
        (
            json!({"endpoint": "exposureScore", "redirect": "https://evil.example/"}),
            "redirect",
        ),
        (
            json!({"endpoint": "ByMachineGroups", "json": {"value": [], "@odata.nextLink": "https://evil.example/next"}}),
            "origin",
        ),
    ] {
        emulator.fault(fault.clone());
        let output = publish(&emulator, out.path(), &[]);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(1), "{fault}: {stderr}");
        assert!(
            stderr.to_lowercase().contains(&says.to_lowercase()),
            "{fault}: {stderr}"
        );
        let failure = read_folder(out.path()).snapshot.failure.expect("recorded");
        assert!(failure.card.is_some(), "{fault}");
        emulator.control("DELETE", "/_emulator/faults", None);
    }
}

#[test]
fn a_second_publisher_on_a_locked_folder_exits_1_and_writes_nothing() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let held = defender_score_publisher::folder::Folder::lock(out.path()).expect("the lock");
    let output = publish(&emulator, out.path(), &[]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another publisher is writing this folder"),
        "{stderr}"
    );
    assert!(!out.path().join("snapshot.json").exists());
    assert!(
        emulator.calls_to("/api/exposureScore").is_empty(),
        "no API call when locked"
    );
    drop(held);
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
}

#[test]
fn a_reader_never_sees_a_half_written_snapshot() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let done = Arc::clone(&done);
        let path = out.path().join("snapshot.json");
        std::thread::spawn(move || {
            let mut reads = 0u32;
            while !done.load(Ordering::Relaxed) {
                let text = std::fs::read_to_string(&path).expect("snapshot.json is always there");
                let parsed: Result<defender_score_core::model::snapshot::Snapshot, _> =
                    serde_json::from_str(&text);
                assert!(parsed.is_ok(), "a torn read: {text:?}");
                reads += 1;
            }
            reads
        })
    };
    for score in [10.0, 20.0, 30.0, 40.0, 50.0] {
        emulator.set_tenant(json!({"exposureScore": score}));
        assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    }
    done.store(true, Ordering::Relaxed);
    let reads = reader.join().expect("the reader never saw a broken file");
    assert!(reads > 0);
    assert_eq!(
        read_folder(out.path()).score(CardKind::Exposure),
        Some(50.0)
    );
}

#[test]
fn with_every_it_keeps_publishing_until_sigterm_stops_it() {
    use std::io::{BufRead, BufReader};
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = token_args(&emulator, out.path());
    args.extend(["--every".to_string(), "1m".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = publisher(&args, &TOKEN_ENV).spawn().expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx.recv_timeout(DEADLINE).expect("a first publish line");
    assert!(first.contains("published exposure"), "{first}");
    assert!(first.contains("next due"), "{first}");
    let folder = read_folder(out.path());
    assert_eq!(folder.snapshot.every_seconds, Some(60));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let output = wait(child);
    assert_eq!(output.status.code(), Some(0));
    let stopped = rx.recv_timeout(DEADLINE).expect("a last line");
    assert!(stopped.ends_with("stopped"), "{stopped}");
}

#[test]
fn a_snapshot_that_does_not_check_is_replaced_and_the_log_says_so() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        out.path().join("snapshot.json"),
        r#"{"format":"defender-score-snapshot","version":2}"#,
    )
    .expect("write");
    let output = publish(&emulator, out.path(), &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("did not check"), "{stdout}");
    assert_eq!(read_folder(out.path()).readings.len(), 3);
}

#[test]
fn a_publish_an_hour_after_the_last_adds_a_record_and_one_sooner_updates_it() {
    let emulator = Emulator::start(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    emulator.set_tenant(json!({"exposureScore": 44.0}));
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    let history = read_folder(out.path()).history;
    assert_eq!(
        history.records.len(),
        1,
        "within the hour: the newest record is updated"
    );
    assert_eq!(history.records[0].exposure, Some(44.0));
    // Move the record two hours back, as if the last publish was then.
    let path = out.path().join("history.json");
    let mut file = json(out.path(), "history.json");
    let t = file["records"][0]["timeMs"].as_f64().expect("a time");
    file["records"][0]["timeMs"] = json!(t - 2.0 * 3_600_000.0);
    std::fs::write(&path, file.to_string()).expect("write");
    emulator.set_tenant(json!({"exposureScore": 12.5}));
    assert_eq!(publish(&emulator, out.path(), &[]).status.code(), Some(0));
    let folder = read_folder(out.path());
    let scores: Vec<_> = folder.history.records.iter().map(|r| r.exposure).collect();
    assert_eq!(scores, [Some(44.0), Some(12.5)]);
    assert_eq!(
        folder.csv.matches(",exposure,,").count(),
        2,
        "{}",
        folder.csv
    );
}
