//! One fault object as a test posts it, checked field by field into a
//! [`Fault`]. The checks run in a fixed order, so a spec with several
//! mistakes always names the same one.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::http::header::{LOCATION, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::{Drip, Fault, FaultBody, FaultTarget, Times};
use crate::endpoint::Endpoint;
use crate::odata::ErrorCode;

/// The longest `delayMs` (and drip `everyMs`) accepted (ten minutes).
pub const MAX_DELAY_MS: u64 = 600_000;

/// Headers a fault may not set: hyper frames the body itself.
const FRAMING_HEADERS: [&str; 3] = ["content-length", "transfer-encoding", "connection"];

/// The fields a `passThrough` step may have beside it.
const PASS_THROUGH_FIELDS: [&str; 4] = ["passThrough", "endpoint", "delayMs", "times"];

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

/// One fault object, checked.
pub(super) fn parse_fault(value: Value) -> Result<Fault, String> {
    let Value::Object(object) = &value else {
        return Err(format!("a fault is a JSON object, not {value}"));
    };
    check_pass_through(object)?;
    let spec: FaultSpec = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let target = parse_target(spec.endpoint.as_deref())?;
    let shorthand = Shorthand::of(spec.redirect, spec.retry_after)?;
    let status = parse_status(spec.status, &shorthand)?;
    let body = parse_body(spec.body, spec.json, &shorthand, status)?;
    if spec.drop_after_bytes.is_some() && body == FaultBody::Raw(String::new()) {
        return Err("dropAfterBytes needs a body to cut, and this one is empty".into());
    }
    let content_type = parse_content_type(spec.content_type)?;
    let mut headers = parse_headers(spec.headers.unwrap_or_default())?;
    shorthand.add_header(&mut headers)?;
    let delay = parse_delay(spec.delay_ms)?;
    let drip = spec.drip.map(parse_drip).transpose()?;
    let times = parse_times(spec.times)?;
    Ok(Fault {
        target,
        status,
        body,
        content_type,
        headers,
        delay,
        truncate: spec.truncate.unwrap_or(false),
        malformed: spec.malformed.unwrap_or(false),
        drip,
        drop_after_bytes: spec.drop_after_bytes,
        pass_through: spec.pass_through.unwrap_or(false),
        times,
        spec: value,
    })
}

/// `passThrough: true` answers normally, so it refuses the fields that
/// would shape the answer.
fn check_pass_through(object: &Map<String, Value>) -> Result<(), String> {
    if object.get("passThrough") != Some(&Value::Bool(true)) {
        return Ok(());
    }
    match object
        .keys()
        .find(|key| !PASS_THROUGH_FIELDS.contains(&key.as_str()))
    {
        Some(other) => Err(format!(
            "passThrough answers normally, so it takes only endpoint, delayMs and times, not {other}"
        )),
        None => Ok(()),
    }
}

/// `endpoint`: one endpoint's name, or `"*"` (the default) for any.
fn parse_target(endpoint: Option<&str>) -> Result<FaultTarget, String> {
    match endpoint {
        None | Some("*") => Ok(FaultTarget::Any),
        Some(name) => Endpoint::from_name(name).map(FaultTarget::Only).ok_or_else(|| {
            format!(
                "unknown endpoint {name:?}; use \"exposureScore\", \"configurationScore\", \"ByMachineGroups\", \"recommendations\" or \"*\""
            )
        }),
    }
}

/// A field that stands for a status, a header and a body at once.
enum Shorthand {
    /// Neither `redirect` nor `retryAfter`.
    None,
    /// `redirect`: a 3xx (302 by default) with `Location` and an empty body.
    Redirect(String),
    /// `retryAfter`: `Retry-After`, and as a 429 (the default) the API's
    /// throttling body.
    RetryAfter(u64),
}

impl Shorthand {
    /// The shorthand given, if any; never both.
    fn of(redirect: Option<String>, retry_after: Option<u64>) -> Result<Shorthand, String> {
        match (redirect, retry_after) {
            (Some(_), Some(_)) => Err("give either redirect or retryAfter, not both".into()),
            (Some(location), None) => Ok(Shorthand::Redirect(location)),
            (None, Some(seconds)) => Ok(Shorthand::RetryAfter(seconds)),
            (None, None) => Ok(Shorthand::None),
        }
    }

    /// The status when the spec gives none.
    fn default_status(&self) -> u16 {
        match self {
            Shorthand::None => 200,
            Shorthand::Redirect(_) => 302,
            Shorthand::RetryAfter(_) => 429,
        }
    }

    /// The body when the spec gives neither `body` nor `json`.
    fn default_body(&self, status: StatusCode) -> FaultBody {
        match self {
            Shorthand::Redirect(_) => FaultBody::Raw(String::new()),
            Shorthand::RetryAfter(seconds) if status == StatusCode::TOO_MANY_REQUESTS => {
                FaultBody::Error(
                    ErrorCode::TooManyRequests,
                    format!("Rate limit is exceeded. Try again in {seconds} seconds."),
                )
            }
            _ => FaultBody::Normal,
        }
    }

