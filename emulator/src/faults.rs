//! Injected faults: answers queued through the control API that replace the
//! next matching API responses (status, body, headers, delay, broken JSON,
//! a slow drip, a dropped connection, a redirect, a forced 429), alone or as
//! a schedule of steps for one endpoint.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use crate::endpoint::Endpoint;
use crate::odata::{error_body, raw_response, ErrorCode};

/// The longest `delayMs` (and drip `everyMs`) accepted (ten minutes).
pub const MAX_DELAY_MS: u64 = 600_000;

/// Headers a fault may not set: hyper frames the body itself.
const FRAMING_HEADERS: [&str; 3] = ["content-length", "transfer-encoding", "connection"];

/// How long a dropped connection waits after its last body bytes before it
/// closes, so they leave the server's buffer first.
const DROP_PAUSE: Duration = Duration::from_millis(50);

/// The fields a `passThrough` step may have beside it.
const PASS_THROUGH_FIELDS: [&str; 4] = ["passThrough", "endpoint", "delayMs", "times"];

/// Which requests a fault answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultTarget {
    /// `"*"`: any of the endpoints.
    Any,
    /// One endpoint.
    Only(Endpoint),
}

/// What a fault answers with.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultBody {
    /// The endpoint's normal body.
    Normal,
    /// `body`: this exact text.
    Raw(String),
    /// `json`: this JSON value.
    Json(Value),
    /// The documented error body with this code and message (and a fresh
    /// GUID as `target` on every answer).
    Error(ErrorCode, String),
}

/// How many requests a fault answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Times {
    /// This many more.
    Count(u32),
    /// `"always"`: every matching request until the queue is cleared.
    Always,
}

/// `drip`: the body goes out in small pieces with a pause between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drip {
    /// Bytes per piece (at least 1).
    pub chunk_bytes: usize,
    /// The pause before each piece after the first.
    pub every: Duration,
}

/// One queued fault.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Which requests it answers.
    pub target: FaultTarget,
    /// The status it answers with.
    pub status: StatusCode,
    /// The body it answers with, before `malformed` and `truncate`.
    pub body: FaultBody,
    /// The `Content-Type`; `None` for the API's JSON type.
    pub content_type: Option<HeaderValue>,
    /// Extra headers.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// How long to wait before answering.
    pub delay: Duration,
    /// Send only the first half of the body bytes.
    pub truncate: bool,
    /// Break the body's JSON syntax.
    pub malformed: bool,
    /// Send the body in pieces with pauses.
    pub drip: Option<Drip>,
    /// Close the connection after this many body bytes, with `Content-Length`
    /// still announcing the whole body.
    pub drop_after_bytes: Option<usize>,
    /// Answer normally after `delay` (token check, rate limit, real body):
    /// a schedule step that lets one request through.
    pub pass_through: bool,
    /// How many more requests it answers.
    pub times: Times,
    /// The fault as it was posted, for `GET /_emulator/faults`.
    pub spec: Value,
}

/// The JSON a test posts for one fault.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FaultSpec {
    endpoint: Option<String>,
    status: Option<u16>,
    body: Option<String>,
    #[serde(default, deserialize_with = "present")]
    json: Option<Value>,
    content_type: Option<String>,
    headers: Option<BTreeMap<String, String>>,
    delay_ms: Option<u64>,
    truncate: Option<bool>,
    malformed: Option<bool>,
    drip: Option<DripSpec>,
    drop_after_bytes: Option<usize>,
    redirect: Option<String>,
    retry_after: Option<u64>,
    pass_through: Option<bool>,
    times: Option<Value>,
}

/// The JSON of `drip`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DripSpec {
    chunk_bytes: usize,
    every_ms: u64,
}

/// Keeps `"json": null` apart from a missing `json`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// The faults in a `POST /_emulator/faults` body: one object or an array.
pub fn parse_faults(body: &[u8]) -> Result<Vec<Fault>, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    match value {
        Value::Array(items) if items.is_empty() => {
            Err("an empty array queues no fault; post a fault object or an array of them".into())
        }
        Value::Array(items) => {
            let mut faults = Vec::new();
            for (index, item) in items.into_iter().enumerate() {
                faults.extend(parse_entry(item).map_err(|e| format!("fault [{index}]: {e}"))?);
            }
            Ok(faults)
        }
        single => parse_entry(single),
    }
}

