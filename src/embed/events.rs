//! The events on the host element: their details ([`crate::model::cards::events`]) go out through
//! serde-wasm-bindgen as plain objects.

use crate::model::cards::events::{ErrorDetail, LoadedDetail};
use crate::model::{CardKind, Fresh, ScoreError};
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// The event a reading sends.
pub const LOADED: &str = "defender-scores:loaded";
/// The event a failure sends.
pub const ERROR: &str = "defender-scores:error";

/// A detail as a plain JS object; `None` fields are `null`, as JSON has them.
fn to_js(detail: &impl Serialize) -> JsValue {
    detail
        .serialize(&Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// An instant (ms since the epoch) as `Date.prototype.toISOString` writes it.
fn iso(epoch_ms: f64) -> String {
    String::from(js_sys::Date::new(&JsValue::from_f64(epoch_ms)).to_iso_string())
}

/// The detail of a `defender-scores:loaded` event; `top` is how many recommendations the
/// recommendations card shows.
pub fn loaded_detail(fresh: &Fresh, top: usize) -> JsValue {
    to_js(&LoadedDetail::of(fresh, top, iso))
}

/// The detail of a `defender-scores:error` event.
pub fn error_detail(kind: CardKind, e: &ScoreError) -> JsValue {
    to_js(&ErrorDetail::of(kind, e))
}

/// Dispatches a bubbling, composed `CustomEvent` on the host element.
pub fn dispatch(host: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
