//! The children this xtask starts, and stopping them when the xtask is asked to stop.
//!
//! Every child starts as the leader of a process group of its own, so that what it starts in
//! turn (a node script's nginx and emulator, cargo's rustc) stops with it. A terminal's
//! Ctrl-C then reaches only the xtask, which is why the xtask stops its children itself, and
//! does so alike for Ctrl-C (SIGINT), SIGTERM (`kill`, a process manager) and SIGHUP (the
//! terminal closed): every group gets SIGTERM, then SIGKILL if it is still there after
//! [`GRACE`], and the xtask exits with 128 + the signal's number (130, 143, 129). A second
//! signal while waiting goes straight to SIGKILL.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use rustix::io::Errno;
use rustix::process::{kill_process_group, test_kill_process_group, Pid, Signal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use signal_hook::low_level::signal_name;

use crate::Result;

/// How long the children get to stop after SIGTERM before they get SIGKILL.
const GRACE: Duration = Duration::from_secs(5);
/// How often the stopping looks whether they have.
const POLL: Duration = Duration::from_millis(20);

/// The process groups of the children that run, each by its leader's pid (the child's), and
/// whether a signal is stopping the xtask.
struct Groups {
    running: BTreeSet<u32>,
    stopping: bool,
}

static GROUPS: Mutex<Groups> = Mutex::new(Groups {
    running: BTreeSet::new(),
    stopping: false,
});

/// Set once the main thread has come back from its task while a signal is stopping the
/// xtask (its temporary directories are then removed).
static MAIN_DONE: AtomicBool = AtomicBool::new(false);

fn groups() -> MutexGuard<'static, Groups> {
    // The set stays consistent whatever panicked while holding it.
    GROUPS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts `command` as the leader of a new process group and keeps the group until the
/// child has been waited for ([`wait`], [`wait_with_output`]); refused once a signal is
/// stopping the xtask.
pub fn spawn(command: &mut Command) -> io::Result<Child> {
    let mut groups = groups();
    if groups.stopping {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "the xtask is stopping",
        ));
    }
    let child = command.process_group(0).spawn()?;
    groups.running.insert(child.id());
    Ok(child)
}

/// Forgets the group of the child `pid` once the child has been waited for.
fn forget(pid: u32) {
    groups().running.remove(&pid);
}

/// Waits for `child` (started by [`spawn`]) to exit, then forgets its group.
pub fn wait(child: &mut Child) -> io::Result<ExitStatus> {
    let status = child.wait();
    forget(child.id());
    status
}

/// Waits for `child` (started by [`spawn`]) to exit, collecting its piped output, then
/// forgets its group.
pub fn wait_with_output(child: Child) -> io::Result<Output> {
    let pid = child.id();
    let output = child.wait_with_output();
    forget(pid);
    output
}

/// Sends `signal` to the process group led by `leader`; a group that is gone already is fine.
pub fn signal_group(leader: u32, signal: Signal) {
    if let Some(pid) = pid(leader) {
        let _ = kill_process_group(pid, signal);
    }
}

/// Whether a process of the group led by `leader` still runs. A zombie (exited, waiting to
/// be reaped by whoever inherited it, which may take a while in a container) is still a
/// member of its group but runs nothing, so on Linux each member's state is looked at.
pub fn group_runs(leader: u32) -> bool {
    let Some(pid) = pid(leader) else {
        return false;
    };
    if test_kill_process_group(pid) == Err(Errno::SRCH) {
        return false;
    }
    let Ok(processes) = fs::read_dir("/proc") else {
        return true;
    };
    processes.flatten().any(|process| {
        let stat = fs::read_to_string(process.path().join("stat")).unwrap_or_default();
        matches!(group_and_state(&stat), Some((group, state)) if group == leader && !matches!(state, "Z" | "X"))
    })
}

/// The process group and the state (`R`, `S`, `Z`...) in the text of a `/proc/<pid>/stat`:
/// `pid (name) state ppid pgrp ...`, where the name may hold spaces and parentheses.
fn group_and_state(stat: &str) -> Option<(u32, &str)> {
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace();
    let state = fields.next()?;
    let group = fields.nth(1)?.parse().ok()?;
    Some((group, state))
}

fn pid(raw: u32) -> Option<Pid> {
    i32::try_from(raw).ok().and_then(Pid::from_raw)
}

/// From now on, SIGINT, SIGTERM and SIGHUP stop every child's group and exit (see the
/// module's documentation), on a thread of their own.
pub fn stop_on_signals() -> Result {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])
        .map_err(|e| format!("cannot handle SIGINT, SIGTERM and SIGHUP: {e}"))?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop(signal, &mut signals);
            }
        })
        .map(drop)
        .map_err(|e| format!("cannot start the thread that handles signals: {e}"))
}

/// Called by `main` once the task has come back: while a signal is stopping the xtask, waits
/// for that to end the process instead of reporting the task's outcome (a consequence of
/// the stop); otherwise returns at once.
pub fn wait_if_stopping() {
    if !groups().stopping {
        return;
    }
    MAIN_DONE.store(true, Ordering::SeqCst);
    loop {
        thread::park();
    }
}

/// Stops every child's group for `signal`, then exits with 128 + its number.
fn stop(signal: i32, signals: &mut Signals) -> ! {
    let leaders = begin_stopping();
    // Not println!: with the terminal gone (SIGHUP) printing fails, and a panic here would
    // leave the children running.
    let _ = writeln!(
        io::stderr(),
        "\nxtask: {} received; stopping {} child process group(s)",
        signal_name(signal).unwrap_or("a signal"),
        leaders.len()
    );
    if !leaders.is_empty() {
        for &leader in &leaders {
            signal_group(leader, Signal::TERM);
        }
        wait_for_stopped(&leaders, signals);
        for &leader in &leaders {
            signal_group(leader, Signal::KILL);
        }
    }
    std::process::exit(128 + signal)
}

/// Refuses new children from now on and returns the groups that run.
fn begin_stopping() -> Vec<u32> {
    let mut groups = groups();
    groups.stopping = true;
    groups.running.iter().copied().collect()
}

/// Waits until the groups led by `leaders` are gone and the main thread is done, for at most
/// [`GRACE`] or until another signal comes.
fn wait_for_stopped(leaders: &[u32], signals: &mut Signals) {
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline && signals.pending().next().is_none() {
        let main_done = MAIN_DONE.load(Ordering::SeqCst);
        if main_done && !leaders.iter().any(|&leader| group_runs(leader)) {
            return;
        }
        thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_group_and_the_state_of_a_process() {
        let stat = "4287 (sleep) Z 1 4285 4285 0 -1 4194564 88 0 0 0 0 0 0 0 20 0 1 0";
        assert_eq!(group_and_state(stat), Some((4285, "Z")));
        let odd_name = "77 (a) b (c) S 1 70 70 0";
        assert_eq!(group_and_state(odd_name), Some((70, "S")));
        assert_eq!(group_and_state("77 (cut"), None);
    }

    #[test]
    fn a_running_group_runs_and_a_stopped_one_does_not() {
        let mut sleeper = spawn(Command::new("sleep").arg("30")).expect("sleep starts");
        let leader = sleeper.id();
        assert!(group_runs(leader));
        signal_group(leader, Signal::KILL);
        // Not yet reaped: a zombie, which runs nothing.
        let deadline = Instant::now() + Duration::from_secs(10);
        while group_runs(leader) {
            assert!(Instant::now() < deadline, "the group still runs");
            thread::sleep(POLL);
        }
        let _ = wait(&mut sleeper);
        assert!(!group_runs(leader));
    }
}
