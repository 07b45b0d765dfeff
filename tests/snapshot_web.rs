//! Browser tests of snapshot mode (`snapshot` option and attribute): the cards read a folder
//! written by `defender-score-publisher`, served here by a `window.fetch` stub, with no token.
//! Run by `wasm-pack test --headless`. Kept apart from `web/`, whose test module Chromium
//! sometimes fails to load once it grows (see the report of issue 13).
#![cfg(target_arch = "wasm32")]

use defender_score_cards::{define_elements, mount, ScoreCardsHandle};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

#[wasm_bindgen(inline_js = r#"
let queue = {}; let calls = []; let tokenCalls = []; let events = [];
export function stub_fetch() {
  queue = {}; calls = []; tokenCalls = []; events = [];
  sessionStorage.clear(); localStorage.clear();
  window.fetch = async (input, init) => {
    const r = typeof input === "string" ? new Request(input, init) : input;
    calls.push({ url: r.url, auth: r.headers.get("authorization"), method: r.method,
      redirect: r.redirect, credentials: r.credentials, cache: r.cache, accept: r.headers.get("accept") });
    const path = new URL(r.url).pathname;
    const list = queue[path];
    if (!list || !list.length) throw new TypeError("no stub for " + path);
    const spec = list.length > 1 ? list.shift() : list[0];
    const h = new Headers({ "content-type": "application/json" });
    return new Response(spec.body, { status: spec.status, headers: h });
  };
}
export function respond(path, status, body) { (queue[path] = queue[path] || []).push({ status, body }); }
export function fetch_calls() { return calls; }
export function token_calls() { return tokenCalls; }
export function recorded_events() { return events; }
export function make_get_token(token) {
  return (request) => { tokenCalls.push(request); return Promise.resolve({ accessToken: token }); };
}
export function record_events(el) {
  for (const name of ["defender-scores:loaded", "defender-scores:error"]) {
    el.addEventListener(name, (e) => events.push({ type: e.type, detail: e.detail }));
  }
}
export function stored_keys() { return Object.keys(sessionStorage).concat(Object.keys(localStorage)).filter((k) => k.startsWith("dsc:")); }
"#)]
extern "C" {
    fn stub_fetch();
    fn respond(path: &str, status: u16, body: &str);
    fn fetch_calls() -> Array;
    fn token_calls() -> Array;
    fn recorded_events() -> Array;
    fn make_get_token(token: &str) -> Function;
    fn record_events(el: &Element);
    fn stored_keys() -> Array;
}

const EXPOSURE: &str = include_str!("fixtures/exposure-score.json");
const DEVICE: &str = include_str!("fixtures/configuration-score.json");
const GROUPS: &str = include_str!("fixtures/exposure-score-by-machine-groups.json");

fn host() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    record_events(&el);
    el
}

