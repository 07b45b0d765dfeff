//! Stopping the xtask with SIGTERM (`kill`, a process manager) or SIGHUP (the terminal
//! closed) stops every child it started, as Ctrl-C (SIGINT) does, and the xtask exits
//! non-zero.
//!
//! The built xtask runs its hidden `hold-children` task: a child in a process group of its
//! own, which starts a grandchild in that group, both long-lived (`sleep`). The test signals
//! the xtask alone, as `kill` would, then waits (with a deadline) until the xtask has exited
//! and neither the child nor the grandchild runs.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{kill_process, kill_process_group, Pid, Signal};

/// How long anything here may take: starting, stopping, exiting.
const DEADLINE: Duration = Duration::from_secs(30);
/// How often a condition is looked at again.
const POLL: Duration = Duration::from_millis(20);

/// The xtask holding its children, and their pids.
struct Holding {
    xtask: Child,
    child: u32,
    grandchild: u32,
}

impl Holding {
    /// Starts `xtask hold-children` and waits until it says which children it holds and
    /// both run.
    fn start() -> Holding {
        let mut xtask = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("hold-children")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the xtask starts");
        let stdout = xtask.stdout.take().expect("the xtask's stdout");
        let lines = read_lines(stdout);
        let (child, grandchild) = wait_for_pids(&lines);
        let holding = Holding {
            xtask,
            child,
            grandchild,
        };
        wait_until("the child and the grandchild run", || {
            running(child) && running(grandchild)
        });
        holding
    }

    /// Sends `signal` to the xtask alone.
    fn signal(&self, signal: Signal) {
        let pid = pid(self.xtask.id());
        kill_process(pid, signal).expect("the xtask can be signalled");
    }

    /// Waits until the xtask has exited and returns how.
    fn exited(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.xtask.try_wait().expect("the xtask can be waited for") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the xtask did not exit within {DEADLINE:?}"
            );
            thread::sleep(POLL);
        }
    }
}

impl Drop for Holding {
    /// Whatever the test found, nothing it started is left behind.
    fn drop(&mut self) {
        let _ = kill_process_group(pid(self.child), Signal::KILL);
        let _ = self.xtask.kill();
        let _ = self.xtask.wait();
    }
}

fn pid(raw: u32) -> Pid {
    Pid::from_raw(i32::try_from(raw).expect("a pid fits an i32")).expect("a pid is not 0")
}

/// The lines of `pipe`, read on a thread of their own.
fn read_lines(pipe: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (sender, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    lines
}

/// The pids in `holding child <pid> and grandchild <pid>`, the line the task prints once
/// both are started.
fn wait_for_pids(lines: &Receiver<String>) -> (u32, u32) {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines
            .recv_timeout(left)
            .expect("the xtask says which children it holds");
        let pids = line
            .strip_prefix("holding child ")
            .and_then(|rest| rest.split_once(" and grandchild "))
            .and_then(|(child, grandchild)| Some((child.parse().ok()?, grandchild.parse().ok()?)));
        if let Some(pids) = pids {
            return pids;
        }
    }
}

/// Whether process `pid` exists and has not exited: a zombie (exited, waiting to be reaped
/// by whoever inherited it) runs nothing.
fn running(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (name) state ...`; the name may hold spaces and parentheses.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, Some("Z" | "X") | None)
}

/// Waits until `done` holds, failing the test after [`DEADLINE`].
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {DEADLINE:?}");
        thread::sleep(POLL);
    }
}

/// Signals a holding xtask and checks that it stops both children and exits with
/// 128 + the signal's number.
fn stops_every_child_on(signal: Signal, exit_code: i32) {
    let mut holding = Holding::start();
    holding.signal(signal);
    let status = holding.exited();
    let (child, grandchild) = (holding.child, holding.grandchild);
    wait_until("the child and the grandchild are stopped", || {
        !running(child) && !running(grandchild)
    });
    assert_eq!(status.code(), Some(exit_code), "the xtask {status}");
}

#[test]
fn sigterm_stops_every_child_and_exits_non_zero() {
    stops_every_child_on(Signal::TERM, 143);
}

#[test]
fn sighup_stops_every_child_and_exits_non_zero() {
    stops_every_child_on(Signal::HUP, 129);
}

#[test]
fn sigint_as_from_ctrl_c_stops_every_child_and_exits_non_zero() {
    stops_every_child_on(Signal::INT, 130);
}
