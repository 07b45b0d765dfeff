//! The recommendations card's reading in `snapshot.json`: written in the cache's shape (no
//! items, `active`, `top`), read back as written, each problem named by its path and failing
//! that card alone; a reading of a kind this reader does not know is ignored.

use super::*;
use crate::model::cards::recommendations::{Recommendation, Recommendations};
use crate::model::cards::scores::CardKind;

fn row(i: usize) -> Recommendation {
    Recommendation {
        id: format!("va-_-vendor-_-product_{i}"),
        name: format!("Update product {i}"),
        exposure_impact: 9.0 - i as f64 * 0.1,
        config_score_impact: 2.0,
        exposed_devices: 3,
        total_devices: 10,
        public_exploit: i == 0,
        active_alert: false,
    }
}

fn recommendations(rows: usize, active: usize) -> Fresh {
    Fresh {
        data: CardData::Recommendations(Recommendations {
            top: (0..rows).map(row).collect(),
            active,
        }),
        received_ms: T0,
    }
}

/// `snapshot.json` with the three score readings and a recommendations reading (the fourth).
fn with_recommendations(reading: Fresh) -> Snapshot {
    let mut readings = fresh_readings(T0);
    readings.push(reading);
    Snapshot::new(
        TENANT,
        Cloud::Commercial,
        &base(),
        T0,
        Some(Schedule::after(T0, 900)),
        &readings,
        None,
    )
}

/// The recommendations card's problem in a snapshot whose score cards still read.
fn card_problem(v: &Value) -> String {
    let snapshot = read(v, T0).expect("the snapshot reads");
    for kind in CardKind::DEFAULT {
        assert!(matches!(snapshot.reading(kind), Some(Ok(_))), "{kind:?}");
    }
    match snapshot.reading(CardKind::Recommendations) {
        Some(Err(p)) => p.describe(),
        other => panic!("the recommendations reading refused expected, got {other:?}"),
    }
}

#[test]
fn a_recommendations_reading_is_written_in_the_caches_shape_and_reads_back_as_written() {
    let written = with_recommendations(recommendations(20, 15_00));
    let v = value(&written);
    let reading = &v["readings"][3];
    assert_eq!(reading["kind"], "recommendations");
    assert_eq!(reading["items"], json!([]));
    assert_eq!(reading["active"], 1_500);
    assert_eq!(
        reading["top"][0],
        json!({"id": "va-_-vendor-_-product_0", "name": "Update product 0",
            "exposureImpact": 9.0, "configScoreImpact": 2.0, "exposedDevices": 3,
            "totalDevices": 10, "publicExploit": true, "activeAlert": false})
    );
    let snapshot = read(&v, T0).expect("reads");
    assert_eq!(
        snapshot.reading(CardKind::Recommendations),
        Some(&Ok(recommendations(20, 1_500)))
    );
    // None active: an empty top reads too.
    let v = value(&with_recommendations(recommendations(0, 0)));
    assert_eq!(
        read(&v, T0)
            .expect("reads")
            .reading(CardKind::Recommendations),
        Some(&Ok(recommendations(0, 0)))
    );
}

#[test]
fn the_writer_fits_recommendation_names_to_what_a_reader_reads() {
    let mut long = recommendations(2, 2);
    if let CardData::Recommendations(r) = &mut long.data {
        // Alike for their first 256 bytes: cut, they tie on the name and rank by id.
        r.top[0].name = format!("{}é-first", "a".repeat(255));
        r.top[1].name = format!("{}é-second", "a".repeat(255));
        r.top[1].exposure_impact = r.top[0].exposure_impact;
        r.top[0].id = "z".into();
        r.top[1].id = "b".into();
    }
    let v = value(&with_recommendations(long));
    let snapshot = read(&v, T0).expect("reads");
    let Some(Ok(Fresh {
        data: CardData::Recommendations(r),
        ..
    })) = snapshot.reading(CardKind::Recommendations)
    else {
        panic!("the cut names read");
    };
    assert_eq!(
        r.top[0].name,
        "a".repeat(255),
        "cut on a character boundary"
    );
    assert_eq!((r.top[0].id.as_str(), r.top[1].id.as_str()), ("b", "z"));
}