/// Options with a `getToken` (which snapshot mode must never call), the page's origin as the
/// API base, no auto refresh, and `extra`.
fn options(extra: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    let origin = page_origin();
    Reflect::set(&o, &"getToken".into(), &make_get_token("test-token-5b1f")).unwrap();
    Reflect::set(&o, &"apiBase".into(), &origin.into()).unwrap();
    Reflect::set(&o, &"refreshSeconds".into(), &0.into()).unwrap();
    for (k, v) in extra {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn mount_ok(el: &Element, extra: &[(&str, JsValue)]) -> ScoreCardsHandle {
    mount(el.clone().into(), options(extra)).unwrap_or_else(|e| panic!("mount failed: {e:?}"))
}

fn event_details(kind: &str) -> Vec<JsValue> {
    recorded_events()
        .iter()
        .filter(|e| get(e, "type").as_string().as_deref() == Some(kind))
        .map(|e| get(&e, "detail"))
        .collect()
}

/// What each request was sent with, as the stub saw it.
fn request_options() -> Array {
    fetch_calls()
}

fn ok_all() {
    respond("/api/exposureScore", 200, EXPOSURE);
    respond("/api/configurationScore", 200, DEVICE);
    respond("/api/exposureScore/ByMachineGroups", 200, GROUPS);
}

const SNAPSHOT_PATH: &str = "/snap/snapshot.json";
const HISTORY_PATH: &str = "/snap/history.json";
const HOUR_MS: f64 = 3_600_000.0;

/// An instant as the folder's files write it: ISO 8601 UTC to the second.
fn iso_seconds(ms: f64) -> String {
    let text = String::from(js_sys::Date::new(&JsValue::from_f64(ms)).to_iso_string());
    format!("{}Z", &text[..19])
}

/// What a test's `snapshot.json` holds; [`Folder::text`] writes it.
struct Folder {
    /// Published this long before now.
    ago_ms: f64,
    /// The first device group's name.
    group: &'static str,
    /// The `failure` member as JSON text.
    failure: String,
    /// The format version.
    version: u32,
    /// The exposure score.
    exposure: f64,
}

impl Folder {
    /// Published `ago_ms` before now on a 15-minute schedule, every reading good, no failure.
    fn published(ago_ms: f64) -> Folder {
        Folder {
            ago_ms,
            group: "GroupOne",
            failure: "null".into(),
            version: 1,
            exposure: 33.49,
        }
    }

    /// The file's text (written by hand, as the publisher's output would read).
    fn text(&self) -> String {
        let published = ((js_sys::Date::now() - self.ago_ms) / 1000.0).floor() * 1000.0;
        let read = published - HOUR_MS;
        let group = js_sys::JSON::stringify(&JsValue::from_str(self.group))
            .unwrap()
            .as_string()
            .unwrap();
        format!(
            r#"{{"format":"defender-score-snapshot","version":{version},"tenant":"tenant-1",
"cloud":"commercial","apiBase":"https://api.securitycenter.microsoft.com",
"publishedAt":"{at}","everySeconds":900,"nextDueAt":"{due}","readings":[
{{"kind":"exposure","receivedMs":{published},"items":[{{"score":{exposure},"timeMs":{read}}}]}},
{{"kind":"device","receivedMs":{published},"items":[{{"score":340,"timeMs":{read}}}]}},
{{"kind":"groups","receivedMs":{published},"items":[
{{"name":{group},"id":"1","score":41.39,"timeMs":{read}}},
{{"name":"GroupTwo","id":"2","score":20.5,"timeMs":{read}}}]}}],
"failure":{failure}}}"#,
            version = self.version,
            at = iso_seconds(published),
            due = iso_seconds(published + 900_000.0),
            exposure = self.exposure,
            failure = self.failure,
        )
    }
}

/// A `history.json` of three publishes: eight days, two days and an hour ago.
fn history_json() -> String {
    let now = (js_sys::Date::now() / 1000.0).floor() * 1000.0;
    let record = |ago: f64, exposure: f64, device: f64| {
        format!(
            r#"{{"timeMs":{},"exposure":{exposure},"device":{device},"groups":[["GroupOne",{}],["GroupTwo",20.5]]}}"#,
            now - ago,
            exposure + 5.0
        )
    };
    format!(
        r#"{{"format":"defender-score-history","version":1,"tenant":"tenant-1","records":[{},{},{}]}}"#,
        record(8.0 * 24.0 * HOUR_MS, 40.0, 300.0),
        record(2.0 * 24.0 * HOUR_MS, 36.0, 320.0),
        record(HOUR_MS, 33.49, 340.0)
    )
}

fn publish(folder: &Folder) {
    respond(SNAPSHOT_PATH, 200, &folder.text());
    respond(HISTORY_PATH, 200, &history_json());
}

/// The options of a page in snapshot mode; a `getToken` is given too, and must never be called.
fn snapshot_options<'a>(extra: &[(&'a str, JsValue)]) -> Vec<(&'a str, JsValue)> {
    let mut o = vec![("snapshot", JsValue::from_str("/snap/"))];
    o.extend(extra.iter().cloned());
    o
}

fn no_authorization_sent() -> bool {
    fetch_calls().iter().all(|c| {
        get(&c, "auth").is_null() && !get(&c, "url").as_string().unwrap().contains("token")
    })
}

