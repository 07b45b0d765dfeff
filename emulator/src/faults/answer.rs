//! How a fault answers: its body (normal, raw, JSON or an error; broken or
//! cut in half on request), its headers, and a body sent slowly or cut off
//! with the connection dropped.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::Response;

use super::{Drip, Fault, FaultBody};
use crate::odata::{error_body, raw_response};

/// How long a dropped connection waits after its last body bytes before it
/// closes, so they leave the server's buffer first.
const DROP_PAUSE: Duration = Duration::from_millis(50);

impl Fault {
    /// The answer, given the endpoint's normal body.
    pub fn response(&self, normal_body: Vec<u8>) -> Response {
        let body = self.body_bytes(normal_body);
        let mut response = if self.drip.is_some() || self.drop_after_bytes.is_some() {
            let length = body.len();
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

    /// The body's bytes, made `malformed`, then cut to half by `truncate`.
    fn body_bytes(&self, normal_body: Vec<u8>) -> Vec<u8> {
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
        body
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

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

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
}
