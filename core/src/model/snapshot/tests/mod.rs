//! The snapshot folder's files, written as the publisher writes them and read back as the
//! widget reads them (serde_json's `Value` stands in for `JSON.parse`'s result).

use super::*;
use crate::model::api::json::from_json;
use crate::model::{
    CardData, DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, ExposureScore, Problem,
};
use serde_json::{json, Value};

mod history;
mod read;
mod recommendations;
mod size;
mod stale;
mod thinning;

/// 2026-12-01T14:00:03Z, the documented example's `publishedAt`.
const T0: f64 = 1_796_133_603_000.0;
const HOUR: f64 = 3_600_000.0;
const DAY: f64 = 86_400_000.0;
const TENANT: &str = "8f2c0c1e-6b5b-4c8e-9a55-7c2d5f0e7d11";

fn base() -> ApiBase {
    ApiBase::parse("https://api.securitycenter.microsoft.com", None).expect("a valid base")
}

fn at(ms: f64) -> Timestamp {
    Timestamp { epoch_ms: ms }
}

/// The three cards' readings as the publisher checked them, received at `ms`.
fn fresh_readings(ms: f64) -> Vec<Fresh> {
    let time = at(ms - 3_603_000.0);
    let fresh = |data| Fresh {
        data,
        received_ms: ms,
    };
    vec![
        fresh(CardData::Exposure(ExposureScore { score: 33.49, time })),
        fresh(CardData::Device(DeviceSecureScore { score: 340.0, time })),
        fresh(CardData::Groups(DeviceGroupScores::new(vec![
            DeviceGroupScore {
                name: "GroupOne".into(),
                id: Some("1".into()),
                score: 41.39,
                time,
            },
            DeviceGroupScore {
                name: "<img src=x onerror=alert(1)>".into(),
                id: None,
                score: 37.4,
                time,
            },
        ]))),
    ]
}

/// `snapshot.json` as a publisher running every 15 minutes writes it at `ms`.
fn written(ms: f64, failure: Option<Failure>) -> Snapshot {
    Snapshot::new(
        TENANT,
        Cloud::Commercial,
        &base(),
        ms,
        Some(Schedule::after(ms, 900)),
        &fresh_readings(ms),
        failure,
    )
}

/// The file as JSON, to be edited by a test.
fn value(snapshot: &Snapshot) -> Value {
    serde_json::to_value(snapshot).expect("a snapshot serializes")
}

/// Reads file text as the widget does: parsed, decoded, checked at `now_ms`.
fn read_text(text: &str, now_ms: f64) -> Result<CheckedSnapshot, Problem> {
    check_size(text.len())?;
    check_snapshot(from_json::<RawSnapshot>(text)?, now_ms)
}

fn read(v: &Value, now_ms: f64) -> Result<CheckedSnapshot, Problem> {
    read_text(&v.to_string(), now_ms)
}

/// Reads `history.json` text for `tenant` as the widget does.
fn read_history(text: &str, tenant: &str, now_ms: f64) -> Result<Vec<Record>, Problem> {
    check_size(text.len())?;
    check_history(from_json::<RawHistory>(text)?, tenant, now_ms)
}

fn history_text(records: &[Record]) -> String {
    serde_json::to_string(&History {
        tenant: TENANT.into(),
        records: records.to_vec(),
    })
    .expect("a history serializes")
}

/// A record of all three cards at `ms`.
fn record(ms: f64, exposure: f64) -> Record {
    record_of(&fresh_readings(ms), ms)
        .map(|r| Record {
            exposure: Some(exposure),
            ..r
        })
        .expect("three readings make a record")
}
