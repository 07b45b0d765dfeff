//! Shared helpers for the integration tests: start the emulator binary on a
//! free port, talk HTTP/1.1 to it over a plain TCP stream, read fixtures.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// How long anything in a test may take before it counts as hung.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The token the emulator accepts by default.
pub const TOKEN: &str = "demo-token";

/// The token that authenticates but lacks Score.Read, by default.
pub const FORBIDDEN_TOKEN: &str = "demo-token-no-permission";

/// The API's `time` format: UTC, seven fractional digits, `Z`.
const API_TIME: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z"
);

/// The API's JSON content type.
pub const API_JSON: &str = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

/// A running emulator; killed when dropped.
pub struct Emulator {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The listening line as printed.
    pub listening_line: String,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Emulator {
    /// Starts the binary with `--port 0` and `args`, and waits (with a
    /// deadline) for its listening line.
    pub fn start(args: &[&str]) -> Emulator {
        Emulator::start_with_env(args, &[])
    }

    /// [`Emulator::start`] with these environment variables set.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Emulator {
        let mut child = Command::new(env!("CARGO_BIN_EXE_defender-api-emulator"))
            .args(["--port", "0"])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the emulator binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = sender.send(line);
            }
            for _ in lines {}
        });
        let mut emulator = Emulator {
            child,
            addr: String::new(),
            listening_line: String::new(),
            stderr: lines,
        };
        let line = receiver
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("no listening line; stderr: {:?}", emulator.stderr_lines()));
        let addr = line
            .strip_prefix("defender-api-emulator listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        emulator.addr = addr;
        emulator.listening_line = line;
        emulator
    }

    /// The stderr lines so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until a stderr line satisfies `wanted`, or panics at the deadline.
    pub fn wait_for_log(&self, what: &str, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let started = Instant::now();
        loop {
            let lines = self.stderr_lines();
            if lines.iter().any(|line| wanted(line)) {
                return lines;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "no log line {what}; got {lines:?}"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends one request and reads the whole answer.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Reply {
        request(&self.addr, method, path, headers, body)
    }

    /// `GET path` with `Authorization: Bearer demo-token`.
    pub fn get_authorized(&self, path: &str) -> Reply {
        self.request(
            "GET",
            path,
            &[("Authorization", &format!("Bearer {TOKEN}"))],
            None,
        )
    }

    /// `GET path` with `Authorization: Bearer token`.
    pub fn get_with_token(&self, path: &str, token: &str) -> Reply {
        self.request(
            "GET",
            path,
            &[("Authorization", &format!("Bearer {token}"))],
            None,
        )
    }

    /// A control API call with a JSON body.
    pub fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let text = body.map(Value::to_string);
        self.request(
            method,
            path,
            &[("Content-Type", "application/json")],
            text.as_deref(),
        )
    }

    /// Queues faults and asserts they were accepted.
    pub fn queue_fault(&self, fault: Value) {
        let reply = self.control("POST", "/_emulator/faults", Some(&fault));
        assert_eq!(reply.status, 200, "fault {fault} refused: {}", reply.text());
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether any `Access-Control-*` header came back.
    pub fn has_cors_headers(&self) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.starts_with("access-control-"))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; panics with the text if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.text()))
    }
}

/// Sends one HTTP/1.1 request (`Connection: close`) to `addr` and reads the
/// answer, with [`DEADLINE`] as the socket timeout.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connects to the emulator");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream.set_write_timeout(Some(DEADLINE)).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the answer");
    parse_reply(&raw, method == "HEAD")
}

