//! A local emulator of the Microsoft Defender for Endpoint score API
//! (`exposureScore`, `configurationScore`, `exposureScore/ByMachineGroups`)
//! and its security recommendations (`recommendations`), with bearer-token
//! checks, CORS, throttling, injected faults and a control API for tests. It is an independent reading of the API documentation and
//! shares no code with the widget.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

// The modules, one group per layer: a module uses only modules of its own
// group or of the groups before it (facts and configuration at the bottom,
// token verification on them, request handling on top).

// Facts and types of the API.
pub mod access; // the API's audience, the permissions per endpoint, the Caller a token stands for
pub mod calls; // the log of API calls that the control API reports
pub mod endpoint; // the emulated endpoints, the permission each needs, how paths map onto them
pub mod key_source; // key source URLs, discovery documents and the client that reads them
pub mod odata; // the OData envelope: content type, error bodies, number format
pub mod query; // $filter, $top and $skip of /api/recommendations, paging and nextLink
pub mod tenant; // a tenant's scores and recommendations, the demo tenant, the endpoints' bodies
pub mod throttle; // the quota: what calls count under, sliding windows, admitted calls
pub mod timestamp; // the `time` field of score answers

// Configuration.
pub mod config; // the command line read into a Config, with JWT mode's settings

// Verification.
pub mod auth; // the Authorization header judged: fixed demo tokens, or the JWT verifier
pub mod jwt; // real JWT checks: claims, signing keys, the verifier, loading keys at start

// Request handling.
pub mod api; // the API: faults, token, quota, permission, query options, then the body
pub mod control; // the control API under /_emulator/ that tests use
pub mod cors; // which origins may read answers, and the headers that say so
pub mod faults; // injected faults: what tests post, the queue, the answers they give
pub mod state; // everything the emulator remembers between requests
pub mod static_files; // `--static DIR`: files served with the emulator's headers

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;

use crate::auth::Authenticator;
use crate::config::Config;
use crate::state::EmulatorState;

/// The line printed to stdout once the emulator accepts connections,
/// followed by `http://ADDR:PORT`.
pub const LISTENING_PREFIX: &str = "defender-api-emulator listening on ";

/// The whole HTTP service for `config`, judging tokens with `auth`: API,
/// control API and static files.
pub fn router(config: &Config, auth: Authenticator) -> Result<Router, String> {
    let state = Arc::new(EmulatorState::new(config, auth)?);
    Ok(Router::new().fallback(dispatch).with_state(state))
}

/// Loads the signing keys (JWT mode), binds, prints the listening line, and
/// serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), String> {
    let auth = Authenticator::from_config(&config).await?;
    let app = router(&config, auth)?;
    let listener = TcpListener::bind((config.bind, config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.bind, config.port))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    announce(address)?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

/// Prints and flushes the listening line.
fn announce(address: SocketAddr) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{LISTENING_PREFIX}http://{address}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write the listening line: {e}"))
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Routes one request and logs it.
async fn dispatch(State(state): State<Arc<EmulatorState>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = route(&state, &method, &path, request).await;
    log_request(&method, &path, response.status(), started.elapsed());
    response
}

/// Sends a request to the control API, the score API or the static files.
async fn route(state: &EmulatorState, method: &Method, path: &str, request: Request) -> Response {
    if control::is_control_path(path) {
        let (parts, body) = request.into_parts();
        control::answer(state, method, path, &parts.headers, body).await
    } else if endpoint::is_api_path(path) {
        api::answer(
            state,
            method,
            path,
            request.uri().query(),
            request.headers(),
        )
        .await
    } else if let Some(site) = &state.static_site {
        static_files::serve(site, request).await
    } else {
        static_files::not_found()
    }
}

/// One stderr line per request: method, path, status, duration. Never
/// headers, so never a token.
fn log_request(method: &Method, path: &str, status: StatusCode, elapsed: Duration) {
    let millis = elapsed.as_secs_f64() * 1000.0;
    let _ = writeln!(
        std::io::stderr().lock(),
        "{method} {path} {} {millis:.1}ms",
        status.as_u16()
    );
}
