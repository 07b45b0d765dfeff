//! The score API: faults, token check, quota, permission, then the
//! endpoint's body; CORS headers on every answer to an admitted origin.

use std::time::Instant;

use axum::body::Body;
use axum::http::header::{ALLOW, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::AuthOutcome;
use crate::calls::Call;
use crate::cors;
use crate::endpoint::{parse_api_path, ApiPath, Endpoint};
use crate::odata::{error_response, raw_response, ErrorCode};
use crate::state::{lock, EmulatorState};
use crate::throttle::retry_after_seconds;

/// The 401 message the service documents.
const UNAUTHORIZED_MESSAGE: &str = "Authorization has been denied for this request.";

/// Answers a request to a path under `/api`.
pub async fn answer(
    state: &EmulatorState,
    method: &Method,
    path: &str,
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
    let mut response = respond(state, method, endpoint, path, headers).await;
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
    path: &str,
    headers: &HeaderMap,
) -> Response {
    if method != Method::GET {
        let refusal = error_response(
            ErrorCode::MethodNotAllowed,
            &format!("The requested resource does not support http method '{method}'."),
        );
        return ([(ALLOW, HeaderValue::from_static("GET, OPTIONS"))], refusal).into_response();
    }
    if let Some(endpoint) = endpoint {
        let fault = lock(&state.faults).take(endpoint);
        if let Some(fault) = fault {
            if !fault.delay.is_zero() {
                tokio::time::sleep(fault.delay).await;
            }
            if !fault.pass_through {
                let normal_body = lock(&state.tenant).body(endpoint);
                return fault.response(normal_body);
            }
        }
    }
    let caller = match state.auth.authenticate(headers).await {
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
    if let Some(message) = &caller.forbidden {
        return error_response(ErrorCode::Forbidden, message);
    }
    match endpoint {
        Some(endpoint) => {
            let body = lock(&state.tenant).body(endpoint);
            raw_response(StatusCode::OK, body, None)
        }
        None => error_response(
            ErrorCode::ResourceNotFound,
            &format!("No resource was found that matches the request path '{path}'."),
        ),
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
