//! The publisher's history rules: a publish adds a record (at most one an hour, as a
//! browser's history), then the history is thinned: the last [`RECENT_MS`] whole, older days
//! one record each (the day's last, without groups) up to [`KEEP_MS`], older ones dropped.
//! The reader applies the same rules, so what the publisher writes reads back unchanged.

use super::size::fit_records;
use super::{FUTURE_SLACK_MS, MAX_HISTORY_RECORDS};
use crate::model::storage::history::{append, is_valid, Record};
use crate::model::Fresh;

const DAY_MS: f64 = 86_400_000.0;
/// Every record of the last 14 days is kept.
pub const RECENT_MS: f64 = 14.0 * DAY_MS;
/// Nothing older than 2 years (730 days) is kept.
pub const KEEP_MS: f64 = 730.0 * DAY_MS;

/// The record of one publish at `time_ms`: each card's score from `readings` (as a browser's
/// record keeps them: hundredths, at most 50 groups; the active recommendations' count);
/// `None` when there is none.
pub fn record_of(readings: &[Fresh], time_ms: f64) -> Option<Record> {
    let mut record = Record {
        time_ms: time_ms.floor(),
        ..Record::default()
    };
    for fresh in readings {
        let one = Record::of(fresh);
        record.exposure = one.exposure.or(record.exposure);
        record.device = one.device.or(record.device);
        record.groups = one.groups.or(record.groups);
        record.recommendations = one.recommendations.or(record.recommendations);
    }
    let any = record.exposure.is_some()
        || record.device.is_some()
        || record.groups.is_some()
        || record.recommendations.is_some();
    any.then_some(record)
}

/// Adds a publish's `record` to `records` at `now_ms`, then [`thin`]s them. First only the
/// records a reader would keep stay (valid, times rising, not ahead of now); the record is
/// added, or updates the newest one when that began less than an hour before
/// ([`crate::model::storage::history::append`]); a record that does not check, or lies ahead of
/// now, is not added. The result reads back unchanged through
/// [`super::check_history`] at `now_ms`. A clock that is not a finite number changes nothing.
pub fn publish(records: &mut Vec<Record>, record: Record, now_ms: f64) {
    if !now_ms.is_finite() {
        return;
    }
    *records = sanitize(std::mem::take(records), now_ms);
    if is_valid(&record) && record.time_ms <= now_ms + FUTURE_SLACK_MS {
        // `append` keeps a browser's 400 records; only the newest record is its business here.
        let mut tail = records.split_off(records.len().saturating_sub(1));
        append(&mut tail, record);
        records.append(&mut tail);
    }
    thin(records, now_ms);
}

/// Thins records (times rising) at `now_ms`: those of the last [`RECENT_MS`] stay as they
/// are; older ones, up to [`KEEP_MS`], keep one per UTC day, the day's last, without groups
/// (one left with no score and no recommendations count is dropped); older ones are dropped. At most the newest
/// [`MAX_HISTORY_RECORDS`] stay, and when their JSON could outgrow what a reader reads
/// (`super::MAX_FILE_BYTES`; only names full of quotes or control characters can) the oldest
/// records lose their groups first.
pub fn thin(records: &mut Vec<Record>, now_ms: f64) {
    let recent = now_ms - RECENT_MS;
    let oldest = now_ms - KEEP_MS;
    let day = |r: &Record| (r.time_ms / DAY_MS).floor();
    let mut kept: Vec<Record> = Vec::with_capacity(records.len());
    for r in records.drain(..) {
        if r.time_ms < oldest {
            continue;
        }
        if r.time_ms >= recent {
            kept.push(r);
            continue;
        }
        let r = Record { groups: None, ..r };
        if !has_count(&r) {
            continue;
        }
        match kept.last_mut() {
            Some(last) if day(last) == day(&r) => *last = r,
            _ => kept.push(r),
        }
    }
    if kept.len() > MAX_HISTORY_RECORDS {
        kept.drain(..kept.len() - MAX_HISTORY_RECORDS);
    }
    fit_records(&mut kept);
    *records = kept;
}

/// Whether a record holds more than groups: a score, or the active recommendations' count
/// (what an older record keeps once its groups are left out).
pub(super) fn has_count(r: &Record) -> bool {
    r.exposure.is_some() || r.device.is_some() || r.recommendations.is_some()
}

/// The records a reader keeps: valid, times rising (a record that breaks the order is
/// dropped), not more than 5 minutes ahead of `now_ms`.
pub(super) fn sanitize(records: Vec<Record>, now_ms: f64) -> Vec<Record> {
    let mut kept: Vec<Record> = Vec::with_capacity(records.len());
    for r in records {
        let rising = kept.last().is_none_or(|last| r.time_ms > last.time_ms);
        if rising && r.time_ms <= now_ms + FUTURE_SLACK_MS && is_valid(&r) {
            kept.push(r);
        }
    }
    kept
}
