//! Each flag's value checked on its own, as `clap` value parsers; the
//! messages follow `invalid value '…' for '--flag <VALUE>': `.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use super::MAX_PAGE_SIZE;
use crate::tenant::TENANT_NAMES;

/// `--port`: 0 to 65535.
pub(super) fn port(text: &str) -> Result<u16, String> {
    text.parse()
        .map_err(|_| "must be a number from 0 to 65535".to_string())
}

/// `--bind`: an IP address, or `localhost` for 127.0.0.1.
pub(super) fn bind_address(text: &str) -> Result<IpAddr, String> {
    if text == "localhost" {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.parse()
        .map_err(|_| "must be an IP address such as 127.0.0.1".to_string())
}

/// `--static`: a directory that exists.
pub(super) fn directory(text: &str) -> Result<PathBuf, String> {
    let dir = PathBuf::from(text);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err("not a directory".to_string())
    }
}

/// `--csp`: a policy on one line.
pub(super) fn policy(text: &str) -> Result<String, String> {
    if text.trim().is_empty() || text.chars().any(char::is_control) {
        Err("must be a policy on one line, such as \"default-src 'self'\"".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// `--tenant`: one of [`TENANT_NAMES`].
pub(super) fn tenant(text: &str) -> Result<String, String> {
    if TENANT_NAMES.contains(&text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "unknown tenant; valid tenants: {}",
            TENANT_NAMES.join(", ")
        ))
    }
}

/// `--rate-limit`, `--hour-rate-limit`: a whole number, at least 1.
pub(super) fn rate_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(limit) if limit >= 1 => Ok(limit),
        _ => Err("must be a whole number of at least 1".to_string()),
    }
}

/// `--rate-window`, `--hour-rate-window`: whole seconds, at least 1.
pub(super) fn rate_window(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(seconds) if seconds >= 1 => Ok(Duration::from_secs(seconds)),
        _ => Err("must be a whole number of seconds, at least 1".to_string()),
    }
}

/// `--page-size`: a whole number from 1 to [`MAX_PAGE_SIZE`].
pub(super) fn page_size(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(size) if (1..=MAX_PAGE_SIZE).contains(&size) => Ok(size),
        _ => Err(format!("must be a whole number from 1 to {MAX_PAGE_SIZE}")),
    }
}

/// `--clock-skew`: whole seconds, 0 or more.
pub(super) fn clock_skew(text: &str) -> Result<u64, String> {
    text.parse::<u32>()
        .map(u64::from)
        .map_err(|_| "must be a whole number of seconds, 0 or more".to_string())
}

/// A token-like value (`--demo-token`, `--forbidden-token`,
/// `--score-only-token`, `--issuer`, `--audience`): non-empty, no
/// whitespace.
pub(super) fn token(text: &str) -> Result<String, String> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        Err("must be non-empty and contain no whitespace".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// An `--allow-origin` value: `*` or `scheme://host[:port]` with no path.
pub(super) fn origin(value: &str) -> Result<String, String> {
    if value == "*" {
        return Ok(value.to_string());
    }
    let authority = value
        .strip_prefix("http://")
        .or_else(|| value.strip_prefix("https://"));
    match authority {
        Some(authority)
            if !authority.is_empty()
                && !authority.contains('/')
                && !authority.contains(char::is_whitespace) =>
        {
            Ok(value.to_string())
        }
        _ => Err(
            "must be * or an origin such as http://localhost:3000 (no path, no trailing slash)"
                .to_string(),
        ),
    }
}
