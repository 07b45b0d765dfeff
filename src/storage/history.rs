//! The trend's records in `localStorage`, one key per API base and tenant
//! ([`crate::model::storage::history::key`]), and the CSV download.
//!
//! Storage that is missing, disabled or full means no history: the cards work as before.
//! What is read back is JSON text decoded with `serde` and checked record by record
//! ([`crate::model::storage::history::restore`]); damaged records are dropped and the cleaned history
//! is what the next reading writes back.

use crate::api::decode::{from_text, to_js, to_text};
use crate::model::storage::history::{self, KeptRecords, Record};
use crate::model::ApiBase;
use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, Node, Storage};

#[wasm_bindgen]
extern "C" {
    type Blob;
    #[wasm_bindgen(constructor, catch)]
    fn new(parts: &Array, options: &JsValue) -> Result<Blob, JsValue>;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL, catch)]
    fn create_object_url(blob: &Blob) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(storage: &Storage, key: &str, now_ms: f64) -> Vec<Record> {
    match storage.get_item(key) {
        Ok(Some(text)) if history::is_readable(&text) => from_text::<KeptRecords>(&text)
            .map(|kept| history::restore(kept, now_ms))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The records kept for this API base and tenant (none when storage is unavailable).
pub fn load(base: &ApiBase, tenant: &str, now_ms: f64) -> Vec<Record> {
    storage()
        .map(|s| read(&s, &history::key(base, tenant), now_ms))
        .unwrap_or_default()
}

/// Adds a fresh reading's record (see [`history::append`]) to `records`, the tenant's records
/// as loaded this round (`None`: read them again), writes the history back when it changed,
/// and returns the records now kept. A full storage keeps the newer half; if even that is
/// refused, the history is dropped.
pub fn append(
    base: &ApiBase,
    tenant: &str,
    records: Option<Vec<Record>>,
    record: Record,
    now_ms: f64,
) -> Vec<Record> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let key = history::key(base, tenant);
    let mut records = records.unwrap_or_else(|| read(&storage, &key, now_ms));
    let write = |records: &[Record]| {
        to_text(&records).is_some_and(|text| storage.set_item(&key, &text).is_ok())
    };
    if history::append(&mut records, record) && !write(&records) {
        records = records.split_off(records.len() / 2);
        if !write(&records) {
            let _ = storage.remove_item(&key);
            records.clear();
        }
    }
    records
}

/// Forgets the history of this API base and tenant.
pub fn clear(base: &ApiBase, tenant: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&history::key(base, tenant));
    }
}

/// Offers `csv` as `defender-scores-history.csv`: a Blob behind an object URL, clicked through
/// a short-lived `<a download>` placed in `near` (the widget's shadow root). Returns the URL,
/// for the caller to revoke ([`revoke`]) once the download has surely started. A UTF-8 byte
/// order mark lets spreadsheets read non-ASCII names.
pub fn download(csv: &str, near: &Node) -> Option<String> {
    let mut text = String::from("\u{feff}");
    text.push_str(csv);
    let options = to_js(&BlobOptions {
        kind: "text/csv;charset=utf-8",
    })?;
    let blob = Blob::new(&Array::of1(&text.into()), &options).ok()?;
    let url = create_object_url(&blob).ok()?;
    let anchor = near.owner_document()?.create_element("a").ok()?;
    let _ = anchor.set_attribute("href", &url);
    let _ = anchor.set_attribute("download", "defender-scores-history.csv");
    let _ = near.append_child(&anchor);
    if let Some(a) = anchor.dyn_ref::<HtmlElement>() {
        a.click();
    }
    anchor.remove();
    Some(url)
}

/// The `Blob` constructor's options.
#[derive(Serialize)]
struct BlobOptions {
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Releases a download's object URL.
pub fn revoke(url: &str) {
    revoke_object_url(url);
}
