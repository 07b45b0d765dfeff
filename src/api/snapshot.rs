//! Snapshot mode: the publisher's folder read with no token. A page view costs two requests,
//! `snapshot.json` and `history.json`, sent together; each is checked as an API answer is
//! (status, type, size) and then by the core's snapshot rules ([`crate::model::snapshot`]).

use super::client::fetch_snapshot_file;
use super::decode::decode;
use crate::model::api::response::MAX_BODY_BYTES;
use crate::model::snapshot::{
    check_history, check_snapshot, CheckedSnapshot, RawHistory, RawSnapshot, HISTORY_FILE,
    MAX_FILE_BYTES, SNAPSHOT_FILE,
};
use crate::model::storage::history::Record;
use crate::model::{ApiBase, CardKind, Fresh, Problem, ScoreError};
use web_sys::AbortSignal;

// The fetch path refuses bodies over MAX_BODY_BYTES: that is the folder's own file limit.
const _: () = assert!(MAX_FILE_BYTES as u64 == MAX_BODY_BYTES);

/// What the folder held: the checked snapshot (or why it could not be read) and the
/// organisation's history (empty when `history.json` is missing or does not check: the cards
/// still show, without a trend).
pub struct SnapshotFolder {
    /// `snapshot.json`, checked.
    pub snapshot: Result<CheckedSnapshot, ScoreError>,
    /// `history.json`'s records that checked, times rising.
    pub history: Vec<Record>,
}

/// A file's check failing, as the user sees it: `invalid-response`.
fn invalid(problem: Problem) -> ScoreError {
    ScoreError::invalid(200, problem)
}

/// Reads `snapshot.json` and `history.json` from `folder` at once, checked at `now_ms`.
pub async fn read_folder(folder: &ApiBase, signal: &AbortSignal, now_ms: f64) -> SnapshotFolder {
    let snapshot_url = folder.url(&format!("/{SNAPSHOT_FILE}"));
    let history_url = folder.url(&format!("/{HISTORY_FILE}"));
    let (snapshot, history) = futures::future::join(
        fetch_snapshot_file(&snapshot_url, signal),
        fetch_snapshot_file(&history_url, signal),
    )
    .await;
    let snapshot = snapshot.and_then(|json| {
        decode::<RawSnapshot>(json)
            .and_then(|raw| check_snapshot(raw, now_ms))
            .map_err(invalid)
    });
    let history = match (&snapshot, history) {
        (Ok(s), Ok(json)) => decode::<RawHistory>(json)
            .and_then(|raw| check_history(raw, &s.tenant, now_ms))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    SnapshotFolder { snapshot, history }
}

/// One card's reading in what the folder held: the reading, the whole file's failure, or
/// `invalid-response` when the reading is missing or did not check.
pub fn card_reading(
    snapshot: &Result<CheckedSnapshot, ScoreError>,
    kind: CardKind,
) -> Result<Fresh, ScoreError> {
    match snapshot {
        Err(e) => Err(e.clone()),
        Ok(s) => match s.reading(kind) {
            Some(Ok(fresh)) => Ok(fresh.clone()),
            Some(Err(problem)) => Err(invalid(problem.clone())),
            None => Err(s.missing(kind)),
        },
    }
}
