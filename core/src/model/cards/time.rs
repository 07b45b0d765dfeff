//! The widget's one calendar: timestamps as the API writes them
//! (`2019-12-03T09:15:58.1665846Z`) parsed, and instants written back as ISO 8601 (the CSV
//! export), both through Howard Hinnant's civil-date algorithms.

/// A validated instant, in milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z; what `js_sys::Date::new` takes.
    pub epoch_ms: f64,
}

impl Timestamp {
    /// Parses an ISO 8601 date-time: `YYYY-MM-DDTHH:MM:SS`, optional fraction of any length,
    /// then `Z`, `+HH:MM` or `-HH:MM` (no zone is read as UTC, as the API means UTC).
    /// Returns `None` for anything else, including impossible dates such as February 30.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() < 19 || b.len() > 64 {
            return None;
        }
        let year = digits(b, 0, 4)?;
        let month = digits(b, 5, 2)?;
        let day = digits(b, 8, 2)?;
        let hour = digits(b, 11, 2)?;
        let minute = digits(b, 14, 2)?;
        let second = digits(b, 17, 2)?;
        if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let mut i = 19;
        let mut millis = 0.0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            let mut scale = 100.0;
            while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
                millis += f64::from(d - b'0') * scale;
                scale /= 10.0;
                i += 1;
            }
            if i == start {
                return None;
            }
        }
        let offset_minutes: i64 = match b.get(i) {
            None => 0,
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let oh = digits(b, i + 1, 2)?;
                let om = digits(b, i + 4, 2)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let m = (oh * 60 + om) as i64;
                if sign == b'+' {
                    m
                } else {
                    -m
                }
            }
            _ => return None,
        };
        let days = days_from_civil(year as i64, month, day);
        let seconds =
            days * 86_400 + (hour * 3600 + minute * 60 + second) as i64 - offset_minutes * 60;
        Some(Timestamp {
            epoch_ms: seconds as f64 * 1000.0 + millis.floor(),
        })
    }
}

impl Timestamp {
    /// The instant in UTC as `YYYY-MM-DDTHH:MM:SSZ`, whole seconds (years 1970 to 9999, as
    /// the widget's instants are).
    pub fn to_iso_seconds(self) -> String {
        let seconds = (self.epoch_ms / 1000.0).floor() as i64;
        let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )
    }
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = b.get(at..at + len)?;
    part.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> Option<f64> {
        Timestamp::parse(text).map(|t| t.epoch_ms)
    }

    #[test]
    fn documented_timestamps_parse_to_their_instant() {
        // 2019-12-03T07:23:53.280Z = 1575357833280 ms
        assert_eq!(ms("2019-12-03T07:23:53.280499Z"), Some(1_575_357_833_280.0));
        assert_eq!(
            ms("2019-12-03T09:15:58.1665846Z"),
            Some(1_575_364_558_166.0)
        );
        assert_eq!(ms("1970-01-01T00:00:00Z"), Some(0.0));
    }

    #[test]
    fn offsets_shift_to_utc_and_missing_zone_means_utc() {
        assert_eq!(ms("2019-12-03T08:23:53+01:00"), ms("2019-12-03T07:23:53Z"));
        assert_eq!(ms("2019-12-03T06:23:53-01:00"), ms("2019-12-03T07:23:53Z"));
        assert_eq!(ms("2019-12-03T07:23:53"), ms("2019-12-03T07:23:53Z"));
    }

    #[test]
    fn instants_are_written_back_as_the_dates_they_parse_from() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59Z",
            "2019-12-03T07:23:53Z",
            "2026-11-16T10:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            let t = Timestamp::parse(text).expect("valid");
            assert_eq!(t.to_iso_seconds(), text);
        }
        let t = Timestamp::parse("2019-12-03T07:23:53.999Z").expect("valid");
        assert_eq!(t.to_iso_seconds(), "2019-12-03T07:23:53Z");
    }

    #[test]
    fn leap_days_are_valid_only_in_leap_years() {
        assert!(ms("2020-02-29T00:00:00Z").is_some());
        assert!(ms("2000-02-29T00:00:00Z").is_some());
        assert!(ms("2019-02-29T00:00:00Z").is_none());
        assert!(ms("1900-02-29T00:00:00Z").is_none());
    }

    #[test]
    fn malformed_timestamps_are_rejected() {
        for bad in [
            "",
            "yesterday",
            "2019-12-03",
            "2019-13-03T07:23:53Z",
            "2019-12-32T07:23:53Z",
            "2019-12-03T24:00:00Z",
            "2019-12-03T07:60:00Z",
            "2019-12-03T07:23:53.Z",
            "2019-12-03T07:23:53ZZ",
            "2019-12-03T07:23:53+1:00",
            "2019-12-03T07:23:53+25:00",
            "2019/12/03T07:23:53Z",
            "+2019-12-03T07:23:53Z",
            "２０１９-12-03T07:23:53Z",
            "2019-12-03T07:23:53Z<script>",
        ] {
            assert!(ms(bad).is_none(), "{bad:?} should be rejected");
        }
    }
}
