//! The page the widgets are tested on: `window.fetch` replaced by a stub that answers each
//! API path from a queue (the documented bodies, or faults), a `getToken` that counts its
//! calls, the events a host element saw, and the options every test starts from.

use defender_score_cards::{mount, ScoreCardsHandle};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::support::page_origin;

/// The documented answers (`tests/fixtures/`), and the token every test's `getToken` gives.
pub const EXPOSURE: &str = include_str!("../fixtures/exposure-score.json");
pub const DEVICE: &str = include_str!("../fixtures/configuration-score.json");
pub const GROUPS: &str = include_str!("../fixtures/exposure-score-by-machine-groups.json");
pub const NOT_FOUND: &str = include_str!("../fixtures/error-not-found.json");
pub const TOKEN: &str = "test-token-5b1f";

#[wasm_bindgen(inline_js = r#"
let queue = {}; let calls = []; let tokenCalls = []; let events = []; let aborted = [];
let watched = null; let delivered = [];
export function stub_fetch() {
  queue = {}; calls = []; tokenCalls = []; events = []; aborted = []; watched = null; delivered = [];
  // Each test starts with no cached readings (the memory cache follows storage).
  sessionStorage.clear(); localStorage.clear();
  window.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    const headers = typeof input === "string" ? new Headers((init || {}).headers) : input.headers;
    // `cards`: how many cards the watched host showed when the request left.
    const cards = watched && watched.shadowRoot ? watched.shadowRoot.querySelectorAll("[data-card]").length : null;
    calls.push({ url, auth: headers.get("authorization"), cards });
    const path = new URL(url).pathname;
    const list = queue[path];
    if (!list || !list.length) throw new TypeError("no stub for " + path);
    const spec = list.length > 1 ? list.shift() : list[0];
    if (spec.network) throw new TypeError("Failed to fetch");
    // A host page's own fetch wrapper that breaks the Fetch standard.
    if (spec.misbehave === "reject") throw "blocked by the page";
    if (spec.misbehave === "resolve") return { status: 200, ok: true };
    if (spec.headers && spec.headers["x-stub-delay"]) {
      const signal = typeof input === "string" ? (init || {}).signal : input.signal;
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, Number(spec.headers["x-stub-delay"]));
        if (signal) signal.addEventListener("abort", () => { clearTimeout(t); aborted.push(path); reject(new DOMException("aborted", "AbortError")); });
      });
    }
    if (spec.headers && spec.headers["x-stub-late"]) {
      // An answer that comes however late, aborted or not: a slow server's.
      await new Promise((resolve) => setTimeout(resolve, Number(spec.headers["x-stub-late"])));
    }
    delivered.push(path);
    const h = new Headers(spec.headers || {});
    if (!h.has("content-type")) h.set("content-type", "application/json; odata.metadata=minimal");
    return new Response(spec.body, { status: spec.status, headers: h });
  };
}
export function respond(path, status, body, headers) {
  (queue[path] = queue[path] || []).push({ status, body, headers });
}
export function clear_queue() { queue = {}; }
export function misbehave(path, how) { (queue[path] = queue[path] || []).push({ misbehave: how }); }
export function fail_network(path) { (queue[path] = queue[path] || []).push({ network: true }); }
export function fetch_calls() { return calls; }
export function watch_cards_at_fetch(host) { watched = host; }
export function aborted_paths() { return aborted; }
export function delivered_paths() { return delivered; }
export function token_calls() { return tokenCalls; }
export function recorded_events() { return events; }
export function make_get_token(token) {
  return (request) => { tokenCalls.push(request); return Promise.resolve({ accessToken: token }); };
}
export function record_events(el) {
  for (const name of ["defender-scores:loaded", "defender-scores:error"]) {
    el.addEventListener(name, (e) => events.push({ type: e.type, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
  }
}
export function fake_jwt(tid) {
  const b64 = (o) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return b64({ alg: "none", typ: "JWT" }) + "." + b64({ tid, aud: "https://api.securitycenter.microsoft.com" }) + ".c2ln";
}
// Clicks an element (a button in the shadow root).
export function click(el) { el.click(); }
// How many elements of the shadow root match `selector`.
export function count_in(el, selector) { return el.shadowRoot.querySelectorAll(selector).length; }
"#)]
extern "C" {
    pub fn stub_fetch();
    pub fn respond(path: &str, status: u16, body: &str, headers: &JsValue);
    pub fn fail_network(path: &str);
    pub fn clear_queue();
    pub fn misbehave(path: &str, how: &str);
    pub fn fetch_calls() -> Array;
    pub fn watch_cards_at_fetch(host: &Element);
    pub fn aborted_paths() -> Array;
    pub fn delivered_paths() -> Array;
    pub fn token_calls() -> Array;
    pub fn recorded_events() -> Array;
    pub fn make_get_token(token: &str) -> Function;
    pub fn record_events(el: &Element);
    pub fn fake_jwt(tid: &str) -> String;
    pub fn click(el: &Element);
    pub fn count_in(el: &Element, selector: &str) -> u32;
}

/// The API paths the stub answers, on the page's own origin.
pub const EXPOSURE_PATH: &str = "/api/exposureScore";
pub const DEVICE_PATH: &str = "/api/configurationScore";
pub const GROUPS_PATH: &str = "/api/exposureScore/ByMachineGroups";

/// Queues the documented answer on each of the three paths.
pub fn ok_all() {
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    respond(GROUPS_PATH, 200, GROUPS, &JsValue::UNDEFINED);
}

/// A fresh `<div>` in the page whose events are recorded.
pub fn host() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    record_events(&el);
    el
}

/// Options with the counting `getToken`, the page's origin as the API base, no auto
/// refresh, and `extra`.
pub fn options(extra: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    let origin = page_origin();
    Reflect::set(&o, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    Reflect::set(&o, &"apiBase".into(), &origin.into()).unwrap();
    Reflect::set(&o, &"refreshSeconds".into(), &0.into()).unwrap();
    for (k, v) in extra {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

/// The `detail` of each recorded event of this type, in order.
pub fn event_details(kind: &str) -> Vec<JsValue> {
    recorded_events()
        .iter()
        .filter(|e| {
            Reflect::get(e, &"type".into())
                .ok()
                .and_then(|t| t.as_string())
                .as_deref()
                == Some(kind)
        })
        .map(|e| Reflect::get(&e, &"detail".into()).unwrap())
        .collect()
}

/// Mounts into `el` with [`options`]`(extra)`, which must be accepted.
pub fn mount_ok(el: &Element, extra: &[(&str, JsValue)]) -> ScoreCardsHandle {
    mount(el.clone().into(), options(extra)).unwrap_or_else(|e| panic!("mount failed: {e:?}"))
}

/// Queues a 403 with this OData error target on `path`.
pub fn forbidden_on(path: &str, target: &str) {
    let body = format!(r#"{{"error":{{"code":"Forbidden","message":"m","target":"{target}"}}}}"#);
    respond(path, 403, &body, &JsValue::UNDEFINED);
}
