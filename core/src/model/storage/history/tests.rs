//! The records' rules and their storage format, tested natively (serde_json stands in for
//! the browser's `JSON`). Shared helpers for `trend.rs` and `csv.rs` tests too.

use super::*;
use crate::model::api::json::from_json;
use crate::model::{
    Cloud, DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, ExposureScore, Timestamp,
};
use proptest::prelude::*;

pub(crate) const HOUR: f64 = RECORD_GAP_MS;
pub(crate) const DAY: f64 = 86_400_000.0;
/// 2026-11-16T10:00:00Z.
pub(crate) const T0: f64 = 1_794_823_200_000.0;

/// The stored text read back as the browser does (`JSON.parse`, then `serde`; serde_json's
/// `Value` stands in for `JSON.parse`'s result).
fn parse(text: &str, now_ms: f64) -> Vec<Record> {
    if !is_readable(text) {
        return Vec::new();
    }
    from_json::<KeptRecords>(text)
        .map(|kept| restore(kept, now_ms))
        .unwrap_or_default()
}

/// The records as stored text (`JSON.stringify` in the browser).
fn encode(records: &[Record]) -> String {
    serde_json::to_string(records).expect("records serialize")
}

pub(crate) fn fresh(data: CardData, at: f64) -> Fresh {
    Fresh {
        data,
        received_ms: at,
    }
}

pub(crate) fn exposure(score: f64, at: f64) -> Record {
    Record::of(&fresh(
        CardData::Exposure(ExposureScore {
            score,
            time: Timestamp { epoch_ms: at },
        }),
        at,
    ))
}

pub(crate) fn device(score: f64, at: f64) -> Record {
    Record::of(&fresh(
        CardData::Device(DeviceSecureScore {
            score,
            time: Timestamp { epoch_ms: at },
        }),
        at,
    ))
}

pub(crate) fn groups(list: &[(&str, f64)], at: f64) -> Record {
    Record::of(&fresh(
        CardData::Groups(DeviceGroupScores::new(
            list.iter()
                .map(|(name, score)| DeviceGroupScore {
                    name: (*name).into(),
                    id: Some("id-7f3".into()),
                    score: *score,
                    time: Timestamp { epoch_ms: at },
                })
                .collect(),
        )),
        at,
    ))
}

pub(crate) fn full(at: f64, e: f64, d: f64, g: &[(&str, f64)]) -> Vec<Record> {
    let mut records = Vec::new();
    append(&mut records, exposure(e, at));
    append(&mut records, device(d, at + 1.0));
    append(&mut records, groups(g, at + 2.0));
    records
}

#[test]
fn a_record_keeps_scores_in_hundredths_and_no_ids() {
    let r = exposure(33.491554051195706, T0 + 0.7);
    assert_eq!(r.time_ms, T0);
    assert_eq!(r.exposure, Some(33.49));
    assert_eq!((r.device, r.groups.clone()), (None, None));
    let g = groups(&[("GroupTwo", 37.4), ("GroupOne", 41.386)], T0);
    assert_eq!(
        g.groups,
        Some(vec![
            GroupPoint {
                name: "GroupOne".into(),
                score: 41.39
            },
            GroupPoint {
                name: "GroupTwo".into(),
                score: 37.4
            },
        ])
    );
    assert_eq!(g.score(CardKind::Groups), Some(41.39));
    assert!(!encode(&[g]).contains("id-7f3"), "no group id is kept");
}

#[test]
fn a_record_keeps_the_most_exposed_groups_and_skips_overlong_or_multiline_names() {
    let long = "x".repeat(MAX_NAME_BYTES + 1);
    let multiline = ["tab\tname", "line\nbreak", "cr\rname"];
    let mut list: Vec<(String, f64)> = (0..MAX_RECORD_GROUPS + 10)
        .map(|i| (format!("g{i}"), i as f64))
        .collect();
    list.push((long.clone(), 100.0));
    for name in multiline {
        list.push((name.into(), 100.0));
    }
    let refs: Vec<(&str, f64)> = list.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    let kept = groups(&refs, T0).groups.unwrap_or_default();
    assert_eq!(kept.len(), MAX_RECORD_GROUPS);
    assert_eq!(kept[0].name, format!("g{}", MAX_RECORD_GROUPS + 9));
    assert!(kept
        .iter()
        .all(|g| g.name != long && !multiline.contains(&g.name.as_str())));
}

