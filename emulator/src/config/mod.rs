//! How the emulator runs: the typed [`Config`] the command line becomes,
//! its defaults, and the [`JwtSettings`] of JWT mode. The flags themselves
//! are read in `command_line` ([`parse_args`], [`help`]), each value checked
//! in `flag_values`.
//!
//! The token checks ([`crate::auth`], [`crate::jwt`]) read this; it
//! imports nothing from them.

mod command_line;
mod flag_values;
#[cfg(test)]
mod tests;

pub use command_line::{help, parse_args};

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;

use crate::throttle::Window;

/// The default `--clock-skew`, in seconds.
pub const DEFAULT_CLOCK_SKEW: u64 = 60;

/// The largest `--page-size`, and its default: the API answers at most
/// 10,000 items a page.
pub const MAX_PAGE_SIZE: usize = 10_000;

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Serve with this configuration.
    Run(Box<Config>),
    /// Print [`help`] and exit.
    Help,
}

/// How the emulator runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `--port`.
    pub port: u16,
    /// `--bind`.
    pub bind: IpAddr,
    /// `--static`.
    pub static_dir: Option<PathBuf>,
    /// `--csp`: the `Content-Security-Policy` of the static files.
    pub static_csp: Option<String>,
    /// `--gzip`: the static files compressed as docs/hosting.md's nginx block does.
    pub static_gzip: bool,
    /// `--tenant`.
    pub tenant: String,
    /// Every `--demo-token`.
    pub demo_tokens: Vec<String>,
    /// `--forbidden-token`.
    pub forbidden_token: String,
    /// `--score-only-token`: reads the scores, not the recommendations.
    pub score_only_token: String,
    /// Every `--allow-origin`.
    pub allowed_origins: Vec<String>,
    /// `--rate-limit`: calls in the short (minute) quota window.
    pub rate_limit: usize,
    /// `--rate-window`: the short window's length.
    pub rate_window: Duration,
    /// `--hour-rate-limit`: calls in the long (hour) quota window.
    pub hour_rate_limit: usize,
    /// `--hour-rate-window`: the long window's length.
    pub hour_rate_window: Duration,
    /// `--app-per-demo-token`: each fixed token is its own application.
    pub app_per_demo_token: bool,
    /// `--page-size`: at most this many recommendations per answer, the
    /// rest behind `@odata.nextLink`.
    pub page_size: usize,
    /// `--jwks-url`, `--issuer`, `--audience`, `--clock-skew`: real JWT
    /// checks instead of the fixed tokens.
    pub jwt: Option<JwtSettings>,
    /// `--also-demo-token`: with `jwt`, accept the fixed tokens too.
    pub also_demo_token: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 8080,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            static_dir: None,
            static_csp: None,
            static_gzip: false,
            tenant: "demo".into(),
            demo_tokens: vec!["demo-token".into()],
            forbidden_token: "demo-token-no-permission".into(),
            score_only_token: "demo-token-score-only".into(),
            allowed_origins: Vec::new(),
            rate_limit: 100,
            rate_window: Duration::from_secs(60),
            hour_rate_limit: 1500,
            hour_rate_window: Duration::from_secs(3600),
            app_per_demo_token: false,
            page_size: MAX_PAGE_SIZE,
            jwt: None,
            also_demo_token: false,
        }
    }
}

impl Config {
    /// The quota's two sliding windows: `--rate-limit` per `--rate-window`
    /// and `--hour-rate-limit` per `--hour-rate-window`.
    pub fn quota_windows(&self) -> [Window; 2] {
        [
            Window {
                limit: self.rate_limit,
                length: self.rate_window,
            },
            Window {
                limit: self.hour_rate_limit,
                length: self.hour_rate_window,
            },
        ]
    }
}

/// Where the signing keys come from and what the claims must say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtSettings {
    /// `--jwks-url`; without it the JWKS is found through `--issuer`'s
    /// discovery document.
    pub jwks_url: Option<Url>,
    /// `--issuer`: the exact `iss` required; when `jwks_url` is `None` it
    /// is an `http://` or `https://` URL.
    pub issuer: Option<String>,
    /// Every `--audience` (one of them must be in `aud`).
    pub audiences: Vec<String>,
    /// `--clock-skew`: leeway for `exp` and `nbf`, in seconds.
    pub clock_skew: u64,
}
