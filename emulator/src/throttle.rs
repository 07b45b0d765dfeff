//! The per-token rate limit: at most `limit` calls in any sliding window.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Call times per key (the bearer token), in memory only.
#[derive(Debug)]
pub struct Throttle {
    limit: usize,
    window: Duration,
    calls: HashMap<String, VecDeque<Instant>>,
}

impl Throttle {
    /// At most `limit` admitted calls per key within any `window`.
    pub fn new(limit: usize, window: Duration) -> Throttle {
        Throttle {
            limit,
            window,
            calls: HashMap::new(),
        }
    }

    /// Admits a call under `key` at `now`, or says how long until a slot
    /// frees. Refused calls take no slot.
    pub fn admit(&mut self, key: &str, now: Instant) -> Result<(), Duration> {
        let window = self.window;
        let times = self.calls.entry(key.to_string()).or_default();
        while let Some(&oldest) = times.front() {
            if now.saturating_duration_since(oldest) >= window {
                times.pop_front();
            } else {
                break;
            }
        }
        if times.len() < self.limit {
            times.push_back(now);
            return Ok(());
        }
        let oldest = times.front().copied().unwrap_or(now);
        Err(oldest
            .checked_add(window)
            .map_or(Duration::MAX, |frees| frees.saturating_duration_since(now)))
    }

    /// Forgets every call.
    pub fn clear(&mut self) {
        self.calls.clear();
    }
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

    #[test]
    fn the_call_after_the_limit_waits_for_the_oldest_to_leave_the_window() {
        let start = Instant::now();
        let mut throttle = Throttle::new(3, MINUTE);
        for second in 0..3 {
            assert_eq!(
                throttle.admit("a", start + Duration::from_secs(second)),
                Ok(())
            );
        }
        let later = start + Duration::from_secs(10);
        assert_eq!(throttle.admit("a", later), Err(Duration::from_secs(50)));
    }

    #[test]
    fn refused_calls_do_not_free_or_take_slots() {
        let start = Instant::now();
        let mut throttle = Throttle::new(1, MINUTE);
        assert_eq!(throttle.admit("a", start), Ok(()));
        for second in 1..5 {
            assert!(throttle
                .admit("a", start + Duration::from_secs(second))
                .is_err());
        }
        assert_eq!(throttle.admit("a", start + MINUTE), Ok(()));
    }

    #[test]
    fn keys_are_counted_apart() {
        let start = Instant::now();
        let mut throttle = Throttle::new(1, MINUTE);
        assert_eq!(throttle.admit("a", start), Ok(()));
        assert_eq!(throttle.admit("b", start), Ok(()));
        assert!(throttle.admit("a", start).is_err());
    }

    #[test]
    fn clearing_frees_every_slot() {
        let start = Instant::now();
        let mut throttle = Throttle::new(1, MINUTE);
        assert_eq!(throttle.admit("a", start), Ok(()));
        throttle.clear();
        assert_eq!(throttle.admit("a", start), Ok(()));
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
        let mut throttle = Throttle::new(1, Duration::from_secs(u64::MAX));
        assert_eq!(throttle.admit("a", start), Ok(()));
        assert!(throttle.admit("a", start).is_err());
    }
}
