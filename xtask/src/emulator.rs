//! Starting the local Defender API emulator and learning its address.

use std::path::Path;
use std::time::Duration;

use crate::process::{Cmd, Running};
use crate::workspace::Workspace;
use crate::Result;

/// The emulator's fixed demo token, handed to the publisher through the environment.
const DEMO_TOKEN: &str = "demo-token";
/// The environment variable the publisher reads the demo token from.
const DEMO_TOKEN_ENV: &str = "DSC_DEMO_TOKEN";

/// The publisher (`publisher`, a binary) publishing the demo tenant of the emulator at `url`
/// once into `folder`, signed in with the emulator's demo token (no sign-in provider needed).
pub fn publish_demo(workspace: &Workspace, publisher: &Path, url: &str, folder: &Path) -> Cmd {
    Cmd::new(publisher, workspace)
        .arg("--out")
        .arg(folder)
        .args(["--api-base", url])
        .args(["--access-token-env", DEMO_TOKEN_ENV, "--tenant-id", "demo"])
        .env(DEMO_TOKEN_ENV, DEMO_TOKEN)
}

/// What the emulator prints once, on stdout, when it accepts connections.
const LISTENING: &str = "defender-api-emulator listening on ";
/// How long the emulator may take to start.
const START_DEADLINE: Duration = Duration::from_secs(30);

/// A running emulator; stopped when dropped.
pub struct Emulator {
    /// Its base URL, e.g. `http://127.0.0.1:8080` (no trailing slash).
    pub url: String,
    process: Running,
}

impl Emulator {
    /// Waits until the emulator exits (stopping the xtask stops both).
    pub fn wait(mut self) -> Result {
        self.process.wait()
    }
}

/// Starts `binary` serving `static_dir` on `port` (0: any free port) and
/// waits for its listening line. With `echo`, its log lines are printed.
pub fn start(
    workspace: &Workspace,
    binary: &Path,
    static_dir: &Path,
    port: u16,
    echo: bool,
) -> Result<Emulator> {
    start_with_flags(workspace, binary, static_dir, port, echo, &[])
}

/// [`start`] with `flags` added (e.g. `--gzip`).
pub fn start_with_flags(
    workspace: &Workspace,
    binary: &Path,
    static_dir: &Path,
    port: u16,
    echo: bool,
    flags: &[&str],
) -> Result<Emulator> {
    let command = serving(workspace, binary, static_dir, port).args(flags);
    launch(command, echo.then_some("    [emulator] "))
}

/// Starts `binary` serving `static_dir` on any free port with `flags` added, its request log
/// (stderr, a line per request) written to `log` instead of the terminal, and waits for its
/// listening line.
pub fn start_logged(
    workspace: &Workspace,
    binary: &Path,
    static_dir: &Path,
    flags: &[&str],
    log: &Path,
) -> Result<Emulator> {
    let command = serving(workspace, binary, static_dir, 0)
        .args(flags)
        .stderr_to(log)?;
    launch(command, None).map_err(|e| format!("{e}; see {}", log.display()))
}

/// `binary --port <port> --static <static_dir>`.
fn serving(workspace: &Workspace, binary: &Path, static_dir: &Path, port: u16) -> Cmd {
    Cmd::new(binary, workspace)
        .arg("--port")
        .arg(port.to_string())
        .arg("--static")
        .arg(static_dir)
}

/// Starts `command` and waits for the emulator's listening line.
fn launch(command: Cmd, echo_prefix: Option<&str>) -> Result<Emulator> {
    let mut process = command.spawn(echo_prefix)?;
    let url = process.wait_for_line(START_DEADLINE, "its listening line", listening_url)?;
    Ok(Emulator { url, process })
}

/// The base URL in the emulator's listening line, without a trailing slash.
pub fn listening_url(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix(LISTENING)?.trim_end_matches('/');
    let authority = url.strip_prefix("http://")?;
    let (host, port) = authority.rsplit_once(':')?;
    let port: u16 = port.parse().ok()?;
    (!host.is_empty() && port != 0).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_url_from_the_listening_line() {
        assert_eq!(
            listening_url("defender-api-emulator listening on http://127.0.0.1:40123\n").as_deref(),
            Some("http://127.0.0.1:40123")
        );
        assert_eq!(
            listening_url("defender-api-emulator listening on http://127.0.0.1:8080/").as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }

    #[test]
    fn ignores_other_lines_and_unusable_addresses() {
        assert_eq!(listening_url("loading demo tenant"), None);
        assert_eq!(
            listening_url("defender-api-emulator listening on https://127.0.0.1:1"),
            None
        );
        assert_eq!(
            listening_url("defender-api-emulator listening on http://127.0.0.1:0"),
            None
        );
        assert_eq!(
            listening_url("defender-api-emulator listening on http://127.0.0.1"),
            None
        );
        assert_eq!(
            listening_url("defender-api-emulator listening on http://:80"),
            None
        );
    }
}
