//! Running child processes: the project-local tools first on PATH, commands
//! echoed before they run, output streamed, every child in a process group of its own that
//! is stopped with the xtask ([`children`]), long-running children stopped when their guard
//! ([`Running`]) is dropped.

pub mod children;
mod running;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;

use running::forward_lines;
pub use running::Running;

use crate::workspace::Workspace;
use crate::Result;

/// A command to run from the repository root with `.tools/node_modules/.bin`
/// first on PATH.
pub struct Cmd {
    command: Command,
    shown: String,
}

impl Cmd {
    /// `program`, to be run in the repository root.
    pub fn new(program: impl AsRef<OsStr>, workspace: &Workspace) -> Cmd {
        let program = program.as_ref();
        let mut command = Command::new(program);
        command.current_dir(workspace.root());
        command.env("PATH", path_with_tools(workspace));
        Cmd {
            command,
            shown: program.to_string_lossy().into_owned(),
        }
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        let arg = arg.as_ref();
        self.shown.push(' ');
        self.shown.push_str(&arg.to_string_lossy());
        self.command.arg(arg);
        self
    }

    /// Adds arguments.
    pub fn args<I, S>(self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        args.into_iter().fold(self, Cmd::arg)
    }

    /// Sets an environment variable for the child.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Cmd {
        self.command.env(key, value);
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn current_dir(mut self, dir: &Path) -> Cmd {
        self.command.current_dir(dir);
        self
    }

    /// Writes the child's stderr to a new file at `log` instead of the terminal.
    pub fn stderr_to(mut self, log: &Path) -> Result<Cmd> {
        let file =
            fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        self.command.stderr(file);
        self.shown.push_str(&format!(" 2> {}", log.display()));
        Ok(self)
    }

    /// Starts the child in a process group of its own ([`children::spawn`]) with stdin
    /// empty (outside the terminal's foreground group, reading the terminal would stop it),
    /// `stdout` and, unless `None` leaves it as set (the terminal, or [`Cmd::stderr_to`]),
    /// `stderr`.
    fn start(&mut self, stdout: Stdio, stderr: Option<Stdio>) -> Result<Child> {
        let command = self.command.stdin(Stdio::null()).stdout(stdout);
        if let Some(stderr) = stderr {
            command.stderr(stderr);
        }
        children::spawn(command).map_err(|e| format!("cannot start `{}`: {e}", self.shown))
    }

    /// Runs to completion with output streaming through; fails unless it exits 0.
    pub fn run(mut self) -> Result {
        println!("  $ {}", self.shown);
        let mut child = self.start(Stdio::inherit(), None)?;
        let status = children::wait(&mut child)
            .map_err(|e| format!("`{}` could not be waited for: {e}", self.shown))?;
        check_status(&self.shown, status)
    }

    /// Runs to completion with stdout and stderr streaming through as they come, and returns
    /// what it printed (both, line by line) beside whether it exited 0, so a caller can tell
    /// one failure from another.
    pub fn run_echoing(mut self) -> (Result, String) {
        println!("  $ {}", self.shown);
        let mut child = match self.start(Stdio::piped(), Some(Stdio::piped())) {
            Ok(child) => child,
            Err(e) => return (Err(e), String::new()),
        };
        let (sender, lines) = mpsc::channel();
        let mut readers = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            readers.push(forward_lines(stdout, Some(String::new()), sender.clone()));
        }
        if let Some(stderr) = child.stderr.take() {
            readers.push(forward_lines(stderr, Some(String::new()), sender.clone()));
        }
        drop(sender);
        let status = children::wait(&mut child);
        for reader in readers {
            let _ = reader.join();
        }
        let printed: Vec<String> = lines.into_iter().collect();
        let result = match status {
            Ok(status) => check_status(&self.shown, status),
            Err(e) => Err(format!("`{}` could not be waited for: {e}", self.shown)),
        };
        (result, printed.join("\n"))
    }

    /// Runs to completion with stdout and, unless `None` leaves it as set, `stderr` piped,
    /// and returns what they carried.
    fn output(&mut self, stderr: Option<Stdio>) -> Result<Output> {
        let child = self.start(Stdio::piped(), stderr)?;
        children::wait_with_output(child)
            .map_err(|e| format!("`{}` could not be waited for: {e}", self.shown))
    }

    /// Runs quietly and returns stdout; fails unless it exits 0.
    pub fn stdout_text(mut self) -> Result<String> {
        let output = self.output(None)?;
        check_status(&self.shown, output.status)?;
        String::from_utf8(output.stdout)
            .map_err(|_| format!("`{}` printed invalid UTF-8", self.shown))
    }

    /// Runs quietly; stdout and stderr together if it started and exited 0,
    /// `None` otherwise (not installed, or broken). For `--version` probes.
    pub fn probe(mut self) -> Option<String> {
        let output = self.output(Some(Stdio::piped())).ok()?;
        if !output.status.success() {
            return None;
        }
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Some(text)
    }

    /// Starts in the background with stdout read line by line (stderr passes
    /// through unless [`Cmd::stderr_to`] sent it elsewhere). With `echo_prefix`, every
    /// stdout line is also printed.
    pub fn spawn(mut self, echo_prefix: Option<&str>) -> Result<Running> {
        println!("  $ {}", self.shown);
        let mut child = self.start(Stdio::piped(), None)?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| format!("no stdout pipe for `{}`", self.shown))?;
        let (sender, lines) = mpsc::channel();
        forward_lines(stdout, echo_prefix.map(str::to_owned), sender);
        Ok(Running::new(child, self.shown, lines))
    }
}