#[wasm_bindgen_test]
async fn a_snapshot_folder_shows_every_card_ready_from_two_requests_without_any_token() {
    stub_fetch();
    publish(&Folder::published(10.0 * 60_000.0));
    let el = host();
    let handle = mount_ok(&el, &snapshot_options(&[]));
    all_ready(&el).await;
    assert_eq!(
        text(&el, "[data-card=\"exposure\"] [data-testid=\"score\"]").as_deref(),
        Some("33")
    );
    assert_eq!(
        text(&el, "[data-card=\"device\"] [data-testid=\"score\"]").as_deref(),
        Some("340")
    );
    assert!(has(&el, "[data-card=\"groups\"] [data-group=\"GroupOne\"]"));
    // Two requests, both files, no Authorization header, and the token source never asked.
    let urls: Vec<String> = fetch_calls()
        .iter()
        .map(|c| get(&c, "url").as_string().unwrap())
        .collect();
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(urls.iter().any(|u| u.ends_with(SNAPSHOT_PATH)));
    assert!(urls.iter().any(|u| u.ends_with(HISTORY_PATH)));
    assert!(no_authorization_sent());
    assert_eq!(token_calls().length(), 0);
    for request in request_options().iter() {
        for (option, value) in [
            ("method", "GET"),
            ("redirect", "manual"),
            ("credentials", "same-origin"),
            ("cache", "no-cache"),
            ("accept", "application/json"),
        ] {
            assert_eq!(
                get(&request, option).as_string().as_deref(),
                Some(value),
                "{option}"
            );
        }
    }
    // The cards' shared header says whose scores these are and when they were published.
    assert_eq!(
        text(&el, ".group-head .scope").as_deref(),
        Some("Scores for the whole organisation")
    );
    wait_for("the published time with its exact date", || {
        text(&el, ".group-head .fetched").is_some_and(|t| t.starts_with("Published"))
            && in_shadow(&el, ".group-head .fetched")
                .get_attribute("title")
                .is_some()
    })
    .await;
    // The trend and the CSV come from the published history.
    wait_for("the published trend", || {
        has(&el, "[data-card=\"exposure\"] .trend") && has(&el, "[data-card=\"device\"] .trend")
    })
    .await;
    assert!(has(&el, "button.csv"));
    assert_eq!(event_details("defender-scores:loaded").len(), 3);
    // Nothing kept in the browser: no reading cache, no history of its own.
    assert_eq!(stored_keys().length(), 0, "{:?}", stored_keys());
    handle.unmount();
}

