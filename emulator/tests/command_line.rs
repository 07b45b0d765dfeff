//! The binary's command line, listening line, and `--static` file serving.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::*;

/// Runs the binary with `args` to completion, within the deadline.
fn run_to_exit(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_defender-api-emulator"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("{args:?} did not exit");
        }
        thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// A directory of files to serve, beside a secret file outside it; removed
/// when dropped.
struct Site {
    root: PathBuf,
    served: PathBuf,
}

impl Site {
    fn new(name: &str) -> Site {
        let root =
            std::env::temp_dir().join(format!("emulator-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let served = root.join("site");
        fs::create_dir_all(served.join("sub")).unwrap();
        fs::write(root.join("secret.txt"), "outside the site").unwrap();
        for (file, content) in [
            ("index.html", "<!doctype html><title>home</title>"),
            ("app.js", "export const x = 1;"),
            ("mod.mjs", "export default 2;"),
            ("style.css", "body{}"),
            ("data.json", "{\"a\":1}"),
            ("module.wasm", "\0asm"),
            ("icon.svg", "<svg/>"),
            ("image.png", "png"),
            ("blob.bin", "bin"),
            ("sub/index.html", "<p>sub</p>"),
        ] {
            fs::write(served.join(file), content).unwrap();
        }
        Site { root, served }
    }

    fn dir(&self) -> &str {
        self.served.to_str().unwrap()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

#[test]
fn the_listening_line_names_the_bound_address_and_port() {
    let emulator = Emulator::start(&[]);
    assert_eq!(
        emulator.listening_line,
        format!(
            "defender-api-emulator listening on http://{}",
            emulator.addr
        )
    );
    let (host, port) = emulator.addr.rsplit_once(':').unwrap();
    assert_eq!(host, "127.0.0.1");
    assert_ne!(port.parse::<u16>().unwrap(), 0);
}

#[test]
fn help_lists_every_flag_and_exits_0() {
    let output = run_to_exit(&["--help"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--port",
        "--bind",
        "--static",
        "--csp",
        "--tenant",
        "--demo-token",
        "--forbidden-token",
        "--score-only-token",
        "--allow-origin",
        "--rate-limit",
        "--rate-window",
        "--hour-rate-limit",
        "--hour-rate-window",
        "--app-per-demo-token",
        "--page-size",
        "--jwks-url",
        "--issuer",
        "--audience",
        "--clock-skew",
        "--also-demo-token",
        "--help",
    ] {
        assert!(
            text.lines().any(|line| line.trim_start().starts_with(flag)),
            "{flag} missing from:\n{text}"
        );
    }
}

#[test]
fn an_unknown_tenant_exits_2_listing_the_valid_tenants() {
    let output = run_to_exit(&["--tenant", "contoso"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("demo"), "{message}");
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    for args in [
        &["--port", "seventy"][..],
        &["--unknown"][..],
        &["--rate-limit", "0"][..],
        &["--hour-rate-limit", "0"][..],
        &["--hour-rate-window", "an hour"][..],
        &["--static", "/no/such/directory"][..],
        &["--allow-origin", "localhost:3000"][..],
        &["--jwks-url", "127.0.0.1:9000/jwks"][..],
        &["--audience", "api://x"][..],
        &[
            "--jwks-url",
            "http://127.0.0.1:9000/jwks",
            "--clock-skew",
            "soon",
        ][..],
    ] {
        let output = run_to_exit(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn without_static_non_api_paths_get_404() {
    let emulator = Emulator::start(&[]);
    assert_eq!(emulator.request("GET", "/", &[], None).status, 404);
    assert_eq!(
        emulator.request("GET", "/index.html", &[], None).status,
        404
    );
}

#[test]
fn static_files_are_served_with_their_content_types() {
    let site = Site::new("types");
    let emulator = Emulator::start(&["--static", site.dir()]);
    for (path, content_type, content) in [
        (
            "/",
            "text/html; charset=utf-8",
            "<!doctype html><title>home</title>",
        ),
        (
            "/index.html",
            "text/html; charset=utf-8",
            "<!doctype html><title>home</title>",
        ),
        ("/app.js", "text/javascript", "export const x = 1;"),
        ("/mod.mjs", "text/javascript", "export default 2;"),
        ("/style.css", "text/css", "body{}"),
        ("/data.json", "application/json", "{\"a\":1}"),
        ("/module.wasm", "application/wasm", "\0asm"),
        ("/icon.svg", "image/svg+xml", "<svg/>"),
        ("/image.png", "image/png", "png"),
        ("/blob.bin", "application/octet-stream", "bin"),
        ("/sub/", "text/html; charset=utf-8", "<p>sub</p>"),
    ] {
        let reply = emulator.request("GET", path, &[], None);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(reply.text(), content, "{path}");
    }
}

#[test]
fn a_directory_without_its_slash_is_redirected_to_its_index() {
    let site = Site::new("redirect");
    let emulator = Emulator::start(&["--static", site.dir()]);
    let reply = emulator.request("GET", "/sub", &[], None);
    assert_eq!(reply.status, 307);
    assert_eq!(reply.header("location"), Some("/sub/"));
    let head = emulator.request("HEAD", "/sub/", &[], None);
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(head.header("cache-control"), Some("no-cache"));
}

#[test]
fn static_serving_refuses_traversal_and_missing_files() {
    let site = Site::new("traversal");
    let emulator = Emulator::start(&["--static", site.dir()]);
    for path in [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/missing.js",
    ] {
        let reply = emulator.request("GET", path, &[], None);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains("outside the site"), "{path}");
    }
}

#[test]
fn static_serving_leaves_the_api_and_control_api_alone() {
    let site = Site::new("api");
    let emulator = Emulator::start(&["--static", site.dir()]);
    assert_eq!(emulator.get_authorized("/api/exposureScore").status, 200);
    let unknown = emulator.get_authorized("/api/index.html");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.header("content-type"), Some(API_JSON));
    assert_eq!(
        emulator
            .request("GET", "/_emulator/health", &[], None)
            .text(),
        "ok"
    );
    assert_eq!(
        emulator.request("POST", "/index.html", &[], None).status,
        405
    );
}

#[test]
fn static_files_carry_the_csp_policy_and_api_answers_do_not() {
    let site = Site::new("csp");
    let policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:9";
    let emulator = Emulator::start(&["--static", site.dir(), "--csp", policy]);
    for path in ["/", "/app.js", "/module.wasm"] {
        let reply = emulator.request("GET", path, &[], None);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("content-security-policy"),
            Some(policy),
            "{path}"
        );
    }
    let api = emulator.get_authorized("/api/exposureScore");
    assert_eq!(api.header("content-security-policy"), None);
    let plain = Emulator::start(&["--static", site.dir()]);
    assert_eq!(
        plain
            .request("GET", "/", &[], None)
            .header("content-security-policy"),
        None,
        "no policy without --csp"
    );
}
