//! The trend's pure rules: what a kept reading holds, when one is added, and how the kept
//! records are read back from storage (as untrusted as any response). What a card compares
//! against and the sparkline's geometry are in `trend.rs`, the CSV export in `csv.rs`.
//!
//! A record holds scores and a time, nothing else: no token, no user, no group id.
//!
//! The stored text is a JSON array of [`Record`]s, written and read through `serde`
//! (`JSON.stringify` / `JSON.parse` in the browser):
//! `[{"timeMs":1794823200000,"exposure":33.49,"device":340,"groups":[["GroupOne",41.39]]}]`.
//! Scores are kept to hundredths; a card without a score is left out; names are kept as they
//! are (a group whose name holds a tab or a line break is not kept). Reading it back checks
//! every record: a damaged one is dropped, never shown. Text that is not such an array (a
//! history kept in the earlier tab-separated lines, or anything else) is ignored, and the
//! next reading starts the history again.

use crate::model::api::json::Lenient;
use crate::model::cards::recommendations::MAX_RECOMMENDATIONS;
use crate::model::cards::scores::{is_device_score, is_exposure_score, CardKind};
use crate::model::{ApiBase, CardData, Fresh};
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

mod csv;
mod trend;

pub use self::csv::csv;
pub use self::trend::{
    risen_groups, sparkline, trend, Movement, Sparkline, Trend, SPARK_HEIGHT, SPARK_WIDTH,
};

/// Most records kept; past it the oldest is dropped.
pub const MAX_RECORDS: usize = 400;
/// A reading this soon after the newest record updates that record instead of adding one.
pub const RECORD_GAP_MS: f64 = 3_600_000.0;
/// The change is shown against the newest record at least this old (a week).
pub const WEEK_MS: f64 = 7.0 * 86_400_000.0;
/// Groups kept per record (the most exposed ones, as the card lists them): storage is small.
pub const MAX_RECORD_GROUPS: usize = 50;
/// Longer group names are not kept.
const MAX_NAME_BYTES: usize = 256;
/// Stored text longer than this is not read at all.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// 9999-12-31T23:59:59.999Z, the last instant the API's timestamps can name.
const MAX_TIME_MS: f64 = 253_402_300_799_999.0;
/// Records stamped further ahead than this (the clock went back) are not believed.
const FUTURE_SLACK_MS: f64 = 5.0 * 60_000.0;
/// The storage key's prefix (`dsc:v1|` is the reading cache's).
const KEY_PREFIX: &str = "dsc:v1:history|";

/// One device group's exposure in a record; stored as `[name, score]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "(String, f64)", into = "(String, f64)")]
pub struct GroupPoint {
    /// `rbacGroupName`, kept as text.
    pub name: String,
    /// Exposure score, 0-100, in hundredths.
    pub score: f64,
}

impl From<(String, f64)> for GroupPoint {
    fn from((name, score): (String, f64)) -> GroupPoint {
        GroupPoint { name, score }
    }
}

impl From<GroupPoint> for (String, f64) {
    fn from(point: GroupPoint) -> (String, f64) {
        (point.name, point.score)
    }
}

/// One kept reading: when, and the score of each card that had one (the others `None`).
/// Stored as `{"timeMs", "exposure", "device", "groups", "recommendations"}` (the last the
/// active recommendations' count), absent cards left out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// When the browser received the reading that started this record, ms since the epoch.
    pub time_ms: f64,
    /// Organisation exposure score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<f64>,
    /// Device secure score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<f64>,
    /// Exposure per device group, most exposed first (at most [`MAX_RECORD_GROUPS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupPoint>>,
    /// How many security recommendations were active (the recommendations card).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<u32>,
}

/// `x` rounded to hundredths, as records keep scores.
fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Record {
    /// The record of one card's fresh reading.
    pub fn of(fresh: &Fresh) -> Record {
        let mut record = Record {
            time_ms: fresh.received_ms.floor(),
            ..Record::default()
        };
        match &fresh.data {
            CardData::Exposure(e) => record.exposure = Some(hundredths(e.score)),
            CardData::Device(d) => record.device = Some(hundredths(d.score)),
            CardData::Groups(g) => {
                let mut kept = Vec::new();
                for g in &g.groups {
                    if kept.len() < MAX_RECORD_GROUPS && is_name(&g.name) {
                        kept.push(GroupPoint {
                            name: g.name.clone(),
                            score: hundredths(g.score),
                        });
                    }
                }
                record.groups = Some(kept);
            }
            CardData::Recommendations(r) => {
                record.recommendations = u32::try_from(r.active).ok();
            }
        }
        record
    }

    /// The score this record holds for `kind`; for groups, the highest (the card's headline).
    pub fn score(&self, kind: CardKind) -> Option<f64> {
        match kind {
            CardKind::Exposure => self.exposure,
            CardKind::Device => self.device,
            CardKind::Groups => self
                .groups
                .as_ref()?
                .iter()
                .map(|g| g.score)
                .reduce(f64::max),
            CardKind::Recommendations => self.recommendations.map(f64::from),
        }
    }
}

