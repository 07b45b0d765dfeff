//! A refresh in snapshot mode: the folder's two files read once for every card picked
//! ([`crate::api::snapshot`]), each card given its reading or the folder's failure, the
//! snapshot kept for the cards' words and its history for the trend, then the events.
//! No token is asked for, nothing is cached and nothing is written to the browser's history.

use super::events::{dispatch, error_detail, loaded_detail, ERROR, LOADED};
// A retry refreshes again: the refresh that called this (a refresh scheduling the next one).
use super::refresh::{refresh, Picked};
use super::widget::{now_ms, warm_when_settled, Widget};
use crate::api::snapshot::{card_reading, read_folder, SnapshotFolder};
use crate::model::refresh::retry::timer_ms;
use crate::model::refresh::Why;
use crate::model::snapshot::CheckedSnapshot;
use crate::model::{ApiBase, CardKind, Reading, ScoreError};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Weak;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

/// The one retry for the whole folder: the card that asked soonest, its generation, the wait.
type FolderRetry = (CardKind, u64, f64);

/// Reads the folder for the `picked` cards (each with its refresh's generation) and shows
/// what it held; completes when the cards show it.
pub(super) async fn refresh_from_folder(
    weak: Weak<RefCell<Widget>>,
    folder: ApiBase,
    picked: Vec<Picked>,
) {
    let read = read_once(&weak, &folder).await;
    let Some(widget) = weak.upgrade() else { return };
    let (host, events) = {
        let mut w = widget.borrow_mut();
        if !w.is_mounted() {
            return;
        }
        let snapshot = read.as_ref().map(|r| &r.snapshot);
        let (events, retry) = show_readings(&mut w, picked, snapshot);
        if let Some(read) = read {
            keep_snapshot(&mut w, read);
        }
        w.settled();
        // The wait starts once the failure is shown (as in delegated mode).
        if let Some(retry) = retry {
            schedule_retry(&weak, &mut w, retry);
        }
        (w.host.clone(), events)
    };
    warm_when_settled(&widget);
    for (name, detail) in &events {
        dispatch(&host, name, detail);
    }
}

/// Reads the folder's two files with an abort controller the widget keeps (unmounting aborts
/// them); `None` when no request could be made.
async fn read_once(weak: &Weak<RefCell<Widget>>, folder: &ApiBase) -> Option<SnapshotFolder> {
    let controller = AbortController::new().ok();
    if let (Some(widget), Some(controller)) = (weak.upgrade(), &controller) {
        widget.borrow_mut().snapshot_abort = Some(controller.clone());
    }
    match &controller {
        Some(controller) => Some(read_folder(folder, &controller.signal(), now_ms()).await),
        None => None,
    }
}

/// Gives each picked card still current its reading or the folder's failure, by the card's
/// rules for a finished request. Returns the events to send and the folder's one retry.
fn show_readings(
    w: &mut Widget,
    picked: Vec<Picked>,
    snapshot: Option<&Result<CheckedSnapshot, ScoreError>>,
) -> (Vec<(&'static str, JsValue)>, Option<FolderRetry>) {
    let now = now_ms();
    let top = w.config.recommendations_top;
    let mut events = Vec::new();
    // One retry for the whole folder (the soonest any card asks for), never one per card.
    let mut retry: Option<FolderRetry> = None;
    let no_request = || Err(ScoreError::network("the request could not be made"));
    for (kind, generation) in picked {
        let result = match snapshot {
            Some(s) => card_reading(s, kind),
            None => no_request(),
        };
        let Some(slot) = w.current_slot(kind, generation) else {
            continue;
        };
        // The card's rules for a finished request: a 429's wait, the backoff after a
        // server or network failure, the earlier reading kept through a transient one.
        let done = slot
            .card
            .finish(result.clone().map(|f| f.data), now, js_sys::Math::random());
        match (result, &slot.card.reading) {
            (Ok(fresh), _) => {
                events.push((LOADED, loaded_detail(&fresh, top)));
                // Received when the publisher read it, not when this browser read the file.
                slot.card.reading = Reading::Ready(fresh);
            }
            (Err(_), reading) => {
                if let Some(e) = reading.error() {
                    events.push((ERROR, error_detail(kind, e)));
                }
            }
        }
        if let Some(wait_ms) = done.retry_in_ms {
            if retry.is_none_or(|(_, _, soonest)| wait_ms < soonest) {
                retry = Some((kind, generation, wait_ms));
            }
        }
    }
    (events, retry)
}

/// Keeps a snapshot that was read, for the cards' words (its readings are on the cards), and
/// its history for the trend.
fn keep_snapshot(w: &mut Widget, read: SnapshotFolder) {
    if let Ok(mut snapshot) = read.snapshot {
        snapshot.readings.clear();
        w.snapshot = Some(snapshot);
        w.history = read.history;
    }
}

/// Refreshes every card again after the folder's retry wait, if the card that asked is still
/// on the refresh it asked in.
fn schedule_retry(weak: &Weak<RefCell<Widget>>, w: &mut Widget, retry: FolderRetry) {
    let (kind, generation, wait_ms) = retry;
    let again = weak.clone();
    let timer = Timeout::new(timer_ms(wait_ms), move || {
        if let Some(w) = again.upgrade() {
            wasm_bindgen_futures::spawn_local(refresh(&w, None, Why::Retry));
        }
    });
    if let Some(slot) = w.current_slot(kind, generation) {
        slot.retry = Some(timer);
    }
}
