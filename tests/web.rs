//! Browser tests of the widget through `mount()`, with `window.fetch` replaced by a stub
//! that answers with the documented bodies or with faults. Run by `wasm-pack test --headless`.
#![cfg(target_arch = "wasm32")]

use defender_score_cards::{define_elements, mount, ScoreCardsHandle};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

const EXPOSURE: &str = include_str!("fixtures/exposure-score.json");
const DEVICE: &str = include_str!("fixtures/configuration-score.json");
const GROUPS: &str = include_str!("fixtures/exposure-score-by-machine-groups.json");
const NOT_FOUND: &str = include_str!("fixtures/error-not-found.json");
const TOKEN: &str = "test-token-5b1f";

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
// The reading cache's keys (the trend's history has its own, below).
export function storage_keys(kind) { const s = kind === "local" ? localStorage : sessionStorage; return Object.keys(s).filter((k) => k.startsWith("dsc:v1|")).sort(); }
export function history_keys() { return Object.keys(localStorage).filter((k) => k.startsWith("dsc:v1:history|")).sort(); }
export function local_get(key) { return localStorage.getItem(key); }
export function local_set(key, value) { localStorage.setItem(key, value); }
let historyReads = 0; let readsCounted = false;
export function count_history_reads() {
  historyReads = 0;
  if (readsCounted) return;
  readsCounted = true;
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (k) {
    if (String(k).startsWith("dsc:v1:history|")) historyReads += 1;
    return getItem.call(this, k);
  };
}
export function history_reads() { return historyReads; }
let refusing = false; let refuseInstalled = false;
export function refuse_history_writes(on) {
  refusing = on;
  if (refuseInstalled) return;
  refuseInstalled = true;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (refusing && String(k).startsWith("dsc:v1:history|")) throw new DOMException("full", "QuotaExceededError");
    return setItem.call(this, k, v);
  };
}
let downloads = []; let revoked = []; let downloadsTrapped = false;
export function trap_downloads() {
  downloads = []; revoked = [];
  if (downloadsTrapped) return;
  downloadsTrapped = true;
  const create = URL.createObjectURL; const revoke = URL.revokeObjectURL;
  URL.createObjectURL = (blob) => { const url = create(blob); downloads.push({ url, blob, name: null }); return url; };
  URL.revokeObjectURL = (url) => { revoked.push(url); revoke(url); };
  // Records the anchor's click instead of downloading.
  HTMLAnchorElement.prototype.click = function () { const d = downloads.find((x) => x.url === this.href); if (d) d.name = this.getAttribute("download"); };
}
export function download_names() { return downloads.map((d) => d.name); }
export function download_url(i) { return downloads[i].url; }
export function download_type(i) { return downloads[i].blob.type; }
export async function download_text(i) { return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await downloads[i].blob.arrayBuffer()); }
export function revoked_urls() { return revoked; }
export function storage_get(key) { return sessionStorage.getItem(key); }
export function storage_set(key, value) { sessionStorage.setItem(key, value); }
export function fake_jwt(tid) {
  const b64 = (o) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return b64({ alg: "none", typ: "JWT" }) + "." + b64({ tid, aud: "https://api.securitycenter.microsoft.com" }) + ".c2ln";
}
export function intl_number(locale, n) { return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n); }
"#)]
extern "C" {
    fn stub_fetch();
    fn respond(path: &str, status: u16, body: &str, headers: &JsValue);
    fn fail_network(path: &str);
    fn clear_queue();
    fn misbehave(path: &str, how: &str);
    fn fetch_calls() -> Array;
    fn watch_cards_at_fetch(host: &Element);
    fn aborted_paths() -> Array;
    fn delivered_paths() -> Array;
    fn token_calls() -> Array;
    fn recorded_events() -> Array;
    fn make_get_token(token: &str) -> Function;
    fn record_events(el: &Element);
    fn storage_keys(kind: &str) -> Array;
    fn history_keys() -> Array;
    fn local_get(key: &str) -> Option<String>;
    fn local_set(key: &str, value: &str);
    fn refuse_history_writes(on: bool);
    fn count_history_reads();
    fn history_reads() -> u32;
    fn trap_downloads();
    fn download_names() -> Array;
    fn download_url(i: u32) -> String;
    fn download_type(i: u32) -> String;
    fn download_text(i: u32) -> js_sys::Promise;
    fn revoked_urls() -> Array;
    fn storage_get(key: &str) -> Option<String>;
    fn storage_set(key: &str, value: &str);
    fn fake_jwt(tid: &str) -> String;
    fn intl_number(locale: &str, n: f64) -> String;
}

const EXPOSURE_PATH: &str = "/api/exposureScore";
const DEVICE_PATH: &str = "/api/configurationScore";
const GROUPS_PATH: &str = "/api/exposureScore/ByMachineGroups";

fn ok_all() {
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    respond(GROUPS_PATH, 200, GROUPS, &JsValue::UNDEFINED);
}

fn host() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    record_events(&el);
    el
}

