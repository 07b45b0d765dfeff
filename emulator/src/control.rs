//! The control API under `/_emulator/` that tests use to queue faults,
//! change the tenant (scores and recommendations), read the call log and
//! reset. No token; any origin.

use axum::body::{to_bytes, Body};
use axum::http::header::ALLOW;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::cors;
use crate::faults::posted::parse_faults;
use crate::odata::{error_body, ErrorCode};
use crate::state::{lock, EmulatorState};

/// Where the control API lives.
pub const PREFIX: &str = "/_emulator";

/// The largest fault request body read (1 MiB).
const FAULTS_BODY_LIMIT: usize = 1 << 20;

/// The largest tenant request body read (64 MiB): room for tens of
/// thousands of recommendations.
const TENANT_BODY_LIMIT: usize = 64 << 20;

/// Whether `path` belongs to the control API.
pub fn is_control_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/_emulator/")
}

/// Answers a control API request; every answer allows any origin.
pub async fn answer(
    state: &EmulatorState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: Body,
) -> Response {
    let mut response = if method == Method::OPTIONS {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NO_CONTENT;
        cors::control_preflight(response.headers_mut(), headers);
        response
    } else {
        respond(state, method, path, body).await
    };
    cors::allow_any_origin(response.headers_mut());
    response
}

/// The answer to one control request.
async fn respond(state: &EmulatorState, method: &Method, path: &str, body: Body) -> Response {
    let resource = path.strip_suffix('/').unwrap_or(path);
    let allowed = match resource {
        "/_emulator/faults" => "GET, POST, DELETE, OPTIONS",
        "/_emulator/tenant" => "GET, PUT, OPTIONS",
        "/_emulator/calls" | "/_emulator/health" => "GET, OPTIONS",
        "/_emulator/reset" => "POST, OPTIONS",
        _ => {
            return failure(
                StatusCode::NOT_FOUND,
                &format!("no control resource {path}; see the emulator README"),
            )
        }
    };
    match (resource, method.as_str()) {
        ("/_emulator/faults", "POST") => queue_faults(state, body).await,
        ("/_emulator/faults", "DELETE") => {
            let cleared = lock(&state.faults).clear();
            success(json!({ "cleared": cleared }))
        }
        ("/_emulator/faults", "GET") => success(lock(&state.faults).to_json()),
        ("/_emulator/tenant", "GET") => success(lock(&state.tenant).to_json()),
        ("/_emulator/tenant", "PUT") => update_tenant(state, body).await,
        ("/_emulator/calls", "GET") => success(lock(&state.calls).to_json()),
        ("/_emulator/reset", "POST") => {
            state.reset();
            success(json!({ "reset": true }))
        }
        ("/_emulator/health", "GET") => "ok".into_response(),
        _ => {
            let refusal = failure(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{path} accepts {allowed}, not {method}"),
            );
            ([(ALLOW, HeaderValue::from_static(allowed))], refusal).into_response()
        }
    }
}

/// `POST /_emulator/faults`: queues the posted faults after those waiting.
async fn queue_faults(state: &EmulatorState, body: Body) -> Response {
    let bytes = match read_body(body, FAULTS_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    match parse_faults(&bytes) {
        Ok(faults) => {
            let queued = faults.len();
            let mut queue = lock(&state.faults);
            queue.push(faults);
            success(json!({ "queued": queued, "pending": queue.len() }))
        }
        Err(message) => failure(StatusCode::BAD_REQUEST, &message),
    }
}

/// `PUT /_emulator/tenant`: changes the scores and recommendations served
/// from now on.
async fn update_tenant(state: &EmulatorState, body: Body) -> Response {
    let bytes = match read_body(body, TENANT_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let update: Value = match serde_json::from_slice(&bytes) {
        Ok(update) => update,
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                &format!("the body is not JSON: {e}"),
            )
        }
    };
    let mut tenant = lock(&state.tenant);
    match tenant.apply(&update) {
        Ok(()) => success(tenant.to_json()),
        Err(message) => failure(StatusCode::BAD_REQUEST, &message),
    }
}

/// The request body, or a 400 answer if it cannot be read or is larger
/// than `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Result<Vec<u8>, Response> {
    to_bytes(body, limit)
        .await
        .map(|bytes| bytes.to_vec())
        .map_err(|_| {
            failure(
                StatusCode::BAD_REQUEST,
                &format!(
                    "the body could not be read or is larger than {} MiB",
                    limit >> 20
                ),
            )
        })
}

/// 200 with `value` as JSON.
fn success(value: Value) -> Response {
    json_response(StatusCode::OK, &value)
}

/// An error answer in the same `{"error":{"code","message","target"}}` shape.
fn failure(status: StatusCode, message: &str) -> Response {
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::ResourceNotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        _ => ErrorCode::BadRequest,
    };
    json_response(status, &error_body(code, message))
}

/// A plain `application/json` answer.
fn json_response(status: StatusCode, value: &Value) -> Response {
    (status, Json(value)).into_response()
}
