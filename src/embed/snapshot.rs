//! A refresh in snapshot mode: the folder's two files read once for every card picked
//! ([`crate::api::snapshot`]), each card given its reading or the folder's failure, the
//! snapshot kept for the cards' words and its history for the trend, then the events.
//! No token is asked for, nothing is cached and nothing is written to the browser's history.

use super::events::{dispatch, error_detail, loaded_detail, ERROR, LOADED};
use super::load::refresh;
use super::widget::{now_ms, warm_when_settled, Widget};
use crate::api::snapshot::{card_reading, read_folder};
use crate::model::refresh::retry::timer_ms;
use crate::model::refresh::Why;
use crate::model::{ApiBase, CardKind, Reading, ScoreError};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Weak;
use web_sys::AbortController;

/// Reads the folder for the `picked` cards (each with its refresh's generation) and shows
/// what it held; completes when the cards show it.
pub(super) async fn refresh_from_folder(
    weak: Weak<RefCell<Widget>>,
    folder: ApiBase,
    picked: Vec<(CardKind, u64)>,
) {
    let controller = AbortController::new().ok();
    if let (Some(widget), Some(controller)) = (weak.upgrade(), &controller) {
        widget.borrow_mut().snapshot_abort = Some(controller.clone());
    }
    let read = match &controller {
        Some(controller) => Some(read_folder(&folder, &controller.signal(), now_ms()).await),
        None => None,
    };
    let Some(widget) = weak.upgrade() else { return };
    let mut events = Vec::new();
    let host = {
        let mut w = widget.borrow_mut();
        if !w.is_mounted() {
            return;
        }
        let now = now_ms();
        // One retry for the whole folder (the soonest any card asks for), never one per card.
        let mut retry: Option<(CardKind, u64, f64)> = None;
        let no_request = || Err(ScoreError::network("the request could not be made"));
        for (kind, generation) in picked {
            let result = match &read {
                Some(p) => card_reading(&p.snapshot, kind),
                None => no_request(),
            };
            let Some(slot) = w.current_slot(kind, generation) else {
                continue;
            };
            // The card's rules for a finished request: a 429's wait, the backoff after a
            // server or network failure, the earlier reading kept through a transient one.
            let done =
                slot.card
                    .finish(result.clone().map(|f| f.data), now, js_sys::Math::random());
            match (result, &slot.card.reading) {
                (Ok(fresh), _) => {
                    events.push((LOADED, loaded_detail(&fresh.data)));
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
        if let Some(p) = read {
            if let Ok(mut snapshot) = p.snapshot {
                snapshot.readings.clear();
                w.snapshot = Some(snapshot);
                w.history = p.history;
            }
        }
        w.settled();
        // The wait starts once the failure is shown (as in delegated mode).
        if let Some((kind, generation, wait_ms)) = retry {
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
        w.host.clone()
    };
    warm_when_settled(&widget);
    for (name, detail) in &events {
        dispatch(&host, name, detail);
    }
}
