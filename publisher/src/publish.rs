//! One publish: take the folder's lock, sign in, read the cards, and write the folder
//! (`docs/snapshot-format.md`) with the core's snapshot types and history rules. When the API
//! or sign-in fails, the last good readings stay and the failure is recorded.

use crate::api::{read_card, ReadFailure};
use crate::config::{Config, Schedule as RunSchedule};
use crate::failure::Failed;
use crate::folder::{Folder, LockError};
use crate::previous::{read_previous, Previous};
use crate::signin::{tenant_of, Tokens};
use defender_score_core::model::cards::numbers::number_text;
use defender_score_core::model::snapshot::{
    publish, record_of, thin, Failure, History, Schedule, Snapshot, HISTORY_CSV_FILE, HISTORY_FILE,
    SNAPSHOT_FILE,
};
use defender_score_core::model::storage::history::csv;
use defender_score_core::model::storage::history::Record;
use defender_score_core::model::{ApiBase, CardData, CardKind, Cloud, Fresh};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// How a publish ended, with its one log line.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Every card was read and the folder written.
    Published(String),
    /// The API or sign-in failed (the failure recorded, the last good readings kept), or the
    /// folder could not be written or was locked.
    Failed(String),
    /// A configuration problem only the sign-in could show (exit 2).
    Misconfigured(String),
}

/// What stays the same from one publish to the next.
pub struct Publisher {
    out: PathBuf,
    cloud: Cloud,
    api_base: ApiBase,
    cards: Vec<CardKind>,
    tenant_id: Option<String>,
    schedule: RunSchedule,
    http: reqwest::Client,
    tokens: Tokens,
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0)
}

/// A score as the log shows it: to hundredths, as the history keeps it.
fn score_text(score: f64) -> String {
    number_text((score * 100.0).round() / 100.0)
}

/// `exposure 33.49, device 340, groups 6 (worst GroupOne 41.39)`.
fn summary(readings: &[Fresh]) -> String {
    let parts: Vec<String> = readings
        .iter()
        .map(|f| match &f.data {
            CardData::Exposure(e) => format!("exposure {}", score_text(e.score)),
            CardData::Device(d) => format!("device {}", score_text(d.score)),
            CardData::Groups(g) => match g.groups.first() {
                Some(worst) => format!(
                    "groups {} (worst {} {})",
                    g.groups.len(),
                    worst.name.escape_debug(),
                    score_text(worst.score)
                ),
                None => "groups 0".to_owned(),
            },
            CardData::Recommendations(r) => format!("recommendations {} active", r.active),
        })
        .collect();
    if parts.is_empty() {
        "no readings".into()
    } else {
        parts.join(", ")
    }
}

impl Publisher {
    /// The publisher of `config`, calling through `http`; `Err` is a configuration line.
    pub fn new(config: Config, http: reqwest::Client) -> Result<Publisher, String> {
        let tokens = Tokens::new(
            config.way,
            config.authority.as_deref(),
            config.cloud,
            http.clone(),
        )?;
        Ok(Publisher {
            out: config.out,
            cloud: config.cloud,
            api_base: config.api_base,
            cards: config.cards,
            tenant_id: config.tenant_id,
            schedule: config.schedule,
            http,
            tokens,
        })
    }

    /// The tenant of the token (its `tid`), checked against `--tenant-id`.
    fn tenant(&self, token: &str) -> Result<String, String> {
        match (tenant_of(token), &self.tenant_id) {
            (Some(tid), Some(given)) if !tid.eq_ignore_ascii_case(given) => Err(format!(
                "--tenant-id {given}: the token was issued for tenant {tid}"
            )),
            (Some(tid), _) => Ok(tid),
            (None, Some(given)) => Ok(given.clone()),
            (None, None) => Err(
                "--tenant-id: the token names no tenant (no tid claim); give --tenant-id".into(),
            ),
        }
    }

    /// Publishes once.
    pub async fn publish(&mut self) -> Outcome {
        let folder = match Folder::lock(&self.out) {
            Ok(folder) => folder,
            Err(e @ LockError::Busy(_)) => return Outcome::Failed(e.to_string()),
            Err(e) => return Outcome::Failed(format!("publish failed: {e}")),
        };
        let previous = read_previous(&folder, now_ms());
        let mut fresh = Vec::new();
        let mut failed = None;
        let tenant = match self.tokens.token(false).await {
            Ok(token) => match self.tenant(token.expose()) {
                Ok(tenant) => Some(tenant),
                Err(line) => return Outcome::Misconfigured(line),
            },
            Err(e) => {
                failed = Some(Failed::sign_in(e));
                None
            }
        };
        if tenant.is_some() {
            for &kind in &self.cards {
                match read_card(&self.http, &self.api_base, kind, &mut self.tokens).await {
                    Ok(data) => fresh.push(Fresh {
                        data,
                        received_ms: now_ms(),
                    }),
                    Err(ReadFailure::SignIn(e)) => {
                        failed = Some(Failed::sign_in(e));
                        break;
                    }
                    Err(ReadFailure::Api(e)) => {
                        if failed.as_ref().is_none_or(Failed::is_recommendations) {
                            failed = Some(Failed::api(kind, e));
                        }
                    }
                }
            }
        }
        let previous = previous.for_tenant(tenant.as_deref());
        let tenant = tenant
            .or_else(|| previous.snapshot.as_ref().map(|s| s.tenant.clone()))
            .or_else(|| self.tenant_id.clone());
        match self.write(&folder, tenant, previous, &fresh, failed.as_ref()) {
            Ok(line) if failed.is_none() => Outcome::Published(line),
            Ok(line) => Outcome::Failed(line),
            Err(e) => Outcome::Failed(format!(
                "publish failed: cannot write {}: {e}",
                folder.dir().display()
            )),
        }
    }

