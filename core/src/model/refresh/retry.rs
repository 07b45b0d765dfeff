//! When to try again after a failed refresh, and after how long.

use crate::model::storage::cache::backoff_ms;
use crate::model::{ErrorKind, ScoreError};

/// The wait after a 429 without a usable `Retry-After`.
pub const DEFAULT_RETRY_AFTER_SECONDS: u32 = 60;
/// The automatic retry after a 429 comes this much after `Retry-After` has passed, so it is
/// never refused for being a moment early.
pub const RETRY_AFTER_MARGIN_MS: f64 = 50.0;
/// The longest wait a retry timer is set for (an hour).
pub const MAX_RETRY_WAIT_MS: f64 = 3_600_000.0;

/// What follows a failed refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct AfterFailure {
    /// No request before this instant (ms since the epoch): set after a 429.
    pub not_before_ms: Option<f64>,
    /// The automatic retry's delay, counted from when the failure is shown.
    pub retry_in_ms: Option<f64>,
    /// Whether the card's cached reading must be forgotten: the user may no longer see it,
    /// so a reload must not show it either.
    pub forget_cached: bool,
}

/// Decides the automatic retry after `error` at `now_ms`, and fills in the error's
/// `retry_after_seconds` as the card and the event report it:
/// - throttled: respect `Retry-After` (60 s when absent), then one automatic try;
/// - server or network: exponential backoff with jitter ([`backoff_ms`]), a bounded number of
///   times, counted in `attempts` (automatic retries since the last success or manual refresh);
/// - anything else: no retry, and the cached reading is forgotten.
///
/// `random` is in `[0, 1)`.
pub fn after_failure(
    error: &mut ScoreError,
    attempts: &mut u32,
    now_ms: f64,
    random: f64,
) -> AfterFailure {
    match error.kind {
        ErrorKind::Throttled => {
            let seconds = *error
                .retry_after_seconds
                .get_or_insert(DEFAULT_RETRY_AFTER_SECONDS);
            let wait_ms = f64::from(seconds) * 1000.0;
            AfterFailure {
                not_before_ms: Some(now_ms + wait_ms),
                retry_in_ms: Some(wait_ms + RETRY_AFTER_MARGIN_MS),
                forget_cached: false,
            }
        }
        ErrorKind::Server | ErrorKind::Network => {
            *attempts += 1;
            let wait_ms = backoff_ms(*attempts, random);
            if let Some(wait_ms) = wait_ms {
                error.retry_after_seconds = Some((wait_ms / 1000.0).ceil() as u32);
            }
            AfterFailure {
                not_before_ms: None,
                retry_in_ms: wait_ms,
                forget_cached: false,
            }
        }
        _ => AfterFailure {
            not_before_ms: None,
            retry_in_ms: None,
            forget_cached: true,
        },
    }
}

/// The retries of one request by a caller that waits for them in place (the publisher): after
/// `Retry-After` on a 429, within a longest wait and a number of tries; with backoff after
/// server and network failures, as [`after_failure`] says; never after anything else.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingRetries {
    backoffs: u32,
    throttled: u32,
    max_throttled_tries: u32,
    max_wait_ms: f64,
}

impl WaitingRetries {
    /// No retry made yet; a 429 is tried `max_throttled_tries` times in all, and a
    /// `Retry-After` longer than `max_wait_ms` is not waited for.
    pub fn new(max_throttled_tries: u32, max_wait_ms: f64) -> WaitingRetries {
        WaitingRetries {
            backoffs: 0,
            throttled: 0,
            max_throttled_tries,
            max_wait_ms,
        }
    }

    /// How long to wait before sending the request that failed with `error` again, or `None`
    /// to give up and report it. `error` is completed as [`after_failure`] completes it.
    pub fn wait_ms(&mut self, error: &mut ScoreError, now_ms: f64, random: f64) -> Option<f64> {
        if error.kind == ErrorKind::Throttled {
            self.throttled += 1;
        }
        let wait = after_failure(error, &mut self.backoffs, now_ms, random).retry_in_ms?;
        let too_long = error.kind == ErrorKind::Throttled
            && (self.throttled >= self.max_throttled_tries || wait > self.max_wait_ms);
        (!too_long).then_some(wait)
    }
}