/// PATH for children: the project's node tools, then the inherited PATH, then
/// cargo's bin directory (where `cargo install` puts tools) in case it is missing.
fn path_with_tools(workspace: &Workspace) -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin"));
    let dirs = std::iter::once(workspace.tools_bin_dir())
        .chain(std::env::split_paths(&inherited))
        .chain(cargo_bin);
    // Only fails if a directory contains the separator; fall back to the inherited PATH.
    std::env::join_paths(dirs).unwrap_or(inherited)
}

/// The first `program` on the PATH children get, like `which`.
pub fn find_on_path(workspace: &Workspace, program: &str) -> Option<PathBuf> {
    std::env::split_paths(&path_with_tools(workspace))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn check_status(shown: &str, status: ExitStatus) -> Result {
    if status.success() {
        return Ok(());
    }
    match status.code() {
        Some(code) => Err(format!("`{shown}` failed with exit code {code}")),
        None => Err(format!("`{shown}` was killed by a signal ({status})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn workspace() -> Workspace {
        Workspace::locate().expect("tests run inside the repository")
    }

    /// `sh -c script`, started.
    fn shell(script: &str) -> Running {
        Cmd::new("sh", &workspace())
            .args(["-c", script])
            .spawn(None)
            .expect("sh starts")
    }

    /// Waits up to `within` for a line that is never there.
    fn wait_for_nothing(running: &mut Running, within: Duration) -> String {
        running
            .wait_for_line(within, "the ready line", |_| None::<()>)
            .unwrap_err()
    }

    #[test]
    fn waits_for_a_matching_line_and_skips_others() {
        let mut running = shell("echo starting; echo 'ready on 42'; exec sleep 30");
        let port = running.wait_for_line(Duration::from_secs(10), "the ready line", |line| {
            line.strip_prefix("ready on ").map(str::to_owned)
        });
        assert_eq!(port.as_deref(), Ok("42"));
        // Dropping kills the sleeping shell instead of waiting 30 s.
    }

    #[test]
    fn dropping_a_running_child_stops_what_it_started_too() {
        let mut running = shell("sleep 30 & echo \"grandchild $!\"; exec sleep 30");
        let grandchild = running
            .wait_for_line(Duration::from_secs(10), "the grandchild's pid", |line| {
                line.strip_prefix("grandchild ")?.parse::<u32>().ok()
            })
            .expect("the shell says which grandchild it started");
        let group = running.id();
        assert!(children::group_runs(group));
        drop(running);
        // The grandchild, in the child's group, was killed with it; once its new parent
        // reaps it, nothing of the group runs.
        let deadline = Instant::now() + Duration::from_secs(10);
        while children::group_runs(group) {
            assert!(
                Instant::now() < deadline,
                "grandchild {grandchild} still runs"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn reports_a_child_that_exits_before_the_line() {
        let mut running = shell("echo nope; exit 3");
        let error = wait_for_nothing(&mut running, Duration::from_secs(10));
        assert!(error.contains("exited"), "{error}");
    }

    #[test]
    fn gives_up_at_the_deadline() {
        let mut running = shell("exec sleep 30");
        let started = Instant::now();
        let error = wait_for_nothing(&mut running, Duration::from_millis(200));
        assert!(error.contains("did not print the ready line"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn puts_the_project_tools_first_on_path() {
        let workspace = workspace();
        let path = path_with_tools(&workspace);
        let first = std::env::split_paths(&path).next();
        assert_eq!(first, Some(workspace.tools_bin_dir()));
    }

    #[test]
    fn failing_commands_name_the_command_and_exit_code() {
        let error = Cmd::new("sh", &workspace())
            .args(["-c", "exit 7"])
            .run()
            .unwrap_err();
        assert_eq!(error, "`sh -c exit 7` failed with exit code 7");
    }

    #[test]
    fn probing_a_missing_program_is_none() {
        assert_eq!(
            Cmd::new("no-such-program-xtask", &workspace()).probe(),
            None
        );
    }
}
