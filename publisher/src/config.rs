//! The command line, read once with `clap` into a typed [`Config`]. Every mistake becomes one
//! line that names the flag; the binary exits 2 with it.
//!
//! The parts: `flags` (the flags as typed, their help, and their checks into a [`Config`]),
//! `values` (how each flag's value reads: durations, clouds, cards, ids, URLs) and `sign_in`
//! (the one way to sign in that the flags and the environment choose, and its authority).

mod flags;
mod sign_in;
#[cfg(test)]
mod tests;
mod values;

pub use sign_in::SignInWay;

use clap::error::ErrorKind;
use clap::Parser;
use defender_score_core::model::{ApiBase, CardKind, Cloud};
use flags::Flags;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// The environment variable that holds the client secret (never a flag: flags show in `ps`).
pub const SECRET_ENV: &str = "DEFENDER_CLIENT_SECRET";

/// When the publisher runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Once, started by cron or a timer every `Some(interval)` (or an unknown schedule).
    Once(Option<Duration>),
    /// Keeps running, publishing every interval.
    Every(Duration),
}

impl Schedule {
    /// The interval written into the snapshot, if known.
    pub fn interval(self) -> Option<Duration> {
        match self {
            Schedule::Once(every) => every,
            Schedule::Every(every) => Some(every),
        }
    }
}

/// Everything a run needs, checked.
#[derive(Debug)]
pub struct Config {
    /// `--out`.
    pub out: PathBuf,
    /// `--every` or `--scheduled-every`.
    pub schedule: Schedule,
    /// `--cloud`.
    pub cloud: Cloud,
    /// `--api-base`, or the cloud's (and region's) API host.
    pub api_base: ApiBase,
    /// `--authority`, or the cloud's Entra ID issuer for the tenant (client id ways only).
    pub authority: Option<String>,
    /// `--cards`, in the order given.
    pub cards: Vec<CardKind>,
    /// `--tenant-id`.
    pub tenant_id: Option<String>,
    /// How to sign in.
    pub way: SignInWay,
}

/// Why the command line did not give a [`Config`].
#[derive(Debug, PartialEq)]
pub enum NoConfig {
    /// `--help` or `--version`: print this and exit 0.
    Info(String),
    /// A mistake: print this one line and exit 2.
    Usage(String),
}

impl Config {
    /// Reads the arguments after the program name, and the environment through `env`.
    pub fn from_args(
        args: impl IntoIterator<Item = OsString>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, NoConfig> {
        let program = std::iter::once(OsString::from("defender-score-publisher"));
        let flags = match Flags::try_parse_from(program.chain(args)) {
            Ok(flags) => flags,
            Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
                return Err(NoConfig::Info(e.render().to_string()))
            }
            Err(e) => return Err(NoConfig::Usage(one_line(&e))),
        };
        flags.into_config(&env).map_err(NoConfig::Usage)
    }
}

/// A clap error as one line (its first paragraph).
fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let first = text.split("\n\n").next().unwrap_or(text);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}