    /// Adds the header it sets, refusing the same header in `headers`.
    fn add_header(&self, headers: &mut Vec<(HeaderName, HeaderValue)>) -> Result<(), String> {
        match self {
            Shorthand::None => Ok(()),
            Shorthand::Redirect(location) => {
                let value = HeaderValue::from_str(location)
                    .ok()
                    .filter(|_| !location.is_empty())
                    .ok_or_else(|| format!("redirect {location:?} is not a URL or path"))?;
                set_once(headers, LOCATION, value, "redirect")
            }
            Shorthand::RetryAfter(seconds) => set_once(
                headers,
                RETRY_AFTER,
                HeaderValue::from(*seconds),
                "retryAfter",
            ),
        }
    }
}

/// `status`: 200 to 599, or 300 to 399 with `redirect`.
fn parse_status(given: Option<u16>, shorthand: &Shorthand) -> Result<StatusCode, String> {
    let redirect = matches!(shorthand, Shorthand::Redirect(_));
    match given.unwrap_or(shorthand.default_status()) {
        code @ 300..=399 if redirect => StatusCode::from_u16(code).map_err(|e| e.to_string()),
        code if redirect => Err(format!(
            "a redirect's status must be 300 to 399, not {code}"
        )),
        code @ 200..=599 => StatusCode::from_u16(code).map_err(|e| e.to_string()),
        code => Err(format!("status must be 200 to 599, not {code}")),
    }
}

/// `body` or `json` (never both), else what the shorthand implies.
fn parse_body(
    body: Option<String>,
    json: Option<Value>,
    shorthand: &Shorthand,
    status: StatusCode,
) -> Result<FaultBody, String> {
    match (body, json) {
        (Some(_), Some(_)) => Err("give either body or json, not both".into()),
        (Some(text), None) => Ok(FaultBody::Raw(text)),
        (None, Some(json)) => Ok(FaultBody::Json(json)),
        (None, None) => Ok(shorthand.default_body(status)),
    }
}

/// `contentType`: a header value.
fn parse_content_type(given: Option<String>) -> Result<Option<HeaderValue>, String> {
    given
        .map(|text| {
            HeaderValue::from_str(&text)
                .map_err(|_| format!("contentType {text:?} is not a header value"))
        })
        .transpose()
}

/// `headers`: names and values a response may carry, none that frames the
/// body.
fn parse_headers(
    given: BTreeMap<String, String>,
) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    given
        .iter()
        .map(|(name, text)| parse_header(name, text))
        .collect()
}

/// One entry of `headers`.
fn parse_header(name: &str, text: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a header name"))?;
    if FRAMING_HEADERS.contains(&header.as_str()) {
        return Err(format!(
            "a fault cannot set {name}; use truncate or dropAfterBytes to cut the body"
        ));
    }
    let value = HeaderValue::from_str(text)
        .map_err(|_| format!("the value of header {name} is not a header value"))?;
    Ok((header, value))
}

/// `delayMs`: at most [`MAX_DELAY_MS`], default 0.
fn parse_delay(delay_ms: Option<u64>) -> Result<Duration, String> {
    let delay_ms = delay_ms.unwrap_or(0);
    if delay_ms > MAX_DELAY_MS {
        return Err(format!(
            "delayMs must be at most {MAX_DELAY_MS}, not {delay_ms}"
        ));
    }
    Ok(Duration::from_millis(delay_ms))
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_empty_fault_answers_any_endpoint_once_with_200_and_the_normal_body() {
        let fault = parse_fault(json!({})).unwrap();
        assert_eq!(fault.target, FaultTarget::Any);
        assert_eq!(fault.status, StatusCode::OK);
        assert_eq!(fault.body, FaultBody::Normal);
        assert_eq!(fault.times, Times::Count(1));
        assert!(!fault.pass_through);
    }

    #[test]
    fn json_null_is_a_body_not_a_missing_field() {
        assert_eq!(
            parse_fault(json!({"json": null})).unwrap().body,
            FaultBody::Json(Value::Null)
        );
    }

    #[test]
    fn shorthands_fill_in_status_headers_and_body() {
        let redirect = parse_fault(json!({"redirect": "/api/v1.0/exposureScore"})).unwrap();
        assert_eq!(redirect.status, StatusCode::FOUND);
        assert_eq!(redirect.body, FaultBody::Raw(String::new()));
        assert_eq!(redirect.headers[0].0, LOCATION);
        let throttled = parse_fault(json!({"retryAfter": 9})).unwrap();
        assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(matches!(
            throttled.body,
            FaultBody::Error(ErrorCode::TooManyRequests, ref m) if m.contains("9 seconds")
        ));
        assert_eq!(throttled.headers[0], (RETRY_AFTER, HeaderValue::from(9u64)));
    }
}
