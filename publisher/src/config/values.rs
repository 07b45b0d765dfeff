//! How each flag's value reads: clap's value parsers (durations, clouds, regions, cards) and
//! the checks of ids and URLs, each failing with words that name what to give instead.

use defender_score_core::model::{ApiBase, CardKind, Cloud, Region};
use std::time::Duration;

/// The shortest schedule: three calls a minute stay far below the API's 100.
const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// The longest schedule (a week).
const MAX_INTERVAL: Duration = Duration::from_secs(7 * 86_400);

/// Reads a list of cards (`exposure,device,groups`, and `recommendations` when asked for).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cards(pub(super) Vec<CardKind>);

/// `--every` and `--scheduled-every`: a duration as people write it, 1m to 7 days.
pub(super) fn interval(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text.trim()).map_err(|e| e.to_string())?;
    if d < MIN_INTERVAL {
        return Err("must be at least 1m".into());
    }
    if d > MAX_INTERVAL {
        return Err("must be at most 7days".into());
    }
    Ok(d)
}

/// `--cloud`.
pub(super) fn cloud(text: &str) -> Result<Cloud, String> {
    Cloud::parse(text).ok_or_else(|| "use commercial, gcc, gcc-high or dod".into())
}

/// `--region`.
pub(super) fn region(text: &str) -> Result<Region, String> {
    Region::parse(text).ok_or_else(|| "use us, eu, uk, au, swa, ina or aea".into())
}

/// `--cards`: known cards, each once, in the order given.
pub(super) fn cards(text: &str) -> Result<Cards, String> {
    let mut list = Vec::new();
    for name in text.split(',').map(str::trim) {
        let card = CardKind::parse(name).ok_or_else(|| {
            format!("unknown card \"{name}\"; use exposure, device, groups and recommendations")
        })?;
        if list.contains(&card) {
            return Err(format!("{name} is listed twice"));
        }
        list.push(card);
    }
    Ok(Cards(list))
}

/// An id as Entra spells them: letters, digits, `-` and `.`, at most 256 bytes.
pub(super) fn id(flag: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty()
        || t.len() > 256
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(format!(
            "{flag} must be an id of letters, digits, '-' and '.' (a GUID)"
        ));
    }
    Ok(t.to_owned())
}

/// Whether an origin (`http://host[:port]`) is this machine.
fn is_loopback(origin: &str) -> bool {
    let Some(authority) = origin.strip_prefix("http://") else {
        return false;
    };
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

/// An https URL, or http to this machine (the emulator, a local OpenID provider in tests):
/// a token or secret never crosses a network in clear text.
pub(super) fn url(flag: &str, text: &str) -> Result<ApiBase, String> {
    let base = ApiBase::parse(text, None).map_err(|e| format!("{flag} {e}"))?;
    if base.origin().starts_with("https://") || is_loopback(base.origin()) {
        Ok(base)
    } else {
        Err(format!(
            "{flag} must use https (http only to this machine: localhost, 127.0.0.1, [::1])"
        ))
    }
}
