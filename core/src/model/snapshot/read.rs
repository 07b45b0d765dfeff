//! Reading the folder: the files as decoded (permissively, so a file of another version says
//! so instead of failing on its first unknown member) and checked as strictly as an API
//! answer. Each reading is checked on its own, so one bad card does not spoil the others.

use super::fields::{in_time_range, wrong_type};
use super::readings::{check_reading, CardReading, RawReading};
use super::thin::sanitize;
use super::{
    Failure, Schedule, FUTURE_SLACK_MS, HISTORY_FILE, HISTORY_FORMAT, MAX_EVERY_SECONDS,
    MAX_FILE_BYTES, MAX_HISTORY_RECORDS, MAX_MESSAGE_BYTES, MAX_TEXT_BYTES, SNAPSHOT_FILE,
    SNAPSHOT_FORMAT, UNSCHEDULED_STALE_MS, VERSION,
};
use crate::model::api::json::{AnArray, AnObject, Decoded, Found};
use crate::model::api::raw::RawBody;
use crate::model::cards::scores::CardKind;
use crate::model::cloud::{ApiBase, Cloud};
use crate::model::storage::history::Record;
use crate::model::{Fresh, Problem, ScoreError, Timestamp};
use serde::Deserialize;

/// `snapshot.json` as decoded, every member kept as it came (the shape every body decodes
/// into, [`RawBody`]); check it with [`check_snapshot`].
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct RawSnapshot(AnObject<RawBody>);

/// `history.json` as decoded (as [`RawSnapshot`]); check it with [`check_history`].
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct RawHistory(AnObject<RawBody>);

/// A snapshot that passed the reader's checks.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSnapshot {
    /// The tenant id (text, never markup).
    pub tenant: String,
    /// The cloud.
    pub cloud: Cloud,
    /// The API the readings came from.
    pub api_base: ApiBase,
    /// When the readings were read.
    pub published: Timestamp,
    /// The schedule; `None` when unknown.
    pub schedule: Option<Schedule>,
    /// One result per card the file has a reading for, in the file's order: the reading, or
    /// why it did not check (the card shows `invalid-response`; the others still show).
    pub readings: Vec<CardReading>,
    /// The latest failed publish, if the latest publish failed.
    pub failure: Option<Failure>,
}

impl CheckedSnapshot {
    /// The result for `kind`; `None` when the file has no reading for that card.
    pub fn reading(&self, kind: CardKind) -> Option<&Result<Fresh, Problem>> {
        self.readings
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, r)| r)
    }

    /// Why `kind`'s card has no reading in the file: when the publisher recorded that its
    /// call was refused (401, 403 or 404, as when the application lacks the card's
    /// permission), the refusal with its status, code and message, so the card says what an
    /// administrator must grant; otherwise the reading is missing from the file.
    pub fn missing(&self, kind: CardKind) -> ScoreError {
        let refused = self.failure.as_ref().filter(|f| f.card == Some(kind));
        match refused.and_then(|f| Some((f, f.status?))) {
            Some((failure, status @ (401 | 403 | 404))) => ScoreError {
                code: failure.code.clone(),
                message: Some(failure.message.clone()),
                ..ScoreError::from_status(status, None, None)
            },
            // The file was read (HTTP 200) but lacks the reading.
            _ => ScoreError::invalid(
                200,
                Problem::Missing(format!("the {} reading", kind.as_str())),
            ),
        }
    }
}

/// Whether a file of `len` bytes may be read at all ([`MAX_FILE_BYTES`]); check before parsing.
pub fn check_size(len: usize) -> Result<(), Problem> {
    if len > MAX_FILE_BYTES {
        return Err(Problem::TooLarge {
            limit: MAX_FILE_BYTES as u64,
        });
    }
    Ok(())
}

