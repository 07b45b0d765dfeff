//! The cards' buttons: refresh a card, sign in, download the kept history as CSV.

use super::refresh::refresh;
use super::widget::{ClickListener, WidgetRef};
use crate::model::api::error::INTERACTION_REQUIRED;
use crate::model::refresh::Why;
use crate::model::storage::history::csv;
use crate::model::{CardKind, ErrorKind, ScoreError};
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
        // The card the button sits in; none for the error every card shares.
        let kind = button
            .closest("[data-card]")
            .ok()
            .flatten()
            .and_then(|card| card.get_attribute("data-card"))
            .and_then(|name| CardKind::parse(&name));
        match button.class_name().as_str() {
            "refresh" => wasm_bindgen_futures::spawn_local(refresh(&w, kind, Why::Manual)),
            "sign-in" => sign_in(&w, kind),
            "csv" => download(&w),
            _ => {}
        }
    });
    let _ = root.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    widget.borrow_mut().clicks = Some((root, listener));
}

/// The error's "Sign in" button on `kind`'s card (`None`: the error every card shares): the
/// popup asks for the scopes that need the user ([`sign_in_scopes`]); it is opened here,
/// inside the click, so the browser allows it. Once signed in, every card is fetched again.
fn sign_in(widget: &WidgetRef, kind: Option<CardKind>) {
    let scopes = {
        let w = widget.borrow();
        let recommendations_need_user = w.slots.iter().any(|s| {
            s.card.kind == CardKind::Recommendations
                && s.card.reading.error().is_some_and(needs_user)
        });
        sign_in_scopes(
            &w.config.scopes,
            &w.config.recommendation_scopes,
            kind,
            recommendations_need_user,
        )
    };
    // No borrow is held: MSAL's popup call is the page's code.
    let source = widget.borrow().config.source.clone();
    let popup = source.sign_in(&scopes);
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

/// Whether a card's failure asks the user to act (its "Sign in" button).
fn needs_user(e: &ScoreError) -> bool {
    e.kind == ErrorKind::Unauthorized && e.code.as_deref() == Some(INTERACTION_REQUIRED)
}

/// The scopes the sign-in popup asks for: a card's button, that card's (`recommendations`
/// asks for the recommendation scopes, any other card the score scopes); the shared error's
/// button, the score scopes, and the recommendation scopes too when that card also waits for
/// the user, so one popup consents to both.
fn sign_in_scopes(
    scores: &[String],
    recommendations: &[String],
    kind: Option<CardKind>,
    recommendations_need_user: bool,
) -> Vec<String> {
    match kind {
        Some(CardKind::Recommendations) => recommendations.to_vec(),
        Some(_) => scores.to_vec(),
        None => {
            let mut scopes = scores.to_vec();
            if recommendations_need_user {
                let more = recommendations.iter().filter(|s| !scores.contains(s));
                scopes.extend(more.cloned());
            }
            scopes
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    const SCORE: &str = "https://api.securitycenter.microsoft.com/Score.Read";
    const RECOMMENDATION: &str =
        "https://api.securitycenter.microsoft.com/SecurityRecommendation.Read";

    #[test]
    fn a_cards_sign_in_asks_for_that_cards_scopes() {
        let (s, r) = (scopes(&[SCORE]), scopes(&[RECOMMENDATION]));
        let asked = |kind| sign_in_scopes(&s, &r, Some(kind), true);
        assert_eq!(asked(CardKind::Recommendations), r);
        for kind in [CardKind::Exposure, CardKind::Device, CardKind::Groups] {
            assert_eq!(asked(kind), s);
        }
    }

    #[test]
    fn the_shared_sign_in_adds_the_recommendation_scopes_only_when_that_card_waits_for_the_user() {
        let (s, r) = (scopes(&[SCORE]), scopes(&[RECOMMENDATION, SCORE]));
        assert_eq!(sign_in_scopes(&s, &r, None, false), s);
        assert_eq!(
            sign_in_scopes(&s, &r, None, true),
            scopes(&[SCORE, RECOMMENDATION]),
            "each scope once"
        );
    }
}
