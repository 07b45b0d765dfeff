//! The standalone page: mounts the cards into `#defender-score-cards`.
//!
//! In demo mode (the default, served by `cargo xtask serve`) it talks to the emulator on the
//! page's own origin with the emulator's demo token.

use wasm_bindgen::prelude::*;

/// The emulator's demo bearer token; only ever accepted by the local emulator.
const DEMO_TOKEN: &str = "demo-token";

fn main() {
    let Some(host) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("defender-score-cards"))
    else {
        return;
    };
    let options = js_sys::Object::new();
    let get_token = Closure::<dyn Fn() -> JsValue>::new(|| JsValue::from_str(DEMO_TOKEN));
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let _ = js_sys::Reflect::set(&options, &"getToken".into(), get_token.as_ref());
    let _ = js_sys::Reflect::set(&options, &"apiBase".into(), &origin.into());
    get_token.forget();
    match defender_score_cards::mount(host.into(), options.into()) {
        Ok(handle) => std::mem::forget(handle),
        Err(e) => web_sys::console::error_1(&e),
    }
}