/// One posted object: a fault, or `{"endpoint", "schedule": [step, …]}`
/// that becomes one fault per step, all for that endpoint.
fn parse_entry(value: Value) -> Result<Vec<Fault>, String> {
    let Value::Object(mut object) = value else {
        return Err(format!("a fault is a JSON object, not {value}"));
    };
    let Some(schedule) = object.remove("schedule") else {
        return parse_fault(Value::Object(object)).map(|fault| vec![fault]);
    };
    if let Some(other) = object.keys().find(|key| *key != "endpoint") {
        return Err(format!(
            "a schedule has only endpoint beside it, not {other}; put {other} in its steps"
        ));
    }
    let endpoint = object.remove("endpoint");
    let Value::Array(steps) = schedule else {
        return Err("schedule is an array of fault objects".into());
    };
    if steps.is_empty() {
        return Err("an empty schedule queues no fault".into());
    }
    let last = steps.len() - 1;
    let mut faults = Vec::with_capacity(steps.len());
    for (index, step) in steps.into_iter().enumerate() {
        let fault = parse_step(step, endpoint.as_ref())
            .map_err(|e| format!("schedule step [{index}]: {e}"))?;
        if fault.times == Times::Always && index != last {
            return Err(format!(
                "schedule step [{index}]: only the last step may have times \"always\"; later steps would never answer"
            ));
        }
        faults.push(fault);
    }
    Ok(faults)
}

/// A schedule step: a fault without `endpoint`, which it takes from the schedule.
fn parse_step(step: Value, endpoint: Option<&Value>) -> Result<Fault, String> {
    let Value::Object(mut object) = step else {
        return Err(format!("a step is a JSON object, not {step}"));
    };
    for key in ["endpoint", "schedule"] {
        if object.contains_key(key) {
            return Err(format!("a step cannot have its own {key}"));
        }
    }
    if let Some(endpoint) = endpoint {
        object.insert("endpoint".into(), endpoint.clone());
    }
    parse_fault(Value::Object(object))
}

