//! The browser side of talking to the API: tokens, and the bytes the core's card reader asks for.

/// The page's `fetch` carrying the card reader's requests and answers.
pub mod client;
/// `JSON.parse`'s result read into the core's types, and records written back as JSON.
pub mod decode;
/// The rule for sharing requests, apart from the browser.
pub mod in_flight;
/// Requests shared by every widget on the page.
pub mod shared;
/// Snapshot mode's two files, read with no token.
pub mod snapshot;
/// When the widget's work runs (at once up to its first wait).
pub mod task;
/// Where tokens come from: `getToken` or MSAL.js.
pub mod token;

pub use client::fetch_card;
pub use token::{TokenRound, TokenSource};

/// Sets `obj[key] = value` (a plain object the widget made; it cannot throw).
pub(crate) fn set(obj: &js_sys::Object, key: &str, value: &wasm_bindgen::JsValue) {
    let _ = js_sys::Reflect::set(obj, &wasm_bindgen::JsValue::from_str(key), value);
}
