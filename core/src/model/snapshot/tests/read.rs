//! `snapshot.json` read back: what the publisher writes reads as it was written, and a
//! hostile file gets the same treatment as a hostile API answer.

use super::*;
use crate::model::api::json::{AnObject, Decoded, Found};
use crate::model::cards::scores::CardKind;
use crate::model::snapshot::readings::{check_reading, RawReading};
use crate::model::storage::stored::StoredItem;

fn problem(v: &Value) -> String {
    match read(v, T0) {
        Ok(s) => panic!("refused expected, read {s:?}"),
        Err(p) => p.describe(),
    }
}

/// The one card's problem in a snapshot that is read.
fn card_problem(v: &Value, kind: CardKind) -> String {
    let snapshot = read(v, T0).expect("the snapshot reads");
    for other in CardKind::DEFAULT.into_iter().filter(|k| *k != kind) {
        assert!(matches!(snapshot.reading(other), Some(Ok(_))), "{other:?}");
    }
    match snapshot.reading(kind) {
        Some(Err(p)) => p.describe(),
        other => panic!("{kind:?} refused expected, got {other:?}"),
    }
}

#[test]
fn a_written_snapshot_reads_back_as_it_was_written() {
    let failure = Failure::new(
        T0 + 1_500.0,
        Some(CardKind::Groups),
        Some(429),
        Some("TooManyRequests"),
        "throttled",
    );
    for failure in [None, Some(failure)] {
        let snapshot =
            read(&value(&written(T0 + 999.0, failure.clone())), T0 + 2_000.0).expect("reads");
        assert_eq!(snapshot.tenant, TENANT);
        assert_eq!(snapshot.cloud, Cloud::Commercial);
        assert_eq!(snapshot.api_base, base());
        assert_eq!(snapshot.published, at(T0), "kept to the second");
        assert_eq!(snapshot.schedule, Some(Schedule::after(T0, 900)));
        assert_eq!(snapshot.failure, failure);
        let readings: Vec<_> = fresh_readings(T0 + 999.0).into_iter().map(Ok).collect();
        let read: Vec<_> = snapshot.readings.into_iter().map(|(_, r)| r).collect();
        assert_eq!(read, readings);
    }
}

#[test]
fn the_documented_example_reads() {
    let doc = include_str!("../../../../../docs/snapshot-format.md");
    let start = doc
        .find("```json\n{\n  \"format\": \"defender-score-snapshot\"")
        .expect("example");
    let text = &doc[start + 8..];
    let text = &text[..text.find("```").expect("end")];
    let snapshot = read_text(text, T0).expect("the example reads");
    assert_eq!(snapshot.schedule.map(|s| s.every_seconds), Some(900));
    assert_eq!(
        snapshot.reading(CardKind::Groups).map(Result::is_ok),
        Some(true)
    );
    let written = serde_json::to_value(written(T0, None)).expect("serializes");
    let documented: Value = serde_json::from_str(text).expect("json");
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(keys(&written), keys(&documented), "the same members");
}

#[test]
fn a_file_of_another_format_or_version_says_so() {
    let expected = "snapshot.json is not defender-score-snapshot version 1: the folder was \
                    written by another version of the publisher";
    for (member, bad) in [
        ("format", json!("defender-score-history")),
        ("format", json!(null)),
        ("version", json!(2)),
        ("version", json!("1")),
        ("version", json!(1.5)),
    ] {
        let mut v = value(&written(T0, None));
        v[member] = bad;
        assert_eq!(problem(&v), expected, "{member}");
    }
    // Another version's members are not looked at: the version is the message.
    let v = json!({"format": SNAPSHOT_FORMAT, "version": 2, "readings": {"v2": true}});
    assert_eq!(problem(&v), expected);
    assert_eq!(
        problem(&json!([1])),
        "snapshot.json should be an object but is an array"
    );
}

#[test]
fn the_strict_reading_refuses_another_format_or_version_too() {
    let v = value(&written(T0, None));
    let strict = serde_json::from_value::<Snapshot>(v.clone()).expect("reads");
    assert_eq!(strict, written(T0, None));
    for (member, bad) in [("format", json!(HISTORY_FORMAT)), ("version", json!(2))] {
        let mut v = v.clone();
        v[member] = bad;
        assert!(serde_json::from_value::<Snapshot>(v).is_err(), "{member}");
    }
}

