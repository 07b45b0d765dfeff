//! Injected faults: answers queued through the control API that replace the
//! next matching API responses (status, body, headers, delay, broken JSON,
//! a slow drip, a dropped connection, a redirect, a forced 429), alone or as
//! a schedule of steps for one endpoint.
//!
//! What a test posts is read in [`posted`] (arrays, schedules) and [`spec`]
//! (one fault's fields); [`queue`] keeps them until a request takes one;
//! [`answer`] turns a fault into the response.

pub mod answer;
pub mod posted;
pub mod queue;
pub mod spec;

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, StatusCode};
use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::odata::ErrorCode;

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

impl Fault {
    /// Whether it answers a request to `endpoint`.
    pub fn matches(&self, endpoint: Endpoint) -> bool {
        match self.target {
            FaultTarget::Any => true,
            FaultTarget::Only(only) => only == endpoint,
        }
    }
}