fn parse_reply(raw: &[u8], head_only: bool) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if head_only {
        Vec::new()
    } else if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .expect("chunk size");
        rest = &rest[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// A fixture from `tests/fixtures/` (copies of the documented examples).
pub fn fixture(name: &str) -> Value {
    let text = match name {
        "exposure-score" => include_str!("../fixtures/exposure-score.json"),
        "configuration-score" => include_str!("../fixtures/configuration-score.json"),
        "exposure-score-by-machine-groups" => {
            include_str!("../fixtures/exposure-score-by-machine-groups.json")
        }
        "error-not-found" => include_str!("../fixtures/error-not-found.json"),
        other => panic!("no fixture {other}"),
    };
    serde_json::from_str(text).unwrap()
}

/// Asserts `time` is `YYYY-MM-DDTHH:MM:SS.fffffffZ` (seven fractional
/// digits, UTC) and within a minute of now.
pub fn assert_recent_timestamp(time: &Value) {
    let text = time
        .as_str()
        .unwrap_or_else(|| panic!("time is not a string: {time}"));
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 28
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            19 => *b == b'.',
            27 => *b == b'Z',
            _ => b.is_ascii_digit(),
        });
    assert!(shape_ok, "time {text:?} is not in the documented format");
    let time = time::PrimitiveDateTime::parse(text, API_TIME)
        .unwrap_or_else(|e| panic!("time {text:?} is not a date and time: {e}"))
        .assume_utc();
    let seconds = time.unix_timestamp();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (now - seconds).abs() <= 60,
        "time {text:?} is not now ({now})"
    );
}

/// Asserts `reply` carries the documented error body with `code` and a
/// GUID `target`, in the API's content type.
pub fn assert_error(reply: &Reply, status: u16, code: &str) -> Value {
    assert_eq!(reply.status, status, "body: {}", reply.text());
    assert_eq!(reply.header("content-type"), Some(API_JSON));
    let body = reply.json();
    let error = body["error"]
        .as_object()
        .unwrap_or_else(|| panic!("no error object: {body}"));
    let keys: Vec<&str> = error.keys().map(String::as_str).collect();
    assert_eq!(keys, ["code", "message", "target"], "{body}");
    assert_eq!(error["code"], code);
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_guid(&error["target"]);
    body
}

/// Asserts `value` is a lowercase `8-4-4-4-12` hex GUID.
pub fn assert_guid(value: &Value) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("target is not a string: {value}"));
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "{text}");
    assert!(
        groups.iter().all(|g| g
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))),
        "{text}"
    );
}

/// An answer read piece by piece, with when each piece arrived.
#[derive(Debug)]
pub struct TimedReply {
    /// The status and headers (and the body bytes that came).
    pub reply: Reply,
    /// When each read that carried body bytes returned, after the request was sent.
    pub body_reads: Vec<Duration>,
    /// How the connection ended: `None` for a clean end of stream, else the
    /// read error's kind (e.g. a reset).
    pub ended_with: Option<std::io::ErrorKind>,
}

impl TimedReply {
    /// The announced `Content-Length`.
    pub fn content_length(&self) -> Option<usize> {
        self.reply
            .header("content-length")
            .and_then(|v| v.parse().ok())
    }
}

/// `GET path` with `Authorization: Bearer demo-token` and `Connection:
/// close`, reading until the server closes (or resets) the connection and
/// timing every piece of the body. Never dechunks: use it for answers with a
/// `Content-Length`.
pub fn timed_get(addr: &str, path: &str) -> TimedReply {
    let mut stream = TcpStream::connect(addr).expect("connects to the emulator");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let sent = Instant::now();
    let mut raw = Vec::new();
    let mut body_reads = Vec::new();
    let mut buffer = [0u8; 4096];
    let ended_with = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break None,
            Ok(n) => {
                let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n");
                raw.extend_from_slice(&buffer[..n]);
                let body_start = head_end.or_else(|| raw.windows(4).position(|w| w == b"\r\n\r\n"));
                if body_start.is_some_and(|end| raw.len() > end + 4) {
                    body_reads.push(sent.elapsed());
                }
            }
            Err(e) => break Some(e.kind()),
        }
    };
    assert!(
        ended_with != Some(std::io::ErrorKind::WouldBlock)
            && ended_with != Some(std::io::ErrorKind::TimedOut),
        "the answer did not end within {DEADLINE:?}"
    );
    let reply = parse_reply(&raw, false);
    TimedReply {
        reply,
        body_reads,
        ended_with,
    }
}
