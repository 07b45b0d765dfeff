//! The browser's HTTP for the core's card reader ([`crate::model::api::reader`]): it sends
//! what the reader asks for through the page's `fetch` and hands the answer back as a head
//! and a parsed body; the reader decides what the answer means.

use super::decode::Parsed;
use super::token::TokenRound;
use crate::model::api::reader::{check_answer, Body, CardReader, Head, Step, ACCEPT_JSON};
use crate::model::{ApiBase, CardData, CardKind, ErrorKind, ScoreError};
use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, RequestCache, RequestCredentials, RequestMode, RequestRedirect,
    ResponseType,
};

/// How long one request may take before it is aborted.
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

fn js_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "the request failed".into())
}

/// A failed fetch or body read as the user sees it: the browser's message (`Failed to fetch`).
fn network_error(e: gloo_net::Error) -> ScoreError {
    match e {
        gloo_net::Error::JsError(e) => ScoreError::network(&e.message),
        gloo_net::Error::GlooError(message) => ScoreError::network(&message),
    }
}

/// GETs `url`, aborting on `signal` or after the timeout. Redirects are not followed (the reader
/// refuses a redirect).
///
/// With the card reader's headers (the API): JSON and the bearer token, no cookies, nothing
/// cached. Without (a snapshot folder): JSON, no `Authorization` header, the page's cookies on
/// its own origin (the folder may sit behind the intranet's sign-in), and the browser's cache
/// revalidated (`no-cache`: an unchanged file costs a `304` through its ETag).
async fn get(
    url: &str,
    api_headers: Option<[(&'static str, String); 2]>,
    signal: &AbortSignal,
) -> Result<(Head, Body<Parsed>), ScoreError> {
    // A timeout aborts through a controller of its own that follows the caller's signal.
    let timeout_controller =
        AbortController::new().map_err(|e| ScoreError::network(&js_message(&e)))?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = timeout_controller.clone();
        let flag = timed_out.clone();
        Timeout::new(REQUEST_TIMEOUT_MS, move || {
            flag.set(true);
            controller.abort();
        })
    };
    let follow = {
        let controller = timeout_controller.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || controller.abort())
    };
    if signal.aborted() {
        timeout_controller.abort();
    }
    signal.set_onabort(Some(follow.as_ref().unchecked_ref()));
    let result = async {
        let request = Request::get(url)
            .redirect(RequestRedirect::Manual)
            .mode(RequestMode::Cors)
            .abort_signal(Some(&timeout_controller.signal()));
        let request = match &api_headers {
            Some(headers) => headers
                .iter()
                .fold(request, |request, (name, value)| {
                    request.header(name, value)
                })
                .credentials(RequestCredentials::Omit)
                .cache(RequestCache::NoStore),
            None => request
                .header("Accept", ACCEPT_JSON)
                .credentials(RequestCredentials::SameOrigin)
                .cache(RequestCache::NoCache),
        }
        .build()
        .map_err(network_error)?;
        read(send(request).await?).await
    }
    .await;
    signal.set_onabort(None);
    drop(follow);
    timer.cancel();
    // A timeout aborts the request or the body's read: either failure says it timed out.
    let said = |e: ScoreError| {
        if timed_out.get() && e.kind == ErrorKind::Network {
            ScoreError::network("the request timed out")
        } else {
            e
        }
    };
    match result {
        Ok((head, Body::Broken(e))) => Ok((head, Body::Broken(said(e)))),
        other => other.map_err(said),
    }
}

/// Calls the page's `fetch` with `request`. Not gloo-net's `send()`: that panics when `fetch`
/// resolves to something other than a `Response` or rejects with something other than an
/// `Error`, which a host page's own `fetch` wrapper may do; here both are network errors.
async fn send(request: Request) -> Result<web_sys::Response, ScoreError> {
    let window = web_sys::window().ok_or_else(|| ScoreError::network("no window"))?;
    let request = web_sys::Request::from(request);
    JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| ScoreError::network(&js_message(&e)))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| ScoreError::network("fetch returned no response"))
}

/// The answer's status and headers as the reader wants them, and its body if the reader
/// says it is worth reading: its text, then `JSON.parse`.
async fn read(raw: web_sys::Response) -> Result<(Head, Body<Parsed>), ScoreError> {
    // `Clone::clone`: a second handle on the same response (`Response.clone()` would tee its body).
    let response = Response::from(Clone::clone(&raw));
    let headers = response.headers();
    let mut head = Head::new(response.status());
    head.redirected = response.type_() == ResponseType::Opaqueredirect;
    for name in Head::HEADERS {
        head = head.header(name, headers.get(name));
    }
    let body = match head.body_limit() {
        None => Body::NotRead,
        Some(limit) => match text(&raw).await {
            Err(e) => Body::Broken(e),
            Ok(text) if text.len() as u64 > limit => Body::TooLarge,
            Ok(text) => {
                js_sys::JSON::parse(&text).map_or(Body::NotJson, |json| Body::Json(Parsed(json)))
            }
        },
    };
    Ok((head, body))
}

/// The whole body as text, read through the raw response for the same reason as [`send`].
async fn text(response: &web_sys::Response) -> Result<String, ScoreError> {
    let promise = response
        .text()
        .map_err(|e| ScoreError::network(&js_message(&e)))?;
    let body = JsFuture::from(promise)
        .await
        .map_err(|e| ScoreError::network(&js_message(&e)))?;
    Ok(body.as_string().unwrap_or_default())
}

/// GETs a published snapshot file with no token (see [`get`]): checked as an API answer is
/// (status, type, size), then handed back parsed.
pub async fn fetch_snapshot_file(url: &str, signal: &AbortSignal) -> Result<JsValue, ScoreError> {
    let (head, body) = get(url, None, signal).await?;
    check_answer(&head, body).map(|parsed| parsed.0)
}

/// Reads one card's endpoint as the core's [`CardReader`] directs: every page, a new token
/// once after a 401, and the reading checked.
pub async fn fetch_card(
    kind: CardKind,
    base: &ApiBase,
    tokens: &TokenRound,
    signal: &AbortSignal,
) -> Result<CardData, ScoreError> {
    let mut reader = CardReader::new(kind, base);
    let mut renew = false;
    loop {
        let token = if renew {
            tokens.refreshed().await?
        } else {
            tokens.token().await?
        };
        let (head, body) = get(reader.url(), Some(reader.headers(&token)), signal).await?;
        match reader.answer(&head, body)? {
            Step::Next => renew = false,
            Step::RenewToken => renew = true,
            Step::Done(data) => return Ok(data),
        }
    }
}