    /// Each card's fresh reading; the cards that failed keep their last good readings.
    fn readings(&self, fresh: &[Fresh], previous: &Previous) -> Vec<Fresh> {
        let kept = previous.readings();
        self.cards
            .iter()
            .filter_map(|kind| {
                fresh
                    .iter()
                    .chain(kept.iter())
                    .find(|f| f.data.kind() == *kind)
                    .cloned()
            })
            .collect()
    }

    /// Writes the folder and says what was done, in one line.
    fn write(
        &self,
        folder: &Folder,
        tenant: Option<String>,
        previous: Previous,
        fresh: &[Fresh],
        failed: Option<&Failed>,
    ) -> std::io::Result<String> {
        let dir = folder.dir().display();
        let now = now_ms();
        let notes: String = previous.notes.iter().map(|n| format!("; {n}")).collect();
        let failure = failed.map(|f| f.record(now));
        let why = failed.map(Failed::line).unwrap_or_default();
        let Some(tenant) = tenant else {
            return Ok(format!(
                "publish failed: {why}; nothing published in {dir} yet{notes}"
            ));
        };
        if fresh.is_empty() {
            return keep_last(folder, previous, failure, &why, &notes);
        }
        let readings = self.readings(fresh, &previous);
        let history = add_to_history(previous.history, &tenant, fresh, now);
        let schedule = self
            .schedule
            .interval()
            .map(|every| Schedule::after(now, every.as_secs()));
        let snapshot = Snapshot::new(
            &tenant,
            self.cloud,
            &self.api_base,
            now,
            schedule,
            &readings,
            failure,
        );
        folder.replace(HISTORY_FILE, &to_json(&history)?)?;
        folder.replace(HISTORY_CSV_FILE, csv(&history.records).as_bytes())?;
        folder.replace(SNAPSHOT_FILE, &to_json(&snapshot)?)?;
        let next = match &snapshot.next_due_at {
            Some(at) => format!("; next due {at}"),
            None => String::new(),
        };
        Ok(match failed {
            None => format!(
                "published {} for tenant {tenant} from {} to {dir}{next}{notes}",
                summary(fresh),
                self.api_base.as_str()
            ),
            Some(_) => format!(
                "published {} for tenant {tenant} to {dir}, but {why} (its last good reading kept){next}{notes}",
                summary(fresh)
            ),
        })
    }
}

/// Nothing new was read: the last good snapshot stays as it was (its publishedAt and nextDueAt
/// too, so it turns stale on time), with the failure recorded.
fn keep_last(
    folder: &Folder,
    previous: Previous,
    failure: Option<Failure>,
    why: &str,
    notes: &str,
) -> std::io::Result<String> {
    let dir = folder.dir().display();
    let readings = previous.readings();
    let Some(last) = previous.snapshot else {
        return Ok(format!(
            "publish failed: {why}; nothing published in {dir} yet{notes}"
        ));
    };
    let snapshot = Snapshot::new(
        &last.tenant,
        last.cloud,
        &last.api_base,
        last.published.epoch_ms,
        last.schedule,
        &readings,
        failure,
    );
    folder.replace(SNAPSHOT_FILE, &to_json(&snapshot)?)?;
    Ok(format!(
        "publish failed: {why}; kept the snapshot published at {} in {dir}{notes}",
        snapshot.published_at
    ))
}

fn to_json<T: serde::Serialize>(value: &T) -> std::io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(std::io::Error::other)
}

/// The history with this publish's record added, thinned (the core's rules).
fn add_to_history(
    records: Option<Vec<Record>>,
    tenant: &str,
    fresh: &[Fresh],
    now: f64,
) -> History {
    let mut records = records.unwrap_or_default();
    match record_of(fresh, now) {
        Some(record) => publish(&mut records, record, now),
        None => thin(&mut records, now),
    }
    History {
        tenant: tenant.to_owned(),
        records,
    }
}
