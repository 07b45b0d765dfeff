//! The snapshot folder (`docs/snapshot-format.md`), version 1: the files the publisher writes
//! and the widget's snapshot mode reads, shared so the two cannot drift apart.
//!
//! - Writing (the publisher): [`Snapshot::new`] and [`History`] serialize to `snapshot.json`
//!   and `history.json`; [`publish`] adds a publish's record to the history and [`thin`]s it;
//!   [`Failure::new`] records a failed publish.
//! - Reading (the widget, and the publisher reading back its last snapshot): the text at most
//!   [`MAX_FILE_BYTES`] ([`check_size`]), parsed (`JSON.parse`, natively a
//!   `serde_json::Value`), decoded as [`RawSnapshot`] / [`RawHistory`] (permissive: a member of
//!   the wrong type is kept and named), then checked by [`check_snapshot`] and
//!   [`check_history`] as strictly as an API answer. [`is_stale`] says when the cards show it
//!   as `stale`.
//!
//! Texts are kept as text: a name holding markup is a name (the widget escapes it).

use super::cards::scores::CardKind;
use super::cloud::{ApiBase, Cloud};
use super::storage::history::Record;
use super::storage::stored::{to_stored, Stored};
use super::{Fresh, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod fields;
mod read;
mod readings;
mod size;
mod thin;

pub use self::read::{
    check_history, check_size, check_snapshot, is_overdue, is_stale, is_stale_for, CheckedSnapshot,
    RawHistory, RawSnapshot,
};
pub use self::readings::CardReading;
pub use self::thin::{publish, record_of, thin, KEEP_MS, RECENT_MS};

/// `snapshot.json`'s `format`.
pub const SNAPSHOT_FORMAT: &str = "defender-score-snapshot";
/// `history.json`'s `format`.
pub const HISTORY_FORMAT: &str = "defender-score-history";
/// The folder's format version, in both files; a reader refuses any other.
pub const VERSION: u32 = 1;
/// `snapshot.json`, the file name in the folder.
pub const SNAPSHOT_FILE: &str = "snapshot.json";
/// `history.json`.
pub const HISTORY_FILE: &str = "history.json";
/// `history.csv`.
pub const HISTORY_CSV_FILE: &str = "history.csv";
/// Largest file a reader reads (4 MiB).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Most device groups in a snapshot's groups reading.
pub const MAX_SNAPSHOT_GROUPS: usize = 2_000;
/// Longest text field (tenant, cloud, apiBase, group names and ids, failure code), in bytes.
pub const MAX_TEXT_BYTES: usize = 256;
/// Longest `failure.message`, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 1_024;
/// Most history records a reader keeps (the newest); thinning keeps fewer (about 1,054).
pub const MAX_HISTORY_RECORDS: usize = 1_100;
/// How far ahead of the reader's clock a time may be (5 minutes).
pub const FUTURE_SLACK_MS: f64 = 5.0 * 60_000.0;
/// When the schedule is unknown, a snapshot published longer ago than this (24 h) is stale.
pub const UNSCHEDULED_STALE_MS: f64 = 24.0 * 3_600_000.0;
/// Longest schedule a reader accepts (a year), in seconds.
pub const MAX_EVERY_SECONDS: u64 = 366 * 86_400;

/// The publishing schedule: how often, and when the next publish is due.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// `everySeconds`: the interval (`--every`, or `--scheduled-every`).
    pub every_seconds: u64,
    /// `nextDueAt`: the time of the write + the interval.
    pub next_due: Timestamp,
}

impl Schedule {
    /// The schedule of a file written at `written_ms` by a publisher running every `every_seconds`.
    pub fn after(written_ms: f64, every_seconds: u64) -> Schedule {
        Schedule {
            every_seconds,
            next_due: Timestamp {
                epoch_ms: written_ms + every_seconds as f64 * 1000.0,
            },
        }
    }
}

/// The latest failed publish: `{"at", "card", "status", "code", "message"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// When it failed; ISO 8601 UTC to the second in the file.
    #[serde(serialize_with = "iso_out", deserialize_with = "iso_in")]
    pub at: Timestamp,
    /// The card whose call failed; `None` when sign-in failed.
    #[serde(default)]
    pub card: Option<CardKind>,
    /// The HTTP status; `None` for a network error or a timeout.
    #[serde(default)]
    pub status: Option<u16>,
    /// The API's or the sign-in's error code, when it gave one.
    #[serde(default)]
    pub code: Option<String>,
    /// What happened, in one line; never a token or a secret.
    pub message: String,
}

impl Failure {
    /// A failure from the publisher's facts; the code is cut to [`MAX_TEXT_BYTES`] and the
    /// message to [`MAX_MESSAGE_BYTES`], each on a character boundary, so a reader accepts it.
    pub fn new(
        at_ms: f64,
        card: Option<CardKind>,
        status: Option<u16>,
        code: Option<&str>,
        message: &str,
    ) -> Failure {
        Failure {
            at: Timestamp {
                epoch_ms: (at_ms / 1000.0).floor() * 1000.0,
            },
            card,
            status,
            code: code.map(|c| cut(c, MAX_TEXT_BYTES).to_owned()),
            message: cut(message, MAX_MESSAGE_BYTES).to_owned(),
        }
    }
}

