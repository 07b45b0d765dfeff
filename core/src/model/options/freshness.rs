//! How fresh the cards stay and what the browser keeps: `refreshSeconds`, `cache`,
//! `cacheSeconds` and `history`.

use super::given::{Given, GivenOptions};
use super::read::{number, text};
use super::{OptionError, Page, DEFAULT_REFRESH_SECONDS};
use crate::model::storage::cache::{CacheMode, CachePolicy, DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS};

/// `refreshSeconds`: the auto refresh period, 0 for off; [`DEFAULT_REFRESH_SECONDS`] unless given.
pub(super) fn refresh_seconds(given: &Given, page: &impl Page) -> Result<f64, OptionError> {
    match number(given, "refreshSeconds", "must be a number of seconds", page)? {
        None => Ok(DEFAULT_REFRESH_SECONDS),
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        Some(_) => Err(OptionError::new(
            "refreshSeconds",
            "must be 0 (off) or a positive number of seconds",
        )),
    }
}

/// `cache` and `cacheSeconds`: where readings are cached (the session unless given) and how
/// long one is fresh.
pub(super) fn cache(given: &GivenOptions, page: &impl Page) -> Result<CachePolicy, OptionError> {
    let mode = match text(&given.cache, "cache")? {
        None => CacheMode::Session,
        Some(m) => CacheMode::parse(m).ok_or_else(|| {
            OptionError::new(
                "cache",
                "must be \"session\", \"local\", \"memory\" or \"off\"",
            )
        })?,
    };
    let ttl_why = "must be a number of seconds from 0 to 86400";
    let ttl_seconds = match number(&given.cache_seconds, "cacheSeconds", ttl_why, page)? {
        None => DEFAULT_TTL_SECONDS,
        Some(n) if n.is_finite() && (0.0..=MAX_TTL_SECONDS).contains(&n) => n,
        Some(_) => return Err(OptionError::new("cacheSeconds", ttl_why)),
    };
    Ok(CachePolicy {
        mode,
        ttl_ms: ttl_seconds * 1000.0,
    })
}

/// The `history` switch: a boolean, or as an attribute `on`/`off` (`true`/`false`).
pub(super) fn history(given: &Given) -> Result<bool, OptionError> {
    let wrong = || {
        OptionError::new(
            "history",
            "must be true or false (as an attribute, \"on\" or \"off\")",
        )
    };
    match given {
        Given::Absent => Ok(true),
        Given::Bool(on) => Ok(*on),
        Given::Text(t) => match t.trim() {
            "on" | "true" => Ok(true),
            "off" | "false" => Ok(false),
            _ => Err(wrong()),
        },
        _ => Err(wrong()),
    }
}