#[test]
fn members_of_the_wrong_type_are_named() {
    for (member, bad, says) in [
        ("tenant", json!(7), "tenant should be a string but is a number"),
        ("tenant", json!("  "), "tenant is missing"),
        ("cloud", json!("mars"), "the body is not the documented shape: cloud is not commercial, gcc, gcc-high or dod"),
        ("apiBase", json!("/api"), "the body is not the documented shape: apiBase is a path but the page has no origin"),
        ("readings", json!({}), "readings should be an array but is an object"),
        ("readings", json!(null), "readings is missing"),
        ("everySeconds", json!("900"), "everySeconds should be a number but is a string"),
        ("everySeconds", json!(0), "everySeconds is 0, outside whole seconds from 1 to 31622400"),
        ("everySeconds", json!(90.5), "everySeconds is 90.5, outside whole seconds from 1 to 31622400"),
        ("nextDueAt", json!(null), "nextDueAt is missing"),
        ("nextDueAt", json!("2026-12-01T13:00:00Z"), "the body is not the documented shape: nextDueAt is before publishedAt"),
        ("failure", json!({"at": "2026-12-01T14:00:03Z", "status": "429", "message": "x"}),
         "the body is not the documented shape: failure: invalid type: string \"429\", expected u16"),
        ("failure", json!({"at": "soon", "message": "x"}), "the body is not the documented shape: failure: not a valid timestamp"),
        ("failure", json!({"at": "2026-12-01T14:00:03Z", "status": 99, "message": "x"}), "failure.status is 99, outside 100 to 599"),
    ] {
        let mut v = value(&written(T0, None));
        v[member] = bad;
        assert_eq!(problem(&v), says, "{member}");
    }
}

#[test]
fn a_card_whose_reading_does_not_check_fails_alone() {
    let cases: [(usize, &str, Value, CardKind, &str); 9] = [
        (1, "score", json!("340"), CardKind::Device, "the body is not the documented shape: readings[1].items: invalid type: string \"340\", expected f64"),
        (0, "score", json!(-1), CardKind::Exposure, "readings[0].items[0].score is -1, outside 0 to 100"),
        (0, "score", json!(100.01), CardKind::Exposure, "readings[0].items[0].score is 100.01, outside 0 to 100"),
        (1, "score", json!(2e9), CardKind::Device, "readings[1].items[0].score is 2000000000, outside 0 to 1e9 points"),
        (2, "score", json!(101), CardKind::Groups, "readings[2].items[0].score is 101, outside 0 to 100"),
        (2, "name", json!(" "), CardKind::Groups, "readings[2].items[0].name is missing"),
        (2, "name", json!("x".repeat(257)), CardKind::Groups, "readings[2].items[0].name is longer than 256 bytes"),
        (0, "name", json!("GroupOne"), CardKind::Exposure, "the body is not the documented shape: readings[0].items[0].name is for groups only"),
        (0, "timeMs", json!(-1), CardKind::Exposure, "readings[0].items[0].timeMs is -1, outside 1970 to 9999"),
    ];
    for (i, member, bad, kind, says) in cases {
        let mut v = value(&written(T0, None));
        v["readings"][i]["items"][0][member] = bad;
        assert_eq!(card_problem(&v, kind), says, "{member}");
    }
    let mut v = value(&written(T0, None));
    v["readings"][0]["items"] = json!([]);
    assert_eq!(
        card_problem(&v, CardKind::Exposure),
        "the body is not the documented shape: readings[0].items holds 0 scores, not one"
    );
    v["readings"][1]["receivedMs"] = json!("now");
    assert_eq!(
        read(&v, T0)
            .expect("reads")
            .reading(CardKind::Device)
            .map(|r| r.clone().map(|_| ())),
        Some(Err(Problem::WrongType {
            field: "readings[1].receivedMs".into(),
            expected: "a number",
            found: "a string"
        }))
    );
}

#[test]
fn overflowing_numbers_are_not_finite_wherever_they_arrive() {
    // Natively the text does not parse; `JSON.parse` in the browser reads 1e400 as Infinity.
    let text = value(&written(T0, None))
        .to_string()
        .replace("33.49", "1e400");
    assert_eq!(read_text(&text, T0), Err(Problem::NotJson));
    let item = |score| StoredItem {
        name: None,
        id: None,
        score,
        time_ms: T0,
    };
    let raw = |received: f64, item| RawReading {
        kind: Some(Found::Text("exposure".into())),
        received_ms: Some(Found::Number(received)),
        items: Some(Decoded(Ok(vec![item]))),
        active: None,
        top: None,
    };
    let checked = |r| {
        check_reading(0, AnObject::Object(r))
            .expect("a card")
            .expect("known")
            .1
    };
    assert_eq!(
        checked(raw(T0, item(f64::INFINITY))),
        Err(Problem::NotFinite("readings[0].items[0].score".into()))
    );
    assert_eq!(
        checked(raw(T0, item(f64::NAN))),
        Err(Problem::NotFinite("readings[0].items[0].score".into()))
    );
    assert_eq!(
        checked(raw(f64::INFINITY, item(1.0))),
        Err(Problem::NotFinite("readings[0].receivedMs".into()))
    );
    let mut v = value(&written(T0, None));
    v["everySeconds"] = json!(1e300);
    assert!(problem(&v).starts_with("everySeconds is 1e+300, outside"));
}

#[test]
fn too_many_groups_refuse_the_groups_card_only() {
    let group = |i: usize| json!({"name": format!("G{i}"), "score": 1, "timeMs": T0});
    let mut v = value(&written(T0, None));
    v["readings"][2]["items"] = Value::Array((0..2_000).map(group).collect());
    let snapshot = read(&v, T0).expect("reads");
    let Some(Ok(Fresh {
        data: CardData::Groups(g),
        ..
    })) = snapshot.reading(CardKind::Groups)
    else {
        panic!("2,000 groups read");
    };
    assert_eq!(g.groups.len(), 2_000);
    v["readings"][2]["items"] = Value::Array((0..2_001).map(group).collect());
    assert_eq!(
        card_problem(&v, CardKind::Groups),
        "more than 2000 device groups"
    );
}

