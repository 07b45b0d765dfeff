//! A refresh in snapshot mode: the folder's two files read once for every card picked
//! ([`crate::api::published`]), each card given its reading or the folder's failure, the
//! snapshot kept for the cards' words and its history for the trend, then the events.
//! No token is asked for, nothing is cached and nothing is written to the browser's history.

use super::events::{dispatch, error_detail, loaded_detail, ERROR, LOADED};
use super::widget::{now_ms, warm_when_settled, Widget};
use crate::api::published::{card_reading, read_folder};
use crate::model::{ApiBase, CardKind, Reading, ScoreError};
use std::cell::RefCell;
use std::rc::Weak;
use web_sys::AbortController;

/// Reads the folder for the `picked` cards (each with its refresh's generation) and shows
/// what it held; completes when the cards show it.
pub(super) async fn load(
    weak: Weak<RefCell<Widget>>,
    folder: ApiBase,
    picked: Vec<(CardKind, u64)>,
) {
    let controller = AbortController::new().ok();
    if let (Some(widget), Some(controller)) = (weak.upgrade(), &controller) {
        widget.borrow_mut().snapshot_abort = Some(controller.clone());
    }
    let published = match &controller {
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
        let no_request = || Err(ScoreError::network("the request could not be made"));
        for (kind, generation) in picked {
            let result = match &published {
                Some(p) => card_reading(&p.snapshot, kind),
                None => no_request(),
            };
            let Some(slot) = w.current_slot(kind, generation) else {
                continue;
            };
            // The card's rules for a finished request (a 429's wait, the earlier reading kept
            // through a transient failure); no automatic retry: the refresh timer reads again.
            slot.card.finish(result.clone().map(|f| f.data), now, 0.0);
            match result {
                Ok(fresh) => {
                    events.push((LOADED, loaded_detail(&fresh.data)));
                    // Received when the publisher read it, not when this browser read the file.
                    slot.card.reading = Reading::Ready(fresh);
                }
                Err(e) => events.push((ERROR, error_detail(kind, &e))),
            }
        }
        if let Some(p) = published {
            if let Ok(mut snapshot) = p.snapshot {
                snapshot.readings.clear();
                w.published = Some(snapshot);
                w.history = p.history;
            }
        }
        w.settled();
        w.host.clone()
    };
    warm_when_settled(&widget);
    for (name, detail) in &events {
        dispatch(&host, name, detail);
    }
}