/// A wait in ms as a timer takes it: from 0 to an hour.
pub fn timer_ms(wait_ms: f64) -> u32 {
    // `as` saturates and maps NaN to 0.
    wait_ms.clamp(0.0, MAX_RETRY_WAIT_MS) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_caller_honours_retry_after_a_bounded_number_of_times() {
        let mut retries = WaitingRetries::new(3, 120_000.0);
        let throttled = || ScoreError::from_status(429, None, Some("2"));
        let expected = 2000.0 + RETRY_AFTER_MARGIN_MS;
        assert_eq!(retries.wait_ms(&mut throttled(), 0.0, 0.5), Some(expected));
        assert_eq!(retries.wait_ms(&mut throttled(), 0.0, 0.5), Some(expected));
        assert_eq!(retries.wait_ms(&mut throttled(), 0.0, 0.5), None);
    }

    #[test]
    fn a_waiting_caller_gives_up_on_a_retry_after_longer_than_it_waits() {
        let mut retries = WaitingRetries::new(3, 120_000.0);
        let mut long = ScoreError::from_status(429, None, Some("600"));
        assert_eq!(retries.wait_ms(&mut long, 0.0, 0.5), None);
        assert_eq!(long.retry_after_seconds, Some(600));
    }

    #[test]
    fn a_waiting_caller_backs_off_after_server_failures_and_never_after_a_403() {
        let mut retries = WaitingRetries::new(3, 120_000.0);
        let mut server = ScoreError::from_status(503, None, None);
        let first = retries.wait_ms(&mut server, 0.0, 0.5).expect("a backoff");
        let second = retries
            .wait_ms(&mut server, 0.0, 0.5)
            .expect("a longer backoff");
        assert!(first > 0.0 && second > first, "{first} then {second}");
        let mut forbidden = ScoreError::from_status(403, None, None);
        assert_eq!(retries.wait_ms(&mut forbidden, 0.0, 0.5), None);
    }
    use crate::model::storage::cache::MAX_RETRIES;

    #[test]
    fn a_429_waits_for_retry_after_then_tries_once_just_after_it() {
        let mut e = ScoreError::new(ErrorKind::Throttled, 429);
        e.retry_after_seconds = Some(42);
        let mut attempts = 0;
        let next = after_failure(&mut e, &mut attempts, 1_000.0, 0.5);
        assert_eq!(next.not_before_ms, Some(43_000.0));
        assert_eq!(next.retry_in_ms, Some(42_050.0));
        assert!(!next.forget_cached);
        assert_eq!((e.retry_after_seconds, attempts), (Some(42), 0));
    }

    #[test]
    fn a_429_without_retry_after_waits_a_minute_and_says_so() {
        let mut e = ScoreError::new(ErrorKind::Throttled, 429);
        let next = after_failure(&mut e, &mut 0, 0.0, 0.5);
        assert_eq!(e.retry_after_seconds, Some(60));
        assert_eq!(next.not_before_ms, Some(60_000.0));
        assert_eq!(next.retry_in_ms, Some(60_050.0));
    }

    #[test]
    fn server_and_network_failures_back_off_a_bounded_number_of_times() {
        for kind in [ErrorKind::Server, ErrorKind::Network] {
            let mut attempts = 0;
            let mut waits = Vec::new();
            for _ in 0..MAX_RETRIES + 2 {
                let mut e = ScoreError::new(kind, 503);
                let next = after_failure(&mut e, &mut attempts, 0.0, 0.0);
                assert_eq!(next.not_before_ms, None);
                assert!(!next.forget_cached);
                if let Some(wait) = next.retry_in_ms {
                    // The event's `retryAfter` rounds the wait up to whole seconds.
                    assert_eq!(e.retry_after_seconds, Some((wait / 1000.0).ceil() as u32));
                }
                waits.push(next.retry_in_ms);
            }
            assert_eq!(
                waits,
                [Some(1_000.0), Some(2_000.0), Some(4_000.0), None, None],
                "{kind:?}"
            );
        }
    }

    #[test]
    fn jitter_spreads_a_retry_over_the_upper_half_of_its_delay() {
        let wait = |random| {
            let mut e = ScoreError::network("offline");
            after_failure(&mut e, &mut 1, 0.0, random).retry_in_ms
        };
        // The second retry: 4 s before jitter.
        assert_eq!(wait(0.0), Some(2_000.0));
        let late = wait(0.999_999).expect("a retry");
        assert!((3_999.0..4_000.0).contains(&late), "{late}");
    }

    #[test]
    fn other_failures_never_retry_and_forget_the_cached_reading() {
        for kind in [
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::NotFound,
            ErrorKind::InvalidResponse,
        ] {
            let mut e = ScoreError::new(kind, 403);
            let mut attempts = 2;
            let next = after_failure(&mut e, &mut attempts, 5.0, 0.5);
            assert_eq!(
                next,
                AfterFailure {
                    not_before_ms: None,
                    retry_in_ms: None,
                    forget_cached: true
                },
                "{kind:?}"
            );
            assert_eq!((attempts, e.retry_after_seconds), (2, None));
        }
    }

    #[test]
    fn retry_timers_run_from_now_to_an_hour() {
        assert_eq!(timer_ms(-5.0), 0);
        assert_eq!(timer_ms(1_500.4), 1_500);
        assert_eq!(timer_ms(1e12), 3_600_000);
        assert_eq!(timer_ms(f64::NAN), 0);
    }
}
