//! The hostile-response corpus (`tests/hostile/manifest.json`) in a real browser: for every case
//! `window.fetch` answers with it, the widget is mounted with only that card, and the test checks
//! the card's state, the event, that nothing from the response became markup, and that no
//! request left the API origin. Run by `wasm-pack test --headless --chrome|--firefox`.
#![cfg(target_arch = "wasm32")]

use defender_score_cards::mount;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Function, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = include_str!("hostile/manifest.json");
/// Every `bodyFile` of the manifest (the native test checks this list is complete).
const FILES: &[(&str, &[u8])] = &[
    ("aad-login.html", include_bytes!("hostile/aad-login.html")),
    (
        "front-door-502.html",
        include_bytes!("hostile/front-door-502.html"),
    ),
    (
        "exposure-bom-crlf.json",
        include_bytes!("hostile/exposure-bom-crlf.json"),
    ),
    (
        "exposure-utf16le.json",
        include_bytes!("hostile/exposure-utf16le.json"),
    ),
    (
        "groups-invalid-utf8.json",
        include_bytes!("hostile/groups-invalid-utf8.json"),
    ),
];
/// The only elements the widget renders; anything else came from a response. (`svg` and
/// `rect`, in lower case as SVG elements are named: the exposure gauge and the group bars.)
const WIDGET_TAGS: [&str; 14] = [
    "DIV", "SECTION", "HEADER", "H2", "BUTTON", "SPAN", "P", "OL", "LI", "FOOTER", "A", "STYLE",
    "svg", "rect",
];
const MAX_MESSAGE_CHARS: usize = 600;
const TOKEN: &str = "hostile-token-7c2e";

#[wasm_bindgen(inline_js = r#"
const PATHS = {
  exposure: "/api/exposureScore",
  device: "/api/configurationScore",
  groups: "/api/exposureScore/ByMachineGroups",
  recommendations: "/api/recommendations?$filter=status%20eq%20%27Active%27",
};
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
let current = null; let calls = []; let events = []; const files = {}; let origin = "";

function otherScheme(o) { return o.startsWith("https:") ? "http:" + o.slice(6) : "https:" + o.slice(5); }
function fill(text) {
  return text.split("{origin-other-scheme}").join(otherScheme(origin)).split("{origin}").join(origin);
}
function repeatPart(p) {
  const unit = p.unit, n = p.count, sep = p.separator || "";
  let mid = "";
  if (unit.includes("{i}")) {
    const parts = new Array(n);
    for (let i = 0; i < n; i++) parts[i] = unit.split("{i}").join(String(i));
    mid = parts.join(sep);
  } else if (n > 0) {
    mid = (unit + sep).repeat(n - 1) + unit;
  }
  return (p.prefix || "") + mid + (p.suffix || "");
}
function bodyBytes(spec) {
  if (spec.bodyFile !== undefined) {
    const f = files[spec.bodyFile];
    if (!f) throw new Error("hostile stub: no file " + spec.bodyFile);
    return f;
  }
  const text = spec.body !== undefined ? spec.body
    : spec.bodyRepeat !== undefined ? [].concat(spec.bodyRepeat).map(repeatPart).join("") : "";
  return new TextEncoder().encode(fill(text));
}