#[test]
fn a_recommendations_reading_that_does_not_check_fails_that_card_alone_naming_the_path() {
    let shape = "the body is not the documented shape: ";
    let cases: Vec<(&str, Value, String)> = vec![
        ("active", json!(null), "readings[3].active is missing".into()),
        ("active", json!("15"), "readings[3].active should be a number but is a string".into()),
        ("active", json!(1.5), "readings[3].active is 1.5, outside whole numbers from 0 to 10000".into()),
        ("active", json!(10_001), "readings[3].active is 10001, outside whole numbers from 0 to 10000".into()),
        ("active", json!(2), format!("{shape}readings[3].top holds 3 recommendations, more than 2 (at most 20, and no more than active)")),
        ("top", json!(null), "readings[3].top is missing".into()),
        ("top", json!({}), format!("{shape}readings[3].top: invalid type: map, expected a sequence")),
        ("items", json!([{"score": 1, "timeMs": T0}]), format!("{shape}readings[3].items is not empty")),
    ];
    for (member, bad, says) in cases {
        let mut v = value(&with_recommendations(recommendations(3, 15)));
        v["readings"][3][member] = bad;
        assert_eq!(card_problem(&v), says, "{member}");
    }
    let rows: Vec<(&str, Value, String)> = vec![
        ("exposureImpact", json!(101), "readings[3].top[1].exposureImpact is 101, outside 0 to 100".into()),
        ("exposureImpact", json!("9"), format!("{shape}readings[3].top: invalid type: string \"9\", expected f64")),
        ("configScoreImpact", json!(-1), "readings[3].top[1].configScoreImpact is -1, outside 0 to 1e9 points".into()),
        ("exposedDevices", json!(11), format!("{shape}readings[3].top[1].exposedDevices is more than readings[3].top[1].totalDevices")),
        ("name", json!(" "), "readings[3].top[1].name is missing".into()),
        ("name", json!("x".repeat(257)), "readings[3].top[1].name is longer than 256 bytes".into()),
        ("id", json!("x".repeat(257)), "readings[3].top[1].id is longer than 256 bytes".into()),
        ("exposureImpact", json!(9.5), format!("{shape}readings[3].top[1] is ranked above readings[3].top[0]")),
    ];
    for (member, bad, says) in rows {
        let mut v = value(&with_recommendations(recommendations(3, 15)));
        v["readings"][3]["top"][1][member] = bad;
        assert_eq!(card_problem(&v), says, "{member}");
    }
    let mut v = value(&with_recommendations(recommendations(3, 15)));
    v["readings"][3]["top"] = Value::Array(
        (0..21)
            .map(|i| serde_json::to_value(row(i)).expect("a row"))
            .collect(),
    );
    v["readings"][3]["active"] = json!(30);
    assert_eq!(
        card_problem(&v),
        format!("{shape}readings[3].top holds 21 recommendations, more than 20 (at most 20, and no more than active)")
    );
}

#[test]
fn a_score_reading_holding_recommendation_members_fails_that_card_alone() {
    let mut v = value(&with_recommendations(recommendations(1, 1)));
    v["readings"][1]["active"] = json!(3);
    let snapshot = read(&v, T0).expect("reads");
    assert_eq!(
        snapshot
            .reading(CardKind::Device)
            .map(|r| r.clone().map(|_| ()).map_err(|p| p.describe())),
        Some(Err(
            "the body is not the documented shape: readings[1].active is for recommendations only"
                .into()
        ))
    );
    assert!(matches!(snapshot.reading(CardKind::Exposure), Some(Ok(_))));
}

#[test]
fn a_reading_of_a_kind_this_reader_does_not_know_is_ignored_whatever_its_members() {
    let mut v = value(&with_recommendations(recommendations(2, 15)));
    let mut future = v["readings"][3].clone();
    future["kind"] = json!("future");
    future["top"][0]["exposureImpact"] = json!("not checked");
    v["readings"].as_array_mut().expect("an array").push(future);
    let snapshot = read(&v, T0).expect("reads");
    let kinds: Vec<_> = snapshot.readings.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, CardKind::ALL);
    assert!(snapshot.readings.iter().all(|(_, r)| r.is_ok()));
}

#[test]
fn the_active_count_is_recorded_with_the_scores_and_kept_by_the_thinning() {
    let mut readings = fresh_readings(T0);
    readings.push(recommendations(5, 15));
    let record = record_of(&readings, T0).expect("a record");
    assert_eq!(record.recommendations, Some(15));
    assert!(record.exposure.is_some() && record.groups.is_some());
    // A publisher of the recommendations card alone records its count too.
    let alone = record_of(&[recommendations(5, 15)], T0).expect("a record");
    assert_eq!((alone.recommendations, alone.exposure), (Some(15), None));
    // Older than 14 days, a day keeps its last record without groups, the count included;
    // a record holding only the count is kept as well.
    let mut records = vec![
        Record {
            time_ms: T0,
            ..record.clone()
        },
        Record {
            time_ms: T0 + HOUR,
            ..alone.clone()
        },
    ];
    let later = T0 + 20.0 * DAY;
    thin(&mut records, later);
    assert_eq!(records.len(), 1, "one a day");
    assert_eq!(
        (records[0].recommendations, records[0].groups.as_ref()),
        (Some(15), None)
    );
    // Written and read back by a reader as it was written.
    let text = history_text(&records);
    assert!(text.contains("\"recommendations\":15"), "{text}");
    assert_eq!(read_history(&text, TENANT, later).expect("reads"), records);
}

#[test]
fn a_card_without_a_reading_says_the_refusal_the_publisher_recorded_for_it() {
    use crate::model::snapshot::Failure;
    use crate::model::ErrorKind;
    let mut snapshot = read(&value(&written(T0, None)), T0).expect("the snapshot reads");
    let missing = snapshot.missing(CardKind::Recommendations);
    assert_eq!(
        (missing.kind, missing.status),
        (ErrorKind::InvalidResponse, 200)
    );
    snapshot.failure = Some(Failure::new(
        T0,
        Some(CardKind::Recommendations),
        Some(403),
        Some("Forbidden"),
        "the application lacks SecurityRecommendation.Read.All",
    ));
    let refused = snapshot.missing(CardKind::Recommendations);
    assert_eq!((refused.kind, refused.status), (ErrorKind::Forbidden, 403));
    assert_eq!(refused.code.as_deref(), Some("Forbidden"));
    let other = snapshot.missing(CardKind::Device);
    assert_eq!(other.kind, ErrorKind::InvalidResponse);
}
