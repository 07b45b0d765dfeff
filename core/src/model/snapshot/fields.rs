//! The checks both files' members share: a member of the wrong type named, a time in range.

use crate::model::api::json::Found;
use crate::model::Problem;

/// 9999-12-31T23:59:59.999Z, the last instant a file's times can name.
pub(super) const MAX_TIME_MS: f64 = 253_402_300_799_999.0;

/// `field` came as another kind of value than `expected`.
pub(super) fn wrong_type(field: &str, expected: &'static str, found: &Found) -> Problem {
    Problem::WrongType {
        field: field.into(),
        expected,
        found: found.type_name(),
    }
}

/// Whether `ms` (since the epoch) is from 1970 to 9999.
pub(super) fn in_time_range(ms: f64) -> bool {
    (0.0..=MAX_TIME_MS).contains(&ms)
}