export function hostile_install(pageOrigin) {
  origin = pageOrigin;
  window.fetch = async (input) => {
    const url = typeof input === "string" ? input : input.url;
    calls.push(url);
    const u = new URL(url);
    const key = u.pathname + u.search;
    const c = current;
    const spec = key === PATHS[c.endpoint] ? c : (c.pages || {})[key];
    if (!spec) throw new TypeError("hostile stub: no page for " + key);
    if (spec.networkError !== undefined) throw new TypeError(spec.networkError);
    const headers = new Headers();
    for (const [k, v] of Object.entries(spec.headers || {})) headers.set(k, v);
    if (spec.contentType !== null && spec.contentType !== undefined) headers.set("content-type", spec.contentType);
    let body = NULL_BODY.has(spec.status) ? null : bodyBytes(spec);
    if (body && spec.bodyStreamError) {
      const bytes = body;
      body = new ReadableStream({ start(ctl) { ctl.enqueue(bytes); ctl.error(new TypeError("connection reset")); } });
    }
    return new Response(body, { status: spec.status, headers });
  };
}
export function hostile_file(name, bytes) { files[name] = bytes.slice(); }
export function hostile_select(caseJson) {
  current = JSON.parse(caseJson); calls = []; events = [];
  // Each case starts as a fresh tab would: no reading cached by an earlier case.
  sessionStorage.clear();
}
export function hostile_calls() { return calls; }
export function hostile_events() { return events; }
export function hostile_pwned() { return window.__pwned; }
export function hostile_record(el) {
  for (const name of ["defender-scores:loaded", "defender-scores:error"]) {
    el.addEventListener(name, (e) => events.push({ type: e.type, detail: e.detail }));
  }
}
export function hostile_get_token(token) { return () => Promise.resolve({ accessToken: token }); }
export function hostile_inspect(el) {
  const root = el.shadowRoot;
  const all = root ? Array.from(root.querySelectorAll("*")) : [];
  const tags = [...new Set(all.map((e) => e.tagName))];
  const bad = [];
  for (const e of all) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) bad.push(e.tagName + " has " + a.name);
      if (/^(href|src|srcdoc|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))
        bad.push(e.tagName + " " + a.name + "=" + a.value);
    }
  }
  const q = (s) => { const n = root && root.querySelector(s); return n ? n.textContent : null; };
  return {
    tags, bad,
    text: root ? root.textContent : "",
    html: root ? root.innerHTML : "",
    alert: q(".error"),
    errorTitle: q(".error-title"),
    errorBody: q(".error-body"),
    score: q("[data-testid=score]"),
  };
}
"#)]
extern "C" {
    fn hostile_install(origin: &str);
    fn hostile_file(name: &str, bytes: &[u8]);
    fn hostile_select(case_json: &str);
    fn hostile_calls() -> Array;
    fn hostile_events() -> Array;
    fn hostile_pwned() -> JsValue;
    fn hostile_record(el: &Element);
    fn hostile_get_token(token: &str) -> Function;
    fn hostile_inspect(el: &Element) -> JsValue;
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

fn host() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    hostile_record(&el);
    el
}

fn options(endpoint: &str) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"getToken".into(), &hostile_get_token(TOKEN)).unwrap();
    Reflect::set(&o, &"apiBase".into(), &origin().into()).unwrap();
    Reflect::set(&o, &"refreshSeconds".into(), &0.into()).unwrap();
    Reflect::set(&o, &"locale".into(), &"en".into()).unwrap();
    Reflect::set(&o, &"cards".into(), &Array::of1(&endpoint.into())).unwrap();
    o.into()
}

fn card_attr(el: &Element, endpoint: &str, name: &str) -> Option<String> {
    el.shadow_root()?
        .query_selector(&format!("[data-card=\"{endpoint}\"]"))
        .ok()??
        .get_attribute(name)
}

