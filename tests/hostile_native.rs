//! The hostile-response corpus (`tests/hostile/manifest.json`) run through the pure core, plus
//! property tests of the parsers. `tests/hostile_web.rs` runs the same corpus in a browser.
//!
//! What an answer means is decided once, by the core's card reader
//! (`model::api::reader`), for the widget and the publisher alike; the browser
//! (`src/api/client.rs`) only carries bytes: the head, `Response.text()`, `JSON.parse`. [`fetch`]
//! below carries them from the corpus instead, with `serde_json::Value` in place of
//! `JSON.parse`'s result, into the same reader. Where the two JSON
//! parsers disagree a case says so with `nativeExpect` and `nativeNote`; cases that need a
//! browser (a rejected fetch, a failing body stream) carry `nativeSkip`.
#![cfg(not(target_arch = "wasm32"))]
// ScoreError is the library's error type, returned by value as `client.rs` does.
#![allow(clippy::result_large_err)]

use defender_score_cards::model::api::error::parse_retry_after;
use defender_score_cards::model::api::raw::{RawGroupPage, RawScore};
use defender_score_cards::model::api::reader::{Body, CardReader, Head, Json, Step};
use defender_score_cards::model::api::response::{check_headers, is_json, MAX_BODY_BYTES};
use defender_score_cards::model::cards::scores::{MAX_DEVICE_POINTS, MAX_GROUPS};
use defender_score_cards::model::{
    ApiBase, CardData, CardKind, ErrorKind, ODataErrorBody, Problem, ScoreError, Timestamp,
};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// `JSON.parse`'s result, natively: a `serde_json::Value`.
struct Parsed(Value);

impl Json for Parsed {
    /// `serde_wasm_bindgen::from_value`, natively: the same `Deserialize` types from the value.
    fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, Problem> {
        T::deserialize(self.0).map_err(|e| Problem::Shape(e.to_string()))
    }
}

/// `JSON.parse`: text that is not JSON is `Problem::NotJson`. With `any_depth`, nesting is read
/// to any depth as browsers do (the corpus test runs on a thread with a large stack for that);
/// otherwise serde_json's limit of 128 levels holds (the property tests' random input).
fn parse(json: &str, any_depth: bool) -> Result<Parsed, Problem> {
    use serde::Deserialize;
    if nesting(json) > MAX_NATIVE_DEPTH {
        return Err(Problem::NotJson);
    }
    let mut de = serde_json::Deserializer::from_str(json);
    if any_depth {
        de.disable_recursion_limit();
    }
    let value = Value::deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    value.map(Parsed).map_err(|_| Problem::NotJson)
}

/// Deepest nesting the native stand-in reads (a browser has limits of its own); a deeper body
/// (the corpus has one a million levels deep) is refused as not JSON, which the widget
/// refuses either way.
const MAX_NATIVE_DEPTH: usize = 100_000;

