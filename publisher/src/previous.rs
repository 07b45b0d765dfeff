//! What the snapshot folder held before this publish, read back with the core's checks (the
//! widget's reader): what does not check is not carried over, and the log line says why.

use crate::api::decode;
use crate::folder::Folder;
use defender_score_core::model::snapshot::{
    check_history, check_size, check_snapshot, CheckedSnapshot, RawHistory, RawSnapshot,
    HISTORY_FILE, SNAPSHOT_FILE,
};
use defender_score_core::model::storage::history::Record;
use defender_score_core::model::{Fresh, Problem};

/// What the folder held before this publish, as far as it checks.
pub(crate) struct Previous {
    /// `snapshot.json`, when it checked.
    pub(crate) snapshot: Option<CheckedSnapshot>,
    /// `history.json`'s records, when it checked.
    pub(crate) history: Option<Vec<Record>>,
    /// What did not check, for the log line.
    pub(crate) notes: Vec<String>,
}

impl Previous {
    /// Forgets what belongs to another tenant than `tenant` (the app registration changed).
    pub(crate) fn for_tenant(self, tenant: Option<&str>) -> Previous {
        match (&self.snapshot, tenant) {
            (Some(s), Some(t)) if s.tenant != t => Previous {
                snapshot: None,
                history: None,
                notes: self.notes,
            },
            _ => self,
        }
    }

    /// The readings that checked.
    pub(crate) fn readings(&self) -> Vec<Fresh> {
        self.snapshot
            .iter()
            .flat_map(|s| s.readings.iter())
            .filter_map(|(_, r)| r.as_ref().ok().cloned())
            .collect()
    }
}

/// A file of the folder parsed and decoded as the widget reads it (`None` when absent; the
/// problem when it does not parse).
fn decoded<T: serde::de::DeserializeOwned>(
    folder: &Folder,
    name: &str,
) -> Option<Result<T, String>> {
    let text = match folder.read(name) {
        Ok(None) => return None,
        Ok(Some(text)) => text,
        Err(e) => return Some(Err(e.to_string())),
    };
    let checked = check_size(text.len())
        .and_then(|()| {
            serde_json::from_str::<serde_json::Value>(&text).map_err(|_| Problem::NotJson)
        })
        .and_then(decode);
    Some(checked.map_err(|p| p.describe()))
}

/// Reads back the last snapshot and history with the core's checks (the widget's reader):
/// what does not check is not carried over, and the log line says so.
pub(crate) fn read_previous(folder: &Folder, now: f64) -> Previous {
    let mut notes = Vec::new();
    let snapshot = match decoded::<RawSnapshot>(folder, SNAPSHOT_FILE) {
        None => None,
        Some(raw) => match raw.and_then(|raw| check_snapshot(raw, now).map_err(|p| p.describe())) {
            Ok(checked) => Some(checked),
            Err(why) => {
                notes.push(format!(
                    "the last {SNAPSHOT_FILE} did not check ({why}) and was replaced"
                ));
                None
            }
        },
    };
    let history = match (&snapshot, decoded::<RawHistory>(folder, HISTORY_FILE)) {
        (Some(s), Some(raw)) => {
            match raw.and_then(|raw| check_history(raw, &s.tenant, now).map_err(|p| p.describe())) {
                Ok(records) => Some(records),
                Err(why) => {
                    notes.push(format!(
                        "the last {HISTORY_FILE} did not check ({why}); the history starts again"
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    Previous {
        snapshot,
        history,
        notes,
    }
}
