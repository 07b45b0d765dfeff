//! Running: once (for cron, a systemd timer, a Kubernetes CronJob) or every interval with a
//! little jitter until SIGTERM or Ctrl-C, which stop it between publishes. One log line per
//! publish: stdout when it published, stderr when it failed.

use crate::config::{Config, NoConfig, Schedule};
use crate::publish::{Outcome, Publisher};
use std::ffi::OsString;
use std::io::Write;
use std::time::Duration;

/// Exit status: published.
pub const EXIT_PUBLISHED: i32 = 0;
/// Exit status: the API or sign-in failed, or the folder could not be written or was locked.
pub const EXIT_FAILED: i32 = 1;
/// Exit status: bad arguments or configuration.
pub const EXIT_USAGE: i32 = 2;
/// The most jitter added to an interval.
const MAX_JITTER: Duration = Duration::from_secs(30);
/// The name every line starts with.
const NAME: &str = "defender-score-publisher";

fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{NAME}: {line}");
}

fn complain(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{NAME}: {line}");
}

/// The wait before the next publish: the interval plus up to a tenth of it (at most 30 s),
/// so publishers started together do not call together. `random` is in `[0, 1)`.
pub fn next_wait(every: Duration, random: f64) -> Duration {
    let jitter = (every / 10).min(MAX_JITTER);
    every + jitter.mul_f64(random.clamp(0.0, 1.0))
}

/// Runs the command line `args` (after the program name) with the process environment;
/// returns the exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let config = match Config::from_args(args, |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(NoConfig::Info(text)) => {
            let _ = write!(std::io::stdout().lock(), "{text}");
            return EXIT_PUBLISHED;
        }
        Err(NoConfig::Usage(line)) => {
            complain(&line);
            return EXIT_USAGE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            complain(&format!("cannot start: {e}"));
            return EXIT_FAILED;
        }
    };
    runtime.block_on(run(config))
}

/// Publishes as `config` says: once, or every interval until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> i32 {
    let schedule = config.schedule;
    let mut publisher = match crate::http::client().and_then(|http| Publisher::new(config, http)) {
        Ok(publisher) => publisher,
        Err(line) => {
            complain(&line);
            return EXIT_USAGE;
        }
    };
    let Schedule::Every(every) = schedule else {
        return report(publisher.publish().await);
    };
    let (stop_tx, mut stop) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        stop_signal().await;
        let _ = stop_tx.send(true);
    });
    loop {
        // A publish runs to its end; a signal stops the wait between publishes.
        if report(publisher.publish().await) == EXIT_USAGE {
            return EXIT_USAGE;
        }
        if *stop.borrow() {
            break;
        }
        let wait = next_wait(every, fastrand::f64());
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => break,
        }
    }
    say("stopped");
    EXIT_PUBLISHED
}

/// Logs a publish's line and gives its exit status.
fn report(outcome: Outcome) -> i32 {
    match outcome {
        Outcome::Published(line) => {
            say(&line);
            EXIT_PUBLISHED
        }
        Outcome::Failed(line) => {
            complain(&line);
            EXIT_FAILED
        }
        Outcome::Misconfigured(line) => {
            complain(&line);
            EXIT_USAGE
        }
    }
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn stop_signal() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jitter_is_a_tenth_of_the_interval_at_most_thirty_seconds() {
        let m15 = Duration::from_secs(900);
        assert_eq!(next_wait(m15, 0.0), m15);
        assert_eq!(next_wait(m15, 0.5), m15 + Duration::from_secs(15));
        assert_eq!(next_wait(m15, 1.0), m15 + Duration::from_secs(30));
        let m1 = Duration::from_secs(60);
        assert_eq!(next_wait(m1, 1.0), m1 + Duration::from_secs(6));
    }
}