/// Checks `snapshot.json` as decoded, at `now_ms` (the reader's clock).
pub fn check_snapshot(raw: RawSnapshot, now_ms: f64) -> Result<CheckedSnapshot, Problem> {
    // Members are taken out (`take`), not moved out: `m` stays whole, so every early return
    // drops it with one call instead of dropping each member still in it.
    let mut m = raw.0.require(SNAPSHOT_FILE)?;
    format_and_version(
        SNAPSHOT_FILE,
        SNAPSHOT_FORMAT,
        m.format.take(),
        m.version.take(),
    )?;
    let tenant = text(m.tenant.take(), "tenant", MAX_TEXT_BYTES)?;
    let cloud = Cloud::parse(&text(m.cloud.take(), "cloud", MAX_TEXT_BYTES)?)
        .ok_or_else(|| Problem::Shape("cloud is not commercial, gcc, gcc-high or dod".into()))?;
    let api_base = ApiBase::parse(&text(m.api_base.take(), "apiBase", MAX_TEXT_BYTES)?, None)
        .map_err(|why| Problem::Shape(format!("apiBase {why}")))?;
    let published = time(m.published_at.take(), "publishedAt")?;
    not_ahead(published, "publishedAt", now_ms)?;
    let schedule = schedule(m.every_seconds.take(), m.next_due_at.take(), published)?;
    let entries = match m.readings.take() {
        None => return Err(Problem::Missing("readings".into())),
        Some(AnArray::Not(found)) => return Err(wrong_type("readings", "an array", &found)),
        Some(AnArray::Array(entries)) => entries,
    };
    let mut readings: Vec<CardReading> = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let Some((kind, result)) = check_reading(i, entry.map(RawReading::from))? else {
            continue;
        };
        match readings.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, earlier)) => {
                *earlier = Err(Problem::Duplicate(format!("the {} reading", kind.as_str())));
            }
            None => readings.push((kind, result)),
        }
    }
    let failure = match m.failure.take() {
        None => None,
        Some(Decoded(Err(why))) => return Err(Problem::Shape(format!("failure: {why}"))),
        Some(Decoded(Ok(failure))) => Some(check_failure(failure, now_ms)?),
    };
    Ok(CheckedSnapshot {
        tenant,
        cloud,
        api_base,
        published,
        schedule,
        readings,
        failure,
    })
}

/// Whether the cards show the snapshot as `stale` at `now_ms`: the latest publish failed
/// (the readings are the last good ones), or the publisher is overdue ([`is_overdue`]).
pub fn is_stale(snapshot: &CheckedSnapshot, now_ms: f64) -> bool {
    snapshot.failure.is_some() || is_overdue(snapshot, now_ms)
}

/// Whether `kind`'s card shows the snapshot as `stale` at `now_ms`: as [`is_stale`], except
/// that a failure of the recommendations card alone leaves the score cards as they are. That
/// card is opt-in and needs a permission of its own (`SecurityRecommendation.Read.All`): when
/// it is missing, the scores were still read at `publishedAt`, and only that card's reading is
/// not current. (The publisher records a score card's failure over the recommendations card's,
/// so a failure naming it means the scores were read.)
pub fn is_stale_for(snapshot: &CheckedSnapshot, kind: CardKind, now_ms: f64) -> bool {
    let failed = snapshot.failure.as_ref().is_some_and(|f| {
        f.card != Some(CardKind::Recommendations) || kind == CardKind::Recommendations
    });
    failed || is_overdue(snapshot, now_ms)
}

/// Whether no publish came when one was due: now is past `nextDueAt` by more than
/// `everySeconds`; when the schedule is unknown, `publishedAt` is more than 24 hours ago.
pub fn is_overdue(snapshot: &CheckedSnapshot, now_ms: f64) -> bool {
    match snapshot.schedule {
        Some(s) => now_ms > s.next_due.epoch_ms + s.every_seconds as f64 * 1000.0,
        None => now_ms > snapshot.published.epoch_ms + UNSCHEDULED_STALE_MS,
    }
}

/// Checks `history.json` as decoded, for the `tenant` of the snapshot read with it, at
/// `now_ms`: the records that check, times rising and not ahead of now, at most the newest
/// [`MAX_HISTORY_RECORDS`] (the publisher thins; a reader does not need to).
pub fn check_history(raw: RawHistory, tenant: &str, now_ms: f64) -> Result<Vec<Record>, Problem> {
    let mut m = raw.0.require(HISTORY_FILE)?;
    format_and_version(
        HISTORY_FILE,
        HISTORY_FORMAT,
        m.format.take(),
        m.version.take(),
    )?;
    if text(m.tenant.take(), "tenant", MAX_TEXT_BYTES)? != tenant {
        return Err(Problem::OtherTenant);
    }
    let kept = match m.records.take() {
        None => return Err(Problem::Missing("records".into())),
        Some(Decoded(Err(why))) => return Err(Problem::Shape(format!("records: {why}"))),
        Some(Decoded(Ok(kept))) => kept,
    };
    // The publisher thinned them; a reader only bounds how many it keeps (the newest).
    let mut records = sanitize(kept.0, now_ms);
    if records.len() > MAX_HISTORY_RECORDS {
        records.drain(..records.len() - MAX_HISTORY_RECORDS);
    }
    Ok(records)
}