/// One fault object, checked.
fn parse_fault(value: Value) -> Result<Fault, String> {
    let Value::Object(object) = &value else {
        return Err(format!("a fault is a JSON object, not {value}"));
    };
    if object.get("passThrough") == Some(&Value::Bool(true)) {
        if let Some(other) = object
            .keys()
            .find(|key| !PASS_THROUGH_FIELDS.contains(&key.as_str()))
        {
            return Err(format!(
                "passThrough answers normally, so it takes only endpoint, delayMs and times, not {other}"
            ));
        }
    }
    let spec: FaultSpec = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let target = match spec.endpoint.as_deref() {
        None | Some("*") => FaultTarget::Any,
        Some(name) => FaultTarget::Only(Endpoint::from_name(name).ok_or_else(|| {
            format!(
                "unknown endpoint {name:?}; use \"exposureScore\", \"configurationScore\", \"ByMachineGroups\" or \"*\""
            )
        })?),
    };
    if spec.redirect.is_some() && spec.retry_after.is_some() {
        return Err("give either redirect or retryAfter, not both".into());
    }
    let default_status = if spec.redirect.is_some() {
        302
    } else if spec.retry_after.is_some() {
        429
    } else {
        200
    };
    let status = match spec.status.unwrap_or(default_status) {
        code @ 300..=399 if spec.redirect.is_some() => {
            StatusCode::from_u16(code).map_err(|e| e.to_string())?
        }
        code if spec.redirect.is_some() => {
            return Err(format!(
                "a redirect's status must be 300 to 399, not {code}"
            ))
        }
        code @ 200..=599 => StatusCode::from_u16(code).map_err(|e| e.to_string())?,
        code => return Err(format!("status must be 200 to 599, not {code}")),
    };
    let body = match (spec.body, spec.json) {
        (Some(_), Some(_)) => return Err("give either body or json, not both".into()),
        (Some(text), None) => FaultBody::Raw(text),
        (None, Some(json)) => FaultBody::Json(json),
        (None, None) if spec.redirect.is_some() => FaultBody::Raw(String::new()),
        (None, None) => match spec.retry_after {
            Some(seconds) if status == StatusCode::TOO_MANY_REQUESTS => FaultBody::Error(
                ErrorCode::TooManyRequests,
                format!("Rate limit is exceeded. Try again in {seconds} seconds."),
            ),
            _ => FaultBody::Normal,
        },
    };
    if spec.drop_after_bytes.is_some() && body == FaultBody::Raw(String::new()) {
        return Err("dropAfterBytes needs a body to cut, and this one is empty".into());
    }
    let content_type = spec
        .content_type
        .map(|text| {
            HeaderValue::from_str(&text)
                .map_err(|_| format!("contentType {text:?} is not a header value"))
        })
        .transpose()?;
    let mut headers = Vec::new();
    for (name, text) in spec.headers.unwrap_or_default() {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("{name:?} is not a header name"))?;
        if FRAMING_HEADERS.contains(&header.as_str()) {
            return Err(format!(
                "a fault cannot set {name}; use truncate or dropAfterBytes to cut the body"
            ));
        }
        let value = HeaderValue::from_str(&text)
            .map_err(|_| format!("the value of header {name} is not a header value"))?;
        headers.push((header, value));
    }
    if let Some(location) = &spec.redirect {
        let value = HeaderValue::from_str(location)
            .ok()
            .filter(|_| !location.is_empty())
            .ok_or_else(|| format!("redirect {location:?} is not a URL or path"))?;
        set_once(&mut headers, LOCATION, value, "redirect")?;
    }
    if let Some(seconds) = spec.retry_after {
        set_once(
            &mut headers,
            RETRY_AFTER,
            HeaderValue::from(seconds),
            "retryAfter",
        )?;
    }
    let delay_ms = spec.delay_ms.unwrap_or(0);
    if delay_ms > MAX_DELAY_MS {
        return Err(format!(
            "delayMs must be at most {MAX_DELAY_MS}, not {delay_ms}"
        ));
    }
    let drip = spec.drip.map(parse_drip).transpose()?;
    let times = parse_times(spec.times)?;
    Ok(Fault {
        target,
        status,
        body,
        content_type,
        headers,
        delay: Duration::from_millis(delay_ms),
        truncate: spec.truncate.unwrap_or(false),
        malformed: spec.malformed.unwrap_or(false),
        drip,
        drop_after_bytes: spec.drop_after_bytes,
        pass_through: spec.pass_through.unwrap_or(false),
        times,
        spec: value,
    })
}

/// Adds a header a shorthand field sets, refusing the same header in `headers`.
fn set_once(
    headers: &mut Vec<(HeaderName, HeaderValue)>,
    name: HeaderName,
    value: HeaderValue,
    field: &str,
) -> Result<(), String> {
    if headers.iter().any(|(given, _)| *given == name) {
        return Err(format!("give {field} or a {name} header, not both"));
    }
    headers.push((name, value));
    Ok(())
}

/// `drip`, checked.
fn parse_drip(spec: DripSpec) -> Result<Drip, String> {
    if spec.chunk_bytes == 0 {
        return Err("drip.chunkBytes must be at least 1".into());
    }
    if spec.every_ms > MAX_DELAY_MS {
        return Err(format!(
            "drip.everyMs must be at most {MAX_DELAY_MS}, not {}",
            spec.every_ms
        ));
    }
    Ok(Drip {
        chunk_bytes: spec.chunk_bytes,
        every: Duration::from_millis(spec.every_ms),
    })
}