#[test]
fn readings_within_the_hour_update_the_newest_record_and_later_ones_add_one() {
    let mut records = Vec::new();
    assert!(append(&mut records, exposure(40.0, T0)));
    assert!(append(&mut records, device(300.0, T0 + 60_000.0)));
    assert!(append(&mut records, exposure(39.0, T0 + HOUR - 1.0)));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].time_ms, T0, "the record keeps its time");
    assert_eq!(
        records[0].exposure,
        Some(39.0),
        "and holds the latest score"
    );
    assert_eq!(records[0].device, Some(300.0));
    // The same reading again changes nothing (nothing to write).
    assert!(!append(&mut records, exposure(39.0, T0 + 2.0)));
    assert!(!append(&mut records, exposure(f64::NAN, f64::NAN)));
    assert!(append(&mut records, exposure(38.0, T0 + HOUR)));
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].device, None);
    let g = groups(&[("A", 1.0)], T0 + HOUR + 5.0);
    assert!(append(&mut records, g.clone()));
    assert!(!append(&mut records, g));
    assert!(append(&mut records, groups(&[("A", 2.0)], T0 + HOUR + 6.0)));
    assert_eq!(records.len(), 2);
}

#[test]
fn at_most_400_records_are_kept_and_the_oldest_go_first() {
    let mut records = Vec::new();
    for i in 0..MAX_RECORDS + 25 {
        append(&mut records, exposure(10.0, T0 + i as f64 * HOUR));
    }
    assert_eq!(records.len(), MAX_RECORDS);
    assert_eq!(records[0].time_ms, T0 + 25.0 * HOUR);
}

#[test]
fn keys_name_the_api_base_and_tenant_and_never_the_token() {
    let base = ApiBase::parse(&Cloud::Gcc.api_base(None), None).expect("base");
    let k = key(&base, "72f988bf-86f1-41af-91ab-2d7cd011db47");
    assert_eq!(
        k,
        "dsc:v1:history|https://api-gcc.securitycenter.microsoft.us|72f988bf-86f1-41af-91ab-2d7cd011db47"
    );
    assert_ne!(
        k,
        key(
            &ApiBase::parse(&Cloud::Commercial.api_base(None), None).expect("base"),
            "72f988bf-86f1-41af-91ab-2d7cd011db47"
        )
    );
}