/// `text` cut to at most `max` bytes, on a character boundary.
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `snapshot.json` as written: build it with [`Snapshot::new`], serialize it with serde.
/// (Read it with [`RawSnapshot`] and [`check_snapshot`]; this type's strict `Deserialize`,
/// which refuses another format or version but checks no value, is for a program that trusts
/// the file, e.g. a test.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// [`SNAPSHOT_FORMAT`].
    #[serde(deserialize_with = "snapshot_format")]
    pub format: String,
    /// [`VERSION`].
    #[serde(deserialize_with = "version_1")]
    pub version: u32,
    /// The tenant id the application token was issued for (its `tid`).
    pub tenant: String,
    /// `commercial`, `gcc`, `gcc-high` or `dod`.
    pub cloud: String,
    /// The API the readings came from, without a trailing slash.
    pub api_base: String,
    /// When the readings were read, ISO 8601 UTC to the second.
    pub published_at: String,
    /// The schedule's interval; absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_seconds: Option<u64>,
    /// When the next publish is due; absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due_at: Option<String>,
    /// One reading per card, as the reading cache stores it.
    pub readings: Vec<Stored>,
    /// The latest failed attempt; `null` after a publish where every card was read.
    pub failure: Option<Failure>,
}

impl Snapshot {
    /// The file for `tenant` in `cloud`, read from `api_base`, published at `published_ms`
    /// (kept to the second), on `schedule` (`None`: run once by something unknown), holding
    /// `readings` and the latest `failure`. The groups reading is made to pass a reader's
    /// checks: names and ids cut to [`MAX_TEXT_BYTES`], the [`MAX_SNAPSHOT_GROUPS`] most
    /// exposed groups, and no more than fit [`MAX_FILE_BYTES`] (`tenant` and `api_base` are
    /// the caller's to keep within [`MAX_TEXT_BYTES`]). Write it compact (`serde_json::to_vec`).
    pub fn new(
        tenant: &str,
        cloud: Cloud,
        api_base: &ApiBase,
        published_ms: f64,
        schedule: Option<Schedule>,
        readings: &[Fresh],
        failure: Option<Failure>,
    ) -> Snapshot {
        Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: VERSION,
            tenant: tenant.into(),
            cloud: cloud.as_str().into(),
            api_base: api_base.as_str().into(),
            published_at: iso(Timestamp {
                epoch_ms: published_ms,
            }),
            every_seconds: schedule.map(|s| s.every_seconds),
            next_due_at: schedule.map(|s| iso(s.next_due)),
            readings: readings.iter().map(stored).collect(),
            failure,
        }
    }
}

/// A reading as the file holds it: the cache's shape, groups and recommendations fitted to a
/// reader's limits.
fn stored(fresh: &Fresh) -> Stored {
    let mut stored = to_stored(fresh);
    if stored.kind == CardKind::Groups {
        size::fit_group_items(&mut stored.items);
    }
    if let Some(top) = stored.top.as_mut() {
        size::fit_recommendations(top);
    }
    stored
}

/// `history.json` as written: `History { tenant, records }` serializes with its `format` and
/// `version`. (Read it with [`RawHistory`] and [`check_history`].)
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The tenant, as in `snapshot.json`.
    pub tenant: String,
    /// The records, times rising, as [`publish`] keeps them.
    pub records: Vec<Record>,
}

/// `history.json`'s members in their written order.
#[derive(Serialize)]
struct HistoryFile<'a> {
    format: &'static str,
    version: u32,
    tenant: &'a str,
    records: &'a [Record],
}

impl Serialize for History {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        HistoryFile {
            format: HISTORY_FORMAT,
            version: VERSION,
            tenant: &self.tenant,
            records: &self.records,
        }
        .serialize(s)
    }
}

/// A strict reading of `history.json` (format and version must match; no value is checked).
#[derive(Deserialize)]
struct HistoryFileOwned {
    #[serde(deserialize_with = "history_format", rename = "format")]
    _format: String,
    #[serde(deserialize_with = "version_1", rename = "version")]
    _version: u32,
    tenant: String,
    records: Vec<Record>,
}

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<History, D::Error> {
        let file = HistoryFileOwned::deserialize(d)?;
        Ok(History {
            tenant: file.tenant,
            records: file.records,
        })
    }
}

/// `expected`, or an error saying the file is of another format.
fn exactly<'de, D: Deserializer<'de>>(d: D, expected: &str) -> Result<String, D::Error> {
    let found = String::deserialize(d)?;
    if found != expected {
        return Err(serde::de::Error::custom(format!(
            "the format is not {expected}"
        )));
    }
    Ok(found)
}

fn snapshot_format<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    exactly(d, SNAPSHOT_FORMAT)
}

fn history_format<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    exactly(d, HISTORY_FORMAT)
}

fn version_1<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let found = u32::deserialize(d)?;
    if found != VERSION {
        return Err(serde::de::Error::custom(format!(
            "version {found} is not {VERSION}"
        )));
    }
    Ok(found)
}

/// An instant as the files write it: ISO 8601 UTC to the second.
fn iso(t: Timestamp) -> String {
    t.to_iso_seconds()
}

fn iso_out<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso(*t))
}

fn iso_in<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    let text = String::deserialize(d)?;
    Timestamp::parse(&text).ok_or_else(|| serde::de::Error::custom("not a valid timestamp"))
}

#[cfg(test)]
mod tests;
