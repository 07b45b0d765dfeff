//! The browser side of talking to the API: tokens, one fetch helper, one function per card.

pub mod client;
pub mod decode;
pub mod in_flight;
pub mod shared;
pub mod snapshot;
pub mod task;
pub mod token;

pub use client::fetch_card;
pub use token::{TokenRound, TokenSource};

/// Sets `obj[key] = value` (a plain object the widget made; it cannot throw).
pub(crate) fn set(obj: &js_sys::Object, key: &str, value: &wasm_bindgen::JsValue) {
    let _ = js_sys::Reflect::set(obj, &wasm_bindgen::JsValue::from_str(key), value);
}
