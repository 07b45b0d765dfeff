//! When the cards call a snapshot stale.

use super::*;

#[test]
fn a_scheduled_snapshot_is_stale_once_past_its_next_due_time_by_one_interval() {
    let snapshot = read(&value(&written(T0, None)), T0).expect("reads");
    let due = T0 + 900_000.0;
    assert!(!is_stale(&snapshot, T0));
    assert!(!is_stale(&snapshot, due));
    assert!(
        !is_stale(&snapshot, due + 900_000.0),
        "one interval late is still fresh"
    );
    assert!(is_stale(&snapshot, due + 900_001.0));
    assert!(is_overdue(&snapshot, due + 900_001.0));
}

#[test]
fn without_a_schedule_a_snapshot_is_stale_after_24_hours() {
    let mut s = written(T0, None);
    s.every_seconds = None;
    s.next_due_at = None;
    let snapshot = read(&value(&s), T0).expect("reads");
    assert_eq!(snapshot.schedule, None);
    assert!(!is_stale(&snapshot, T0 + 24.0 * HOUR));
    assert!(is_stale(&snapshot, T0 + 24.0 * HOUR + 1.0));
}

#[test]
fn a_failed_publish_is_stale_at_once_though_the_publisher_keeps_its_schedule() {
    // The failed write moved nextDueAt on; the readings are the last good ones.
    let failure = Failure::new(
        T0 + HOUR,
        None,
        Some(429),
        Some("TooManyRequests"),
        "throttled",
    );
    let mut s = written(T0, Some(failure));
    let next = Schedule::after(T0 + HOUR, 900);
    s.next_due_at = Some(next.next_due.to_iso_seconds());
    let snapshot = read(&value(&s), T0 + HOUR).expect("reads");
    assert!(!is_overdue(&snapshot, T0 + HOUR));
    assert!(is_stale(&snapshot, T0 + HOUR));
    let fresh = read(&value(&written(T0 + HOUR, None)), T0 + HOUR).expect("reads");
    assert!(
        !is_stale(&fresh, T0 + HOUR),
        "the next good publish clears it"
    );
}

#[test]
fn a_publisher_run_by_something_unknown_writes_no_schedule() {
    let s = Snapshot::new(
        TENANT,
        Cloud::Gcc,
        &base(),
        T0,
        None,
        &fresh_readings(T0),
        None,
    );
    let v = value(&s);
    assert!(v.get("everySeconds").is_none() && v.get("nextDueAt").is_none());
    assert_eq!(v["failure"], Value::Null, "written as null");
    let s = written(T0 + 10_000.0, None);
    assert_eq!(s.next_due_at.as_deref(), Some("2026-12-01T14:15:13Z"));
}

#[test]
fn a_failure_of_the_recommendations_card_alone_leaves_the_score_cards_fresh() {
    let failed = |card| {
        let failure = Failure::new(T0, card, Some(403), Some("Forbidden"), "no permission");
        read(&value(&written(T0, Some(failure))), T0).expect("reads")
    };
    let recommendations = failed(Some(CardKind::Recommendations));
    assert!(is_stale_for(
        &recommendations,
        CardKind::Recommendations,
        T0
    ));
    for kind in CardKind::DEFAULT {
        assert!(!is_stale_for(&recommendations, kind, T0), "{kind:?}");
        // Overdue is overdue, whatever failed.
        assert!(is_stale_for(&recommendations, kind, T0 + 2.0 * HOUR));
    }
    // A score card's failure or a sign-in's leaves every card stale, as `is_stale` says.
    for card in [Some(CardKind::Device), None] {
        let snapshot = failed(card);
        for kind in CardKind::ALL {
            assert!(is_stale_for(&snapshot, kind, T0), "{card:?} {kind:?}");
        }
    }
}