#[wasm_bindgen_test]
fn a_snapshot_on_a_foreign_origin_throws_naming_the_option_before_any_request() {
    stub_fetch();
    let el = host();
    for folder in [
        "https://evil.example/snap/",
        "https://api.security.microsoft.com/snap/",
    ] {
        let error = match mount(el.clone().into(), options(&[("snapshot", folder.into())])) {
            Ok(h) => {
                h.unmount();
                panic!("{folder} was accepted")
            }
            Err(e) => get(&e, "message").as_string().unwrap(),
        };
        assert!(error.contains("`snapshot`"), "{error}");
    }
    assert_eq!(fetch_calls().length(), 0);
    assert_eq!(token_calls().length(), 0);
    // No token source is needed with a snapshot.
    let only_snapshot = Object::new();
    Reflect::set(&only_snapshot, &"snapshot".into(), &"/snap/".into()).unwrap();
    Reflect::set(&only_snapshot, &"refreshSeconds".into(), &0.into()).unwrap();
    publish(&Folder::published(60_000.0));
    let handle = mount(el.clone().into(), only_snapshot.into()).expect("no token source needed");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_snapshot_whose_latest_publish_failed_shows_stale_cards_with_the_reason() {
    stub_fetch();
    let failure = format!(
        r#"{{"at":"{}","card":"groups","status":429,"code":"TooManyRequests","message":"the API limited calls"}}"#,
        iso_seconds(js_sys::Date::now() - 60_000.0)
    );
    publish(&Folder {
        failure,
        ..Folder::published(2.0 * HOUR_MS)
    });
    let el = host();
    let handle = mount_ok(&el, &snapshot_options(&[]));
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "stale").await;
    }
    // Said once for every card, above them.
    let note = text(&el, ".shared .stale-note").unwrap_or_default();
    assert!(note.contains("The latest publish failed"), "{note}");
    assert!(
        note.contains("429") && note.contains("TooManyRequests"),
        "{note}"
    );
    assert!(note.contains("Out of date"), "{note}");
    assert_eq!(
        text(&el, "[data-card=\"exposure\"] [data-testid=\"score\"]").as_deref(),
        Some("33")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn markup_in_a_published_group_name_stays_text() {
    stub_fetch();
    let name = "<img src=x onerror=\"window.__pwned=1\">";
    publish(&Folder {
        group: name,
        ..Folder::published(60_000.0)
    });
    let el = host();
    let handle = mount_ok(
        &el,
        &snapshot_options(&[("cards", Array::of1(&"groups".into()).into())]),
    );
    wait_state(&el, "groups", "ready").await;
    assert!(shadow(&el).query_selector("img").unwrap().is_none());
    assert!(text(&el, ".group-name").unwrap().contains("<img"));
    handle.unmount();
}

/// Mounts on a folder whose `snapshot.json` answers `status` with `body` and waits for every
/// card to show `error` as its `data-error`, with one error event each.
async fn every_card_fails_with(status: u16, body: &str, error: &str) {
    stub_fetch();
    respond(SNAPSHOT_PATH, status, body);
    respond(HISTORY_PATH, 200, &history_json());
    let el = host();
    let handle = mount_ok(&el, &snapshot_options(&[]));
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
        assert_eq!(
            attr(&el, name, "data-error").as_deref(),
            Some(error),
            "{body}"
        );
    }
    wait_for("an error event per card", || {
        event_details("defender-scores:error").len() == 3
    })
    .await;
    for detail in event_details("defender-scores:error") {
        assert_eq!(get(&detail, "error").as_string().as_deref(), Some(error));
    }
    assert!(no_authorization_sent());
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_snapshot_of_another_version_truncated_missing_or_refused_gives_clear_errors_and_events()
{
    let newer = Folder {
        version: 2,
        ..Folder::published(60_000.0)
    };
    every_card_fails_with(200, &newer.text(), "invalid-response").await;
    let whole = Folder::published(60_000.0).text();
    every_card_fails_with(200, &whole[..whole.len() / 2], "invalid-response").await;
    every_card_fails_with(404, "<html>not here</html>", "not-found").await;
    every_card_fails_with(403, "", "forbidden").await;
}

#[wasm_bindgen_test]
async fn a_published_reading_that_does_not_check_fails_its_card_alone() {
    stub_fetch();
    publish(&Folder {
        exposure: 150.0,
        ..Folder::published(60_000.0)
    });
    let el = host();
    let handle = mount_ok(&el, &snapshot_options(&[]));
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("invalid-response")
    );
    wait_state(&el, "device", "ready").await;
    wait_state(&el, "groups", "ready").await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_refresh_reads_both_files_again_revalidating_through_the_browser_cache() {
    stub_fetch();
    publish(&Folder::published(60_000.0));
    let el = host();
    let handle = mount_ok(&el, &snapshot_options(&[]));
    all_ready(&el).await;
    refresh(&handle).await;
    assert_eq!(fetch_calls().length(), 4);
    assert!(no_authorization_sent());
    assert_eq!(token_calls().length(), 0);
    let seen = request_options();
    assert_eq!(seen.length(), 4);
    for request in seen.iter() {
        assert_eq!(
            get(&request, "cache").as_string().as_deref(),
            Some("no-cache")
        );
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_custom_element_reads_a_snapshot_from_its_attribute_without_a_token_source() {
    stub_fetch();
    publish(&Folder::published(60_000.0));
    define_elements();
    let el = element_with(&[("snapshot", "/snap/"), ("refresh-seconds", "0")]);
    record_events(&el);
    connect(&el);
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), 2);
    assert!(no_authorization_sent());
    el.remove();
    assert!(card(&el, "exposure").is_none());
}

#[wasm_bindgen_test]
async fn update_to_a_snapshot_switches_the_cards_to_the_published_scores() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert!(!has(&el, ".scope"));
    let calls_before = fetch_calls().length();
    let tokens_before = token_calls().length();
    publish(&Folder::published(60_000.0));
    let change = Object::new();
    Reflect::set(&change, &"snapshot".into(), &"/snap/".into()).unwrap();
    handle
        .update(change.into())
        .expect("a snapshot on the page's origin");
    wait_for("the published cards", || {
        has(&el, "[data-card=\"groups\"][data-state=\"ready\"]") && has(&el, ".group-head .scope")
    })
    .await;
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), calls_before + 2);
    assert_eq!(token_calls().length(), tokens_before);
    let bad = Object::new();
    Reflect::set(&bad, &"snapshot".into(), &"https://evil.example/s/".into()).unwrap();
    let error = handle.update(bad.into()).expect_err("a foreign folder");
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("`snapshot`"));
    assert_eq!(fetch_calls().length(), calls_before + 2);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_missing_or_foreign_history_leaves_the_published_cards_ready_without_a_trend() {
    for history in [
        (404, "".to_owned()),
        (200, history_json().replace("tenant-1", "tenant-2")),
    ] {
        stub_fetch();
        respond(SNAPSHOT_PATH, 200, &Folder::published(60_000.0).text());
        respond(HISTORY_PATH, history.0, &history.1);
        let el = host();
        let handle = mount_ok(&el, &snapshot_options(&[]));
        all_ready(&el).await;
        wait_for("the published time with its exact date", || {
            has(&el, ".group-head .fetched")
                && in_shadow(&el, ".group-head .fetched")
                    .get_attribute("title")
                    .is_some()
        })
        .await;
        assert!(!has(&el, ".trend"), "status {}", history.0);
        assert!(!has(&el, "button.csv"));
        assert!(event_details("defender-scores:error").is_empty());
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_server_error_reading_the_folder_is_retried_once_for_all_cards_until_it_loads() {
    stub_fetch();
    respond(SNAPSHOT_PATH, 503, "");
    respond(SNAPSHOT_PATH, 200, &Folder::published(60_000.0).text());
    respond(HISTORY_PATH, 200, &history_json());
    let el = host();
    let handle = mount_ok(&el, &snapshot_options(&[]));
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("server")
    );
    // The cards say when they try again (once for all of them: the same words on every card
    // are said once), and they do: one read of the folder for every card.
    assert!(text(&el, ".error-body").is_some_and(|t| t.contains("try again")));
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), 4, "two reads of the two files");
    assert!(no_authorization_sent());
    assert_eq!(event_details("defender-scores:error").len(), 3);
    assert_eq!(event_details("defender-scores:loaded").len(), 3);
    handle.unmount();
}

