//! One error type for everything a card can show, mapped from HTTP status and the OData error body.

use crate::model::api::json::{AnObject, Found};
use crate::model::api::raw::{RawBody, RawMembers};

pub use crate::model::api::problem::Problem;

/// What went wrong, as the `data-error` values name it (docs/embedding.md, "Errors").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401, or no token could be had: the user must sign in again.
    Unauthorized,
    /// 403: the account lacks `Score.Read` or the View data role, or the feature is disabled.
    Forbidden,
    /// 404: the endpoint or resource does not exist at this API base.
    NotFound,
    /// 429: too many calls; try again after `Retry-After`.
    Throttled,
    /// 5xx or another unexpected error status from the service.
    Server,
    /// No HTTP answer: offline, DNS, CORS refused, timed out.
    Network,
    /// An answer came but it is not the documented response.
    InvalidResponse,
}

impl ErrorKind {
    /// The `data-error` attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Server => "server",
            ErrorKind::Network => "network",
            ErrorKind::InvalidResponse => "invalid-response",
        }
    }

    /// Whether trying again later may succeed without anyone changing anything.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorKind::Throttled | ErrorKind::Server | ErrorKind::Network
        )
    }
}

/// Everything a card needs to show and report an error (the `defender-scores:error` detail).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreError {
    /// Which `data-error` state this is.
    pub kind: ErrorKind,
    /// The HTTP status, 0 when no HTTP answer came.
    pub status: u16,
    /// The OData error `code` (e.g. `DisabledFeature`), when the body had one.
    pub code: Option<String>,
    /// The OData error `message`, or the widget's own description.
    pub message: Option<String>,
    /// The OData error `target`: a correlation id for Microsoft support.
    pub target: Option<String>,
    /// Seconds to wait before calling again (from `Retry-After`).
    pub retry_after_seconds: Option<u32>,
    /// Why the response was refused, for `invalid-response` (boxed: an error is passed
    /// around in `Result`s, and most have none).
    pub problem: Option<Box<Problem>>,
}

/// The `code` of an `unauthorized` error that the user can fix by signing in (MSAL interaction).
pub const INTERACTION_REQUIRED: &str = "InteractionRequired";

/// Longest `code`, `message` or `target` kept from an error body; the rest is cut.
const MAX_TEXT: usize = 300;

/// The documented OData error envelope (`{"error": {"code", "message", "target"}}`), checked:
/// an object whose `error`, when present, is an object. Of the `error` member only its
/// `code`, `message` and `target` are read, and only strings are believed.
#[derive(Debug, Default)]
pub struct ODataErrorBody {
    error: Option<RawMembers>,
}

fn text_of(value: &Option<Found>) -> Option<String> {
    match value {
        Some(Found::Text(s)) if !s.trim().is_empty() => Some(clip(s.trim())),
        _ => None,
    }
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => [s.get(..cut).unwrap_or(s), "…"].concat(),
        None => s.to_owned(),
    }
}

impl ODataErrorBody {
    /// Checks a decoded error body: an object whose `error`, if present and not `null`, is an
    /// object. Anything else is not an OData error body (`None`), and is not trusted.
    pub fn read(body: AnObject<RawBody>) -> Option<ODataErrorBody> {
        let error = match body.ok()?.error() {
            None => None,
            Some(AnObject::Object(error)) => Some(error),
            Some(AnObject::Not(_)) => return None,
        };
        Some(ODataErrorBody { error })
    }
    /// The error `code`, if the body had an error object with a string code.
    pub fn code(&self) -> Option<String> {
        self.error.as_ref().and_then(|e| text_of(&e.code))
    }
    /// Whether the body carried an `error` member at all.
    pub fn has_error(&self) -> bool {
        self.error.is_some()
    }
}

impl ScoreError {
    /// An error of `kind` with nothing but a status.
    pub fn new(kind: ErrorKind, status: u16) -> ScoreError {
        ScoreError {
            kind,
            status,
            code: None,
            message: None,
            target: None,
            retry_after_seconds: None,
            problem: None,
        }
    }

    /// A refused response: `invalid-response` naming the problem.
    pub fn invalid(status: u16, problem: Problem) -> ScoreError {
        ScoreError {
            message: Some(problem.describe()),
            problem: Some(Box::new(problem)),
            ..ScoreError::new(ErrorKind::InvalidResponse, status)
        }
    }

    /// No HTTP answer: `reason` says why, in English, for the event message.
    pub fn network(reason: &str) -> ScoreError {
        ScoreError {
            message: Some(clip(reason)),
            ..ScoreError::new(ErrorKind::Network, 0)
        }
    }