/// The storage key of a tenant's history: the API base (which names the cloud) and the tenant
/// label ([`crate::model::storage::cache::tenant_label`]), never a token.
pub fn key(base: &ApiBase, tenant: &str) -> String {
    format!("{KEY_PREFIX}{}|{tenant}", base.as_str())
}

/// Adds a reading's record: within [`RECORD_GAP_MS`] of the newest record it replaces that
/// card's scores there (the record keeps its time, so a new one starts an hour after the
/// last began, and the newest record always holds the latest scores); otherwise it is added,
/// and past [`MAX_RECORDS`] the oldest is dropped. Returns whether anything changed.
pub fn append(records: &mut Vec<Record>, record: Record) -> bool {
    if !(0.0..=MAX_TIME_MS).contains(&record.time_ms) {
        return false;
    }
    match records.last_mut() {
        Some(last) if record.time_ms - last.time_ms < RECORD_GAP_MS => {
            let before = (last.exposure, last.device, last.recommendations);
            let mut changed = false;
            if record.exposure.is_some() {
                last.exposure = record.exposure;
            }
            if record.device.is_some() {
                last.device = record.device;
            }
            if record.recommendations.is_some() {
                last.recommendations = record.recommendations;
            }
            if let Some(groups) = record.groups {
                changed = last.groups.as_ref() != Some(&groups);
                last.groups = Some(groups);
            }
            changed || before != (last.exposure, last.device, last.recommendations)
        }
        _ => {
            records.push(record);
            if records.len() > MAX_RECORDS {
                records.remove(0);
            }
            true
        }
    }
}

/// Whether a group name can be kept: text, not blank, not overlong, no tab or line break.
fn is_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.len() <= MAX_NAME_BYTES
        && !name.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r'))
}

/// Whether a record read back holds only what a record can: a whole-millisecond time
/// between 1970 and 9999, scores in their ranges, at most [`MAX_RECORD_GROUPS`] groups with
/// names that can be kept, and at least one card.
pub(crate) fn is_valid(r: &Record) -> bool {
    let time = r.time_ms.fract() == 0.0 && (0.0..=MAX_TIME_MS).contains(&r.time_ms);
    let groups = r.groups.as_ref().is_none_or(|g| {
        g.len() <= MAX_RECORD_GROUPS
            && g.iter()
                .all(|p| is_exposure_score(p.score) && is_name(&p.name))
    });
    time && groups
        && r.exposure.is_none_or(is_exposure_score)
        && r.device.is_none_or(is_device_score)
        && r.recommendations
            .is_none_or(|n| n as usize <= MAX_RECOMMENDATIONS)
        && (r.exposure.is_some()
            || r.device.is_some()
            || r.groups.is_some()
            || r.recommendations.is_some())
}

/// Whether stored text is short enough to be read at all.
pub fn is_readable(text: &str) -> bool {
    text.len() <= MAX_TEXT_BYTES
}

/// The stored records as decoded: those that decode as a [`Record`] and hold valid values,
/// in stored order (damaged ones are dropped as they are read). Not an array: an error.
#[derive(Debug, Default)]
pub struct KeptRecords(pub(crate) Vec<Record>);

impl<'de> Deserialize<'de> for KeptRecords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeptRecords, D::Error> {
        struct Records;
        impl<'de> Visitor<'de> for Records {
            type Value = KeptRecords;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of records")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeptRecords, A::Error> {
                let mut records = Vec::new();
                while let Some(Lenient(record)) = seq.next_element::<Lenient<Record>>()? {
                    records.extend(record.filter(is_valid));
                }
                Ok(KeptRecords(records))
            }
        }
        d.deserialize_seq(Records)
    }
}

/// The records to use from what storage held, at `now_ms`: times rising and not ahead of now
/// (a record that breaks the order is dropped); at most the newest [`MAX_RECORDS`].
pub fn restore(kept: KeptRecords, now_ms: f64) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for r in kept.0 {
        let rising = records.last().is_none_or(|last| r.time_ms > last.time_ms);
        if rising && r.time_ms <= now_ms + FUTURE_SLACK_MS {
            records.push(r);
        }
    }
    if records.len() > MAX_RECORDS {
        records = records.split_off(records.len() - MAX_RECORDS);
    }
    records
}

#[cfg(test)]
pub(crate) mod tests;
