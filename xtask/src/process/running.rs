//! A child running in the background ([`Cmd::spawn`](super::Cmd::spawn)): its stdout read
//! line by line on a thread of its own, its process group stopped when it is dropped.

use std::io::{BufRead, BufReader, Read};
use std::process::Child;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustix::process::Signal;

use super::{check_status, children};
use crate::Result;

/// A child started by [`Cmd::spawn`](super::Cmd::spawn); its process group is killed when
/// this is dropped.
pub struct Running {
    child: Child,
    shown: String,
    lines: Receiver<String>,
}

impl Running {
    /// A started child, `shown` as its command line, its stdout lines arriving on `lines`.
    pub(super) fn new(child: Child, shown: String, lines: Receiver<String>) -> Running {
        Running {
            child,
            shown,
            lines,
        }
    }

    /// The child's process id, which is also its process group's.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the first stdout line `parse` accepts, at most `timeout`.
    pub fn wait_for_line<T>(
        &mut self,
        timeout: Duration,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(found) = parse(&line) {
                        return Ok(found);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "`{}` did not print {what} within {}s",
                        self.shown,
                        timeout.as_secs()
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self
                        .child
                        .wait()
                        .map(|s| s.to_string())
                        .unwrap_or_else(|e| e.to_string());
                    return Err(format!(
                        "`{}` exited ({status}) before printing {what}",
                        self.shown
                    ));
                }
            }
        }
    }

    /// Waits until the child exits by itself (or the xtask is stopped: see [`children`]).
    pub fn wait(&mut self) -> Result {
        let status = self
            .child
            .wait()
            .map_err(|e| format!("waiting for `{}`: {e}", self.shown))?;
        check_status(&self.shown, status)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // The whole group: the child and whatever it started. Already gone is fine.
        children::signal_group(self.child.id(), Signal::KILL);
        let _ = children::wait(&mut self.child);
    }
}

/// Reads `pipe` line by line on a thread of its own, printing each line after `echo_prefix`
/// (when given) and sending it on; the thread ends with the pipe.
pub(super) fn forward_lines(
    pipe: impl Read + Send + 'static,
    echo_prefix: Option<String>,
    sender: Sender<String>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if let Some(prefix) = &echo_prefix {
                println!("{prefix}{line}");
            }
            // The receiver may be gone once nobody waits for lines; keep draining.
            let _ = sender.send(line);
        }
    })
}
