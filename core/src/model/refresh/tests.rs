use super::*;
use crate::model::storage::cache::CacheMode;
use crate::model::{ErrorKind, ExposureScore, Timestamp};

fn exposure(score: f64) -> CardData {
    CardData::Exposure(ExposureScore {
        score,
        time: Timestamp { epoch_ms: 1.0 },
    })
}

fn fresh(received_ms: f64) -> Fresh {
    Fresh {
        data: exposure(30.0),
        received_ms,
    }
}

fn policy(ttl_ms: f64) -> CachePolicy {
    CachePolicy {
        mode: CacheMode::Session,
        ttl_ms,
    }
}

#[test]
fn a_refresh_picks_the_card_asked_for_unless_retry_after_still_runs() {
    let mut card = CardState::new(CardKind::Device);
    assert!(card.is_picked(None, 0.0));
    assert!(card.is_picked(Some(CardKind::Device), 0.0));
    assert!(!card.is_picked(Some(CardKind::Groups), 0.0));
    card.not_before_ms = 10_000.0;
    assert!(!card.is_picked(None, 9_999.0));
    assert!(card.is_picked(None, 10_000.0));
}

#[test]
fn each_refresh_is_a_new_generation_and_only_retries_keep_counting() {
    let mut card = CardState::new(CardKind::Exposure);
    card.attempts = 2;
    let first = card.begin(Why::Retry);
    assert!(card.busy);
    assert_eq!(card.attempts, 2);
    let second = card.begin(Why::Manual);
    assert_eq!((first, second, card.attempts), (1, 2, 0));
    assert!(!card.is_current(CardKind::Exposure, first));
    assert!(card.is_current(CardKind::Exposure, second));
    assert!(!card.is_current(CardKind::Device, second));
}

#[test]
fn the_cache_answers_loads_and_timers_and_a_retry_only_with_a_newer_reading() {
    let mut card = CardState::new(CardKind::Exposure);
    let p = policy(900_000.0);
    assert_eq!(card.cache_ttl_ms(Why::Load, p, 900.0, 0.0), Some(900_000.0));
    // The timer takes what another widget cached within half the period.
    assert_eq!(card.cache_ttl_ms(Why::Auto, p, 60.0, 0.0), Some(30_000.0));
    assert_eq!(
        card.cache_ttl_ms(Why::Auto, p, 3_600.0, 0.0),
        Some(900_000.0)
    );
    assert_eq!(card.cache_ttl_ms(Why::Manual, p, 900.0, 0.0), None);
    // A retry of a card that has not failed asks the API.
    assert_eq!(card.cache_ttl_ms(Why::Retry, p, 900.0, 0.0), None);
    card.reading = card
        .reading
        .after(Err(ScoreError::network("offline")), 1_000.0);
    assert_eq!(
        card.cache_ttl_ms(Why::Retry, p, 900.0, 4_000.0),
        Some(3_000.0)
    );
    assert_eq!(card.cache_ttl_ms(Why::Retry, p, 900.0, 500.0), Some(0.0));
}

#[test]
fn a_fresh_cached_reading_answers_and_an_expired_one_shows_while_asking() {
    let mut card = CardState::new(CardKind::Exposure);
    card.begin(Why::Load);
    assert!(!card.take_cached(Age::Expired, fresh(1.0)));
    assert_eq!(card.reading, Reading::Cached(fresh(1.0)));
    assert!(card.busy);
    assert!(card.take_cached(Age::Fresh, fresh(2.0)));
    assert_eq!(card.reading, Reading::Ready(fresh(2.0)));
    assert!(!card.busy);
    // A card already showing a reading keeps it while an expired one is revalidated.
    card.begin(Why::Load);
    assert!(!card.take_cached(Age::Expired, fresh(0.5)));
    assert_eq!(card.reading, Reading::Ready(fresh(2.0)));
}

#[test]
fn a_success_shows_the_reading_and_resets_the_retries() {
    let mut card = CardState::new(CardKind::Exposure);
    card.attempts = 2;
    card.begin(Why::Retry);
    let done = card.finish(Ok(exposure(31.0)), 7.0, 0.5);
    assert_eq!(
        done,
        Finished {
            ok: true,
            retry_in_ms: None,
            forget_cached: false
        }
    );
    assert_eq!(card.reading.state(), "ready");
    assert_eq!((card.busy, card.attempts), (false, 0));
}

#[test]
fn a_failed_refresh_keeps_the_last_reading_and_plans_the_retry() {
    let mut card = CardState::new(CardKind::Exposure);
    card.finish(Ok(exposure(31.0)), 7.0, 0.5);
    card.begin(Why::Auto);
    let mut throttled = ScoreError::new(ErrorKind::Throttled, 429);
    throttled.retry_after_seconds = Some(5);
    let done = card.finish(Err(throttled), 1_000.0, 0.5);
    assert_eq!(done.retry_in_ms, Some(5_050.0));
    assert!(!done.ok && !done.forget_cached);
    assert_eq!(card.not_before_ms, 6_000.0);
    assert_eq!(card.reading.state(), "stale");
    assert_eq!(card.reading.shown().map(|f| f.received_ms), Some(7.0));
    // A later failure of another kind leaves the 429's wait alone.
    card.begin(Why::Retry);
    let done = card.finish(Err(ScoreError::new(ErrorKind::Server, 500)), 7_000.0, 0.0);
    assert_eq!(done.retry_in_ms, Some(1_000.0));
    assert_eq!(card.not_before_ms, 6_000.0);
    assert_eq!(
        card.reading.error().and_then(|e| e.retry_after_seconds),
        Some(1)
    );
    card.begin(Why::Manual);
    let done = card.finish(
        Err(ScoreError::new(ErrorKind::Forbidden, 403)),
        8_000.0,
        0.0,
    );
    assert!(done.forget_cached);
    assert_eq!(done.retry_in_ms, None);
    assert_eq!(card.reading.state(), "error");
}

#[test]
fn the_timer_ticks_with_the_refresh_period_between_a_second_and_thirty() {
    assert_eq!(timer_period_ms(900.0), 30_000);
    assert_eq!(timer_period_ms(0.0), 30_000);
    assert_eq!(timer_period_ms(10.0), 10_000);
    assert_eq!(timer_period_ms(0.2), 1_000);
}

#[test]
fn the_periodic_refresh_is_due_once_its_period_has_passed() {
    assert!(!refresh_due(60.0, 0.0, 59_000.0));
    assert!(refresh_due(60.0, 0.0, 59_950.0));
    assert!(refresh_due(60.0, 0.0, 90_000.0));
    assert!(!refresh_due(0.0, 0.0, 1e12));
}

#[test]
fn new_options_keep_cards_of_the_same_source_and_reload_the_rest() {
    use CardKind::{Device, Exposure, Groups};
    assert_eq!(
        kept_cards(&[Exposure, Device], &[Groups, Device, Exposure], true),
        [None, Some(1), Some(0)]
    );
    assert_eq!(
        kept_cards(&[Exposure, Device], &[Device, Exposure], false),
        [None, None]
    );
    let mut added = CardState::new(Groups);
    assert!(added.needs_load());
    added.begin(Why::Load);
    assert!(!added.needs_load());
}
