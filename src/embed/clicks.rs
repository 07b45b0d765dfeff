//! The cards' buttons: refresh a card, sign in, download the kept history as CSV.

use super::refresh::refresh;
use super::widget::{ClickListener, WidgetRef};
use crate::model::refresh::Why;
use crate::model::storage::history::csv;
use crate::model::CardKind;
use crate::storage::history as kept;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Presses the cards' buttons from one click listener on their root (the buttons carry no Yew
/// listeners: an app that registered one keeps about half a kilobyte after it is destroyed).
/// A button is known by its class: `refresh` (its card's `data-card`; outside a card, every
/// card), `sign-in`, `csv`.
pub(super) fn listen_for_clicks(widget: &WidgetRef, root: Element) {
    let weak = Rc::downgrade(widget);
    let listener = ClickListener::new(move |event: web_sys::Event| {
        let Some(w) = weak.upgrade() else { return };
        let Some(button) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("button").ok().flatten())
        else {
            return;
        };
        match button.class_name().as_str() {
            "refresh" => {
                let kind = button
                    .closest("[data-card]")
                    .ok()
                    .flatten()
                    .and_then(|card| card.get_attribute("data-card"))
                    .and_then(|name| CardKind::parse(&name));
                // Outside a card: the one refresh of an error every card shares.
                wasm_bindgen_futures::spawn_local(refresh(&w, kind, Why::Manual));
            }
            "sign-in" => sign_in(&w),
            "csv" => download(&w),
            _ => {}
        }
    });
    let _ = root.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    widget.borrow_mut().clicks = Some((root, listener));
}

/// The error's "Sign in" button: the popup is opened here, inside the click, so the browser
/// allows it; once signed in, every card is fetched again.
fn sign_in(widget: &WidgetRef) {
    let popup = {
        let w = widget.borrow();
        w.config.source.sign_in(&w.config.scopes)
    };
    let Some(popup) = popup else { return };
    let weak = Rc::downgrade(widget);
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(popup).await;
        if let (Ok(result), Some(w)) = (result, weak.upgrade()) {
            let source = w.borrow().config.source.clone();
            source.signed_in(&result);
            refresh(&w, None, Why::Manual).await;
        }
    });
}

/// The "Download history (CSV)" button. No borrow is held while the download's click runs:
/// host listeners see it.
fn download(widget: &WidgetRef) {
    let (csv, shadow, previous) = {
        let mut w = widget.borrow_mut();
        let previous = w.download_url.take();
        (csv(&w.history), w.host.shadow_root(), previous)
    };
    if let Some(url) = previous {
        kept::revoke(&url);
    }
    let url = shadow.and_then(|shadow| kept::download(&csv, &shadow));
    let mut w = widget.borrow_mut();
    match url {
        // A listener unmounted the widget during the click: nothing keeps it.
        Some(url) if !w.is_mounted() => kept::revoke(&url),
        url => w.download_url = url,
    }
}
