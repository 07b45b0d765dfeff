//! The API's quota: per application and tenant, at most `limit` calls in
//! each of several sliding windows at once (by default 100 a minute and
//! 1,500 an hour, as Microsoft's API terms say).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// What the quota counts a call under. Kept in memory only, never logged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuotaKey {
    /// The one application every fixed demo token belongs to.
    DemoApplication,
    /// One fixed demo token as an application of its own
    /// (`--app-per-demo-token`).
    DemoToken(String),
    /// A JWT's application (`appid`, else `azp`) in its tenant (`tid`): the
    /// real API's quota.
    Application {
        /// `tid`, if the token has one.
        tenant: Option<String>,
        /// `appid` or `azp`.
        app: String,
    },
    /// A JWT that names no application: its caller (`oid`, else `sub`) in
    /// its tenant, so it is still limited.
    Caller {
        /// `tid`, if the token has one.
        tenant: Option<String>,
        /// `"oid"` or `"sub"`: which claim `id` is.
        claim: &'static str,
        /// The `oid` or `sub`.
        id: String,
    },
    /// A JWT that names neither application nor caller: its tenant.
    Tenant(String),
    /// A JWT that names no application, caller nor tenant: the token itself.
    Token(String),
}

/// One sliding window of the quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Admitted calls allowed within any `length`.
    pub limit: usize,
    /// How long a call counts.
    pub length: Duration,
}

/// Admitted call times per [`QuotaKey`], in memory only.
#[derive(Debug)]
pub struct Throttle {
    windows: Vec<Window>,
    /// Admitted calls per key, oldest first, kept while the longest window
    /// still counts them.
    calls: HashMap<QuotaKey, VecDeque<Instant>>,
}

impl Throttle {
    /// A call is admitted when every window in `windows` has a free slot.
    pub fn new(windows: &[Window]) -> Throttle {
        Throttle {
            windows: windows.to_vec(),
            calls: HashMap::new(),
        }
    }

    /// Admits a call under `key` at `now`, taking a slot in every window;
    /// or, when a window is full, says how long until every full window has
    /// a slot free again (the longest of their waits). Refused calls take no
    /// slot in any window.
    pub fn admit(&mut self, key: &QuotaKey, now: Instant) -> Result<(), Duration> {
        let longest = self
            .windows
            .iter()
            .map(|window| window.length)
            .max()
            .unwrap_or_default();
        let times = self.calls.entry(key.clone()).or_default();
        while times
            .front()
            .is_some_and(|&oldest| now.saturating_duration_since(oldest) >= longest)
        {
            times.pop_front();
        }
        let wait = self
            .windows
            .iter()
            .filter_map(|window| wait_for_slot(times, *window, now))
            .max();
        match wait {
            Some(wait) => Err(wait),
            None => {
                times.push_back(now);
                Ok(())
            }
        }
    }

    /// Forgets every call.
    pub fn clear(&mut self) {
        self.calls.clear();
    }
}

/// `None` when `window` has a free slot at `now` for calls admitted at
/// `times` (oldest first); else how long until one frees.
fn wait_for_slot(times: &VecDeque<Instant>, window: Window, now: Instant) -> Option<Duration> {
    let first_counted =
        times.partition_point(|&at| now.saturating_duration_since(at) >= window.length);
    let counted = times.len() - first_counted;
    if counted < window.limit {
        return None;
    }
    // Enough of the oldest counted calls must leave for one slot to free
    // (one, as a call is only admitted while every window has room).
    let leaving = times.get(first_counted + (counted - window.limit))?;
    Some(
        leaving
            .checked_add(window.length)
            .map_or(Duration::MAX, |frees| frees.saturating_duration_since(now)),
    )
}