/// `snapshot.json` of `folder` with a recommendations reading as the publisher writes it
/// (the demo tenant's top two of 15 active) after the three score readings.
fn with_recommendations(folder: &Folder) -> String {
    let received = ((js_sys::Date::now() - folder.ago_ms) / 1000.0).floor() * 1000.0;
    let reading = format!(
        r#"{{"kind":"recommendations","receivedMs":{received},"items":[],"active":15,"top":[
{{"id":"va-_-google-_-chrome","name":"Update Google Chrome","exposureImpact":3.2,"configScoreImpact":0,"exposedDevices":3,"totalDevices":5,"publicExploit":true,"activeAlert":true}},
{{"id":"scid-2000","name":"<b>Disable SMBv1 server</b>","exposureImpact":2.1,"configScoreImpact":5,"exposedDevices":4,"totalDevices":9,"publicExploit":false,"activeAlert":false}}]}}"#
    );
    let text = folder.text();
    let end = "]}],\n\"failure\"";
    assert!(text.contains(end), "the folder's readings end as expected");
    text.replace(end, &format!("]}},{reading}],\n\"failure\""))
}

#[wasm_bindgen_test]
async fn a_published_recommendations_reading_shows_its_card_ready_and_sends_it_in_the_event() {
    stub_fetch();
    respond(
        SNAPSHOT_PATH,
        200,
        &with_recommendations(&Folder::published(60_000.0)),
    );
    respond(HISTORY_PATH, 200, &history_json());
    let el = host();
    let cards: JsValue = ["exposure", "device", "groups", "recommendations"]
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect::<Array>()
        .into();
    let handle = mount_ok(&el, &snapshot_options(&[("cards", cards)]));
    wait_state(&el, "recommendations", "ready").await;
    all_ready(&el).await;
    wait_for("four loaded events", || {
        event_details("defender-scores:loaded").len() == 4
    })
    .await;
    let detail = event_details("defender-scores:loaded")
        .into_iter()
        .find(|d| get(d, "card").as_string().as_deref() == Some("recommendations"))
        .expect("the recommendations card's event");
    assert_eq!(get(&detail, "active").as_f64(), Some(15.0));
    let rows = Array::from(&get(&detail, "recommendations"));
    assert_eq!(rows.length(), 2);
    let first = rows.get(0);
    assert_eq!(
        get(&first, "name").as_string().as_deref(),
        Some("Update Google Chrome")
    );
    assert_eq!(get(&first, "exposedDevices").as_f64(), Some(3.0));
    assert_eq!(get(&first, "publicExploit").as_bool(), Some(true));
    assert_eq!(
        get(&rows.get(1), "name").as_string().as_deref(),
        Some("<b>Disable SMBv1 server</b>"),
        "a name is text"
    );
    assert!(get(&detail, "time").as_string().is_some());
    assert!(no_authorization_sent());
    assert_eq!(token_calls().length(), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_published_recommendations_reading_that_does_not_check_fails_that_card_alone() {
    stub_fetch();
    let text = with_recommendations(&Folder::published(60_000.0))
        .replace("\"exposureImpact\":3.2", "\"exposureImpact\":300");
    respond(SNAPSHOT_PATH, 200, &text);
    respond(HISTORY_PATH, 200, &history_json());
    let el = host();
    let cards: JsValue = ["exposure", "device", "groups", "recommendations"]
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect::<Array>()
        .into();
    let handle = mount_ok(&el, &snapshot_options(&[("cards", cards)]));
    wait_state(&el, "recommendations", "error").await;
    assert_eq!(
        attr(&el, "recommendations", "data-error").as_deref(),
        Some("invalid-response")
    );
    for kind in ["exposure", "device", "groups"] {
        wait_state(&el, kind, "ready").await;
    }
    handle.unmount();
}
