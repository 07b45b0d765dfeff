//! `history.json` read back.

use super::*;

#[test]
fn a_written_history_reads_back_unchanged() {
    let mut records = Vec::new();
    for h in 0..30 {
        publish(
            &mut records,
            record(T0 + h as f64 * HOUR, 30.0 + h as f64 / 7.0),
            T0 + h as f64 * HOUR,
        );
    }
    let now = T0 + 29.0 * HOUR;
    assert_eq!(records.len(), 30);
    let text = history_text(&records);
    assert_eq!(read_history(&text, TENANT, now), Ok(records.clone()));
    let strict: History = serde_json::from_str(&text).expect("strict read");
    assert_eq!(strict.records, records);
    assert!(text.starts_with(r#"{"format":"defender-score-history","version":1,"tenant":"#));
    // The CSV beside it holds the same records.
    let csv = crate::model::storage::history::csv(&records);
    assert_eq!(csv.lines().filter(|l| l.contains(",exposure,")).count(), 30);
}

#[test]
fn a_history_of_another_tenant_format_or_version_is_refused() {
    let text = history_text(&[record(T0, 30.0)]);
    assert_eq!(
        read_history(&text, "another-tenant", T0),
        Err(Problem::OtherTenant)
    );
    assert_eq!(
        Problem::OtherTenant.describe(),
        "history.json is for another tenant than snapshot.json"
    );
    for (member, bad) in [("format", json!(SNAPSHOT_FORMAT)), ("version", json!(2))] {
        let mut v: Value = serde_json::from_str(&text).expect("json");
        v[member] = bad;
        assert_eq!(
            read_history(&v.to_string(), TENANT, T0).map_err(|p| p.describe()),
            Err(
                "history.json is not defender-score-history version 1: the folder was written \
                 by another version of the publisher"
                    .into()
            )
        );
        assert!(
            serde_json::from_value::<History>(v).is_err(),
            "the strict read too"
        );
    }
    let mut v: Value = serde_json::from_str(&text).expect("json");
    v["records"] = json!({});
    assert!(matches!(
        read_history(&v.to_string(), TENANT, T0),
        Err(Problem::Shape(_))
    ));
    v["records"] = json!(null);
    assert_eq!(
        read_history(&v.to_string(), TENANT, T0),
        Err(Problem::Missing("records".into()))
    );
    assert_eq!(
        read_history("{\"format\":", TENANT, T0),
        Err(Problem::NotJson)
    );
    let huge = format!("{text}{}", " ".repeat(MAX_FILE_BYTES));
    assert_eq!(
        read_history(&huge, TENANT, T0),
        Err(Problem::TooLarge { limit: 4_194_304 })
    );
}

#[test]
fn records_that_do_not_check_or_break_the_order_are_dropped() {
    let good: Vec<Record> = (0..4).map(|h| record(T0 + h as f64 * HOUR, 30.0)).collect();
    let mut v: Value = serde_json::from_str(&history_text(&good)).expect("json");
    let records = v["records"].as_array_mut().expect("records");
    records.insert(2, json!({"timeMs": T0 + 0.5 * HOUR, "exposure": 1}));
    records.insert(1, json!({"timeMs": T0 + 0.2 * HOUR, "exposure": 101}));
    records.insert(1, json!({"timeMs": "soon", "exposure": 1}));
    records.push(json!({"timeMs": T0 + 3.0 * HOUR + FUTURE_SLACK_MS + 1.0, "exposure": 1}));
    records.push(json!({"timeMs": T0 + 9.0 * HOUR, "groups": [["<b>x</b>", 5]]}));
    let read = read_history(&v.to_string(), TENANT, T0 + 3.0 * HOUR).expect("reads");
    assert_eq!(
        read, good,
        "the unsorted, damaged and future ones are dropped"
    );
}

#[test]
fn the_documented_history_example_reads() {
    let doc = include_str!("../../../../../docs/snapshot-format.md");
    let start = doc
        .find("```json\n{\n  \"format\": \"defender-score-history\"")
        .expect("example");
    let text = &doc[start + 8..];
    let text = &text[..text.find("```").expect("end")];
    let records = read_history(text, TENANT, T0).expect("the example reads");
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].score(crate::model::CardKind::Groups),
        Some(41.39)
    );
}