fn options(extra: &[(&str, JsValue)]) -> JsValue {
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

fn event_details(kind: &str) -> Vec<JsValue> {
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

fn mount_ok(el: &Element, extra: &[(&str, JsValue)]) -> ScoreCardsHandle {
    mount(el.clone().into(), options(extra)).unwrap_or_else(|e| panic!("mount failed: {e:?}"))
}

#[wasm_bindgen_test]
async fn documented_responses_render_three_ready_cards() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "ready").await;
    }
    assert_eq!(
        text(&el, "[data-card=exposure] [data-testid=score]").as_deref(),
        Some("33")
    );
    assert_eq!(
        text(&el, "[data-card=device] [data-testid=score]").as_deref(),
        Some("340")
    );
    assert_eq!(
        attr(&el, "exposure", "data-band").as_deref(),
        Some("medium")
    );
    let rows = shadow(&el).query_selector_all("[data-group]").unwrap();
    assert_eq!(rows.length(), 2);
    let first = rows.get(0).unwrap().dyn_into::<Element>().unwrap();
    assert_eq!(
        first.get_attribute("data-group").as_deref(),
        Some("GroupOne")
    );
    // One token for the three parallel requests, each with the bearer header.
    assert_eq!(token_calls().length(), 1);
    let calls = fetch_calls();
    assert_eq!(calls.length(), 3);
    for c in calls.iter() {
        assert_eq!(get(&c, "auth").as_string(), Some(format!("Bearer {TOKEN}")));
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn loaded_events_bubble_composed_with_scores_and_no_token() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    wait_for("three loaded events", || {
        event_details("defender-scores:loaded").len() == 3
    })
    .await;
    let details = event_details("defender-scores:loaded");
    let by_card = |c: &str| {
        details
            .iter()
            .find(|d| get(d, "card").as_string().as_deref() == Some(c))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        get(&by_card("exposure"), "score").as_f64(),
        Some(33.491554051195706)
    );
    assert_eq!(get(&by_card("device"), "score").as_f64(), Some(340.0));
    assert_eq!(
        get(&by_card("exposure"), "time").as_string().as_deref(),
        Some("2019-12-03T07:23:53.280Z")
    );
    let groups = Array::from(&get(&by_card("groups"), "groups"));
    assert_eq!(groups.length(), 2);
    assert_eq!(
        get(&groups.get(0), "name").as_string().as_deref(),
        Some("GroupOne")
    );
    for e in recorded_events().iter() {
        assert_eq!(get(&e, "bubbles").as_bool(), Some(true));
        assert_eq!(get(&e, "composed").as_bool(), Some(true));
        let json = js_sys::JSON::stringify(&get(&e, "detail"))
            .unwrap()
            .as_string()
            .unwrap();
        assert!(!json.contains(TOKEN), "token leaked into an event: {json}");
    }
    let shadow_html = shadow(&el).inner_html();
    assert!(!shadow_html.contains(TOKEN));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_401_refreshes_the_token_once_and_retries() {
    stub_fetch();
    respond(
        EXPOSURE_PATH,
        401,
        r#"{"error":{"code":"Unauthorized","message":"expired","target":"t"}}"#,
        &JsValue::UNDEFINED,
    );
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "ready").await;
    let calls = token_calls();
    assert_eq!(calls.length(), 2);
    assert_eq!(get(&calls.get(0), "forceRefresh").as_bool(), Some(false));
    assert_eq!(get(&calls.get(1), "forceRefresh").as_bool(), Some(true));
    let scopes = Array::from(&get(&calls.get(0), "scopes"));
    assert_eq!(
        scopes.get(0).as_string().as_deref(),
        Some("https://api.securitycenter.microsoft.com/Score.Read")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_second_401_asks_the_user_to_sign_in_again() {
    stub_fetch();
    respond(
        DEVICE_PATH,
        401,
        r#"{"error":{"code":"Unauthorized","message":"no","target":"t-401"}}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"device".into()).into())]);
    wait_state(&el, "device", "error").await;
    assert_eq!(
        attr(&el, "device", "data-error").as_deref(),
        Some("unauthorized")
    );
    assert_eq!(fetch_calls().length(), 2);
    assert_eq!(token_calls().length(), 2);
    let errors = event_details("defender-scores:error");
    assert_eq!(errors.len(), 1);
    assert_eq!(get(&errors[0], "status").as_f64(), Some(401.0));
    assert_eq!(
        get(&errors[0], "target").as_string().as_deref(),
        Some("t-401")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn each_failure_shows_its_data_error_state() {
    let html_type = Object::new();
    Reflect::set(&html_type, &"content-type".into(), &"text/html".into()).unwrap();
    let throttled = Object::new();
    Reflect::set(&throttled, &"retry-after".into(), &"42".into()).unwrap();
    let cases: Vec<(&str, Box<dyn Fn()>)> = vec![
        (
            "forbidden",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    403,
                    r#"{"error":{"code":"Forbidden","message":"m","target":"abc-403"}}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "not-found",
            Box::new(|| respond(EXPOSURE_PATH, 404, NOT_FOUND, &JsValue::UNDEFINED)),
        ),
        (
            "throttled",
            Box::new(move || {
                respond(
                    EXPOSURE_PATH,
                    429,
                    r#"{"error":{"code":"TooManyRequests","message":"slow","target":"x"}}"#,
                    &throttled,
                )
            }),
        ),
        (
            "server",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    500,
                    r#"{"error":{"code":"InternalServerError","message":"boom","target":"x"}}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        ("network", Box::new(|| fail_network(EXPOSURE_PATH))),
        (
            "invalid-response",
            Box::new(move || respond(EXPOSURE_PATH, 200, "<html>login</html>", &html_type)),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": 33.4, "ti"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": NaN, "time": "2019-12-03T07:23:53Z"}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": "33", "time": "2019-12-03T07:23:53Z"}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": 133, "time": "2019-12-03T07:23:53Z"}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| respond(EXPOSURE_PATH, 200, "", &JsValue::UNDEFINED)),
        ),
    ];
    for (expected, setup) in cases {
        stub_fetch();
        setup();
        let el = host();
        let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
        wait_state(&el, "exposure", "error").await;
        assert_eq!(
            attr(&el, "exposure", "data-error").as_deref(),
            Some(expected)
        );
        assert!(
            text(&el, ".error").is_some_and(|t| !t.is_empty()),
            "{expected}: no message"
        );
        let errors = event_details("defender-scores:error");
        assert_eq!(errors.len(), 1, "{expected}");
        assert_eq!(
            get(&errors[0], "card").as_string().as_deref(),
            Some("exposure")
        );
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn forbidden_names_the_permission_and_the_support_reference() {
    stub_fetch();
    respond(
        GROUPS_PATH,
        403,
        r#"{"error":{"code":"Forbidden","message":"m","target":"abc-403"}}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "error").await;
    let alert = text(&el, ".error").unwrap();
    assert!(alert.contains("Score.Read"), "{alert}");
    assert!(alert.contains("abc-403"), "{alert}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn markup_in_group_names_stays_text() {
    stub_fetch();
    respond(
        GROUPS_PATH,
        200,
        r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":50,"rbacGroupName":"<img src=x onerror=\"window.__pwned=1\">"}]}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "ready").await;
    assert!(shadow(&el).query_selector("img").unwrap().is_none());
    assert!(text(&el, ".group-name").unwrap().contains("<img"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_refresh_after_a_reading_shows_it_as_stale() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "ready").await;
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
    assert_eq!(
        attr(&el, "exposure", "data-state").as_deref(),
        Some("stale")
    );
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("33"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn update_changes_the_language_without_fetching_again() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[("locale", "en".into())]);
    wait_state(&el, "exposure", "ready").await;
    let calls = fetch_calls().length();
    let changes = Object::new();
    Reflect::set(&changes, &"locale".into(), &"da-DK".into()).unwrap();
    handle.update(changes.into()).unwrap();
    wait_for("Danish title", || {
        text(&el, "[data-card=exposure] .title").as_deref() == Some("Eksponeringsscore")
    })
    .await;
    assert_eq!(fetch_calls().length(), calls);
    assert_eq!(
        attr(&el, "exposure", "data-state").as_deref(),
        Some("ready")
    );
    // The new locale's formatters are loaded too: the exact time comes back in Danish.
    wait_for("the exact time in the tooltip after the change", || {
        shadow(&el)
            .query_selector("[data-card=\"exposure\"] .fetched")
            .unwrap()
            .and_then(|f| f.get_attribute("title"))
            .is_some_and(|t| t.contains("2019") && t.contains("dec"))
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn unmount_empties_the_shadow_root_and_ignores_late_answers() {
    stub_fetch();
    // Every answer comes 200 ms late, even after the widget aborted its request.
    let late = Object::new();
    Reflect::set(&late, &"x-stub-late".into(), &"200".into()).unwrap();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &late);
    respond(DEVICE_PATH, 200, DEVICE, &late);
    respond(GROUPS_PATH, 200, GROUPS, &late);
    let el = host();
    let handle = mount_ok(&el, &[]);
    let cards = || {
        shadow(&el)
            .query_selector_all("[data-card]")
            .unwrap()
            .length()
    };
    wait_for("three cards loading", || cards() == 3).await;
    wait_for("three requests under way", || fetch_calls().length() == 3).await;
    assert_eq!(delivered_paths().length(), 0, "the answers came too soon");
    handle.unmount();
    handle.unmount();
    assert_eq!(shadow(&el).child_element_count(), 0);
    wait_for("the three late answers", || delivered_paths().length() == 3).await;
    // The page's queued tasks run (reading the bodies, any render), then the root is looked at.
    for _ in 0..3 {
        TimeoutFuture::new(0).await;
    }
    assert_eq!(shadow(&el).child_element_count(), 0);
    assert_eq!(cards(), 0);
    assert_eq!(
        recorded_events().length(),
        0,
        "an unmounted widget told the host"
    );
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
    assert_eq!(shadow(&el).child_element_count(), 0);
    assert_eq!(fetch_calls().length(), 3, "an unmounted widget asked again");
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_naming_the_option() {
    stub_fetch();
    let el = host();
    let message = |opts: JsValue| -> String {
        match mount(el.clone().into(), opts) {
            Ok(h) => {
                h.unmount();
                panic!("mount accepted bad options")
            }
            Err(e) => {
                assert!(e.is_instance_of::<js_sys::Error>());
                get(&e, "message").as_string().unwrap()
            }
        }
    };
    assert!(message(options(&[("cards", Array::of1(&"nope".into()).into())])).contains("`cards`"));
    assert!(message(options(&[("apiBase", "https://evil.example".into())])).contains("`apiBase`"));
    assert!(message(options(&[("apiBase", "not a url".into())])).contains("`apiBase`"));
    assert!(message(options(&[("cloud", "mars".into())])).contains("`cloud`"));
    assert!(message(options(&[("region", "xx".into())])).contains("`region`"));
    assert!(message(options(&[("theme", "pink".into())])).contains("`theme`"));
    assert!(message(options(&[("refreshSeconds", (-1).into())])).contains("`refreshSeconds`"));
    assert!(message(options(&[("cache", "cookies".into())])).contains("`cache`"));
    assert!(message(options(&[("cacheSeconds", (-5).into())])).contains("`cacheSeconds`"));
    assert!(message(options(&[("cacheSeconds", 1e6.into())])).contains("`cacheSeconds`"));
    assert!(message(options(&[("history", "sometimes".into())])).contains("`history`"));
    assert!(message(options(&[("history", 1.into())])).contains("`history`"));
    assert!(message(options(&[("getToken", "abc".into())])).contains("`getToken`"));
    let no_source = Object::new();
    assert!(message(no_source.into()).contains("`getToken`"));
    assert_eq!(fetch_calls().length(), 0);
    assert_eq!(token_calls().length(), 0);
}

#[wasm_bindgen_test]
fn define_elements_twice_is_harmless() {
    define_elements();
    define_elements();
    let registry = web_sys::window().unwrap().custom_elements();
    assert!(!registry.get("defender-score-cards").is_undefined());
}

#[wasm_bindgen_test]
async fn the_custom_element_mounts_from_attributes_and_properties() {
    stub_fetch();
    ok_all();
    define_elements();
    let origin = page_origin();
    let el = element_with(&[
        ("api-base", &origin),
        ("cards", "exposure, device"),
        ("refresh-seconds", "0"),
        ("history", "off"),
    ]);
    record_events(&el);
    connect(&el);
    Reflect::set(&el, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    wait_state(&el, "device", "ready").await;
    assert!(card(&el, "groups").is_none());
    assert!(
        history_key_list().is_empty(),
        "history=\"off\" keeps nothing"
    );
    el.remove();
    assert!(card(&el, "exposure").is_none());
}

#[wasm_bindgen_test]
async fn a_throttled_card_waits_for_retry_after_then_tries_once_more() {
    stub_fetch();
    let retry = Object::new();
    Reflect::set(&retry, &"retry-after".into(), &"1".into()).unwrap();
    respond(
        EXPOSURE_PATH,
        429,
        r#"{"error":{"code":"TooManyRequests","message":"slow","target":"x"}}"#,
        &retry,
    );
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("throttled")
    );
    // Calling sooner than Retry-After sends nothing.
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
    assert_eq!(
        fetch_calls().length(),
        1,
        "{:?} {:?}",
        js_sys::JSON::stringify(&fetch_calls()),
        js_sys::JSON::stringify(&recorded_events())
    );
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(fetch_calls().length(), 2);
    handle.unmount();
}

#[wasm_bindgen(inline_js = r#"
export function fake_msal(log) {
  let signedIn = false;
  return {
    getActiveAccount() { return signedIn ? { username: "ada@contoso.example" } : null; },
    getAllAccounts() { return signedIn ? [{ username: "ada@contoso.example" }] : []; },
    setActiveAccount(a) { log.push("setActiveAccount:" + a.username); },
    acquireTokenSilent(req) {
      log.push("silent:" + req.forceRefresh);
      if (!signedIn) {
        const e = new Error("AADSTS50058: interaction required"); e.name = "InteractionRequiredAuthError"; e.errorCode = "interaction_required";
        return Promise.reject(e);
      }
      return Promise.resolve({ accessToken: "msal-token-9c2" });
    },
    acquireTokenPopup(req) {
      log.push("popup:" + req.scopes.join(" "));
      signedIn = true;
      return Promise.resolve({ accessToken: "msal-token-9c2", account: { username: "ada@contoso.example" } });
    },
  };
}
export function click(el) { el.click(); }
"#)]
extern "C" {
    fn fake_msal(log: &Array) -> JsValue;
    fn click(el: &Element);
}

#[wasm_bindgen_test]
async fn msal_interaction_required_shows_sign_in_which_opens_the_popup_then_loads() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let log = Array::new();
    let el = host();
    let opts = Object::new();
    let origin = page_origin();
    Reflect::set(&opts, &"msal".into(), &fake_msal(&log)).unwrap();
    Reflect::set(&opts, &"apiBase".into(), &origin.into()).unwrap();
    Reflect::set(&opts, &"cards".into(), &Array::of1(&"exposure".into())).unwrap();
    let handle = mount(el.clone().into(), opts.into()).unwrap();
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("unauthorized")
    );
    assert_eq!(fetch_calls().length(), 0, "no request without a token");
    let button = shadow(&el)
        .query_selector(".sign-in")
        .unwrap()
        .expect("a Sign in button");
    click(&button);
    wait_state(&el, "exposure", "ready").await;
    let entries: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert!(
        entries.contains(&"popup:https://api.securitycenter.microsoft.com/Score.Read".to_string()),
        "{entries:?}"
    );
    assert!(
        entries.contains(&"setActiveAccount:ada@contoso.example".to_string()),
        "{entries:?}"
    );
    assert_eq!(
        get(&fetch_calls().get(0), "auth").as_string().as_deref(),
        Some("Bearer msal-token-9c2")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_token_set_before_the_element_is_connected_is_used() {
    stub_fetch();
    ok_all();
    let origin = page_origin();
    let el = element_with(&[("api-base", &origin), ("cards", "device")]);
    Reflect::set(&el, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    connect(&el);
    define_elements();
    wait_state(&el, "device", "ready").await;
    el.remove();
}

#[wasm_bindgen_test]
async fn widgets_with_different_token_sources_do_not_share_requests() {
    stub_fetch();
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    let only = [("cards", JsValue::from(Array::of1(&"device".into())))];
    let (a, b) = (host(), host());
    let (first, second) = (mount_ok(&a, &only), mount_ok(&b, &only));
    wait_state(&a, "device", "ready").await;
    wait_state(&b, "device", "ready").await;
    assert_eq!(fetch_calls().length(), 2);
    first.unmount();
    second.unmount();
}

#[wasm_bindgen_test]
async fn five_widgets_on_a_page_cost_one_token_and_three_calls() {
    stub_fetch();
    ok_all();
    let get_token: JsValue = make_get_token(TOKEN).into();
    let hosts: Vec<Element> = (0..5).map(|_| host()).collect();
    let handles: Vec<_> = hosts
        .iter()
        .map(|h| mount_ok(h, &[("getToken", get_token.clone())]))
        .collect();
    for h in &hosts {
        for name in ["exposure", "device", "groups"] {
            wait_state(h, name, "ready").await;
        }
    }
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(token_calls().length(), 1);
    assert_eq!(event_details("defender-scores:loaded").len(), 15);
    for h in handles {
        h.unmount();
    }
    assert_eq!(defender_score_cards::api::shared::in_flight(), 0);
}

#[wasm_bindgen_test]
async fn mount_asks_for_the_token_before_the_cards_first_render() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    // Still inside the mount() call's turn: the cards are not rendered yet, the token is asked.
    assert_eq!(token_calls().length(), 1);
    assert!(card(&el, "exposure").is_none());
    wait_state(&el, "groups", "ready").await;
    assert_eq!(token_calls().length(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn requests_with_a_synchronous_token_leave_before_the_cards_first_render() {
    stub_fetch();
    ok_all();
    let el = host();
    watch_cards_at_fetch(&el);
    let get_token =
        Closure::<dyn Fn() -> JsValue>::new(|| JsValue::from_str(TOKEN)).into_js_value();
    let handle = mount_ok(&el, &[("getToken", get_token)]);
    wait_state(&el, "groups", "ready").await;
    let calls = fetch_calls();
    assert_eq!(calls.length(), 3);
    for call in calls.iter() {
        let cards = js_sys::Reflect::get(&call, &"cards".into()).unwrap();
        assert_eq!(
            cards.as_f64(),
            Some(0.0),
            "a request left after the first render"
        );
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn fresh_cards_say_fetched_just_now_and_get_the_exact_time_once_intl_is_loaded() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[("locale", "en-GB".into())]);
    wait_state(&el, "device", "ready").await;
    let fetched = || {
        shadow(&el)
            .query_selector("[data-card=\"device\"] .fetched")
            .unwrap()
            .unwrap()
    };
    assert_eq!(
        fetched().text_content().as_deref(),
        Some("Fetched just now")
    );
    // The documented time, 2019-12-03T09:15:58Z, as Intl writes it for en-GB.
    wait_for("the exact time in the tooltip", || {
        fetched()
            .get_attribute("title")
            .is_some_and(|t| t.contains("2019"))
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn five_widgets_with_a_synchronous_get_token_ask_it_once() {
    stub_fetch();
    ok_all();
    let count = js_sys::Array::new();
    let get_token = {
        let count = count.clone();
        Closure::<dyn Fn() -> JsValue>::new(move || {
            count.push(&JsValue::TRUE);
            JsValue::from_str(TOKEN)
        })
        .into_js_value()
    };
    let hosts: Vec<Element> = (0..5).map(|_| host()).collect();
    let handles: Vec<_> = hosts
        .iter()
        .map(|h| mount_ok(h, &[("getToken", get_token.clone())]))
        .collect();
    for h in &hosts {
        wait_state(h, "groups", "ready").await;
    }
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(count.length(), 1);
    for h in handles {
        h.unmount();
    }
}

#[wasm_bindgen_test]
async fn unmounting_one_widget_keeps_a_shared_request_for_the_other_and_the_last_aborts_it() {
    stub_fetch();
    let slow = Object::new();
    Reflect::set(&slow, &"x-stub-delay".into(), &"300".into()).unwrap();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &slow);
    let get_token: JsValue = make_get_token(TOKEN).into();
    let only = || {
        [
            ("cards", JsValue::from(Array::of1(&"exposure".into()))),
            ("getToken", get_token.clone()),
        ]
    };
    let (a, b) = (host(), host());
    let first = mount_ok(&a, &only());
    let second = mount_ok(&b, &only());
    wait_for("the shared request to start", || {
        fetch_calls().length() == 1
    })
    .await;
    first.unmount();
    wait_state(&b, "exposure", "ready").await;
    assert_eq!(fetch_calls().length(), 1);
    assert_eq!(aborted_paths().length(), 0);
    // A refresh that nobody else shares is aborted by unmount.
    let pending = second.refresh();
    wait_for("the second request to start", || {
        fetch_calls().length() == 2
    })
    .await;
    second.unmount();
    wasm_bindgen_futures::JsFuture::from(pending).await.unwrap();
    wait_for("the request to be aborted", || {
        aborted_paths().length() == 1
    })
    .await;
    assert_eq!(defender_score_cards::api::shared::in_flight(), 0);
}

#[wasm_bindgen(inline_js = r#"
let seen = [];
let installed = false;
export function spy_on_token_sinks() {
  seen = [];
  if (installed) return;
  installed = true;
  const record = (where) => (...args) => { try { seen.push(where + ":" + args.map((a) => typeof a === "string" ? a : JSON.stringify(a)).join(" ")); } catch (e) { seen.push(where + ":?"); } };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) { record(this === localStorage ? "localStorage" : "sessionStorage")(k, v); return setItem.call(this, k, v); };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  Object.defineProperty(Document.prototype, "cookie", { configurable: true, get() { return cookie.get.call(this); }, set(v) { record("cookie")(v); cookie.set.call(this, v); } });
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    const original = console[level];
    console[level] = function (...args) { record("console." + level)(...args); return original.apply(this, args); };
  }
  for (const m of ["pushState", "replaceState"]) {
    const original = history[m];
    history[m] = function (...args) { record("history")(...args); return original.apply(this, args); };
  }
}
export function token_sinks() { return seen.join("\n") + "\n" + location.href + "\n" + JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage)) + document.cookie; }
"#)]
extern "C" {
    fn spy_on_token_sinks();
    fn token_sinks() -> String;
}

#[wasm_bindgen_test]
async fn the_token_reaches_no_storage_cookie_console_url_dom_or_event() {
    spy_on_token_sinks();
    stub_fetch();
    respond(
        EXPOSURE_PATH,
        401,
        r#"{"error":{"code":"Unauthorized","message":"expired","target":"t"}}"#,
        &JsValue::UNDEFINED,
    );
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 500, "<html>oops</html>", &JsValue::UNDEFINED);
    respond(
        GROUPS_PATH,
        200,
        r#"{"value": "nope"}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[]);
    wait_state(&el, "exposure", "ready").await;
    wait_state(&el, "device", "error").await;
    wait_state(&el, "groups", "error").await;
    let sinks = token_sinks();
    // The spy sees the widget's storage writes (the cached exposure reading)...
    assert!(sinks.contains("sessionStorage:dsc:v1|"), "{sinks}");
    // ...and none of them, nor anything else, carries the token.
    assert!(!sinks.contains(TOKEN), "the token leaked: {sinks}");
    assert!(!shadow(&el).inner_html().contains(TOKEN));
    assert!(!el.outer_html().contains(TOKEN));
    for e in recorded_events().iter() {
        let json = js_sys::JSON::stringify(&e).unwrap().as_string().unwrap();
        assert!(!json.contains(TOKEN), "token in an event: {json}");
    }
    // Every request went to the API base, with the token only in the Authorization header.
    let origin = page_origin();
    for c in fetch_calls().iter() {
        let url = get(&c, "url").as_string().unwrap();
        assert!(url.starts_with(&format!("{origin}/api/")), "{url}");
        assert!(!url.contains(TOKEN));
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_next_link_to_another_origin_is_refused_without_sending_the_token() {
    stub_fetch();
    respond(
        GROUPS_PATH,
        200,
        r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":5,"rbacGroupName":"A"}],"@odata.nextLink":"https://evil.example/api/exposureScore/ByMachineGroups?$skip=1"}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "error").await;
    assert_eq!(
        attr(&el, "groups", "data-error").as_deref(),
        Some("invalid-response")
    );
    assert_eq!(fetch_calls().length(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn next_links_on_the_api_origin_are_followed_and_loops_are_refused() {
    stub_fetch();
    let origin = page_origin();
    let page1 = format!(
        r#"{{"value":[{{"time":"2019-12-03T09:51:28Z","score":5,"rbacGroupName":"A"}}],"@odata.nextLink":"{origin}/api/page2"}}"#
    );
    respond(GROUPS_PATH, 200, &page1, &JsValue::UNDEFINED);
    respond(
        "/api/page2",
        200,
        r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":75,"rbacGroupName":"B"}]}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "ready").await;
    assert_eq!(
        shadow(&el)
            .query_selector_all("[data-group]")
            .unwrap()
            .length(),
        2
    );
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("75"));
    handle.unmount();

    stub_fetch();
    let looping =
        format!(r#"{{"value":[],"@odata.nextLink":"{origin}/api/exposureScore/ByMachineGroups"}}"#);
    respond(GROUPS_PATH, 200, &looping, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "error").await;
    assert_eq!(
        attr(&el, "groups", "data-error").as_deref(),
        Some("invalid-response")
    );
    assert_eq!(fetch_calls().length(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn colours_set_on_the_host_win_over_both_themes() {
    for theme in ["light", "dark", "auto"] {
        stub_fetch();
        respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
        let el = host();
        el.set_attribute(
            "style",
            "--dsc-accent: rgb(1, 2, 3); --dsc-bg: rgb(250, 240, 230); --dsc-font-size: 21px",
        )
        .unwrap();
        let handle = mount_ok(
            &el,
            &[
                ("cards", Array::of1(&"exposure".into()).into()),
                ("theme", theme.into()),
            ],
        );
        wait_state(&el, "exposure", "ready").await;
        let window = web_sys::window().unwrap();
        let style = |selector: &str, property: &str| {
            let node = shadow(&el).query_selector(selector).unwrap().unwrap();
            window
                .get_computed_style(&node)
                .unwrap()
                .unwrap()
                .get_property_value(property)
                .unwrap()
        };
        assert_eq!(style(".portal", "color"), "rgb(1, 2, 3)", "{theme}");
        assert_eq!(
            style(".card", "background-color"),
            "rgb(250, 240, 230)",
            "{theme}"
        );
        assert_eq!(style(".dsc", "font-size"), "21px", "{theme}");
        handle.unmount();
    }
}

fn keys(kind: &str) -> Vec<String> {
    storage_keys(kind)
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

async fn all_ready(el: &Element) {
    for name in ["exposure", "device", "groups"] {
        wait_state(el, name, "ready").await;
    }
}

#[wasm_bindgen_test]
async fn a_second_load_within_the_ttl_shows_the_cached_readings_without_any_call() {
    stub_fetch();
    ok_all();
    let el = host();
    let first = mount_ok(&el, &[]);
    all_ready(&el).await;
    first.unmount();
    assert_eq!(fetch_calls().length(), 3);
    let origin = page_origin();
    assert_eq!(
        keys("session"),
        ["device", "exposure", "groups"]
            .iter()
            .map(|c| format!("dsc:v1|{origin}|-|{c}"))
            .collect::<Vec<_>>()
    );
    assert!(keys("local").is_empty());
    // A reload (a new mount on the same tab) costs no call, shows the same scores, and
    // still tells the host what it shows.
    let again = host();
    let second = mount_ok(&again, &[]);
    all_ready(&again).await;
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(text(&again, "[data-testid=score]").as_deref(), Some("33"));
    assert!(shadow(&again)
        .query_selector("[data-group=GroupOne]")
        .unwrap()
        .is_some());
    assert_eq!(event_details("defender-scores:loaded").len(), 6);
    // Refreshing on purpose always asks the API.
    wasm_bindgen_futures::JsFuture::from(second.refresh())
        .await
        .unwrap();
    assert_eq!(fetch_calls().length(), 6);
    second.unmount();
}

#[wasm_bindgen_test]
async fn the_cache_can_be_local_storage_memory_or_off() {
    stub_fetch();
    ok_all();
    let only = |mode: &str| {
        vec![
            ("cards", JsValue::from(Array::of1(&"device".into()))),
            ("cache", JsValue::from(mode)),
        ]
    };
    let el = host();
    let h = mount_ok(&el, &only("local"));
    wait_state(&el, "device", "ready").await;
    h.unmount();
    assert_eq!(keys("local").len(), 1);
    assert!(keys("session").is_empty());
    let el = host();
    let h = mount_ok(&el, &only("local"));
    wait_state(&el, "device", "ready").await;
    h.unmount();
    assert_eq!(fetch_calls().length(), 1);

    // Off: nothing is kept, and every load asks.
    stub_fetch();
    ok_all();
    for _ in 0..2 {
        let el = host();
        let h = mount_ok(&el, &only("off"));
        wait_state(&el, "device", "ready").await;
        h.unmount();
    }
    assert_eq!(fetch_calls().length(), 2);
    assert!(keys("local").is_empty() && keys("session").is_empty());

    // Memory: shared on the page, never written to storage.
    defender_score_cards::storage::cache::clear_memory();
    stub_fetch();
    ok_all();
    for _ in 0..2 {
        let el = host();
        let h = mount_ok(&el, &only("memory"));
        wait_state(&el, "device", "ready").await;
        h.unmount();
    }
    assert_eq!(fetch_calls().length(), 1);
    assert!(keys("local").is_empty() && keys("session").is_empty());
    defender_score_cards::storage::cache::clear_memory();
}

#[wasm_bindgen_test]
async fn an_expired_reading_shows_as_stale_while_it_is_fetched_again() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let only = [
        ("cards", JsValue::from(Array::of1(&"exposure".into()))),
        ("cacheSeconds", JsValue::from(0)),
    ];
    let el = host();
    let h = mount_ok(&el, &only);
    wait_state(&el, "exposure", "ready").await;
    h.unmount();
    clear_queue();
    let delayed = Object::new();
    Reflect::set(&delayed, &"x-stub-delay".into(), &"400".into()).unwrap();
    respond(
        EXPOSURE_PATH,
        200,
        &EXPOSURE.replace("33.4", "12.0"),
        &delayed.into(),
    );
    let el = host();
    let h = mount_ok(&el, &only);
    wait_state(&el, "exposure", "stale").await;
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("33"));
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("12"));
    assert_eq!(
        fetch_calls().length(),
        2,
        "{:?}",
        js_sys::JSON::stringify(&fetch_calls())
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn offline_with_an_expired_cached_reading_shows_it_stale_with_its_age() {
    stub_fetch();
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    let only = [
        ("cards", JsValue::from(Array::of1(&"device".into()))),
        ("cacheSeconds", JsValue::from(0)),
    ];
    let el = host();
    let h = mount_ok(&el, &only);
    wait_state(&el, "device", "ready").await;
    h.unmount();
    clear_queue();
    fail_network(DEVICE_PATH);
    let el = host();
    let h = mount_ok(&el, &only);
    wait_for("the network error", || {
        event_details("defender-scores:error").len() == 1
    })
    .await;
    assert_eq!(attr(&el, "device", "data-state").as_deref(), Some("stale"));
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("340"));
    let card_text = card(&el, "device").unwrap().text_content().unwrap();
    assert!(
        card_text.contains("ago") || card_text.contains("now"),
        "{card_text}"
    );
    assert!(card_text.contains("earlier reading"), "{card_text}");
    h.unmount();
}

#[wasm_bindgen_test]
async fn damaged_or_forged_storage_is_ignored_and_replaced() {
    stub_fetch();
    ok_all();
    let origin = page_origin();
    let key = |card: &str| format!("dsc:v1|{origin}|-|{card}");
    let now = js_sys::Date::now();
    storage_set(&key("exposure"), "{not json");
    storage_set(
        &key("device"),
        &format!(
            r#"{{"kind":"device","receivedMs":{now},"items":[{{"score":"340","timeMs":1}}]}}"#
        ),
    );
    storage_set(
        &key("groups"),
        &format!(
            r#"{{"kind":"groups","receivedMs":{now},"items":[{{"name":"<img src=x onerror=window.__pwned=1>","score":500,"timeMs":1}}]}}"#
        ),
    );
    let el = host();
    let h = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), 3);
    assert!(shadow(&el).query_selector("img").unwrap().is_none());
    assert!(shadow(&el)
        .query_selector("[data-group=GroupOne]")
        .unwrap()
        .is_some());
    // The forged entries were replaced by the real readings.
    let groups = storage_get(&key("groups")).unwrap();
    assert!(
        groups.contains("GroupOne") && !groups.contains("<img"),
        "{groups}"
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn readings_are_cached_per_tenant_and_forgotten_after_a_403() {
    stub_fetch();
    ok_all();
    let tenant_a = "11111111-2222-3333-4444-555555555555";
    let tenant_b = "66666666-7777-8888-9999-aaaaaaaaaaaa";
    let token_a: JsValue = make_get_token(&fake_jwt(tenant_a)).into();
    let token_b: JsValue = make_get_token(&fake_jwt(tenant_b)).into();
    let only = |t: &JsValue| {
        vec![
            ("cards", JsValue::from(Array::of1(&"exposure".into()))),
            ("getToken", t.clone()),
        ]
    };
    let el = host();
    let h = mount_ok(&el, &only(&token_a));
    wait_state(&el, "exposure", "ready").await;
    h.unmount();
    let k = keys("session");
    assert_eq!(k.len(), 1);
    assert!(k[0].contains(tenant_a), "{k:?}");
    // Another tenant does not see tenant A's reading.
    let el = host();
    let h = mount_ok(&el, &only(&token_b));
    wait_state(&el, "exposure", "ready").await;
    h.unmount();
    assert_eq!(fetch_calls().length(), 2);
    assert_eq!(keys("session").len(), 2);
    // Tenant A loses access: the refresh shows forbidden and the reading is dropped.
    clear_queue();
    respond(
        EXPOSURE_PATH,
        403,
        r#"{"error":{"code":"Forbidden","message":"no","target":"t"}}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let h = mount_ok(&el, &only(&token_a));
    wait_state(&el, "exposure", "ready").await;
    wasm_bindgen_futures::JsFuture::from(h.refresh())
        .await
        .unwrap();
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("forbidden")
    );
    h.unmount();
    let k = keys("session");
    assert_eq!(k.len(), 1);
    assert!(k[0].contains(tenant_b), "{k:?}");
}

#[wasm_bindgen_test]
async fn a_server_error_is_retried_with_backoff_until_it_loads() {
    stub_fetch();
    respond(EXPOSURE_PATH, 503, "", &JsValue::UNDEFINED);
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let h = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("server")
    );
    let alert = text(&el, ".error").unwrap();
    assert!(alert.contains("will try again"), "{alert}");
    assert_eq!(fetch_calls().length(), 1);
    // The first retry comes after 1 to 2 seconds, by itself.
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(
        fetch_calls().length(),
        2,
        "{:?}",
        js_sys::JSON::stringify(&fetch_calls())
    );
    let errors = event_details("defender-scores:error");
    assert_eq!(errors.len(), 1);
    assert!(get(&errors[0], "retryAfter").as_f64().unwrap() >= 1.0);
    h.unmount();
}

#[wasm_bindgen_test]
async fn unmount_cancels_a_scheduled_retry() {
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    let el = host();
    let h = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    h.unmount();
    let calls = fetch_calls().length();
    // Longer than the longest first backoff (2 s): nothing may be asked after unmount.
    let deadline = js_sys::Date::now() + 2_500.0;
    while js_sys::Date::now() < deadline {
        assert_eq!(fetch_calls().length(), calls, "a request after unmount");
        TimeoutFuture::new(100).await;
    }
}

#[wasm_bindgen_test]
async fn five_failing_widgets_recover_with_one_retry_call_not_five() {
    stub_fetch();
    respond(DEVICE_PATH, 503, "", &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    let get_token: JsValue = make_get_token(TOKEN).into();
    let hosts: Vec<Element> = (0..5).map(|_| host()).collect();
    let handles: Vec<_> = hosts
        .iter()
        .map(|h| {
            mount_ok(
                h,
                &[
                    ("getToken", get_token.clone()),
                    ("cards", Array::of1(&"device".into()).into()),
                ],
            )
        })
        .collect();
    for h in &hosts {
        wait_state(h, "device", "ready").await;
    }
    // One shared failing call, then the first retry's answer serves every widget's retry
    // (joined while in flight, or from the cache once it arrived).
    assert_eq!(
        fetch_calls().length(),
        2,
        "{:?}",
        js_sys::JSON::stringify(&fetch_calls())
    );
    for h in handles {
        h.unmount();
    }
}

#[wasm_bindgen_test]
fn numbers_match_intl_in_every_language_and_region_including_the_shortcut_below_1000() {
    use defender_score_cards::embed::intl::IntlFormats;
    use defender_score_cards::i18n::Formats;
    let locales = [
        "en",
        "en-US",
        "en-GB",
        "en-IN",
        "nl",
        "nl-BE",
        "da-DK",
        "de",
        "de-CH",
        "de-AT",
        "fr",
        "fr-CA",
        "fr-CH",
        "es",
        "es-MX",
        "sv-SE",
        "sv-FI",
        "ja-JP",
        "nl-u-nu-arab",
        "en-u-nu-thai",
    ];
    let values = [
        0.0,
        0.4,
        7.0,
        29.5,
        33.491554,
        99.5,
        100.0,
        340.0,
        999.4,
        999.5,
        1000.0,
        1234.0,
        12_345.6,
        1_000_000.0,
    ];
    for locale in locales {
        let formats = IntlFormats::new(locale);
        for v in values {
            assert_eq!(formats.number(v), intl_number(locale, v), "{locale} {v}");
        }
    }
}

// The trend: readings kept in localStorage per API base and tenant.

const DAY_MS: f64 = 86_400_000.0;

fn history_key(tenant: &str) -> String {
    let origin = page_origin();
    format!("dsc:v1:history|{origin}|{tenant}")
}

/// A kept history as stored: a JSON array of records `{"timeMs", "exposure", "device",
/// "groups": [[name, score], ...]}`; each of `records` is `(days ago, the other members)`.
fn kept_history(records: &[(f64, &str)]) -> (f64, String) {
    let at = |days_ago: f64| ((js_sys::Date::now() - days_ago * DAY_MS) / 1000.0).floor() * 1000.0;
    let texts: Vec<String> = records
        .iter()
        .map(|(days_ago, rest)| format!(r#"{{"timeMs":{},{rest}}}"#, at(*days_ago)))
        .collect();
    (at(records[0].0), format!("[{}]", texts.join(",")))
}

/// The kept records, each as JSON text.
fn lines(key: &str) -> Vec<String> {
    let text = local_get(key).unwrap_or_default();
    let Ok(records) = js_sys::JSON::parse(&text) else {
        return Vec::new();
    };
    Array::from(&records)
        .iter()
        .map(|r| js_sys::JSON::stringify(&r).unwrap().into())
        .collect()
}

fn history_key_list() -> Vec<String> {
    history_keys()
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

async fn refresh(handle: &ScoreCardsHandle) {
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_fresh_reading_is_kept_under_the_tenant_key_without_the_token() {
    stub_fetch();
    ok_all();
    let jwt = fake_jwt("72F988BF-86F1-41AF-91AB-2D7CD011DB47");
    let el = host();
    let handle = mount_ok(&el, &[("getToken", make_get_token(&jwt).into())]);
    all_ready(&el).await;
    let key = history_key("72f988bf-86f1-41af-91ab-2d7cd011db47");
    assert_eq!(history_key_list(), [key.clone()]);
    let kept = lines(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let (time, scores) = kept[0].split_once(',').unwrap();
    assert_eq!(
        scores,
        r#""exposure":33.49,"device":340,"groups":[["GroupOne",41.38],["GroupTwo",37.4]]}"#
    );
    let at: f64 = time.strip_prefix(r#"{"timeMs":"#).unwrap().parse().unwrap();
    assert!((js_sys::Date::now() - at).abs() < 60_000.0, "{at}");
    let stored = local_get(&key).unwrap();
    assert!(!stored.contains(&jwt) && !key.contains(&jwt));
    // One reading is no trend yet: no sparkline (the one `svg` with `role="img"`; the gauge
    // and the group bars are decorative), no empty box.
    assert!(!has(&el, ".trend"));
    assert!(!has(&el, "svg[role=img]"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_load_reads_the_kept_history_once_not_again_for_each_fresh_reading() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let (_, old) = kept_history(&[(
        10.0,
        r#""exposure":41,"device":350,"groups":[["GroupOne",30],["GroupTwo",37.4]]"#,
    )]);
    local_set(&key, &old);
    count_history_reads();
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert_eq!(history_reads(), 1);
    // The three fresh readings were added to what was read: one old record, one new.
    assert_eq!(lines(&key).len(), 2, "{:?}", lines(&key));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn readings_within_the_hour_share_one_record_and_a_later_one_draws_the_trend() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    refresh(&handle).await;
    assert_eq!(fetch_calls().length(), 6);
    assert_eq!(lines(&key).len(), 1, "at most one record an hour");
    // As if the record had been made ten days ago, with other scores.
    let (_, old) = kept_history(&[(
        10.0,
        r#""exposure":41,"device":350,"groups":[["GroupOne",30],["GroupTwo",37.4]]"#,
    )]);
    local_set(&key, &old);
    refresh(&handle).await;
    assert_eq!(lines(&key).len(), 2);
    let svg = shadow(&el)
        .query_selector("[data-card=exposure] svg[role=img]")
        .unwrap()
        .expect("a sparkline");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("Exposure score over the last 2 readings, from 41 to 33")
    );
    assert!(svg.query_selector("path").unwrap().is_some(), "band lines");
    let change = text(&el, "[data-card=exposure] .trend").unwrap();
    assert!(change.contains("7.5 since "), "{change}");
    assert!(change.ends_with(", better"), "{change}");
    let device = text(&el, "[data-card=device] .trend").unwrap();
    assert!(
        device.contains("10 since ") && device.ends_with(", worse"),
        "{device}"
    );
    assert!(
        !has(&el, "[data-card=device] svg path"),
        "no bands off the 0-100 axis"
    );
    // GroupOne's exposure rose from 30; GroupTwo's did not change.
    let rose = text(&el, "[data-group=GroupOne] .rose").unwrap();
    assert!(rose.starts_with("+11.4 since "), "{rose}");
    assert!(rose.ends_with(", exposure rose"), "{rose}");
    assert!(!has(&el, "[data-group=GroupTwo] .rose"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn history_off_writes_nothing_forgets_what_was_kept_and_shows_no_sparkline() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let (_, kept) = kept_history(&[
        (9.0, r#""exposure":41,"device":350"#),
        (2.0, r#""exposure":40,"device":345"#),
    ]);
    local_set(&key, &kept);
    let el = host();
    let handle = mount_ok(&el, &[("history", false.into())]);
    all_ready(&el).await;
    assert!(history_key_list().is_empty(), "{:?}", history_key_list());
    // No sparkline (the `svg` with `role="img"`; the gauge and group bars are decorative).
    assert!(!has(&el, ".trend") && !has(&el, "svg[role=img]") && !has(&el, ".csv"));
    assert_eq!(
        text(&el, "[data-card=exposure] [data-testid=score]").as_deref(),
        Some("33")
    );
    // Turned on again, the next fresh reading starts a new history.
    handle.update(options(&[("history", "on".into())])).unwrap();
    refresh(&handle).await;
    assert_eq!(lines(&key).len(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_damaged_history_is_ignored_and_the_card_still_shows_its_score() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let (_, good) = kept_history(&[(3.0, r#""exposure":41"#)]);
    let damaged = [
        r#"["\u0000garbage",{"timeMs":12,"exposure":9999.99},{"timeMs":-5},"not a record","#,
        good.trim_start_matches('[')
            .trim_end_matches(']')
            .replace(r#""exposure":41"#, r#""exposure":"1e3""#)
            .as_str(),
        r#",{"json": true}]"#,
    ]
    .concat();
    local_set(&key, &damaged);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("33"));
    assert!(!has(&el, ".trend"));
    // The damaged records are gone; the fresh reading is kept.
    let kept = lines(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with(r#","exposure":33.49}"#), "{kept:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_history_kept_in_the_earlier_line_format_is_replaced_by_the_new_one() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let at = ((js_sys::Date::now() - 3.0 * DAY_MS) / 1000.0).floor() * 1000.0;
    local_set(
        &key,
        &format!("{at}\t4100\t35000\t2\t3000\tGroupOne\t3740\tGroupTwo\n"),
    );
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert!(!has(&el, ".trend"));
    let kept = lines(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].contains(r#""exposure":33.49"#), "{kept:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_full_storage_means_no_history_and_the_cards_still_work() {
    stub_fetch();
    ok_all();
    refuse_history_writes(true);
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    refresh(&handle).await;
    refuse_history_writes(false);
    assert!(history_key_list().is_empty());
    assert!(!has(&el, ".trend") && !has(&el, ".csv"));
    assert_eq!(
        text(&el, "[data-card=device] [data-testid=score]").as_deref(),
        Some("340")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_csv_download_holds_the_kept_readings() {
    trap_downloads();
    stub_fetch();
    ok_all();
    let (at, old) = kept_history(&[(
        3.0,
        r#""exposure":41,"device":350,"groups":[["=HYPERLINK(\"x\")",30]]"#,
    )]);
    local_set(&history_key("-"), &old);
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    // One button per widget, on the last card.
    assert_eq!(shadow(&el).query_selector_all(".csv").unwrap().length(), 1);
    let button = shadow(&el)
        .query_selector("[data-card=groups] button.csv")
        .unwrap()
        .expect("a download button on the last card");
    assert_eq!(
        button.text_content().as_deref(),
        Some("Download history (CSV)")
    );
    button.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    wait_for("the download", || download_names().length() == 1).await;
    assert_eq!(
        download_names().get(0).as_string().as_deref(),
        Some("defender-scores-history.csv")
    );
    assert_eq!(download_type(0), "text/csv;charset=utf-8");
    let csv = wasm_bindgen_futures::JsFuture::from(download_text(0))
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let then = String::from(js_sys::Date::new(&at.into()).to_iso_string()).replace(".000Z", "Z");
    let expected = format!(
        "\u{feff}time,card,group,score\r\n\
         {then},exposure,,41\r\n\
         {then},device,,350\r\n\
         {then},groups,\"'=HYPERLINK(\"\"x\"\")\",30\r\n"
    );
    assert!(csv.starts_with(&expected), "{csv:?}");
    let rest: Vec<&str> = csv[expected.len()..].split("\r\n").collect();
    let cells: Vec<&str> = rest
        .iter()
        .filter_map(|row| row.split_once(',').map(|(_, cells)| cells))
        .collect();
    assert_eq!(
        cells,
        [
            "exposure,,33.49",
            "device,,340",
            "groups,GroupOne,41.38",
            "groups,GroupTwo,37.4"
        ],
        "{csv:?}"
    );
    // The object URL does not outlive the widget.
    let url = download_url(0);
    handle.unmount();
    assert!(revoked_urls()
        .iter()
        .any(|u| u.as_string() == Some(url.clone())));
}

#[wasm_bindgen(inline_js = r#"
let seen = [];
export function record_request_options() {
  seen = [];
  const answer = window.fetch;
  window.fetch = (input, init) => {
    const r = typeof input === "string" ? new Request(input, init) : input;
    seen.push({ method: r.method, redirect: r.redirect, credentials: r.credentials, cache: r.cache,
      mode: r.mode, accept: r.headers.get("accept") });
    return answer(input, init);
  };
}
export function request_options() { return seen; }
"#)]
extern "C" {
    fn record_request_options();
    fn request_options() -> Array;
}

#[wasm_bindgen_test]
async fn requests_follow_no_redirect_send_no_cookies_and_skip_the_cache() {
    stub_fetch();
    ok_all();
    record_request_options();
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "ready").await;
    }
    let seen = request_options();
    assert_eq!(seen.length(), 3);
    for request in seen.iter() {
        for (option, value) in [
            ("method", "GET"),
            ("redirect", "manual"),
            ("credentials", "omit"),
            ("cache", "no-store"),
            ("mode", "cors"),
            ("accept", "application/json"),
        ] {
            assert_eq!(get(&request, option).as_string().as_deref(), Some(value));
        }
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_page_fetch_that_rejects_with_a_non_error_or_resolves_to_a_non_response_is_a_network_error(
) {
    stub_fetch();
    misbehave(EXPOSURE_PATH, "reject");
    misbehave(DEVICE_PATH, "resolve");
    respond(GROUPS_PATH, 200, GROUPS, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device"] {
        wait_state(&el, name, "error").await;
        assert_eq!(attr(&el, name, "data-error").as_deref(), Some("network"));
    }
    // The other cards of the page live on: nothing panicked.
    wait_state(&el, "groups", "ready").await;
    wait_for("two error events", || {
        event_details("defender-scores:error").len() == 2
    })
    .await;
    handle.unmount();
}

// Layouts for every column: measured in the browser, with the widget's own stylesheet.

#[wasm_bindgen(inline_js = r#"
// [top, bottom, height, width, left] of an element's box.
export function box_of(el) { const r = el.getBoundingClientRect(); return [r.top, r.bottom, r.height, r.width, r.left]; }
// The bottom of what a card shows: the lowest of its rendered descendants.
export function content_bottom(card) {
  let bottom = -Infinity;
  for (const e of card.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.height > 0) bottom = Math.max(bottom, r.bottom);
  }
  return bottom;
}
export function count_in(el, selector) { return el.shadowRoot.querySelectorAll(selector).length; }
export function update_throws(handle, changes) { try { handle.update(changes); return null; } catch (e) { return e instanceof Error ? e.message : String(e); } }
"#)]
extern "C" {
    fn box_of(el: &Element) -> Vec<f64>;
    fn content_bottom(card: &Element) -> f64;
    fn count_in(el: &Element, selector: &str) -> u32;
    fn update_throws(handle: &JsValue, changes: &JsValue) -> Option<String>;
}

/// A groups answer with `n` groups, exposures 10, 14, 18, ... (at most 100 for 23 groups).
fn many_groups(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"time":"2019-12-03T09:51:28Z","score":{},"rbacGroupName":"Group {i}"}}"#,
                10 + i * 4
            )
        })
        .collect();
    format!(r#"{{"value":[{}]}}"#, rows.join(","))
}

fn sized_host(style: &str) -> Element {
    let el = host();
    el.set_attribute("style", style).unwrap();
    el
}

fn in_shadow(el: &Element, selector: &str) -> Element {
    shadow(el)
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

#[wasm_bindgen_test]
async fn ready_cards_are_as_tall_as_their_content_beside_a_long_group_list_at_1280px() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    respond(GROUPS_PATH, 200, &many_groups(12), &JsValue::UNDEFINED);
    let el = sized_host("width: 1280px");
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    let cards: Vec<Element> = ["exposure", "device", "groups"]
        .iter()
        .map(|name| card(&el, name).unwrap())
        .collect();
    let tops: Vec<f64> = cards.iter().map(|c| box_of(c)[0]).collect();
    assert!(
        tops.iter().all(|t| (t - tops[0]).abs() < 1.0),
        "the three cards share a row at 1280 px: {tops:?}"
    );
    assert!(
        box_of(&cards[2])[2] > box_of(&cards[0])[2] + 50.0,
        "the groups card is the tallest"
    );
    for (name, c) in ["exposure", "device", "groups"].iter().zip(&cards) {
        let empty = box_of(c)[1] - content_bottom(c);
        assert!(empty <= 24.0, "{name}: {empty} px empty below its content");
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_group_list_scrolls_inside_its_card_past_the_max_height_at_every_width() {
    for width in ["1280px", "320px"] {
        stub_fetch();
        respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
        respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
        respond(GROUPS_PATH, 200, &many_groups(20), &JsValue::UNDEFINED);
        let el = sized_host(&format!("width: {width}; --dsc-groups-max-height: 100px"));
        let handle = mount_ok(&el, &[]);
        all_ready(&el).await;
        let list = in_shadow(&el, ".groups");
        assert!(
            list.client_height() <= 100 && list.client_height() > 50,
            "{width}: the list is {} px tall",
            list.client_height()
        );
        assert!(list.scroll_height() > list.client_height() * 3, "{width}");
        assert_eq!(count_in(&el, "[data-group]"), 20);
        let groups = card(&el, "groups").unwrap();
        assert!(
            box_of(&groups)[2] < 400.0,
            "{width}: the card holds the list"
        );
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn compact_at_320px_shows_three_ready_cards_in_at_most_120px_one_line_each() {
    stub_fetch();
    ok_all();
    let el = sized_host("width: 320px");
    let handle = mount_ok(&el, &[("layout", "compact".into())]);
    all_ready(&el).await;
    let height = box_of(&el)[2];
    assert!(height <= 120.0, "the compact widget is {height} px tall");
    for name in ["exposure", "device", "groups"] {
        let c = card(&el, name).unwrap();
        assert!(box_of(&c)[2] <= 40.0, "{name}: {:?}", box_of(&c));
        // Title, number and refresh on the line, the refresh button reachable.
        for part in [".title", "[data-testid=score]", ".refresh"] {
            let e = c.query_selector(part).unwrap().unwrap();
            assert!(box_of(&e)[2] > 0.0, "{name} {part} is not shown");
        }
    }
    assert_eq!(
        text(&el, "[data-card=exposure] .brief").as_deref(),
        Some("Medium exposure")
    );
    assert_eq!(
        text(&el, "[data-card=groups] .brief").as_deref(),
        Some("Medium · GroupOne · Device groups: 2")
    );
    // Every hook is still there: the rows are in the DOM, hidden in the compact line.
    assert_eq!(count_in(&el, "[data-testid=score]"), 3);
    assert_eq!(count_in(&el, "[data-group]"), 2);
    assert_eq!(box_of(&in_shadow(&el, ".groups"))[2], 0.0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_layout_switches_by_update_and_by_attribute_without_fetching_again() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    let layout = |el: &Element| in_shadow(el, ".dsc").get_attribute("data-layout");
    assert_eq!(layout(&el).as_deref(), Some("cards"));
    let calls = fetch_calls().length();
    let changes = Object::new();
    Reflect::set(&changes, &"layout".into(), &"compact".into()).unwrap();
    handle.update(changes.into()).unwrap();
    wait_for("the compact layout", || {
        layout(&el).as_deref() == Some("compact")
    })
    .await;
    assert_eq!(
        attr(&el, "exposure", "data-state").as_deref(),
        Some("ready")
    );
    assert_eq!(
        fetch_calls().length(),
        calls,
        "a layout change fetches nothing"
    );
    handle.unmount();

    define_elements();
    let origin = page_origin();
    let element = element_with(&[
        ("api-base", &origin),
        ("refresh-seconds", "0"),
        ("layout", "compact"),
    ]);
    record_events(&element);
    connect(&element);
    Reflect::set(&element, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    wait_state(&element, "device", "ready").await;
    assert_eq!(layout(&element).as_deref(), Some("compact"));
    element.set_attribute("layout", "cards").unwrap();
    wait_for("the cards layout", || {
        layout(&element).as_deref() == Some("cards")
    })
    .await;
    // A wrong value is an error event naming the option; the cards stay as they were.
    element.set_attribute("layout", "tiles").unwrap();
    let errors = event_details("defender-scores:error");
    let message = get(errors.last().unwrap(), "message").as_string().unwrap();
    assert!(message.contains("option `layout`"), "{message}");
    assert_eq!(layout(&element).as_deref(), Some("cards"));
    element.remove();
}

#[wasm_bindgen_test]
async fn a_wrong_layout_throws_an_error_naming_the_option() {
    stub_fetch();
    ok_all();
    let el = host();
    let err = match mount(el.clone().into(), options(&[("layout", "grid".into())])) {
        Ok(h) => {
            h.unmount();
            panic!("mount accepted layout: \"grid\"")
        }
        Err(e) => e,
    };
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&err, "message").as_string().as_deref(),
        Some("defender-score-cards: option `layout` must be \"cards\" or \"compact\"")
    );
    assert_eq!(fetch_calls().length(), 0);
    let handle = mount_ok(&el, &[("layout", "compact".into())]);
    let changes = Object::new();
    Reflect::set(&changes, &"layout".into(), &5.into()).unwrap();
    let handle: JsValue = handle.into();
    let message = update_throws(&handle, &changes).expect("update refused it");
    assert!(message.contains("option `layout`"), "{message}");
    let unmount: Function = get(&handle, "unmount").dyn_into().unwrap();
    unmount.call0(&handle).unwrap();
}

#[wasm_bindgen_test]
async fn the_gauge_and_group_bars_are_decorative_and_the_bands_stay_in_words() {
    stub_fetch();
    ok_all();
    let el = sized_host("width: 960px");
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    let gauge = in_shadow(&el, "[data-card=exposure] .gauge");
    assert_eq!(gauge.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(box_of(&gauge)[3] > 100.0, "the gauge spans the card");
    // The marker at 33 of 100, on the medium band (30 to 70).
    let (track, mark) = (box_of(&gauge), box_of(&in_shadow(&el, ".gauge rect")));
    let at = (mark[4] + mark[3] / 2.0 - track[4]) / track[3];
    assert!(
        (at - 0.33).abs() < 0.02,
        "the marker sits at {at} of the track"
    );
    assert_eq!(count_in(&el, "[data-card=exposure] .gauge rect"), 1);
    assert!(text(&el, "[data-card=exposure] .meaning")
        .unwrap()
        .contains("Medium exposure"));
    assert_eq!(count_in(&el, "[role=meter]"), 2);
    assert_eq!(count_in(&el, "[data-card=device] .gauge"), 0);
    let rows = shadow(&el).query_selector_all("[data-group]").unwrap();
    for i in 0..rows.length() {
        let row: Element = rows.get(i).unwrap().dyn_into().unwrap();
        let bar = row.query_selector(".bar").unwrap().expect("a bar");
        assert_eq!(bar.get_attribute("aria-hidden").as_deref(), Some("true"));
        let words = row.query_selector(".group-band").unwrap().unwrap();
        assert_eq!(words.text_content().as_deref(), Some("Medium"));
        // As long as the group's exposure: GroupOne 41.4, GroupTwo 37.4 of 100.
        let fill = bar.query_selector("rect").unwrap().unwrap();
        let ratio = box_of(&fill)[3] / box_of(&bar)[3];
        let expected = [0.414, 0.374][i as usize];
        assert!((ratio - expected).abs() < 0.02, "row {i}: {ratio}");
    }
    assert!(
        !shadow(&el).inner_html().contains("style="),
        "no inline style (strict CSP)"
    );
    handle.unmount();
}

fn forbidden_on(path: &str, target: &str) {
    let body = format!(r#"{{"error":{{"code":"Forbidden","message":"m","target":"{target}"}}}}"#);
    respond(path, 403, &body, &JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
async fn a_403_on_every_card_is_said_once_with_one_button_and_each_card_keeps_its_hooks() {
    stub_fetch();
    forbidden_on(EXPOSURE_PATH, "t-e");
    forbidden_on(DEVICE_PATH, "t-d");
    forbidden_on(GROUPS_PATH, "t-g");
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
        assert_eq!(attr(&el, name, "data-error").as_deref(), Some("forbidden"));
    }
    wait_for("three error events", || {
        event_details("defender-scores:error").len() == 3
    })
    .await;
    let cards: Vec<String> = event_details("defender-scores:error")
        .iter()
        .filter_map(|d| get(d, "card").as_string())
        .collect();
    assert_eq!(cards.len(), 3, "{cards:?}");
    // One message, in one polite live region outside the cards, with one button.
    assert_eq!(count_in(&el, ".error"), 1);
    assert_eq!(count_in(&el, ".shared[aria-live=polite] > .error"), 1);
    assert_eq!(count_in(&el, "[data-card] .error"), 0);
    assert_eq!(count_in(&el, ".shared button"), 1);
    assert_eq!(count_in(&el, "[role=alert]"), 0);
    let message = text(&el, ".shared").unwrap();
    assert!(message.contains("Score.Read"), "{message}");
    for target in ["t-e", "t-d", "t-g"] {
        assert!(message.contains(target), "{message}");
    }
    let button = in_shadow(&el, ".shared button");
    assert_eq!(button.text_content().as_deref(), Some("Refresh"));
    // The one button fetches every card again.
    clear_queue();
    ok_all();
    let calls = fetch_calls().length();
    click(&button);
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), calls + 3);
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn cards_failing_for_different_reasons_each_say_their_own() {
    stub_fetch();
    forbidden_on(EXPOSURE_PATH, "t-e");
    respond(DEVICE_PATH, 404, NOT_FOUND, &JsValue::UNDEFINED);
    forbidden_on(GROUPS_PATH, "t-g");
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
    }
    assert_eq!(
        attr(&el, "device", "data-error").as_deref(),
        Some("not-found")
    );
    assert_eq!(count_in(&el, "[data-card] .error"), 3);
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn no_answer_from_an_api_on_another_origin_may_be_cors_and_points_to_snapshot_mode() {
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    let el = host();
    let handle = mount_ok(
        &el,
        &[
            ("apiBase", "https://api.security.microsoft.com".into()),
            ("cards", Array::of1(&"exposure".into()).into()),
        ],
    );
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("network")
    );
    let body = text(&el, ".error-body").unwrap();
    assert_eq!(
        text(&el, ".error-title").as_deref(),
        Some("Cannot reach Microsoft Defender")
    );
    assert!(
        body.contains("may not be allowed to call the API"),
        "{body}"
    );
    assert!(
        body.contains("CORS") && body.contains("snapshot mode"),
        "{body}"
    );
    let errors = event_details("defender-scores:error");
    assert_eq!(get(&errors[0], "status").as_f64(), Some(0.0));
    handle.unmount();
    // The page's own origin (a proxy): no CORS at play, the plain network words.
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    let body = text(&el, ".error-body").unwrap();
    assert!(body.starts_with("Check your network connection"), "{body}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn compact_states_stay_readable_with_their_refresh_button_reachable() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    forbidden_on(DEVICE_PATH, "t-d");
    let slow = Object::new();
    Reflect::set(&slow, &"x-stub-delay".into(), &"4000".into()).unwrap();
    respond(GROUPS_PATH, 200, GROUPS, &slow);
    let el = sized_host("width: 320px");
    let handle = mount_ok(&el, &[("layout", "compact".into())]);
    wait_state(&el, "exposure", "ready").await;
    wait_state(&el, "device", "error").await;
    // The exposure card fails its next refresh: stale, with its number and its note.
    clear_queue();
    fail_network(EXPOSURE_PATH);
    click(&in_shadow(&el, "[data-card=exposure] .refresh"));
    wait_state(&el, "exposure", "stale").await;
    assert_eq!(
        attr(&el, "groups", "data-state").as_deref(),
        Some("loading")
    );
    let shown = |selector: &str| box_of(&in_shadow(&el, selector))[2] > 0.0;
    for name in ["exposure", "device", "groups"] {
        assert!(shown(&format!("[data-card={name}] .refresh")), "{name}");
    }
    assert!(shown("[data-card=exposure] [data-testid=score]"));
    assert!(shown("[data-card=exposure] .stale-note"));
    assert!(shown("[data-card=device] .error-title"));
    assert!(shown("[data-card=device] .error-body"));
    assert!(!shown("[data-card=device] .error-detail"));
    assert!(shown("[data-card=groups] .loading"));
    assert!(box_of(&card(&el, "groups").unwrap())[2] <= 40.0);
    // The error's words sit under the title line, not squeezed beside it.
    let device = card(&el, "device").unwrap();
    let words = box_of(&in_shadow(&el, "[data-card=device] .error"));
    assert!(words[3] > box_of(&device)[3] * 0.8, "{words:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn sign_in_needed_on_every_card_is_one_sign_in_button() {
    stub_fetch();
    ok_all();
    let log = Array::new();
    let el = host();
    let opts = Object::new();
    let origin = page_origin();
    Reflect::set(&opts, &"msal".into(), &fake_msal(&log)).unwrap();
    Reflect::set(&opts, &"apiBase".into(), &origin.into()).unwrap();
    Reflect::set(&opts, &"refreshSeconds".into(), &0.into()).unwrap();
    let handle = mount(el.clone().into(), opts.into()).unwrap();
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
        assert_eq!(
            attr(&el, name, "data-error").as_deref(),
            Some("unauthorized")
        );
    }
    assert_eq!(count_in(&el, ".sign-in"), 1);
    assert_eq!(count_in(&el, ".shared button"), 1);
    click(&in_shadow(&el, ".shared .sign-in"));
    all_ready(&el).await;
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_csv_download_sits_on_the_last_card_that_shows_a_reading_not_on_a_failed_one() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    forbidden_on(GROUPS_PATH, "t-g");
    let (_, old) = kept_history(&[(3.0, r#""exposure":41,"device":350"#)]);
    local_set(&history_key("-"), &old);
    let el = host();
    let handle = mount_ok(&el, &[]);
    wait_state(&el, "exposure", "ready").await;
    wait_state(&el, "device", "ready").await;
    wait_state(&el, "groups", "error").await;
    assert_eq!(count_in(&el, ".csv"), 1);
    assert_eq!(count_in(&el, "[data-card=device] .csv"), 1);
    assert_eq!(count_in(&el, "[data-card=groups] .csv"), 0);
    handle.unmount();
}
