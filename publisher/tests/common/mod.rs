//! Shared helpers: the emulator (and stand-in sign-in servers) in-process on free ports, the
//! publisher binary run with a deadline, the written folder read back.

#![allow(dead_code)]

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use defender_api_emulator::auth::Authenticator;
use defender_api_emulator::config::{parse_args, Command as EmulatorCommand};
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything in a test may take before it counts as hung.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// The emulator's fixed token that may read scores.
pub const TOKEN: &str = "demo-token";
/// The tenant id the tests publish for (the fixed token names none).
pub const TENANT: &str = "8f2c0c1e-6b5b-4c8e-9a55-7c2d5f0e7d11";

/// One request a server saw: its path and when.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The path (no query).
    pub path: String,
    /// When it arrived.
    pub at: Instant,
}

/// A tokio runtime serving routers on free ports; stops when dropped.
pub struct Servers {
    runtime: tokio::runtime::Runtime,
}

impl Servers {
    /// A runtime with two worker threads.
    pub fn new() -> Servers {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        Servers { runtime }
    }

    /// Serves `router` on 127.0.0.1 on a free port; returns `http://127.0.0.1:PORT` and the
    /// log of the requests it saw.
    pub fn serve(&self, router: Router) -> (String, Arc<Mutex<Vec<Seen>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let router = router.layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let log = Arc::clone(&log);
                async move {
                    log.lock().unwrap().push(Seen {
                        path: request.uri().path().to_owned(),
                        at: Instant::now(),
                    });
                    let response: Response = next.run(request).await;
                    response
                }
            },
        ));
        let listener = self
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a free port");
        let addr = listener.local_addr().expect("an address");
        self.runtime.spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        (format!("http://{addr}"), seen)
    }

    /// Runs a future on the runtime.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }
}

/// The emulator, in-process, with its demo tenant and fixed tokens.
pub struct Emulator {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Every request it saw.
    pub seen: Arc<Mutex<Vec<Seen>>>,
    servers: Servers,
}

impl Emulator {
    /// Starts it with `args` (emulator flags).
    pub fn start(args: &[&str]) -> Emulator {
        let servers = Servers::new();
        let config = match parse_args(args.iter().map(|a| a.to_string())).expect("emulator flags") {
            EmulatorCommand::Run(config) => *config,
            EmulatorCommand::Help => panic!("help asked"),
        };
        let auth = servers
            .block_on(Authenticator::from_config(&config))
            .expect("the emulator's authenticator");
        let router = defender_api_emulator::router(&config, auth).expect("the emulator's router");
        let (base, seen) = servers.serve(router);
        Emulator {
            base,
            seen,
            servers,
        }
    }

    /// A control API call; returns the JSON answer.
    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        self.servers.block_on(async {
            let client = reqwest::Client::new();
            let mut request = client.request(method.parse().expect("a method"), &url);
            if let Some(body) = body {
                request = request
                    .header("Content-Type", "application/json")
                    .body(body.to_string());
            }
            let response = request.send().await.expect("the control API answers");
            let status = response.status();
            let text = response.text().await.expect("a body");
            assert!(status.is_success(), "{method} {path}: {status} {text}");
            serde_json::from_str(&text).unwrap_or(Value::Null)
        })
    }

    /// Queues faults.
    pub fn fault(&self, fault: Value) {
        self.control("POST", "/_emulator/faults", Some(fault));
    }

    /// Changes the tenant's scores.
    pub fn set_tenant(&self, update: Value) {
        self.control("PUT", "/_emulator/tenant", Some(update));
    }

    /// The requests seen for an API path (`/api/exposureScore`).
    pub fn calls_to(&self, path: &str) -> Vec<Instant> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .map(|s| s.at)
            .collect()
    }

    /// The servers' runtime, to serve stand-ins beside the emulator.
    pub fn servers(&self) -> &Servers {
        &self.servers
    }
}

/// The publisher binary with `args`, the environment `env` (and nothing secret inherited).
pub fn publisher(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_defender-score-publisher"));
    command
        .args(args)
        .env_remove("DEFENDER_CLIENT_SECRET")
        .env_remove("IDENTITY_ENDPOINT")
        .env_remove("IDENTITY_HEADER")
        .env_remove("MSI_ENDPOINT")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs the publisher to its end, within the deadline.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let child = publisher(args, env).spawn().expect("the publisher starts");
    wait(child)
}

