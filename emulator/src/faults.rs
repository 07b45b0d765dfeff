//! Injected faults: answers queued through the control API that replace the
//! next matching API responses (status, body, headers, delay, broken JSON).

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use crate::endpoint::Endpoint;
use crate::odata::raw_response;

/// The longest `delayMs` accepted (ten minutes).
pub const MAX_DELAY_MS: u64 = 600_000;

/// Headers a fault may not set: hyper frames the body itself.
const FRAMING_HEADERS: [&str; 3] = ["content-length", "transfer-encoding", "connection"];

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
    /// How many more requests it answers.
    pub times: u32,
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
    times: Option<u32>,
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
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| parse_fault(item).map_err(|e| format!("fault [{index}]: {e}")))
            .collect(),
        single => parse_fault(single).map(|fault| vec![fault]),
    }
}

/// One fault object, checked.
fn parse_fault(value: Value) -> Result<Fault, String> {
    if !value.is_object() {
        return Err(format!("a fault is a JSON object, not {value}"));
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
    let status = match spec.status.unwrap_or(200) {
        code @ 200..=599 => StatusCode::from_u16(code).map_err(|e| e.to_string())?,
        code => return Err(format!("status must be 200 to 599, not {code}")),
    };
    let body = match (spec.body, spec.json) {
        (Some(_), Some(_)) => return Err("give either body or json, not both".into()),
        (Some(text), None) => FaultBody::Raw(text),
        (None, Some(json)) => FaultBody::Json(json),
        (None, None) => FaultBody::Normal,
    };
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
                "a fault cannot set {name}; use truncate to cut the body"
            ));
        }
        let value = HeaderValue::from_str(&text)
            .map_err(|_| format!("the value of header {name} is not a header value"))?;
        headers.push((header, value));
    }
    let delay_ms = spec.delay_ms.unwrap_or(0);
    if delay_ms > MAX_DELAY_MS {
        return Err(format!(
            "delayMs must be at most {MAX_DELAY_MS}, not {delay_ms}"
        ));
    }
    let times = spec.times.unwrap_or(1);
    if times == 0 {
        return Err("times must be at least 1".into());
    }
    Ok(Fault {
        target,
        status,
        body,
        content_type,
        headers,
        delay: Duration::from_millis(delay_ms),
        truncate: spec.truncate.unwrap_or(false),
        malformed: spec.malformed.unwrap_or(false),
        times,
        spec: value,
    })
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
        };
        if self.malformed {
            body = malformed(&body);
        }
        if self.truncate {
            body.truncate(body.len() / 2);
        }
        let mut response = raw_response(self.status, body, self.content_type.clone());
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

    /// The earliest fault matching `endpoint`, used once.
    pub fn take(&mut self, endpoint: Endpoint) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(endpoint))?;
        let fault = self.faults.get_mut(index)?;
        fault.times = fault.times.saturating_sub(1);
        let answer = fault.clone();
        if fault.times == 0 {
            self.faults.remove(index);
        }
        Some(answer)
    }

    /// The waiting faults as posted, each with the uses it has left.
    pub fn to_json(&self) -> Value {
        let pending: Vec<Value> = self
            .faults
            .iter()
            .map(|fault| json!({"fault": fault.spec, "remaining": fault.times}))
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
        assert_eq!(fault.times, 1);
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
}