/// A wait as `Retry-After` seconds: rounded up, at least 1.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    let whole = wait
        .as_secs()
        .saturating_add(u64::from(wait.subsec_nanos() > 0));
    whole.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);
    const HOUR: Duration = Duration::from_secs(3600);

    fn key(name: &str) -> QuotaKey {
        QuotaKey::Token(name.into())
    }

    fn one_window(limit: usize, length: Duration) -> Throttle {
        Throttle::new(&[Window { limit, length }])
    }

    /// `minute` calls a minute and `hour` calls an hour.
    fn minute_and_hour(minute: usize, hour: usize) -> Throttle {
        Throttle::new(&[
            Window {
                limit: minute,
                length: MINUTE,
            },
            Window {
                limit: hour,
                length: HOUR,
            },
        ])
    }

    fn seconds(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn the_call_after_the_limit_waits_for_the_oldest_to_leave_the_window() {
        let start = Instant::now();
        let mut throttle = one_window(3, MINUTE);
        for second in 0..3 {
            assert_eq!(throttle.admit(&key("a"), start + seconds(second)), Ok(()));
        }
        let later = start + seconds(10);
        assert_eq!(throttle.admit(&key("a"), later), Err(seconds(50)));
    }

    #[test]
    fn refused_calls_do_not_free_or_take_slots() {
        let start = Instant::now();
        let mut throttle = one_window(1, MINUTE);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        for second in 1..5 {
            assert!(throttle.admit(&key("a"), start + seconds(second)).is_err());
        }
        assert_eq!(throttle.admit(&key("a"), start + MINUTE), Ok(()));
    }

    #[test]
    fn keys_are_counted_apart() {
        let start = Instant::now();
        let mut throttle = one_window(1, MINUTE);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        assert_eq!(throttle.admit(&key("b"), start), Ok(()));
        assert!(throttle.admit(&key("a"), start).is_err());
    }

    #[test]
    fn clearing_frees_every_slot() {
        let start = Instant::now();
        let mut throttle = minute_and_hour(1, 1);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        throttle.clear();
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
    }

    #[test]
    fn the_minute_window_refuses_with_the_minutes_wait_while_the_hour_has_room() {
        let start = Instant::now();
        let mut throttle = minute_and_hour(2, 10);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        assert_eq!(throttle.admit(&key("a"), start + seconds(5)), Ok(()));
        assert_eq!(
            throttle.admit(&key("a"), start + seconds(20)),
            Err(seconds(40))
        );
        assert_eq!(throttle.admit(&key("a"), start + MINUTE), Ok(()));
    }

    #[test]
    fn the_hour_window_refuses_with_the_hours_wait_while_the_minute_has_room() {
        let start = Instant::now();
        let mut throttle = minute_and_hour(100, 3);
        for minute in 0..3 {
            assert_eq!(
                throttle.admit(&key("a"), start + seconds(60 * minute)),
                Ok(())
            );
        }
        // Ten minutes in: the minute window is empty, the hour is full until
        // the first call (at 0 s) is an hour old.
        let now = start + seconds(600);
        assert_eq!(throttle.admit(&key("a"), now), Err(seconds(3000)));
        assert_eq!(throttle.admit(&key("a"), start + HOUR), Ok(()));
    }

    #[test]
    fn when_both_windows_refuse_the_longer_wait_is_given() {
        let start = Instant::now();
        let mut throttle = minute_and_hour(2, 2);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        assert_eq!(throttle.admit(&key("a"), start + seconds(30)), Ok(()));
        // The minute frees at 60 s, the hour at 3600 s.
        assert_eq!(
            throttle.admit(&key("a"), start + seconds(40)),
            Err(seconds(3560))
        );
    }

    #[test]
    fn refused_calls_take_no_slot_in_either_window() {
        let start = Instant::now();
        let mut throttle = minute_and_hour(1, 2);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        // Refused by the minute: had they taken hour slots, the hour would be
        // full a minute later.
        for second in 1..30 {
            assert_eq!(
                throttle.admit(&key("a"), start + seconds(second)),
                Err(seconds(60 - second))
            );
        }
        assert_eq!(throttle.admit(&key("a"), start + MINUTE), Ok(()));
        // Now the hour is full; refusals there take no minute slot either.
        for minute in 2..10 {
            assert_eq!(
                throttle.admit(&key("a"), start + seconds(60 * minute)),
                Err(HOUR - seconds(60 * minute))
            );
        }
        assert_eq!(throttle.admit(&key("a"), start + HOUR), Ok(()));
        assert_eq!(throttle.admit(&key("a"), start + HOUR + MINUTE), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds_and_is_never_zero() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(59_001)), 60);
        assert_eq!(retry_after_seconds(Duration::from_secs(5)), 5);
        assert_eq!(retry_after_seconds(Duration::MAX), u64::MAX);
    }

    #[test]
    fn an_enormous_window_does_not_overflow() {
        let start = Instant::now();
        let mut throttle = Throttle::new(&[
            Window {
                limit: 100,
                length: MINUTE,
            },
            Window {
                limit: 1,
                length: Duration::from_secs(u64::MAX),
            },
        ]);
        assert_eq!(throttle.admit(&key("a"), start), Ok(()));
        assert!(throttle.admit(&key("a"), start).is_err());
    }
}