/// Waits for `child` to exit, killing it at the deadline.
pub fn wait(mut child: Child) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let output = child.wait_with_output().expect("output");
            panic!(
                "the publisher did not exit in time; stdout {} stderr {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The arguments of a publish from the emulator with the fixed token into `out`.
pub fn token_args<'a>(emulator: &'a Emulator, out: &'a Path) -> Vec<String> {
    vec![
        "--out".into(),
        out.display().to_string(),
        "--api-base".into(),
        emulator.base.clone(),
        "--access-token-env".into(),
        "DEFENDER_TEST_TOKEN".into(),
        "--tenant-id".into(),
        TENANT.into(),
    ]
}

/// The environment of [`token_args`].
pub const TOKEN_ENV: [(&str, &str); 1] = [("DEFENDER_TEST_TOKEN", TOKEN)];

/// Runs a publish with the fixed token into `out`, plus `extra` flags.
pub fn publish(emulator: &Emulator, out: &Path, extra: &[&str]) -> Output {
    let mut args = token_args(emulator, out);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args, &TOKEN_ENV)
}

/// stdout and stderr as text.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A file of the folder as JSON.
pub fn json(out: &Path, name: &str) -> Value {
    let mut text = String::new();
    std::fs::File::open(out.join(name))
        .and_then(|mut f| f.read_to_string(&mut text))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// The folder read back as the widget reads it (the core's `check_snapshot` and
/// `check_history` on `JSON.parse`'s stand-in); panics when a file does not check.
pub fn read_folder(out: &Path) -> Folder {
    use defender_score_core::model::snapshot::{
        check_history, check_size, check_snapshot, History, RawHistory, RawSnapshot, Snapshot,
    };
    use serde::Deserialize;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as f64;
    let snapshot_text = std::fs::read_to_string(out.join("snapshot.json")).expect("snapshot.json");
    check_size(snapshot_text.len()).expect("snapshot.json is small enough");
    let value: Value = serde_json::from_str(&snapshot_text).expect("snapshot.json is JSON");
    let raw = RawSnapshot::deserialize(value).expect("snapshot.json decodes");
    let checked = check_snapshot(raw, now).expect("snapshot.json checks");
    let readings = checked
        .readings
        .iter()
        .map(|(kind, r)| {
            r.clone()
                .unwrap_or_else(|p| panic!("the {kind:?} reading: {p:?}"))
        })
        .collect();
    let snapshot: Snapshot = serde_json::from_str(&snapshot_text).expect("snapshot.json");
    let history_text = std::fs::read_to_string(out.join("history.json")).expect("history.json");
    let value: Value = serde_json::from_str(&history_text).expect("history.json is JSON");
    let raw = RawHistory::deserialize(value).expect("history.json decodes");
    let records = check_history(raw, &checked.tenant, now).expect("history.json checks");
    let history: History = serde_json::from_str(&history_text).expect("history.json");
    assert_eq!(records, history.records, "the history reads back unchanged");
    let csv = std::fs::read_to_string(out.join("history.csv")).expect("history.csv");
    Folder {
        snapshot,
        checked,
        readings,
        history,
        csv,
    }
}

/// A folder as read back.
pub struct Folder {
    /// `snapshot.json`, as written.
    pub snapshot: defender_score_core::model::snapshot::Snapshot,
    /// `snapshot.json`, as the widget checks it.
    pub checked: defender_score_core::model::snapshot::CheckedSnapshot,
    /// Its readings, checked.
    pub readings: Vec<defender_score_core::model::Fresh>,
    /// `history.json`.
    pub history: defender_score_core::model::snapshot::History,
    /// `history.csv`.
    pub csv: String,
}
impl Folder {
    /// The score of a single-score card's reading.
    pub fn score(&self, kind: defender_score_core::model::CardKind) -> Option<f64> {
        use defender_score_core::model::CardData;
        self.readings.iter().find_map(|f| match (&f.data, kind) {
            (CardData::Exposure(e), defender_score_core::model::CardKind::Exposure) => {
                Some(e.score)
            }
            (CardData::Device(d), defender_score_core::model::CardKind::Device) => Some(d.score),
            _ => None,
        })
    }
}
