//! One request helper and one function per card: status checked before the body is read,
//! the body checked before it is believed.

use super::decode::decode;
use super::token::TokenRound;
use crate::model::api::paging::GroupPages;
use crate::model::api::raw::{RawGroupPage, RawScore};
use crate::model::api::response::{check_headers, MAX_BODY_BYTES};
use crate::model::{ApiBase, CardData, CardKind, ErrorKind, ODataErrorBody, Problem, ScoreError};
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

/// An answer that passed the status and header checks, parsed from JSON.
struct Answer {
    status: u16,
    json: JsValue,
}

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

/// GETs `url`, aborting on `signal` or after the timeout. Redirects are not followed (a
/// redirect is refused in [`read`]).
///
/// With a token (the API): the bearer token, no cookies, nothing cached. Without (a snapshot
/// folder): no `Authorization` header, the page's cookies on its own origin (the folder may
/// sit behind the intranet's sign-in), and the browser's cache revalidated (`no-cache`: an
/// unchanged file costs a `304` through its ETag).
async fn get(url: &str, token: Option<&str>, signal: &AbortSignal) -> Result<Answer, ScoreError> {
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
            .header("Accept", "application/json")
            .redirect(RequestRedirect::Manual)
            .mode(RequestMode::Cors)
            .abort_signal(Some(&timeout_controller.signal()));
        let request = match token {
            Some(token) => request
                .header("Authorization", &format!("Bearer {token}"))
                .credentials(RequestCredentials::Omit)
                .cache(RequestCache::NoStore),
            None => request
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
    result.map_err(|e| {
        if timed_out.get() && e.kind == ErrorKind::Network {
            ScoreError::network("the request timed out")
        } else {
            e
        }
    })
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

/// Checks status, type and size, then parses the JSON.
async fn read(raw: web_sys::Response) -> Result<Answer, ScoreError> {
    // `Clone::clone`: a second handle on the same response (`Response.clone()` would tee its body).
    let response = Response::from(Clone::clone(&raw));
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(ScoreError::invalid(0, Problem::Redirected));
    }
    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name);
    if status != 200 {
        // An error body is read only if it is small JSON; it is never trusted beyond its strings.
        let body = match check_headers(
            header("content-type").as_deref(),
            header("content-length").as_deref(),
        ) {
            Ok(()) => text(&raw)
                .await
                .ok()
                .and_then(|t| js_sys::JSON::parse(&t).ok())
                .and_then(|json| decode(json).ok().and_then(ODataErrorBody::read)),
            Err(_) => None,
        };
        return Err(ScoreError::from_status(
            status,
            body.as_ref(),
            header("retry-after").as_deref(),
        ));
    }
    check_headers(
        header("content-type").as_deref(),
        header("content-length").as_deref(),
    )
    .map_err(|p| ScoreError::invalid(status, p))?;
    let body = text(&raw).await?;
    let json =
        js_sys::JSON::parse(&body).map_err(|_| ScoreError::invalid(status, Problem::NotJson))?;
    Ok(Answer { status, json })
}

/// The whole body as text, refused when it is over [`MAX_BODY_BYTES`].
async fn text(response: &web_sys::Response) -> Result<String, ScoreError> {
    // Read through the raw response, for the same reason as [`send`].
    let promise = response
        .text()
        .map_err(|e| ScoreError::network(&js_message(&e)))?;
    let body = JsFuture::from(promise)
        .await
        .map_err(|e| ScoreError::network(&js_message(&e)))?
        .as_string()
        .unwrap_or_default();
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(ScoreError::invalid(
            response.status(),
            Problem::TooLarge {
                limit: MAX_BODY_BYTES,
            },
        ));
    }
    Ok(body)
}

/// GETs `url` with the round's token; after a 401, once more with a refreshed token.
async fn get_authorized(
    url: &str,
    tokens: &TokenRound,
    signal: &AbortSignal,
) -> Result<Answer, ScoreError> {
    let token = tokens.token().await?;
    match get(url, Some(&token), signal).await {
        Err(e) if e.kind == ErrorKind::Unauthorized && e.status == 401 => {
            let fresh = tokens.refreshed().await?;
            get(url, Some(&fresh), signal).await
        }
        other => other,
    }
}

/// GETs a published snapshot file with no token (see [`get`]): its status, type and size
/// checked as an API answer's are, then parsed from JSON.
pub async fn fetch_published(url: &str, signal: &AbortSignal) -> Result<JsValue, ScoreError> {
    get(url, None, signal).await.map(|answer| answer.json)
}

/// Reads one card's endpoint (all pages, for groups) and validates it.
pub async fn fetch_card(
    kind: CardKind,
    base: &ApiBase,
    tokens: &TokenRound,
    signal: &AbortSignal,
) -> Result<CardData, ScoreError> {
    let url = base.url(kind.path());
    match kind {
        CardKind::Exposure | CardKind::Device => {
            let answer = get_authorized(&url, tokens, signal).await?;
            let invalid = |p| ScoreError::invalid(answer.status, p);
            let raw = decode(answer.json)
                .and_then(RawScore::from_body)
                .map_err(invalid)?;
            if kind == CardKind::Exposure {
                raw.into_exposure().map(CardData::Exposure).map_err(invalid)
            } else {
                raw.into_device().map(CardData::Device).map_err(invalid)
            }
        }
        CardKind::Groups => {
            let mut pages = GroupPages::new(base, url.clone());
            let mut next = url;
            loop {
                let answer = get_authorized(&next, tokens, signal).await?;
                let invalid = |p| ScoreError::invalid(answer.status, p);
                let page = decode(answer.json)
                    .and_then(RawGroupPage::from_body)
                    .map_err(invalid)?;
                match pages.add(page).map_err(invalid)? {
                    Some(link) => next = link,
                    None => break,
                }
            }
            Ok(CardData::Groups(pages.finish()))
        }
    }
}