/// `times`: a whole number of at least 1 (default 1) or `"always"`.
fn parse_times(times: Option<Value>) -> Result<Times, String> {
    match times {
        None => Ok(Times::Count(1)),
        Some(Value::String(text)) if text == "always" => Ok(Times::Always),
        Some(value) => match value.as_u64().map(u32::try_from) {
            Some(Ok(count)) if count >= 1 => Ok(Times::Count(count)),
            Some(Ok(_)) => Err("times must be at least 1".into()),
            _ => Err(format!(
                "times must be a whole number of at least 1 or \"always\", not {value}"
            )),
        },
    }
}

impl Fault {
    /// Whether it answers a request to `endpoint`.
    pub fn matches(&self, endpoint: Endpoint) -> bool {
        match self.target {
            FaultTarget::Any => true,
            FaultTarget::Only(only) => only == endpoint,
        }
    }

    /// The answer, given the endpoint's normal body.
    pub fn response(&self, normal_body: Vec<u8>) -> Response {
        let mut body = match &self.body {
            FaultBody::Normal => normal_body,
            FaultBody::Raw(text) => text.clone().into_bytes(),
            FaultBody::Json(value) => value.to_string().into_bytes(),
            FaultBody::Error(code, message) => error_body(*code, message).to_string().into_bytes(),
        };
        if self.malformed {
            body = malformed(&body);
        }
        if self.truncate {
            body.truncate(body.len() / 2);
        }
        let streamed = self.drip.is_some() || self.drop_after_bytes.is_some();
        let length = body.len();
        let mut response = if streamed {
            let mut response = raw_response(self.status, Vec::new(), self.content_type.clone());
            *response.body_mut() = streamed_body(body, self.drip, self.drop_after_bytes);
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(length));
            response
        } else {
            raw_response(self.status, body, self.content_type.clone())
        };
        let headers = response.headers_mut();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(content_type) = &self.content_type {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        response
    }
}

/// Where a streamed body is.
struct Stream {
    body: Bytes,
    /// Bytes sent so far.
    sent: usize,
    /// Bytes to send before stopping.
    end: usize,
    chunk: usize,
    every: Duration,
    /// Whether to fail (close the connection) after `end`.
    drop: bool,
}

/// `body` sent in pieces of `drip.chunk_bytes` with `drip.every` between
/// them, and, with `drop_after_bytes`, cut off after that many bytes (at most
/// all but the last) by failing the body, which makes hyper close the
/// connection without finishing the announced `Content-Length`.
pub fn streamed_body(body: Vec<u8>, drip: Option<Drip>, drop_after_bytes: Option<usize>) -> Body {
    let total = body.len();
    let end = drop_after_bytes.map_or(total, |n| n.min(total.saturating_sub(1)));
    let state = Stream {
        body: Bytes::from(body),
        sent: 0,
        end,
        chunk: drip.map_or(total.max(1), |d| d.chunk_bytes),
        every: drip.map_or(Duration::ZERO, |d| d.every),
        drop: drop_after_bytes.is_some(),
    };
    let pieces = futures_util::stream::unfold(state, |mut state| async move {
        if state.sent < state.end {
            if state.sent > 0 && !state.every.is_zero() {
                tokio::time::sleep(state.every).await;
            }
            let next = state.sent.saturating_add(state.chunk).min(state.end);
            let piece = state.body.slice(state.sent..next);
            state.sent = next;
            return Some((Ok(piece), state));
        }
        if state.drop {
            state.drop = false;
            tokio::time::sleep(DROP_PAUSE).await;
            let error = std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "fault: connection dropped mid-body",
            );
            return Some((Err(error), state));
        }
        None
    });
    Body::from_stream(pieces)
}

/// `body` with its JSON syntax broken the way a cut-off answer looks: the
/// last character dropped and a dangling comma added (`{"score": 33.4,`).
/// No JSON text survives this.
pub fn malformed(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let mut trimmed = text.trim_end().to_string();
    if trimmed.pop().is_none() {
        return b"{".to_vec();
    }
    trimmed.push(',');
    trimmed.into_bytes()
}

/// The queued faults, oldest first.
#[derive(Debug, Default)]
pub struct FaultQueue {
    faults: VecDeque<Fault>,
}