#[test]
fn records_survive_a_round_trip_through_the_stored_text() {
    let mut records = full(T0, 33.49, 340.0, &[("One", 41.4), ("Two", 37.4)]);
    records.extend(full(
        T0 + DAY,
        0.0,
        1.0e9,
        &[("back\\slash, \"quote\" =1", 100.0), ("ünïcødé 名前", 0.01)],
    ));
    append(&mut records, groups(&[], T0 + 2.0 * DAY));
    let text = encode(&records);
    assert!(text.starts_with(
        r#"[{"timeMs":1794823200000.0,"exposure":33.49,"device":340.0,"groups":[["One",41.4],["Two",37.4]]},"#
    ), "{text}");
    assert!(
        text.ends_with(r#"{"timeMs":1794996000000.0,"groups":[]}]"#),
        "{text}"
    );
    assert_eq!(parse(&text, T0 + 3.0 * DAY), records);
}

#[test]
fn damaged_records_are_dropped_and_good_ones_kept() {
    let good = r#"{"timeMs":1763287200000,"exposure":33.49}"#;
    let later = r#"{"timeMs":1763290800000,"device":340}"#;
    for bad in [
        "null",
        r#""garbage""#,
        "[1763287200000, 33.49]",
        "{}",
        r#"{"timeMs":1763287200000}"#,
        r#"{"timeMs":1763287200000,"exposure":null}"#,
        r#"{"timeMs":1763287200000,"exposure":100.01}"#,
        r#"{"timeMs":1763287200000,"exposure":-5}"#,
        r#"{"timeMs":1763287200000,"exposure":"33.5"}"#,
        r#"{"timeMs":1763287200000,"device":100000000001}"#,
        r#"{"timeMs":-1763287200000,"exposure":33.49}"#,
        r#"{"timeMs":999999999999999,"exposure":33.49}"#,
        r#"{"timeMs":1763287200000.5,"exposure":33.49}"#,
        r#"{"timeMs":"1763287200000","exposure":33.49}"#,
        r#"{"exposure":33.49}"#,
        r#"{"timeMs":1763287200000,"groups":[["One"]]}"#,
        r#"{"timeMs":1763287200000,"groups":[["",1]]}"#,
        r#"{"timeMs":1763287200000,"groups":[["   ",1]]}"#,
        r#"{"timeMs":1763287200000,"groups":[["One",100.01]]}"#,
        r#"{"timeMs":1763287200000,"groups":[["tab\tname",1]]}"#,
        r#"{"timeMs":1763287200000,"groups":[["One",1,2]]}"#,
        r#"{"timeMs":1763287200000,"groups":{"One":1}}"#,
    ] {
        let text = ["[", good, ",", bad, ",", later, "]"].concat();
        let records = parse(&text, T0 + DAY);
        assert_eq!(records.len(), 2, "{bad:?}");
        assert_eq!(records[0].exposure, Some(33.49));
        assert_eq!(records[1].device, Some(340.0));
    }
    let many: Vec<String> = (0..=MAX_RECORD_GROUPS)
        .map(|i| format!(r#"["g{i}",1]"#))
        .collect();
    let too_many = format!(
        r#"[{{"timeMs":1763287200000,"groups":[{}]}}]"#,
        many.join(",")
    );
    assert!(parse(&too_many, T0).is_empty());
    for text in [
        "\u{0}\u{ffff}\t\t\n\n\\",
        "{}",
        "null",
        r#"{"json": true}"#,
        "",
    ] {
        assert!(parse(text, T0).is_empty(), "{text:?}");
    }
}

#[test]
fn a_history_kept_in_the_earlier_line_format_is_ignored() {
    let old = "1763287200000\t3349\t\n1763290800000\t\t34000\t2\t4140\tOne\t3740\tTwo\n";
    assert!(parse(old, T0 + DAY).is_empty());
}

#[test]
fn times_must_rise_and_not_lie_ahead() {
    let record = |hours: f64, score: f64| {
        format!(r#"{{"timeMs":{},"exposure":{score}}}"#, T0 + hours * HOUR)
    };
    let text = format!(
        "[{}]",
        [
            record(1.0, 0.1),
            record(0.0, 0.2),
            record(1.0, 0.3),
            record(2.0, 0.4)
        ]
        .join(",")
    );
    let scores = |now: f64| {
        parse(&text, now)
            .iter()
            .map(|r| r.exposure.unwrap_or(f64::NAN))
            .collect::<Vec<_>>()
    };
    assert_eq!(scores(T0 + DAY), [0.1, 0.4]);
    // Stamped more than five minutes ahead of now: the clock went back; not believed.
    assert_eq!(scores(T0), [0.2]);
    assert_eq!(scores(T0 + HOUR), [0.1]);
}

#[test]
fn oversized_text_is_not_read_and_extra_records_are_cut() {
    let record = r#"{"timeMs":1763287200000,"exposure":33.49},"#;
    let big = [
        "[",
        &record.repeat(MAX_TEXT_BYTES / record.len()),
        "{\"timeMs\":1763287200001,\"exposure\":1}]",
    ]
    .concat();
    assert!(big.len() > MAX_TEXT_BYTES);
    assert!(parse(&big, T0).is_empty());
    let mut records = Vec::new();
    for i in 0..MAX_RECORDS + 3 {
        records.push(exposure(5.0, T0 + i as f64 * HOUR));
    }
    let back = parse(&encode(&records), T0 + 1000.0 * HOUR);
    assert_eq!(back.len(), MAX_RECORDS);
    assert_eq!(back[0].time_ms, T0 + 3.0 * HOUR);
}

proptest! {
    #[test]
    fn parsing_any_text_never_panics_and_keeps_only_valid_rising_records(text in "\\PC*|[0-9\t\\\\\n.-]*|\\[(\\{\"timeMs\":[0-9.e-]{1,16}(,\"(exposure|device)\":[0-9.e-]{1,8})*\\},?){0,6}\\]") {
        let records = parse(&text, T0);
        prop_assert!(records.len() <= MAX_RECORDS);
        for pair in records.windows(2) {
            prop_assert!(pair[0].time_ms < pair[1].time_ms);
        }
        for r in &records {
            prop_assert!(r.exposure.is_none_or(is_exposure_score));
            prop_assert!(r.device.is_none_or(is_device_score));
        }
    }

    #[test]
    fn appended_records_round_trip(
        scores in proptest::collection::vec((0.0f64..=100.0, 0.0f64..=1.0e9, "\\PC{1,12}"), 1..20)
    ) {
        let mut records = Vec::new();
        for (i, (e, d, name)) in scores.iter().enumerate() {
            let at = T0 + i as f64 * 2.0 * HOUR;
            records.extend(full(at, *e, *d, &[(name.as_str(), *e)]));
        }
        let kept: Vec<Record> = records
            .into_iter()
            .filter(|r| r.groups.as_ref().is_none_or(|g| g.iter().all(|g| is_name(&g.name))))
            .collect();
        prop_assert_eq!(parse(&encode(&kept), T0 + 100.0 * DAY), kept);
    }
}