/// Mounts one case, waits (with a deadline, never a fixed sleep) for its outcome, checks it.
async fn run_case(case: &Value) -> Result<(), Vec<String>> {
    let endpoint = s(case, "endpoint").unwrap_or("");
    let expect = s(case, "expect").unwrap_or("");
    hostile_select(&case.to_string());
    let el = host();
    let handle = mount(el.clone().into(), options(endpoint))
        .map_err(|e| vec![format!("mount failed: {e:?}")])?;
    let deadline = js_sys::Date::now() + 20_000.0;
    let mut problems = Vec::new();
    loop {
        let state = card_attr(&el, endpoint, "data-state");
        if state.as_deref().is_some_and(|s| s != "loading") && hostile_events().length() > 0 {
            break;
        }
        if js_sys::Date::now() > deadline {
            problems.push(format!(
                "no outcome within 20 s: data-state {state:?}, {} event(s)",
                hostile_events().length()
            ));
            break;
        }
        TimeoutFuture::new(5).await;
    }
    if problems.is_empty() {
        check(case, &el, endpoint, expect, &mut problems);
    }
    handle.unmount();
    el.remove();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check(case: &Value, el: &Element, endpoint: &str, expect: &str, problems: &mut Vec<String>) {
    let mut fail = |m: String| problems.push(m);
    // State and data-error.
    let state = card_attr(el, endpoint, "data-state");
    let error = card_attr(el, endpoint, "data-error");
    let (want_state, want_error) = if expect == "ready" {
        ("ready", None)
    } else {
        ("error", Some(expect))
    };
    if state.as_deref() != Some(want_state) || error.as_deref() != want_error {
        fail(format!(
            "data-state {state:?} data-error {error:?}, expected {want_state} {want_error:?}"
        ));
    }
    // Exactly one event, of the right kind, with a sane detail.
    let events = hostile_events();
    let want_type = if expect == "ready" {
        "defender-scores:loaded"
    } else {
        "defender-scores:error"
    };
    if events.length() != 1 {
        fail(format!("{} events, expected 1", events.length()));
    }
    let event = events.get(0);
    let detail = get(&event, "detail");
    if get(&event, "type").as_string().as_deref() != Some(want_type) {
        fail(format!(
            "event {:?}, expected {want_type}",
            get(&event, "type")
        ));
    }
    if get(&detail, "card").as_string().as_deref() != Some(endpoint) {
        fail(format!("event card {:?}", get(&detail, "card")));
    }
    if expect == "ready" {
        if endpoint == "groups" || endpoint == "recommendations" {
            let (list, want) = match endpoint {
                "groups" => ("groups", "expectGroups"),
                _ => ("recommendations", "expectRecommendations"),
            };
            let items = get(&detail, list);
            let n = Array::is_array(&items).then(|| Array::from(&items).length());
            if let Some(want) = case.get(want).and_then(Value::as_u64) {
                if n.map(u64::from) != Some(want) {
                    fail(format!("event has {n:?} {list}, expected {want}"));
                }
            }
        } else if !get(&detail, "score").as_f64().is_some_and(f64::is_finite) {
            fail(format!("event score {:?}", get(&detail, "score")));
        }
    } else {
        if get(&detail, "error").as_string().as_deref() != Some(expect) {
            fail(format!("event error {:?}", get(&detail, "error")));
        }
        match get(&detail, "message").as_string() {
            Some(m) if !m.trim().is_empty() && m.chars().count() <= MAX_MESSAGE_CHARS => {}
            other => fail(format!(
                "event message empty or too long: {:?} chars",
                other.map(|m| m.chars().count())
            )),
        }
        let status = case
            .get("expectStatus")
            .or_else(|| case.get("status"))
            .and_then(Value::as_f64)
            .unwrap_or(200.0);
        let want_status = if expect == "network" { 0.0 } else { status };
        if get(&detail, "status").as_f64() != Some(want_status) {
            fail(format!(
                "event status {:?}, expected {want_status}",
                get(&detail, "status")
            ));
        }
        if let Some(wait) = case.get("expectRetryAfter").and_then(Value::as_f64) {
            if get(&detail, "retryAfter").as_f64() != Some(wait) {
                fail(format!(
                    "retryAfter {:?}, expected {wait}",
                    get(&detail, "retryAfter")
                ));
            }
        }
    }
    // Nothing from the response became markup.
    let seen = hostile_inspect(el);
    let tags: Vec<String> = Array::from(&get(&seen, "tags"))
        .iter()
        .filter_map(|t| t.as_string())
        .collect();
    let foreign: Vec<_> = tags
        .iter()
        .filter(|t| !WIDGET_TAGS.contains(&t.as_str()))
        .collect();
    if !foreign.is_empty() {
        fail(format!("elements from the response: {foreign:?}"));
    }
    let bad = Array::from(&get(&seen, "bad"));
    if bad.length() > 0 {
        fail(format!("handler or javascript: attributes: {bad:?}"));
    }
    if !hostile_pwned().is_undefined() {
        fail(format!("window.__pwned = {:?}", hostile_pwned()));
    }
    let html = get(&seen, "html").as_string().unwrap_or_default();
    if html.contains(TOKEN) {
        fail("the token is in the shadow root".into());
    }
    // The error card explains itself.
    if expect != "ready" {
        for key in ["alert", "errorTitle", "errorBody"] {
            if get(&seen, key)
                .as_string()
                .is_none_or(|t| t.trim().is_empty())
            {
                fail(format!("error card has no {key} text"));
            }
        }
    }
    let text = get(&seen, "text").as_string().unwrap_or_default();
    if let Some(want) = s(case, "expectText") {
        if !text.contains(want) {
            fail(format!("text {want:?} not shown"));
        }
    }
    if let Some(want) = s(case, "expectScoreText") {
        let score = get(&seen, "score").as_string();
        if score.as_deref() != Some(want) {
            fail(format!("score shows {score:?}, expected {want:?}"));
        }
    }
    // Every request stayed on the API origin (a foreign nextLink is never fetched).
    let prefix = format!("{}/", origin());
    for url in hostile_calls().iter().filter_map(|u| u.as_string()) {
        if !url.starts_with(&prefix) {
            fail(format!("request left the API origin: {url}"));
        }
    }
}

#[wasm_bindgen_test]
async fn every_corpus_case_in_the_browser() {
    hostile_install(&origin());
    for (name, bytes) in FILES {
        hostile_file(name, bytes);
    }
    let cases: Vec<Value> = serde_json::from_str(MANIFEST).expect("manifest.json parses");
    // Known bugs last: if one breaks the page, the other cases have already run.
    let (known, clean): (Vec<_>, Vec<_>) = cases.iter().partition(|c| c.get("knownBug").is_some());
    let started = js_sys::Date::now();
    let mut failures = Vec::new();
    let mut known_report = Vec::new();
    for case in clean.iter().chain(known.iter()) {
        let name = s(case, "name").unwrap_or("?");
        let t0 = js_sys::Date::now();
        let outcome = run_case(case).await;
        let took = js_sys::Date::now() - t0;
        if took > 2_000.0 {
            console_log!("slow case {name}: {took:.0} ms");
        }
        match (s(case, "knownBug"), outcome) {
            (None, Ok(())) => {}
            (None, Err(p)) => failures.push(format!("{name}: {}", p.join("; "))),
            (Some(bug), Err(p)) => {
                known_report.push(format!("{name}: {bug} -> still fails: {}", p.join("; ")))
            }
            (Some(bug), Ok(())) => known_report.push(format!(
                "{name}: marked knownBug ({bug}) but now passes: remove the marker"
            )),
        }
    }
    // A handler injected by any case would have fired by now.
    TimeoutFuture::new(100).await;
    if !hostile_pwned().is_undefined() {
        failures.push(format!(
            "window.__pwned = {:?} after the run",
            hostile_pwned()
        ));
    }
    console_log!(
        "{} hostile cases in {:.1} s, {} failure(s), {} known bug(s)",
        cases.len(),
        (js_sys::Date::now() - started) / 1000.0,
        failures.len(),
        known_report.len()
    );
    for line in &known_report {
        console_log!("KNOWN BUG {line}");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The checks above would see injected markup: a shadow root holding an `<img onerror>` is flagged.
#[wasm_bindgen_test]
fn the_inspector_sees_markup_that_is_not_the_widgets() {
    let el = host();
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    let root = el.attach_shadow(&init).unwrap();
    root.set_inner_html(
        r#"<div><b>x</b><img alt="" onerror="void 0"><a href="javascript:void 0">y</a></div>"#,
    );
    let seen = hostile_inspect(&el);
    let tags: Vec<String> = Array::from(&get(&seen, "tags"))
        .iter()
        .filter_map(|t| t.as_string())
        .collect();
    assert_eq!(tags, ["DIV", "B", "IMG", "A"]);
    assert_eq!(Array::from(&get(&seen, "bad")).length(), 2);
    el.remove();
}