impl FaultQueue {
    /// Queues faults after those already waiting.
    pub fn push(&mut self, faults: Vec<Fault>) {
        self.faults.extend(faults);
    }

    /// Drops every fault; returns how many there were.
    pub fn clear(&mut self) -> usize {
        let count = self.faults.len();
        self.faults.clear();
        count
    }

    /// How many faults wait.
    pub fn len(&self) -> usize {
        self.faults.len()
    }

    /// Whether no fault waits.
    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }

    /// The earliest fault matching `endpoint`, used once (an `"always"`
    /// fault stays).
    pub fn take(&mut self, endpoint: Endpoint) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(endpoint))?;
        let fault = self.faults.get_mut(index)?;
        let Times::Count(times) = fault.times else {
            return Some(fault.clone());
        };
        fault.times = Times::Count(times.saturating_sub(1));
        let answer = fault.clone();
        if times <= 1 {
            self.faults.remove(index);
        }
        Some(answer)
    }

    /// The waiting faults as posted, each with the uses it has left (a
    /// number, or `"always"`).
    pub fn to_json(&self) -> Value {
        let pending: Vec<Value> = self
            .faults
            .iter()
            .map(|fault| {
                let remaining = match fault.times {
                    Times::Count(count) => json!(count),
                    Times::Always => json!("always"),
                };
                json!({"fault": fault.spec, "remaining": remaining})
            })
            .collect();
        json!({ "pending": pending })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(json: Value) -> Result<Fault, String> {
        parse_faults(json.to_string().as_bytes()).map(|mut faults| faults.remove(0))
    }

    #[test]
    fn an_empty_fault_answers_any_endpoint_once_with_200_and_the_normal_body() {
        let fault = one(json!({})).unwrap();
        assert_eq!(fault.target, FaultTarget::Any);
        assert_eq!(fault.status, StatusCode::OK);
        assert_eq!(fault.body, FaultBody::Normal);
        assert_eq!(fault.times, Times::Count(1));
        assert!(!fault.pass_through);
    }

    #[test]
    fn mistakes_are_refused_with_a_reason() {
        for (bad, says) in [
            (json!({"endpont": "*"}), "unknown field"),
            (json!({"endpoint": "machines"}), "unknown endpoint"),
            (json!({"status": 199}), "200 to 599"),
            (json!({"status": 600}), "200 to 599"),
            (json!({"status": "500"}), "invalid type"),
            (json!({"body": "x", "json": {}}), "not both"),
            (json!({"times": 0}), "at least 1"),
            (json!({"delayMs": 600_001}), "at most"),
            (json!({"headers": {"bad name": "x"}}), "not a header name"),
            (json!({"headers": {"Content-Length": "1"}}), "cannot set"),
            (json!([]), "empty array"),
            (json!(5), "JSON object"),
            (json!({"times": "often"}), "\"always\""),
            (json!({"times": 1.5}), "whole number"),
            (
                json!({"drip": {"chunkBytes": 0, "everyMs": 1}}),
                "at least 1",
            ),
            (json!({"drip": {"chunkBytes": 1}}), "everyMs"),
            (
                json!({"drip": {"chunkBytes": 1, "everyMs": 600_001}}),
                "at most",
            ),
            (json!({"redirect": "/x", "status": 200}), "300 to 399"),
            (json!({"redirect": ""}), "not a URL"),
            (
                json!({"redirect": "/x", "headers": {"Location": "/y"}}),
                "not both",
            ),
            (
                json!({"retryAfter": 1, "headers": {"retry-after": "2"}}),
                "not both",
            ),
            (json!({"retryAfter": 1, "redirect": "/x"}), "not both"),
            (json!({"passThrough": true, "status": 500}), "not status"),
            (json!({"schedule": []}), "empty schedule"),
            (json!({"schedule": {}}), "array"),
            (json!({"schedule": [{}], "times": 2}), "only endpoint"),
            (json!({"schedule": [{"endpoint": "*"}]}), "own endpoint"),
            (json!({"schedule": [{"schedule": []}]}), "own schedule"),
            (
                json!({"schedule": [{"times": "always"}, {}]}),
                "only the last",
            ),
            (json!({"schedule": [5]}), "JSON object"),
            (json!({"body": "", "dropAfterBytes": 1}), "empty"),
            (json!({"redirect": "/x", "dropAfterBytes": 1}), "empty"),
        ] {
            let error = one(bad.clone()).err().unwrap_or_default();
            assert!(error.contains(says), "{bad} gave {error:?}");
        }
    }

    #[test]
    fn json_null_is_a_body_not_a_missing_field() {
        assert_eq!(
            one(json!({"json": null})).unwrap().body,
            FaultBody::Json(Value::Null)
        );
    }

    #[test]
    fn malformed_bodies_never_parse() {
        for text in [
            "{\"score\":33.4}",
            "[1]",
            "1",
            "true",
            "null",
            "\"a\"",
            "{} ",
            "",
        ] {
            let broken = malformed(text.as_bytes());
            assert!(serde_json::from_slice::<Value>(&broken).is_err(), "{text}");
        }
    }

    #[test]
    fn faults_answer_first_in_first_out_and_star_matches_any_endpoint() {
        let mut queue = FaultQueue::default();
        queue.push(
            parse_faults(
                json!([
                    {"endpoint": "configurationScore", "status": 500},
                    {"endpoint": "*", "status": 502, "times": 2},
                    {"endpoint": "exposureScore", "status": 503}
                ])
                .to_string()
                .as_bytes(),
            )
            .unwrap(),
        );
        let status = |fault: Option<Fault>| fault.map(|f| f.status.as_u16());
        assert_eq!(status(queue.take(Endpoint::ExposureScore)), Some(502));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), Some(500));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), Some(502));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), None);
        assert_eq!(status(queue.take(Endpoint::ExposureScore)), Some(503));
        assert!(queue.is_empty());
    }

    #[test]
    fn an_always_fault_stays_in_front_of_later_faults_for_its_endpoint() {
        let mut queue = FaultQueue::default();
        queue.push(
            parse_faults(
                json!([
                    {"endpoint": "exposureScore", "status": 503, "times": "always"},
                    {"endpoint": "*", "status": 500}
                ])
                .to_string()
                .as_bytes(),
            )
            .unwrap(),
        );
        let status = |fault: Option<Fault>| fault.map(|f| f.status.as_u16());
        for _ in 0..3 {
            assert_eq!(status(queue.take(Endpoint::ExposureScore)), Some(503));
        }
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), Some(500));
        assert_eq!(status(queue.take(Endpoint::ConfigurationScore)), None);
        assert_eq!(queue.to_json()["pending"][0]["remaining"], "always");
    }

    #[test]
    fn a_schedule_becomes_one_fault_per_step_for_its_endpoint() {
        let faults = parse_faults(
            json!({"endpoint": "ByMachineGroups", "schedule": [{"status": 500}, {"passThrough": true}]})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(faults.len(), 2);
        assert!(faults
            .iter()
            .all(|f| f.target == FaultTarget::Only(Endpoint::ByMachineGroups)));
        assert!(!faults[0].pass_through && faults[1].pass_through);
        assert_eq!(
            faults[1].spec,
            json!({"endpoint": "ByMachineGroups", "passThrough": true})
        );
    }

    #[test]
    fn shorthands_fill_in_status_headers_and_body() {
        let redirect = one(json!({"redirect": "/api/v1.0/exposureScore"})).unwrap();
        assert_eq!(redirect.status, StatusCode::FOUND);
        assert_eq!(redirect.body, FaultBody::Raw(String::new()));
        assert_eq!(redirect.headers[0].0, LOCATION);
        let throttled = one(json!({"retryAfter": 9})).unwrap();
        assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(matches!(
            throttled.body,
            FaultBody::Error(ErrorCode::TooManyRequests, ref m) if m.contains("9 seconds")
        ));
        assert_eq!(throttled.headers[0], (RETRY_AFTER, HeaderValue::from(9u64)));
    }
}
