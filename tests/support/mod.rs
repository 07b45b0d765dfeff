//! Readers and waits shared by the browser test binaries (`web/`, `snapshot_web.rs`): what a
//! widget's shadow root shows, and waiting for it with a deadline. Each binary keeps its own
//! `fetch` stub and options.
#![allow(dead_code)] // each test module uses the part it needs

use defender_score_cards::ScoreCardsHandle;
use gloo_timers::future::TimeoutFuture;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::{Element, ShadowRoot};

pub fn shadow(el: &Element) -> ShadowRoot {
    el.shadow_root()
        .expect("mount attaches an open shadow root")
}

pub fn card(el: &Element, name: &str) -> Option<Element> {
    shadow(el)
        .query_selector(&format!("[data-card=\"{name}\"]"))
        .ok()
        .flatten()
}

pub fn attr(el: &Element, name: &str, a: &str) -> Option<String> {
    card(el, name).and_then(|c| c.get_attribute(a))
}

/// The element of `el`'s shadow root that `selector` finds; panics naming it when there is none.
pub fn in_shadow(el: &Element, selector: &str) -> Element {
    shadow(el)
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

pub fn text(el: &Element, selector: &str) -> Option<String> {
    shadow(el)
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

pub fn has(el: &Element, selector: &str) -> bool {
    shadow(el).query_selector(selector).unwrap().is_some()
}

pub fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

/// Waits for `cond` with a deadline (never a fixed sleep): polls every 10 ms for up to 5 s.
pub async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 5000.0;
    while !cond() {
        if js_sys::Date::now() > deadline {
            panic!("timed out waiting for {what}");
        }
        TimeoutFuture::new(10).await;
    }
}

pub async fn wait_state(el: &Element, name: &str, state: &str) {
    wait_for(&format!("{name} card to be {state}"), || {
        attr(el, name, "data-state").as_deref() == Some(state)
    })
    .await;
}

/// Waits for the three score cards to be ready.
pub async fn all_ready(el: &Element) {
    for name in ["exposure", "device", "groups"] {
        wait_state(el, name, "ready").await;
    }
}

/// Calls `handle.refresh()` and waits for the Promise it returns.
pub async fn refresh(handle: &ScoreCardsHandle) {
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
}

/// The page's own origin (where the tests' stubbed API answers).
pub fn page_origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

/// A `<defender-score-cards>` element with these attributes, not yet in the page.
pub fn element_with(attributes: &[(&str, &str)]) -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("defender-score-cards").unwrap();
    for (name, value) in attributes {
        el.set_attribute(name, value).unwrap();
    }
    el
}

/// Puts `el` into the page's body.
pub fn connect(el: &Element) {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.body().unwrap().append_child(el).unwrap();
}
