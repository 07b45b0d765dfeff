//! The API: faults, token check, quota, permission, query options, then
//! the endpoint's body; CORS headers on every answer to an admitted origin.

use std::time::Instant;

use axum::body::Body;
use axum::http::header::{ALLOW, HOST, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::access::Permission;
use crate::auth::AuthOutcome;
use crate::calls::Call;
use crate::cors;
use crate::endpoint::{parse_api_path, ApiPath, Endpoint};
use crate::odata::{error_response, raw_response, ErrorCode};
use crate::query::{link_base, Listing};
use crate::state::{lock, EmulatorState};
use crate::throttle::retry_after_seconds;

/// The 401 message the service documents.
const UNAUTHORIZED_MESSAGE: &str = "Authorization has been denied for this request.";

/// Answers a request to a path under `/api`, with its raw query string.
pub async fn answer(
    state: &EmulatorState,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    let endpoint = match parse_api_path(path) {
        ApiPath::Endpoint(endpoint) => Some(endpoint),
        ApiPath::Unknown => None,
    };
    let admitted = state.origins.admitted(headers).cloned();
    if method == Method::OPTIONS {
        return preflight(admitted.as_ref());
    }
    let request = ApiRequest {
        path,
        query,
        headers,
    };
    let mut response = respond(state, method, endpoint, &request).await;
    let response_headers = response.headers_mut();
    cors::vary_on_origin(response_headers);
    if let Some(origin) = &admitted {
        cors::allow_api_origin(response_headers, origin);
    }
    lock(&state.calls).record(
        endpoint,
        Call {
            method: method.to_string(),
            path: path.to_string(),
            status: response.status().as_u16(),
            origin: cors::origin_text(headers),
        },
    );
    response
}

/// A CORS preflight: 204 for an admitted origin, else 403 without CORS
/// headers. Needs no token and is not counted.
fn preflight(admitted: Option<&HeaderValue>) -> Response {
    match admitted {
        Some(origin) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NO_CONTENT;
            let headers = response.headers_mut();
            cors::api_preflight(headers, origin);
            cors::vary_on_origin(headers);
            response
        }
        None => {
            let mut response = error_response(
                ErrorCode::Forbidden,
                "CORS preflight refused: this origin is not allowed (start the emulator with --allow-origin ORIGIN).",
            );
            cors::vary_on_origin(response.headers_mut());
            response
        }
    }
}

/// The answer before CORS headers are added.
async fn respond(
    state: &EmulatorState,
    method: &Method,
    endpoint: Option<Endpoint>,
    request: &ApiRequest<'_>,
) -> Response {
    if method != Method::GET {
        let refusal = error_response(
            ErrorCode::MethodNotAllowed,
            &format!("The requested resource does not support http method '{method}'."),
        );
        return ([(ALLOW, HeaderValue::from_static("GET, OPTIONS"))], refusal).into_response();
    }
    let listing = request.listing(endpoint, state.page_size);
    if let Some(endpoint) = endpoint {
        let fault = lock(&state.faults).take(endpoint);
        if let Some(fault) = fault {
            if !fault.delay.is_zero() {
                tokio::time::sleep(fault.delay).await;
            }
            if !fault.pass_through {
                let shown = listing
                    .clone()
                    .unwrap_or_else(|_| Listing::everything(state.page_size, request.link_base()));
                let normal_body = lock(&state.tenant).body(endpoint, &shown);
                return fault.response(normal_body);
            }
        }
    }
    let caller = match state.auth.authenticate(request.headers).await {
        AuthOutcome::Authenticated(caller) => caller,
        AuthOutcome::Unauthenticated => {
            return error_response(ErrorCode::Unauthorized, UNAUTHORIZED_MESSAGE)
        }
        AuthOutcome::InvalidToken(reason) => return invalid_token(&reason),
    };
    let admitted = lock(&state.throttle).admit(&caller.throttle_key, Instant::now());
    if let Err(wait) = admitted {
        let seconds = retry_after_seconds(wait);
        let refusal = error_response(
            ErrorCode::TooManyRequests,
            &format!("Rate limit is exceeded. Try again in {seconds} seconds."),
        );
        return ([(RETRY_AFTER, HeaderValue::from(seconds))], refusal).into_response();
    }
    let permission = endpoint.map_or(Permission::ReadScores, Endpoint::permission);
    if let Some(message) = caller.refusals.of(permission) {
        return error_response(ErrorCode::Forbidden, message);
    }
    let Some(endpoint) = endpoint else {
        return error_response(
            ErrorCode::ResourceNotFound,
            &format!(
                "No resource was found that matches the request path '{}'.",
                request.path
            ),
        );
    };
    match listing {
        Ok(listing) => {
            let body = lock(&state.tenant).body(endpoint, &listing);
            raw_response(StatusCode::OK, body, None)
        }
        Err(message) => error_response(ErrorCode::BadRequest, &message),
    }
}

/// What an API request says beyond its method: path, query and headers.
struct ApiRequest<'a> {
    path: &'a str,
    query: Option<&'a str>,
    headers: &'a HeaderMap,
}

impl ApiRequest<'_> {
    /// Where next links point: this request's host and path.
    fn link_base(&self) -> String {
        link_base(self.headers.get(HOST), self.path)
    }

    /// The query options, read for `/api/recommendations` (`Err`: the 400
    /// message); the score endpoints ignore their query.
    fn listing(&self, endpoint: Option<Endpoint>, page_size: usize) -> Result<Listing, String> {
        match endpoint {
            Some(Endpoint::Recommendations) => {
                Listing::parse(self.query, page_size, self.link_base())
            }
            _ => Ok(Listing::everything(page_size, self.link_base())),
        }
    }
}

/// 401 for a bearer token that failed the JWT checks: the documented
/// message followed by the reason, and `WWW-Authenticate: Bearer
/// error="invalid_token", error_description="<reason>"` (RFC 6750).
fn invalid_token(reason: &str) -> Response {
    let refusal = error_response(
        ErrorCode::Unauthorized,
        &format!("{UNAUTHORIZED_MESSAGE} {reason}"),
    );
    let description: String = reason
        .chars()
        .filter(|c| matches!(c, ' '..='~') && *c != '"' && *c != '\\')
        .collect();
    let challenge = format!("Bearer error=\"invalid_token\", error_description=\"{description}\"");
    let value = HeaderValue::from_str(&challenge)
        .unwrap_or(HeaderValue::from_static("Bearer error=\"invalid_token\""));
    ([(WWW_AUTHENTICATE, value)], refusal).into_response()
}