/// How deep `[` and `{` nest in `json`, outside strings.
fn nesting(json: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in json.bytes() {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (true, false, _) => {}
            (false, _, b'"') => in_string = true,
            (false, _, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, _, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn raw_score(json: &str) -> Result<RawScore, Problem> {
    parse(json, false)?.decode().and_then(RawScore::from_body)
}

fn raw_page(json: &str) -> Result<RawGroupPage, Problem> {
    parse(json, false)?
        .decode()
        .and_then(RawGroupPage::from_body)
}

fn error_body(json: &str) -> Option<ODataErrorBody> {
    ODataErrorBody::read(parse(json, false).ok()?.decode().ok()?)
}

const MANIFEST: &str = include_str!("hostile/manifest.json");
/// The API base the native model pretends to call; `{origin}` in bodies stands for it.
const ORIGIN: &str = "http://127.0.0.1:8000";
const ORIGIN_OTHER_SCHEME: &str = "https://127.0.0.1:8000";
/// Longest event/card message accepted from any case: bodies must not flood the card.
const MAX_MESSAGE_CHARS: usize = 600;

const EXPECTS: [&str; 8] = [
    "ready",
    "unauthorized",
    "forbidden",
    "not-found",
    "throttled",
    "server",
    "network",
    "invalid-response",
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn cases() -> Vec<Value> {
    match serde_json::from_str(MANIFEST) {
        Ok(Value::Array(cases)) => cases,
        other => panic!("manifest.json must be a JSON array: {other:?}"),
    }
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn name(case: &Value) -> &str {
    s(case, "name").unwrap_or("<unnamed>")
}

fn placeholders(text: &str) -> String {
    text.replace("{origin-other-scheme}", ORIGIN_OTHER_SCHEME)
        .replace("{origin}", ORIGIN)
}

/// One `bodyRepeat` part: `prefix + unit × count (joined by separator) + suffix`; `{i}` in the unit is the index.
fn repeat_part(part: &Value, out: &mut String) {
    let unit = s(part, "unit").expect("bodyRepeat.unit");
    let count = part
        .get("count")
        .and_then(Value::as_u64)
        .expect("bodyRepeat.count") as usize;
    let sep = s(part, "separator").unwrap_or("");
    out.push_str(s(part, "prefix").unwrap_or(""));
    if unit.contains("{i}") {
        for i in 0..count {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&unit.replace("{i}", &i.to_string()));
        }
    } else if count > 0 {
        out.push_str(&format!("{unit}{sep}").repeat(count - 1));
        out.push_str(unit);
    }
    out.push_str(s(part, "suffix").unwrap_or(""));
}

/// The bytes a response spec (a case or a page) sends.
fn body_bytes(spec: &Value) -> Vec<u8> {
    if let Some(file) = s(spec, "bodyFile") {
        return std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let text = match (spec.get("body"), spec.get("bodyRepeat")) {
        (Some(Value::String(b)), None) => b.clone(),
        (None, Some(Value::Array(parts))) => {
            let mut out = String::new();
            parts.iter().for_each(|p| repeat_part(p, &mut out));
            out
        }
        (None, Some(part @ Value::Object(_))) => {
            let mut out = String::new();
            repeat_part(part, &mut out);
            out
        }
        (None, None) => String::new(),
        other => panic!("bad body spec: {other:?}"),
    };
    placeholders(&text).into_bytes()
}

/// A response header, as `Headers.get` gives it (case-insensitive); `contentType` is the Content-Type.
fn header(spec: &Value, wanted: &str) -> Option<String> {
    if wanted == "content-type" {
        return s(spec, "contentType").map(str::to_owned);
    }
    spec.get("headers")?
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
        .and_then(|(_, v)| v.as_str().map(str::to_owned))
}

/// `client.rs::read`, answered from a spec: the head, and the body when the card reader wants
/// it: `Response.text()` (UTF-8 decode, one leading BOM dropped, bad bytes become U+FFFD), its
/// size, then `JSON.parse`.
fn answer(spec: &Value) -> (Head, Body<Parsed>) {
    let status = spec.get("status").and_then(Value::as_u64).unwrap_or(200) as u16;
    let head = Head::HEADERS.iter().fold(Head::new(status), |head, name| {
        head.header(name, header(spec, name))
    });
    let body = match head.body_limit() {
        None => Body::NotRead,
        Some(limit) => {
            let bytes = body_bytes(spec);
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = String::from_utf8_lossy(bytes);
            if text.len() as u64 > limit {
                Body::TooLarge
            } else {
                parse(&text, true).map_or(Body::NotJson, Body::Json)
            }
        }
    };
    (head, body)
}

/// The path and query of an absolute URL (what the browser stub keys pages by).
fn path_and_query(url: &str) -> &str {
    let after = url.split_once("://").map_or(url, |(_, rest)| rest);
    after.find('/').map_or("/", |i| &after[i..])
}

/// `client.rs::fetch_card`: the core's card reader, each request answered from the case and
/// its `pages` (a request for a new token gets the same answer again).
fn fetch(case: &Value) -> Result<CardData, ScoreError> {
    let kind = CardKind::parse(s(case, "endpoint").unwrap_or("")).expect("endpoint");
    let base = ApiBase::parse(ORIGIN, None).expect("base");
    let spec_for = |url: &str| -> Result<&Value, ScoreError> {
        let key = path_and_query(url);
        if key == kind.path() {
            Ok(case)
        } else {
            case.get("pages")
                .and_then(|p| p.get(key))
                .ok_or_else(|| ScoreError::network(&format!("no stub for {key}")))
        }
    };
    let mut reader = CardReader::new(kind, &base);
    loop {
        let (head, body) = answer(spec_for(reader.url())?);
        match reader.answer(&head, body)? {
            Step::Done(data) => return Ok(data),
            Step::Next | Step::RenewToken => {}
        }
    }
}

fn valid_time(t: &Timestamp) -> bool {
    // Years 0000-9999 with any offset: from about -6.3e13 to 2.6e14 ms.
    t.epoch_ms.is_finite() && (-6.3e13..2.6e14).contains(&t.epoch_ms)
}

/// What must hold of any accepted reading, whatever the input.
fn reading_invariants(data: &CardData) -> Result<(), String> {
    let exposure = |score: f64| score.is_finite() && (0.0..=100.0).contains(&score);
    match data {
        CardData::Exposure(e) if exposure(e.score) && valid_time(&e.time) => Ok(()),
        CardData::Device(d)
            if d.score.is_finite()
                && (0.0..=MAX_DEVICE_POINTS).contains(&d.score)
                && valid_time(&d.time) =>
        {
            Ok(())
        }
        CardData::Groups(g)
            if g.groups.len() <= MAX_GROUPS
                && g.groups.iter().all(|x| {
                    exposure(x.score) && valid_time(&x.time) && !x.name.trim().is_empty()
                }) =>
        {
            Ok(())
        }
        CardData::Recommendations(r) if r.is_valid() => Ok(()),
        other => Err(format!("accepted reading breaks an invariant: {other:?}")),
    }
}

/// Checks one case; `Err` says what differed.
fn check(case: &Value) -> Result<(), String> {
    let expected = s(case, "nativeExpect")
        .or_else(|| s(case, "expect"))
        .unwrap_or("");
    let result = fetch(case);
    let got = match &result {
        Ok(_) => "ready",
        Err(e) => e.kind.as_str(),
    };
    if got != expected {
        let why = match &result {
            Err(e) => format!("{:?}", e.message),
            Ok(_) => String::new(),
        };
        return Err(format!("expected {expected}, got {got} {why}"));
    }
    match &result {
        Ok(data) => {
            reading_invariants(data)?;
            if let (Some(n), CardData::Recommendations(r)) =
                (case.get("expectRecommendations"), data)
            {
                if n.as_u64() != Some(r.top.len() as u64) {
                    return Err(format!("expected {n} recommendations, got {}", r.top.len()));
                }
            }
            if let (Some(n), CardData::Groups(g)) = (case.get("expectGroups"), data) {
                if n.as_u64() != Some(g.groups.len() as u64) {
                    return Err(format!("expected {n} groups, got {}", g.groups.len()));
                }
            }
        }
        Err(e) => {
            let status = case
                .get("expectStatus")
                .or_else(|| case.get("status"))
                .and_then(Value::as_u64)
                .unwrap_or(200);
            if u64::from(e.status) != status && e.kind != ErrorKind::Network {
                return Err(format!("status {} reported as {}", status, e.status));
            }
            if e.kind == ErrorKind::InvalidResponse {
                let problem = e
                    .problem
                    .as_ref()
                    .ok_or("invalid-response without a problem")?;
                if problem.describe().trim().is_empty() {
                    return Err("empty problem description".into());
                }
            }
            for text in [&e.message, &e.code, &e.target].into_iter().flatten() {
                if text.chars().count() > MAX_MESSAGE_CHARS {
                    return Err(format!("{} characters of error text", text.chars().count()));
                }
            }
            if let Some(wait) = case.get("expectRetryAfter").and_then(Value::as_u64) {
                if e.retry_after_seconds.map(u64::from) != Some(wait) {
                    return Err(format!(
                        "Retry-After {wait} expected, got {:?}",
                        e.retry_after_seconds
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_corpus_case_has_the_expected_outcome() {
    // Deeply nested bodies are parsed (and dropped) recursively: give them room.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(check_every_case)
        .expect("thread starts")
        .join()
        .expect("every case checked");
}

fn check_every_case() {
    let mut failures = Vec::new();
    let mut known = Vec::new();
    let mut skipped = Vec::new();
    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases() {
        *by_category
            .entry(s(&case, "category").unwrap_or("?").to_owned())
            .or_default() += 1;
        if let Some(reason) = s(&case, "nativeSkip") {
            skipped.push(format!("{}: {reason}", name(&case)));
            continue;
        }
        let outcome = check(&case);
        match (s(&case, "knownBug"), outcome) {
            (None, Ok(())) => {}
            (None, Err(e)) => failures.push(format!("{}: {e}", name(&case))),
            (Some(bug), Err(e)) => known.push(format!("{}: {bug} ({e})", name(&case))),
            (Some(bug), Ok(())) => known.push(format!(
                "{}: marked knownBug ({bug}) but passes natively",
                name(&case)
            )),
        }
    }
    println!("hostile corpus by category: {by_category:?}");
    for line in &skipped {
        println!("skipped natively: {line}");
    }
    for line in &known {
        println!("KNOWN BUG: {line}");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_manifest_is_well_formed() {
    let cases = cases();
    assert!(cases.len() >= 45, "only {} cases", cases.len());
    let mut names = HashSet::new();
    let mut files_used = HashSet::new();
    let web = include_str!("hostile_web.rs");
    for case in &cases {
        let n = name(case);
        assert!(
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{n}: names are kebab-case"
        );
        assert!(names.insert(n.to_owned()), "{n}: duplicate name");
        assert!(
            matches!(
                s(case, "endpoint"),
                Some("exposure" | "device" | "groups" | "recommendations")
            ),
            "{n}: endpoint"
        );
        assert!(
            EXPECTS.contains(&s(case, "expect").unwrap_or("")),
            "{n}: expect"
        );
        if let Some(native) = s(case, "nativeExpect") {
            assert!(EXPECTS.contains(&native), "{n}: nativeExpect");
            assert_ne!(
                Some(native),
                s(case, "expect"),
                "{n}: nativeExpect = expect"
            );
            assert!(
                s(case, "nativeNote").is_some(),
                "{n}: nativeExpect needs a nativeNote"
            );
        }
        for key in ["why", "category"] {
            assert!(
                s(case, key).is_some_and(|w| !w.trim().is_empty()),
                "{n}: {key}"
            );
        }
        assert!(
            case.get("contentType")
                .is_some_and(|c| c.is_string() || c.is_null()),
            "{n}: contentType is a string or null"
        );
        let specs = std::iter::once(case).chain(
            case.get("pages")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|p| p.values()),
        );
        for spec in specs {
            let bodies = ["body", "bodyFile", "bodyRepeat"]
                .iter()
                .filter(|k| spec.get(**k).is_some())
                .count();
            assert!(
                bodies == 1 || (bodies == 0 && spec.get("networkError").is_some()),
                "{n}: exactly one of body, bodyFile, bodyRepeat"
            );
            if let Some(file) = s(spec, "bodyFile") {
                assert!(dir().join(file).is_file(), "{n}: {file} is missing");
                assert!(
                    web.contains(&format!("\"hostile/{file}\"")),
                    "{n}: {file} is not in hostile_web.rs's FILES"
                );
                files_used.insert(file.to_owned());
            }
        }
    }
    for entry in std::fs::read_dir(dir()).expect("tests/hostile") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !["manifest.json", "README.md", ".gitattributes"].contains(&file.as_str()) {
            assert!(files_used.contains(&file), "{file} is used by no case");
        }
    }
    // The corpus files keep their exact bytes (git must not "fix" them).
    let bom = std::fs::read(dir().join("exposure-bom-crlf.json")).expect("bom file");
    assert!(
        bom.starts_with(b"\xEF\xBB\xBF{\r\n"),
        "BOM and CRLF were lost"
    );
}

#[test]
fn the_corpus_covers_the_issue_checklist() {
    let names: HashSet<String> = cases().iter().map(|c| name(c).to_owned()).collect();
    let required = [
        "exposure-score-string",
        "exposure-score-bool",
        "exposure-score-array",
        "exposure-score-object",
        "exposure-score-null",
        "exposure-time-number",
        "groups-name-number",
        "groups-value-string",
        "exposure-nan",
        "exposure-infinity",
        "exposure-minus-infinity",
        "exposure-negative",
        "exposure-1e308",
        "exposure-1e400",
        "exposure-missing-score",
        "exposure-duplicate-score-last-string",
        "empty-body",
        "whitespace-body",
        "truncated-json",
        "ten-mb-no-content-length",
        "ten-mb-with-content-length",
        "group-name-img",
        "group-name-script",
        "error-fields-markup",
        "html-login-page",
        "text-plain-json",
        "no-content-type",
        "ok-status-with-odata-error",
        "top-level-array-of-object",
        "top-level-number",
        "top-level-string",
        "top-level-null",
        "five-thousand-groups",
        "nextlink-self-loop",
        "nextlink-foreign-origin",
        "nextlink-number",
        "time-feb-30",
        "time-garbage",
        "bom-prefixed-file",
        "deep-array-top-level",
        "status-302",
        "status-204",
        "status-502-html",
        "status-429-garbage-retry-after",
    ];
    let missing: Vec<_> = required.iter().filter(|r| !names.contains(**r)).collect();
    assert!(missing.is_empty(), "missing cases: {missing:?}");
}

// ---------------------------------------------------------------------------------------------
// Property tests: bounded (2,000 cases each) so the file runs in seconds.

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// JSON-ish documents built from the members the parsers look at, with hostile values.
fn json_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        (-200i64..300).prop_map(Value::from),
        Just(Value::from(-0.0)),
        Just(Value::from(1e308)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
    ];
    let text = prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?",
        Just("2019-12-03T07:23:53.280499Z".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("https://127.0.0.1:8000/api/exposureScore/ByMachineGroups?$skip=2".to_owned()),
        ".{0,24}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        text.prop_map(Value::String),
    ];
    let key = prop_oneof![
        Just("score".to_owned()),
        Just("time".to_owned()),
        Just("error".to_owned()),
        Just("value".to_owned()),
        Just("rbacGroupName".to_owned()),
        Just("rbacGroupId".to_owned()),
        Just("@odata.nextLink".to_owned()),
        Just("code".to_owned()),
        Just("message".to_owned()),
        "[a-z@.]{0,8}",
    ];
    leaf.prop_recursive(3, 32, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid document of each kind with one member replaced by an arbitrary value.
fn near_valid() -> impl Strategy<Value = (String, Value)> {
    let field = prop_oneof![
        Just("score"),
        Just("time"),
        Just("error"),
        Just("rbacGroupName"),
        Just("rbacGroupId"),
        Just("@odata.nextLink"),
    ];
    (field, json_value(), any::<bool>()).prop_map(|(field, v, in_group)| {
        let mut group = serde_json::json!({
            "time": "2019-12-03T09:51:28Z", "score": 41.3, "rbacGroupName": "GroupOne"
        });
        let mut doc = serde_json::json!({"time": "2019-12-03T07:23:53Z", "score": 33.4});
        if in_group {
            group[field] = v;
            doc = serde_json::json!({ "value": [group] });
        } else {
            doc[field] = v;
        }
        (field.to_owned(), doc)
    })
}

/// Runs one JSON text through all three validators; panics only if an invariant breaks.
fn validate_all(json: &str, offset: usize) {
    let problem_ok = |p: &Problem| assert!(!p.describe().trim().is_empty(), "{p:?}");
    if let Ok(raw) = raw_score(json) {
        match raw.into_exposure() {
            Ok(e) => reading_invariants(&CardData::Exposure(e)).unwrap(),
            Err(p) => problem_ok(&p),
        }
    }
    if let Ok(raw) = raw_score(json) {
        match raw.into_device() {
            Ok(d) => reading_invariants(&CardData::Device(d)).unwrap(),
            Err(p) => problem_ok(&p),
        }
    }
    if let Ok(page) = raw_page(json) {
        match page.into_groups(offset) {
            Ok((groups, _)) => reading_invariants(&CardData::Groups(
                defender_score_cards::model::DeviceGroupScores::new(groups),
            ))
            .unwrap(),
            Err(p) => problem_ok(&p),
        }
    }
    if let Some(body) = error_body(json) {
        for status in [200, 302, 401, 429, 500] {
            let e = ScoreError::from_status(status, Some(&body), Some(json));
            for t in [&e.message, &e.code, &e.target].into_iter().flatten() {
                assert!(t.chars().count() <= 301, "{t}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic_the_parsers(bytes in prop::collection::vec(any::<u8>(), 0..512), offset in 0usize..30_000) {
        validate_all(&String::from_utf8_lossy(&bytes), offset);
    }

    #[test]
    fn arbitrary_json_never_panics_and_accepted_readings_hold(v in json_value(), offset in 0usize..30_000) {
        validate_all(&v.to_string(), offset);
    }

    #[test]
    fn one_bad_member_in_a_valid_document_is_caught((field, doc) in near_valid()) {
        let json = doc.to_string();
        validate_all(&json, 0);
        // A score of the wrong type or range is never accepted.
        if field == "score" {
            let score = doc.get("score").or_else(|| doc["value"][0].get("score")).cloned();
            let fine = score.as_ref().and_then(Value::as_f64).is_some_and(|s| (0.0..=100.0).contains(&s));
            if !fine {
                let exposure = raw_score(&json).ok().and_then(|r| r.into_exposure().ok());
                let groups = raw_page(&json).ok().and_then(|p| p.into_groups(0).ok());
                prop_assert!(exposure.is_none(), "{json}");
                prop_assert!(groups.is_none_or(|(g, _)| g.is_empty()), "{json}");
            }
        }
    }

    #[test]
    fn timestamps_never_panic_and_accepted_ones_are_real_dates(t in prop_oneof![
        ".{0,70}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?(Z|z|[+-][0-9]{2}:[0-9]{2})?",
    ]) {
        if let Some(ts) = Timestamp::parse(&t) {
            prop_assert!(valid_time(&ts), "{t}");
            let month: u32 = t[5..7].parse().unwrap_or(0);
            let day: u32 = t[8..10].parse().unwrap_or(0);
            prop_assert!((1..=12).contains(&month) && (1..=31).contains(&day), "{t}");
        }
    }

    #[test]
    fn api_bases_never_panic_and_own_their_own_urls(
        text in prop_oneof![".{0,80}", "(https?|ftp|javascript)://[a-zA-Z0-9.@:\\[\\]%_-]{0,30}(/[a-z?#$=]{0,10}){0,3}"],
        page in prop::option::of("https?://[a-z0-9.-]{1,20}(:[0-9]{1,5})?"),
        link in ".{0,80}",
    ) {
        if let Ok(base) = ApiBase::parse(&text, page.as_deref()) {
            let own = base.url("/api/exposureScore/ByMachineGroups?$skip=2");
            prop_assert!(base.owns(&own), "{text} does not own {own}");
            prop_assert!(own.starts_with(base.origin()));
            let _ = base.owns(&link);
        }
    }

    #[test]
    fn retry_after_never_panics_and_is_at_most_a_day(v in prop_oneof![".{0,20}", "[0-9 ]{0,12}", "-?[0-9]{1,11}"]) {
        if let Some(seconds) = parse_retry_after(&v) {
            prop_assert!(seconds <= 86_400);
            prop_assert!(v.trim().bytes().all(|b| b.is_ascii_digit()));
        }
        let e = ScoreError::from_status(429, None, Some(&v));
        prop_assert!(e.retry_after_seconds.is_some_and(|s| s <= 86_400));
    }

    #[test]
    fn content_type_and_length_checks_never_panic(
        ct in prop_oneof![".{0,60}", "(application|text)/(json|[a-z+]{1,12})(;.{0,20})?"],
        len in prop_oneof![".{0,24}", "[0-9]{1,22}"],
    ) {
        let json = is_json(&ct);
        prop_assert_eq!(json, is_json(&ct.to_ascii_uppercase()));
        match check_headers(Some(&ct), Some(&len)) {
            Ok(()) => prop_assert!(json),
            Err(Problem::ContentType(shown)) => {
                prop_assert!(!json);
                prop_assert!(shown.chars().count() <= 80);
            }
            Err(Problem::TooLarge { .. }) => {
                prop_assert!(json);
                prop_assert!(len.trim().parse::<u64>().is_ok_and(|n| n > MAX_BODY_BYTES));
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn every_status_maps_to_a_contract_value(status in any::<u16>(), retry in prop::option::of(".{0,12}")) {
        let e = ScoreError::from_status(status, None, retry.as_deref());
        prop_assert_eq!(e.status, status);
        let expected = match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::Throttled,
            400..=599 => ErrorKind::Server,
            _ => ErrorKind::InvalidResponse,
        };
        prop_assert_eq!(e.kind, expected);
    }
}