    /// Maps a non-200 answer: its status, its error body (if it parsed) and its `Retry-After`.
    pub fn from_status(
        status: u16,
        body: Option<&ODataErrorBody>,
        retry_after: Option<&str>,
    ) -> ScoreError {
        let kind = match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::Throttled,
            400..=599 => ErrorKind::Server,
            _ => return ScoreError::invalid(status, Problem::UnexpectedStatus(status)),
        };
        let error = body.and_then(|b| b.error.as_ref());
        ScoreError {
            code: error.and_then(|e| text_of(&e.code)),
            message: error.and_then(|e| text_of(&e.message)),
            target: error.and_then(|e| text_of(&e.target)),
            retry_after_seconds: if kind == ErrorKind::Throttled {
                Some(retry_after.and_then(parse_retry_after).unwrap_or(60))
            } else {
                retry_after.and_then(parse_retry_after)
            },
            ..ScoreError::new(kind, status)
        }
    }
}

/// An error body from JSON text, for tests.
#[cfg(test)]
pub(crate) fn test_body(json: &str) -> ODataErrorBody {
    let raw = super::json::from_json(json).expect("test body decodes");
    ODataErrorBody::read(raw).expect("test body is an error body")
}

/// Reads a `Retry-After` header given in seconds; at most a day, so a bad value cannot stall a card forever.
pub fn parse_retry_after(value: &str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || v.len() > 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<u32>().ok().map(|s| s.min(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> ODataErrorBody {
        test_body(json)
    }

    #[test]
    fn documented_not_found_body_keeps_code_message_and_target() {
        let fixture = include_str!("../../../../tests/fixtures/error-not-found.json");
        let e = ScoreError::from_status(404, Some(&body(fixture)), None);
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.kind.as_str(), "not-found");
        assert_eq!(e.code.as_deref(), Some("ResourceNotFound"));
        assert_eq!(
            e.message.as_deref(),
            Some("Machine 123123123 was not found")
        );
        assert_eq!(
            e.target.as_deref(),
            Some("43f4cb08-8fac-4b65-9db1-745c2ae65f3a")
        );
    }

    #[test]
    fn statuses_map_to_the_contract_error_values() {
        let cases = [
            (401, "unauthorized"),
            (403, "forbidden"),
            (404, "not-found"),
            (429, "throttled"),
            (500, "server"),
            (503, "server"),
            (400, "server"),
            (302, "invalid-response"),
            (204, "invalid-response"),
        ];
        for (status, value) in cases {
            let e = ScoreError::from_status(status, None, None);
            assert_eq!(e.kind.as_str(), value, "status {status}");
            assert_eq!(e.status, status);
        }
    }

    #[test]
    fn disabled_feature_is_forbidden_and_keeps_its_code() {
        let b = body(
            r#"{"error":{"code":"DisabledFeature","message":"Feature disabled","target":"abc"}}"#,
        );
        let e = ScoreError::from_status(403, Some(&b), None);
        assert_eq!(e.kind, ErrorKind::Forbidden);
        assert_eq!(e.code.as_deref(), Some("DisabledFeature"));
        assert_eq!(e.target.as_deref(), Some("abc"));
    }

    #[test]
    fn throttling_reads_retry_after_and_defaults_to_a_minute() {
        let e = ScoreError::from_status(429, None, Some("17"));
        assert_eq!(e.kind, ErrorKind::Throttled);
        assert_eq!(e.retry_after_seconds, Some(17));
        let e = ScoreError::from_status(429, None, Some("soon"));
        assert_eq!(e.retry_after_seconds, Some(60));
        let e = ScoreError::from_status(429, None, None);
        assert_eq!(e.retry_after_seconds, Some(60));
    }

    #[test]
    fn retry_after_is_bounded_and_strict() {
        assert_eq!(parse_retry_after(" 5 "), Some(5));
        assert_eq!(parse_retry_after("999999999"), Some(86_400));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1.5"), None);
        assert_eq!(parse_retry_after("99999999999999999999"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn error_bodies_of_the_wrong_shape_are_ignored_not_trusted() {
        let b = body(r#"{"error":{"code":42,"message":["x"],"target":null}}"#);
        let e = ScoreError::from_status(500, Some(&b), None);
        assert_eq!(e.kind, ErrorKind::Server);
        assert_eq!((e.code, e.message, e.target), (None, None, None));
        let b = body(r#"{"error":"nope"}"#.replace("\"nope\"", "null").as_str());
        assert!(ScoreError::from_status(500, Some(&b), None).code.is_none());
    }

    #[test]
    fn long_error_messages_are_clipped() {
        let long = "x".repeat(5000);
        let b = body(&format!(r#"{{"error":{{"code":"C","message":"{long}"}}}}"#));
        let e = ScoreError::from_status(500, Some(&b), None);
        let m = e.message.expect("message kept");
        assert!(m.chars().count() <= MAX_TEXT + 1);
        assert!(m.ends_with('…'));
    }

    #[test]
    fn transient_kinds_are_throttled_server_and_network() {
        assert!(ErrorKind::Throttled.is_transient());
        assert!(ErrorKind::Server.is_transient());
        assert!(ErrorKind::Network.is_transient());
        assert!(!ErrorKind::Unauthorized.is_transient());
        assert!(!ErrorKind::Forbidden.is_transient());
        assert!(!ErrorKind::InvalidResponse.is_transient());
    }
}
