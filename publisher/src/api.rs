//! Reading the three endpoints natively with the widget's own checks (`defender-score-core`):
//! the status before the body, the content type and size, then the body decoded with serde
//! into the core's permissive types and validated; `@odata.nextLink` followed with the
//! widget's paging rule. `Retry-After` is honoured on 429 and 5xx and network failures back
//! off, with the core's retry rules.

use crate::http::read_limited;
use crate::signin::{SignInError, Tokens};
use defender_score_core::model::api::paging::GroupPages;
use defender_score_core::model::api::raw::{RawGroupPage, RawScore};
use defender_score_core::model::api::response::{check_headers, MAX_BODY_BYTES};
use defender_score_core::model::refresh::retry::after_failure;
use defender_score_core::model::{
    ApiBase, CardData, CardKind, ErrorKind, ODataErrorBody, Problem, ScoreError,
};
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

/// One GET: status, headers and size checked, the body parsed as JSON.
async fn get_once(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> Result<(u16, Value), ScoreError> {
    let response = http
        .get(url)
        .bearer_auth(token)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| network(&e))?;
    let status = response.status().as_u16();
    if (300..400).contains(&status) {
        return Err(ScoreError::invalid(status, Problem::Redirected));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let content_length = header("content-length");
    let retry_after = header("retry-after");
    let limit = MAX_BODY_BYTES as usize;
    if status != 200 {
        // An error body is read only if it is small JSON; only its strings are believed.
        let body = match check_headers(content_type.as_deref(), content_length.as_deref()) {
            Ok(()) => read_limited(response, limit)
                .await
                .ok()
                .flatten()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                .and_then(|json| decode(json).ok().and_then(ODataErrorBody::read)),
            Err(_) => None,
        };
        return Err(ScoreError::from_status(
            status,
            body.as_ref(),
            retry_after.as_deref(),
        ));
    }
    check_headers(content_type.as_deref(), content_length.as_deref())
        .map_err(|p| ScoreError::invalid(status, p))?;
    let body = read_limited(response, limit)
        .await
        .map_err(|e| network(&e))?
        .ok_or(ScoreError::invalid(
            status,
            Problem::TooLarge {
                limit: MAX_BODY_BYTES,
            },
        ))?;
    let json = serde_json::from_slice::<Value>(&body)
        .map_err(|_| ScoreError::invalid(status, Problem::NotJson))?;
    Ok((status, json))
}

/// One GET with a token, tried again as the core's retry rules say: after `Retry-After` on
/// 429 (up to [`MAX_RETRY_AFTER`], [`MAX_THROTTLED_TRIES`] tries), with backoff after 5xx and
/// network failures; after a 401, once more with a new token.
async fn get(
    http: &reqwest::Client,
    url: &str,
    tokens: &mut Tokens,
) -> Result<(u16, Value), ReadFailure> {
    let mut backoffs = 0;
    let mut throttled = 0;
    let mut renewed = false;
    let mut renew = false;
    loop {
        let token = tokens.token(renew).await.map_err(ReadFailure::SignIn)?;
        renew = false;
        let mut error = match get_once(http, url, token.expose()).await {
            Ok(answer) => return Ok(answer),
            Err(e) => e,
        };
        if error.kind == ErrorKind::Unauthorized && error.status == 401 && !renewed {
            renewed = true;
            renew = true;
            continue;
        }
        if error.kind == ErrorKind::Throttled {
            throttled += 1;
        }
        let next = after_failure(&mut error, &mut backoffs, now_ms(), fastrand::f64());
        let wait = match next.retry_in_ms {
            Some(ms) if error.kind == ErrorKind::Throttled => {
                if throttled >= MAX_THROTTLED_TRIES || ms > MAX_RETRY_AFTER.as_millis() as f64 {
                    return Err(ReadFailure::Api(error));
                }
                ms
            }
            Some(ms) => ms,
            None => return Err(ReadFailure::Api(error)),
        };
        tokio::time::sleep(Duration::from_millis(wait.max(0.0) as u64)).await;
    }
}

/// Reads one card's endpoint (all pages, for groups) and validates it as the widget does.
pub async fn read_card(
    http: &reqwest::Client,
    base: &ApiBase,
    kind: CardKind,
    tokens: &mut Tokens,
) -> Result<CardData, ReadFailure> {
    let url = base.url(kind.path());
    let invalid = |status, p| ReadFailure::Api(ScoreError::invalid(status, p));
    match kind {
        CardKind::Exposure | CardKind::Device => {
            let (status, json) = get(http, &url, tokens).await?;
            let raw = decode(json)
                .and_then(RawScore::from_body)
                .map_err(|p| invalid(status, p))?;
            if kind == CardKind::Exposure {
                raw.into_exposure()
                    .map(CardData::Exposure)
                    .map_err(|p| invalid(status, p))
            } else {
                raw.into_device()
                    .map(CardData::Device)
                    .map_err(|p| invalid(status, p))
            }
        }
        CardKind::Groups => {
            let mut pages = GroupPages::new(base, url.clone());
            let mut next = url;
            loop {
                let (status, json) = get(http, &next, tokens).await?;
                let page = decode(json)
                    .and_then(RawGroupPage::from_body)
                    .map_err(|p| invalid(status, p))?;
                match pages.add(page).map_err(|p| invalid(status, p))? {
                    Some(link) => next = link,
                    None => break,
                }
            }
            Ok(CardData::Groups(pages.finish()))
        }
    }
}