#[test]
fn a_second_reading_of_a_card_refuses_that_card_and_unknown_cards_are_ignored() {
    let mut v = value(&written(T0, None));
    let second = v["readings"][1].clone();
    let readings = v["readings"].as_array_mut().expect("an array");
    readings.push(second);
    readings.push(json!({"kind": "secureScore", "receivedMs": T0, "items": []}));
    assert_eq!(
        card_problem(&v, CardKind::Device),
        "the device reading appears more than once"
    );
    assert_eq!(read(&v, T0).expect("reads").readings.len(), 3);
    v["readings"][3] = json!({"receivedMs": T0, "items": []});
    assert_eq!(problem(&v), "readings[3].kind is missing");
    v["readings"][3] = json!("exposure");
    assert_eq!(
        problem(&v),
        "readings[3] should be an object but is a string"
    );
}

#[test]
fn times_must_be_valid_and_not_ahead_of_the_reader() {
    let ahead = "publishedAt is more than 5 minutes ahead of this device's clock";
    let v = value(&written(T0 + FUTURE_SLACK_MS, None));
    assert!(read(&v, T0).is_ok(), "5 minutes ahead is a clock's slack");
    let v = value(&written(T0 + FUTURE_SLACK_MS + 1_000.0, None));
    assert_eq!(problem(&v), ahead);
    for bad in [
        "2026-02-30T00:00:00Z",
        "yesterday",
        "0000-01-01T00:00:00Z",
        "2026-12-01T14:00:03Z<b>",
    ] {
        let mut v = value(&written(T0, None));
        v["publishedAt"] = json!(bad);
        assert_eq!(problem(&v), "publishedAt is not a valid timestamp", "{bad}");
    }
    let mut v = value(&written(T0, None));
    v["failure"] =
        serde_json::to_value(Failure::new(T0 + 3_600_000.0, None, None, None, "x")).expect("json");
    assert_eq!(
        problem(&v),
        "failure.at is more than 5 minutes ahead of this device's clock"
    );
}

#[test]
fn markup_is_kept_as_text() {
    let mut v = value(&written(T0, None));
    v["tenant"] = json!("<script>alert(1)</script>");
    let snapshot = read(&v, T0).expect("reads");
    assert_eq!(snapshot.tenant, "<script>alert(1)</script>");
    let Some(Ok(Fresh {
        data: CardData::Groups(g),
        ..
    })) = snapshot.reading(CardKind::Groups)
    else {
        panic!("groups read");
    };
    assert_eq!(g.groups[1].name, "<img src=x onerror=alert(1)>");
}

#[test]
fn damaged_or_oversized_text_is_refused() {
    let text = value(&written(T0, None)).to_string();
    for cut in [0, 1, text.len() / 2, text.len() - 1] {
        assert_eq!(
            read_text(&text[..cut], T0),
            Err(Problem::NotJson),
            "cut at {cut}"
        );
    }
    assert_eq!(read_text("<html>", T0), Err(Problem::NotJson));
    let huge = format!("{}{}", " ".repeat(MAX_FILE_BYTES), text);
    assert_eq!(
        read_text(&huge, T0),
        Err(Problem::TooLarge { limit: 4_194_304 })
    );
    assert!(check_size(MAX_FILE_BYTES).is_ok());
    for (member, limit) in [("tenant", 256), ("apiBase", 256)] {
        let mut v = value(&written(T0, None));
        v[member] = json!(format!("https://{}.example", "a".repeat(limit)));
        assert_eq!(
            problem(&v),
            format!("{member} is longer than {limit} bytes")
        );
    }
    let mut v = value(&written(T0, None));
    v["failure"] = json!({"at": "2026-12-01T14:00:03Z", "message": "é".repeat(513)});
    assert_eq!(problem(&v), "failure.message is longer than 1024 bytes");
}

#[test]
fn a_failure_is_cut_to_what_a_reader_accepts() {
    let message = format!("a{}", "é".repeat(600));
    let failure = Failure::new(T0 + 999.0, None, None, Some(&"c".repeat(300)), &message);
    assert_eq!(failure.at, at(T0));
    assert_eq!(failure.message.len(), 1_023, "cut on a character boundary");
    assert!(message.starts_with(&failure.message));
    assert_eq!(failure.code.as_deref().map(str::len), Some(256));
    let snapshot = read(&value(&written(T0, Some(failure.clone()))), T0).expect("reads");
    assert_eq!(snapshot.failure, Some(failure));
    let text =
        serde_json::to_string(&Failure::new(T0, None, Some(503), None, "down")).expect("json");
    assert_eq!(
        text,
        r#"{"at":"2026-12-01T14:00:03Z","card":null,"status":503,"code":null,"message":"down"}"#
    );
}
