//! Reading a card natively: reqwest carries the requests of the core's card reader
//! ([`defender_score_core::model::api::reader`]) and hands back each answer's head and parsed
//! body; the reader says what it means, and the core's retry rules how long to wait before
//! sending a request again.

use crate::http::read_limited;
use crate::signin::{SignInError, Tokens};
use defender_score_core::model::api::reader::{Body, CardReader, Head, Json, Step};
use defender_score_core::model::refresh::retry::WaitingRetries;
use defender_score_core::model::{ApiBase, CardData, CardKind, Problem, ScoreError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest `Retry-After` waited for; a longer one fails the publish (the next one tries).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
/// Tries of one call that answered 429, in all.
const MAX_THROTTLED_TRIES: u32 = 3;

/// Why a card could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    /// No token could be had.
    SignIn(SignInError),
    /// The API failed or its answer did not check.
    Api(ScoreError),
}

/// A parsed JSON value as the core's `Deserialize` types read it, the native side of the
/// widget's `JSON.parse` + `serde_wasm_bindgen` (`src/api/decode.rs`).
pub(crate) fn decode<T: DeserializeOwned>(json: Value) -> Result<T, Problem> {
    T::deserialize(json).map_err(|e| Problem::Shape(e.to_string()))
}

/// An answer's body parsed by serde_json, for the card reader.
pub(crate) struct Parsed(Value);

impl Json for Parsed {
    fn decode<T: DeserializeOwned>(self) -> Result<T, Problem> {
        decode(self.0)
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0)
}

/// reqwest's failure as the card's network error (no URL, no header).
fn network(e: &reqwest::Error) -> ScoreError {
    if e.is_timeout() {
        ScoreError::network("the request timed out")
    } else if e.is_connect() {
        ScoreError::network("could not connect to the API")
    } else {
        ScoreError::network("the connection failed while reading the answer")
    }
}

/// Sends the reader's request with `token` and returns the answer's head, and its body read
/// (within the reader's limit) and parsed when the reader wants it.
async fn exchange(
    http: &reqwest::Client,
    reader: &CardReader,
    token: &str,
) -> Result<(Head, Body<Parsed>), ScoreError> {
    let request = reader
        .headers(token)
        .into_iter()
        .fold(http.get(reader.url()), |request, (name, value)| {
            request.header(name, value)
        });
    let response = request.send().await.map_err(|e| network(&e))?;
    let mut head = Head::new(response.status().as_u16());
    head.redirected = response.status().is_redirection();
    for name in Head::HEADERS {
        let value = response.headers().get(name).and_then(|v| v.to_str().ok());
        head = head.header(name, value.map(str::to_owned));
    }
    let body = match head.body_limit() {
        None => Body::NotRead,
        Some(limit) => match read_limited(response, limit as usize).await {
            Err(e) => Body::Broken(network(&e)),
            Ok(None) => Body::TooLarge,
            Ok(Some(bytes)) => serde_json::from_slice(&bytes)
                .map_or(Body::NotJson, |json| Body::Json(Parsed(json))),
        },
    };
    Ok((head, body))
}

/// Reads one card's endpoint (all pages, for groups) and validates it as the widget does. A
/// request is sent again with a new token once after a 401, and after a failure as
/// [`WaitingRetries`] says: `Retry-After` on 429 (up to [`MAX_RETRY_AFTER`],
/// [`MAX_THROTTLED_TRIES`] tries), backoff after 5xx and network failures.
pub async fn read_card(
    http: &reqwest::Client,
    base: &ApiBase,
    kind: CardKind,
    tokens: &mut Tokens,
) -> Result<CardData, ReadFailure> {
    let mut reader = CardReader::new(kind, base);
    let new_retries =
        || WaitingRetries::new(MAX_THROTTLED_TRIES, MAX_RETRY_AFTER.as_millis() as f64);
    let mut retries = new_retries();
    let mut renew = false;
    loop {
        let token = tokens.token(renew).await.map_err(ReadFailure::SignIn)?;
        renew = false;
        let step = match exchange(http, &reader, token.expose()).await {
            Ok((head, body)) => reader.answer(&head, body),
            Err(e) => Err(e),
        };
        match step {
            Ok(Step::Done(data)) => return Ok(data),
            Ok(Step::Next) => retries = new_retries(),
            Ok(Step::RenewToken) => renew = true,
            Err(mut error) => {
                let Some(wait) = retries.wait_ms(&mut error, now_ms(), fastrand::f64()) else {
                    return Err(ReadFailure::Api(error));
                };
                tokio::time::sleep(Duration::from_millis(wait.max(0.0) as u64)).await;
            }
        }
    }
}