fn format_and_version(
    file: &'static str,
    format: &'static str,
    found_format: Option<Found>,
    found_version: Option<Found>,
) -> Result<(), Problem> {
    let ours = found_format == Some(Found::Text(format.into()))
        && found_version == Some(Found::Number(f64::from(VERSION)));
    if !ours {
        return Err(Problem::OtherFormat {
            file,
            format,
            version: VERSION,
        });
    }
    Ok(())
}

/// A text member: present, not blank, at most `limit` bytes. Kept as it is (markup included).
fn text(found: Option<Found>, field: &str, limit: usize) -> Result<String, Problem> {
    match found {
        Some(Found::Text(t)) if t.len() > limit => Err(Problem::TooLong {
            field: field.into(),
            limit,
        }),
        Some(Found::Text(t)) if !t.trim().is_empty() => Ok(t),
        None | Some(Found::Null | Found::Text(_)) => Err(Problem::Missing(field.into())),
        Some(other) => Err(wrong_type(field, "a string", &other)),
    }
}

/// A time member: ISO 8601 text naming an instant from 1970 to 9999.
fn time(found: Option<Found>, field: &str) -> Result<Timestamp, Problem> {
    let text = text(found, field, 64)?;
    Timestamp::parse(&text)
        .filter(|t| in_time_range(t.epoch_ms))
        .ok_or_else(|| Problem::BadTime(field.into()))
}

fn not_ahead(t: Timestamp, field: &str, now_ms: f64) -> Result<(), Problem> {
    if t.epoch_ms > now_ms + FUTURE_SLACK_MS {
        return Err(Problem::Ahead(field.into()));
    }
    Ok(())
}

/// `everySeconds` and `nextDueAt`: both, or neither (the schedule is unknown).
fn schedule(
    every: Option<Found>,
    next_due: Option<Found>,
    published: Timestamp,
) -> Result<Option<Schedule>, Problem> {
    let (every, next_due) = match (every, next_due) {
        (None, None) => return Ok(None),
        (Some(_), None) => return Err(Problem::Missing("nextDueAt".into())),
        (None, Some(_)) => return Err(Problem::Missing("everySeconds".into())),
        (Some(every), Some(next_due)) => (every, next_due),
    };
    let every_seconds = match every {
        Found::Number(n) if !n.is_finite() => {
            return Err(Problem::NotFinite("everySeconds".into()))
        }
        Found::Number(n) if n.fract() == 0.0 && (1.0..=MAX_EVERY_SECONDS as f64).contains(&n) => {
            n as u64
        }
        Found::Number(n) => {
            return Err(Problem::OutOfRange {
                field: "everySeconds".into(),
                value: n,
                range: "whole seconds from 1 to 31622400",
            })
        }
        other => return Err(wrong_type("everySeconds", "a number", &other)),
    };
    let next_due = time(Some(next_due), "nextDueAt")?;
    if next_due.epoch_ms < published.epoch_ms {
        return Err(Problem::Shape("nextDueAt is before publishedAt".into()));
    }
    Ok(Some(Schedule {
        every_seconds,
        next_due,
    }))
}

fn check_failure(failure: Failure, now_ms: f64) -> Result<Failure, Problem> {
    if !in_time_range(failure.at.epoch_ms) {
        return Err(Problem::BadTime("failure.at".into()));
    }
    not_ahead(failure.at, "failure.at", now_ms)?;
    if let Some(status) = failure.status.filter(|s| !(100..=599).contains(s)) {
        return Err(Problem::OutOfRange {
            field: "failure.status".into(),
            value: f64::from(status),
            range: "100 to 599",
        });
    }
    let long = |field: &str, limit| Problem::TooLong {
        field: field.into(),
        limit,
    };
    if failure
        .code
        .as_ref()
        .is_some_and(|c| c.len() > MAX_TEXT_BYTES)
    {
        return Err(long("failure.code", MAX_TEXT_BYTES));
    }
    if failure.message.len() > MAX_MESSAGE_BYTES {
        return Err(long("failure.message", MAX_MESSAGE_BYTES));
    }
    Ok(failure)
}
