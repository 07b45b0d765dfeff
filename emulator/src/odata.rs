//! The OData envelope of the API: content type, version header, error
//! bodies `{"error":{"code","message","target"}}` and number formatting.

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Number, Value};
use uuid::Uuid;

/// The content type the API answers JSON with.
pub const JSON_CONTENT_TYPE: &str =
    "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

/// The `OData-Version` header name.
pub const ODATA_VERSION: HeaderName = HeaderName::from_static("odata-version");

/// Where the API's `@odata.context` URLs point.
pub const METADATA_BASE: &str = "https://api.security.microsoft.com/api/$metadata";

/// The error codes the emulator answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// 401: no, a malformed or an unknown bearer token.
    Unauthorized,
    /// 403: the caller lacks the permission, or a CORS preflight from an
    /// origin that is not allowed.
    Forbidden,
    /// 404: no such API resource.
    ResourceNotFound,
    /// 405: a method other than GET (or an OPTIONS preflight).
    MethodNotAllowed,
    /// 429: over the rate limit.
    TooManyRequests,
    /// 400: a control API request the emulator cannot use.
    BadRequest,
}

impl ErrorCode {
    /// The code as it appears in the body.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "Unauthorized",
            ErrorCode::Forbidden => "Forbidden",
            ErrorCode::ResourceNotFound => "ResourceNotFound",
            ErrorCode::MethodNotAllowed => "MethodNotAllowed",
            ErrorCode::TooManyRequests => "TooManyRequests",
            ErrorCode::BadRequest => "BadRequest",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::ResourceNotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        }
    }
}

/// The documented error body with a fresh correlation id (a random GUID,
/// lowercase `8-4-4-4-12` hex) as `target`.
pub fn error_body(code: ErrorCode, message: &str) -> Value {
    json!({
        "error": {
            "code": code.as_str(),
            "message": message,
            "target": Uuid::new_v4().to_string(),
        }
    })
}

/// An error response: the code's status, the documented body, and
/// `WWW-Authenticate: Bearer` for 401.
pub fn error_response(code: ErrorCode, message: &str) -> Response {
    let mut response = json_response(code.status(), &error_body(code, message));
    if code == ErrorCode::Unauthorized {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// A response with `value` as JSON, the API's content type and
/// `OData-Version: 4.0`.
pub fn json_response(status: StatusCode, value: &Value) -> Response {
    raw_response(status, value.to_string().into_bytes(), None)
}

/// A response with exactly `body`, `content_type` (default: the API's JSON
/// type) and `OData-Version: 4.0`.
pub fn raw_response(
    status: StatusCode,
    body: Vec<u8>,
    content_type: Option<HeaderValue>,
) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        content_type.unwrap_or(HeaderValue::from_static(JSON_CONTENT_TYPE)),
    );
    headers.insert(ODATA_VERSION, HeaderValue::from_static("4.0"));
    response
}

/// A score as a JSON number: whole numbers without a fraction (`340`, as the
/// documentation shows the device secure score), others as doubles.
pub fn score_number(score: f64) -> Value {
    const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
    if score.fract() == 0.0 && score.abs() < EXACT_INTEGER_LIMIT {
        Value::Number(Number::from(score as i64))
    } else {
        Number::from_f64(score).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_scores_are_written_without_a_fraction() {
        assert_eq!(score_number(340.0).to_string(), "340");
        assert_eq!(score_number(0.0).to_string(), "0");
    }

    #[test]
    fn fractional_scores_keep_every_digit() {
        assert_eq!(
            score_number(33.491554051195706).to_string(),
            "33.491554051195706"
        );
    }

    #[test]
    fn error_bodies_have_code_message_and_a_guid_target() {
        let body = error_body(ErrorCode::Forbidden, "no");
        assert_eq!(body["error"]["code"], "Forbidden");
        assert_eq!(body["error"]["message"], "no");
        assert_eq!(body["error"]["target"].as_str().map(str::len), Some(36));
    }

    fn target(body: &Value) -> String {
        body["error"]["target"]
            .as_str()
            .map(String::from)
            .unwrap_or_default()
    }

    #[test]
    fn targets_are_lowercase_hex_guids_in_8_4_4_4_12_groups() {
        let guid = target(&error_body(ErrorCode::BadRequest, "x"));
        let lengths: Vec<usize> = guid.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{guid}");
        assert!(guid
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }

    #[test]
    fn targets_differ_from_body_to_body() {
        let guids: std::collections::HashSet<String> = (0..1000)
            .map(|_| target(&error_body(ErrorCode::BadRequest, "x")))
            .collect();
        assert_eq!(guids.len(), 1000);
    }
}
