//! The `time` field of score responses: UTC, ISO 8601, seven fractional
//! digits (100 ns ticks, as .NET writes them) and `Z`, e.g.
//! `2019-12-03T09:15:58.1665846Z`.

use std::time::{SystemTime, UNIX_EPOCH};

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

/// The API's format: seven fractional digits (truncated, not rounded), `Z`.
pub const API_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z");

/// The current time in the API's format.
pub fn now() -> String {
    format_utc(SystemTime::now())
}

/// `time` in the API's format; times before 1970 are written as the epoch.
pub fn format_utc(time: SystemTime) -> String {
    let time = OffsetDateTime::from(time.max(UNIX_EPOCH));
    time.format(API_FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.0000000Z".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: u64, nanos: u32) -> String {
        format_utc(UNIX_EPOCH + Duration::new(seconds, nanos))
    }

    #[test]
    fn the_epoch_has_seven_zero_fractional_digits() {
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.0000000Z");
    }

    #[test]
    fn the_documented_example_time_round_trips() {
        // 2019-12-03T09:15:58.1665846Z, from "Get device secure score".
        assert_eq!(
            at(1_575_364_558, 166_584_600),
            "2019-12-03T09:15:58.1665846Z"
        );
    }

    #[test]
    fn sub_tick_nanoseconds_are_truncated_not_rounded() {
        assert_eq!(at(1, 999_999_999), "1970-01-01T00:00:01.9999999Z");
        assert_eq!(at(1, 99), "1970-01-01T00:00:01.0000000Z");
    }

    #[test]
    fn leap_days_and_century_years_are_placed_right() {
        // 2000-02-29 (a leap day in a year divisible by 400).
        assert_eq!(at(951_782_400, 0), "2000-02-29T00:00:00.0000000Z");
        // 2100-03-01 follows 2100-02-28 (2100 is not a leap year).
        assert_eq!(at(4_107_456_000, 0), "2100-02-28T00:00:00.0000000Z");
        assert_eq!(at(4_107_542_400, 0), "2100-03-01T00:00:00.0000000Z");
        // The last second of 2023.
        assert_eq!(at(1_704_067_199, 0), "2023-12-31T23:59:59.0000000Z");
    }

    #[test]
    fn times_before_the_epoch_are_written_as_the_epoch() {
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(format_utc(before), "1970-01-01T00:00:00.0000000Z");
    }
}
