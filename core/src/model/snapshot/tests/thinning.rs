//! The publisher's history: at most one record an hour, thinned to a bounded file.

use super::*;
use crate::model::storage::history::is_valid;
use proptest::prelude::*;

#[test]
fn a_publish_within_the_hour_updates_the_newest_record() {
    let mut records = Vec::new();
    publish(&mut records, record(T0, 30.0), T0);
    publish(&mut records, record(T0 + 0.5 * HOUR, 31.0), T0 + 0.5 * HOUR);
    assert_eq!(records.len(), 1);
    assert_eq!((records[0].time_ms, records[0].exposure), (T0, Some(31.0)));
    publish(&mut records, record(T0 + HOUR, 32.0), T0 + HOUR);
    assert_eq!(records.len(), 2);
    let mut bad = record(T0 + 2.0 * HOUR, 30.0);
    bad.exposure = Some(f64::NAN);
    publish(&mut records, bad, T0 + 2.0 * HOUR);
    assert_eq!(
        records.len(),
        2,
        "a record that does not check is not added"
    );
}

#[test]
fn a_publish_keeps_every_card_with_its_scores_in_hundredths() {
    let r = record_of(&fresh_readings(T0 + 0.7), T0 + 0.7).expect("a record");
    assert_eq!(r.time_ms, T0);
    assert_eq!((r.exposure, r.device), (Some(33.49), Some(340.0)));
    let names: Vec<_> = r.groups.iter().flatten().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["GroupOne", "<img src=x onerror=alert(1)>"]);
    assert_eq!(record_of(&[], T0), None);
}

#[test]
fn two_years_of_hourly_publishes_end_bounded() {
    let mut records = Vec::new();
    let hours = 800 * 24;
    let now = T0 + (hours - 1) as f64 * HOUR;
    for h in 0..hours {
        let t = T0 + h as f64 * HOUR;
        publish(&mut records, record(t, (h % 100) as f64), t);
    }
    assert!(records.len() <= 14 * 24 + 1 + 717, "{}", records.len());
    assert!(records.len() <= MAX_HISTORY_RECORDS);
    // The newest 14 days: every hourly record, groups kept.
    let recent: Vec<_> = records
        .iter()
        .filter(|r| r.time_ms >= now - RECENT_MS)
        .collect();
    assert_eq!(recent.len(), 14 * 24 + 1);
    assert!(recent.iter().all(|r| r.groups.is_some()));
    assert!(recent
        .windows(2)
        .all(|w| w[1].time_ms - w[0].time_ms == HOUR));
    // Older: one a UTC day, the day's last (23:00:03), without groups; nothing past 2 years.
    let older: Vec<_> = records
        .iter()
        .filter(|r| r.time_ms < now - RECENT_MS)
        .collect();
    assert!(older
        .iter()
        .all(|r| r.groups.is_none() && r.exposure.is_some()));
    let days: Vec<_> = older.iter().map(|r| (r.time_ms / DAY).floor()).collect();
    assert!(
        days.windows(2).all(|w| w[1] == w[0] + 1.0),
        "one record every day"
    );
    // (The day the 14 days begin in keeps its last record before them.)
    let whole_days = &older[..older.len() - 1];
    assert!(whole_days
        .iter()
        .all(|r| (r.time_ms - 3_000.0) % DAY == 23.0 * HOUR));
    assert!(older[0].time_ms >= now - KEEP_MS);
    assert!(older[0].time_ms < now - KEEP_MS + DAY);
    // What is written reads back unchanged, and some 100 KB.
    let text = history_text(&records);
    assert!(text.len() < 200_000, "{}", text.len());
    assert_eq!(read_history(&text, TENANT, now), Ok(records));
}

#[test]
fn records_older_than_two_years_are_dropped_and_older_days_keep_their_last_scored_record() {
    let now = T0 + 1_000.0 * DAY;
    let old = now - 20.0 * DAY;
    let day_start = (old / DAY).floor() * DAY;
    let groups_only = Record {
        exposure: None,
        device: None,
        ..record(day_start + 20.0 * HOUR, 1.0)
    };
    let mut records = vec![
        record(now - KEEP_MS - 1.0, 1.0),
        record(now - KEEP_MS, 2.0),
        record(day_start + HOUR, 3.0),
        record(day_start + 10.0 * HOUR, 4.0),
        groups_only,
        record(now - RECENT_MS, 5.0),
    ];
    thin(&mut records, now);
    let kept: Vec<_> = records
        .iter()
        .map(|r| (r.exposure, r.groups.is_some()))
        .collect();
    assert_eq!(
        kept,
        [(Some(2.0), false), (Some(4.0), false), (Some(5.0), true)]
    );
    let again = records.clone();
    thin(&mut records, now);
    assert_eq!(records, again, "thinning twice changes nothing");
}

/// One publish: hours since the previous one (a clock may step back), and the scores (in
/// hundredths, as records keep them).
fn step() -> impl Strategy<Value = (f64, Option<f64>, Option<f64>, bool)> {
    (
        prop_oneof![-3.0..0.0f64, 0.0..2.0f64, 0.0..1_000.0f64],
        proptest::option::of((0..=10_000u32).prop_map(|n| f64::from(n) / 100.0)),
        proptest::option::of((0..=100_000_000_000u64).prop_map(|n| n as f64 / 100.0)),
        any::<bool>(),
    )
}

proptest! {
    #[test]
    fn any_sequence_of_publishes_keeps_the_history_valid_and_bounded(
        steps in proptest::collection::vec(step(), 1..80),
    ) {
        let mut records = Vec::new();
        let mut now = T0;
        for (hours, exposure, device, groups) in steps {
            now += hours * HOUR;
            let r = Record {
                time_ms: now.floor(),
                exposure,
                device,
                groups: if groups { record(now, 1.0).groups } else { None },
                recommendations: None,
            };
            publish(&mut records, r, now);
            prop_assert!(records.len() <= MAX_HISTORY_RECORDS);
            prop_assert!(records.iter().all(is_valid));
            prop_assert!(records.windows(2).all(|w| w[0].time_ms < w[1].time_ms));
            prop_assert!(records.iter().all(|r| r.time_ms >= now - KEEP_MS));
            prop_assert_eq!(read_history(&history_text(&records), TENANT, now), Ok(records.clone()));
        }
    }
}

#[test]
fn a_clock_that_is_not_a_number_leaves_the_history_alone() {
    let mut records = vec![record(T0, 30.0)];
    publish(&mut records, record(T0 + HOUR, 31.0), f64::NAN);
    assert_eq!(records, [record(T0, 30.0)]);
}
