//! The reading cache's pure rules: where readings are kept, their keys, how old is too old and
//! how long to wait before trying again. A reading's stored form, and checking what comes
//! back from storage, are in [`crate::model::storage::stored`].
//!
//! A token is never part of a key or a record: the key names the API base, the tenant
//! (the token's `tid` claim, a directory id) and the card.

use crate::model::cards::scores::CardKind;
use crate::model::ApiBase;

pub use crate::model::storage::stored::{from_stored, to_stored, Stored, StoredItem};

/// How long a reading is fresh by default: the scores are recomputed about once a day.
pub const DEFAULT_TTL_SECONDS: f64 = 900.0;
/// Longest `cacheSeconds` accepted (a day).
pub const MAX_TTL_SECONDS: f64 = 86_400.0;
/// A reading older than this is never shown, not even as stale.
pub const STALE_LIMIT_MS: f64 = 24.0 * 3_600_000.0;
/// A reading stamped further in the future than this (clock changes) is not believed.
const FUTURE_SLACK_MS: f64 = 5.0 * 60_000.0;
/// Format version in every key; bump it when the record shape changes.
const KEY_PREFIX: &str = "dsc:v1|";
/// Groups beyond this are not written to storage (quota); the memory cache keeps them.
pub const MAX_STORED_GROUPS: usize = 2_000;

/// Where readings are kept between page views (the `cache` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheMode {
    /// `sessionStorage` and memory (the default): a reload in the same tab costs no calls.
    Session,
    /// `localStorage` and memory: shared by the site's tabs and kept across visits.
    Local,
    /// Memory only: widgets on the same page share readings; nothing is written.
    Memory,
    /// No caching at all: every load asks the API.
    Off,
}

impl CacheMode {
    /// Reads the option value.
    pub fn parse(text: &str) -> Option<CacheMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "session" | "sessionstorage" => Some(CacheMode::Session),
            "local" | "localstorage" => Some(CacheMode::Local),
            "memory" => Some(CacheMode::Memory),
            "off" | "none" | "false" => Some(CacheMode::Off),
            _ => None,
        }
    }

    /// The option value.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheMode::Session => "session",
            CacheMode::Local => "local",
            CacheMode::Memory => "memory",
            CacheMode::Off => "off",
        }
    }
}

/// The cache settings of one widget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CachePolicy {
    /// Where readings are kept.
    pub mode: CacheMode,
    /// How long a reading is fresh, in ms.
    pub ttl_ms: f64,
}

impl Default for CachePolicy {
    fn default() -> CachePolicy {
        CachePolicy {
            mode: CacheMode::Session,
            ttl_ms: DEFAULT_TTL_SECONDS * 1000.0,
        }
    }
}

/// How a cached reading may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// Younger than the TTL: show it and ask nothing.
    Fresh,
    /// Past the TTL but within the stale limit: show it as stale and revalidate.
    Expired,
    /// Too old (or from the future): drop it.
    Unusable,
}

/// How a reading received at `received_ms` may be used at `now_ms`.
pub fn age(received_ms: f64, now_ms: f64, ttl_ms: f64) -> Age {
    let elapsed = now_ms - received_ms;
    if !(-FUTURE_SLACK_MS..=STALE_LIMIT_MS).contains(&elapsed) {
        Age::Unusable
    } else if elapsed < ttl_ms {
        Age::Fresh
    } else {
        Age::Expired
    }
}

/// A tenant id as it may appear in a key: a GUID (lower-cased). Anything else (an opaque
/// token, a test token) shares the key `-`.
pub fn tenant_label(tid: Option<&str>) -> String {
    match tid {
        Some(t) if is_guid(t) => t.to_ascii_lowercase(),
        _ => "-".to_owned(),
    }
}

fn is_guid(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The storage key of one card's reading.
pub fn key(base: &ApiBase, tenant: &str, kind: CardKind) -> String {
    let mut k = String::with_capacity(64);
    k.push_str(KEY_PREFIX);
    k.push_str(base.as_str());
    k.push('|');
    k.push_str(tenant);
    k.push('|');
    k.push_str(kind.as_str());
    k
}

/// Whether a storage key is one of ours (of any version), for clean-up.
pub fn is_our_key(key: &str) -> bool {
    key.starts_with("dsc:v")
}

/// Automatic tries after a server or network failure, beyond the first request.
pub const MAX_RETRIES: u32 = 3;
/// The first retry's delay before jitter; each later one doubles it.
const BACKOFF_BASE_MS: f64 = 2_000.0;
/// No retry waits longer than this.
const BACKOFF_CAP_MS: f64 = 30_000.0;

/// The wait before automatic retry number `retry` (1-based) after a transient failure,
/// with "equal jitter": half the exponential delay plus a random share of the other half,
/// so many pages that failed together do not come back together. `random` is in `[0, 1)`.
/// `None` once the retries are used up.
pub fn backoff_ms(retry: u32, random: f64) -> Option<f64> {
    if retry == 0 || retry > MAX_RETRIES {
        return None;
    }
    let exp = BACKOFF_BASE_MS * f64::from(1u32 << (retry - 1).min(16));
    let delay = exp.min(BACKOFF_CAP_MS);
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.5
    };
    Some(delay / 2.0 + delay / 2.0 * r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cloud;

    fn base() -> ApiBase {
        ApiBase::parse(&Cloud::Commercial.api_base(None), None).expect("base")
    }

    #[test]
    fn a_reading_is_fresh_for_the_ttl_then_stale_then_dropped() {
        let ttl = 900_000.0;
        assert_eq!(age(0.0, 0.0, ttl), Age::Fresh);
        assert_eq!(age(0.0, ttl - 1.0, ttl), Age::Fresh);
        assert_eq!(age(0.0, ttl, ttl), Age::Expired);
        assert_eq!(age(0.0, STALE_LIMIT_MS, ttl), Age::Expired);
        assert_eq!(age(0.0, STALE_LIMIT_MS + 1.0, ttl), Age::Unusable);
        // A reading from the future (the clock went back) is not believed.
        assert_eq!(age(10.0 * 60_000.0, 0.0, ttl), Age::Unusable);
        assert_eq!(age(f64::NAN, 0.0, ttl), Age::Unusable);
        // A TTL of 0 makes every reading stale at once.
        assert_eq!(age(0.0, 0.0, 0.0), Age::Expired);
    }

    #[test]
    fn keys_name_base_tenant_and_card_and_never_anything_else() {
        let tid = "72F988BF-86F1-41AF-91AB-2D7CD011DB47";
        let k = key(&base(), &tenant_label(Some(tid)), CardKind::Groups);
        assert_eq!(
            k,
            "dsc:v1|https://api.security.microsoft.com|72f988bf-86f1-41af-91ab-2d7cd011db47|groups"
        );
        assert!(is_our_key(&k));
        assert_eq!(tenant_label(Some("demo-token")), "-");
        assert_eq!(
            tenant_label(Some("72f988bf-86f1-41af-91ab-2d7cd011db4")),
            "-"
        );
        assert_eq!(
            tenant_label(Some("72f988bf+86f1-41af-91ab-2d7cd011db47")),
            "-"
        );
        assert_eq!(tenant_label(None), "-");
    }

    #[test]
    fn cache_modes_read_from_their_option_values() {
        for mode in [
            CacheMode::Session,
            CacheMode::Local,
            CacheMode::Memory,
            CacheMode::Off,
        ] {
            assert_eq!(CacheMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(CacheMode::parse("sessionStorage"), Some(CacheMode::Session));
        assert_eq!(CacheMode::parse("cookies"), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stops_after_the_last_retry() {
        assert_eq!(backoff_ms(0, 0.5), None);
        let mut previous_max = 0.0;
        for retry in 1..=MAX_RETRIES {
            let low = backoff_ms(retry, 0.0).expect("low");
            let high = backoff_ms(retry, 0.999_999).expect("high");
            assert!(low >= previous_max / 2.0, "retry {retry}: {low}");
            assert!(
                high > low && high <= 2.0 * low,
                "retry {retry}: {low}..{high}"
            );
            assert!(high <= BACKOFF_CAP_MS);
            previous_max = high;
        }
        assert_eq!(backoff_ms(1, 0.0), Some(1_000.0));
        assert_eq!(backoff_ms(3, 1.0), Some(8_000.0));
        assert_eq!(backoff_ms(MAX_RETRIES + 1, 0.5), None);
        // A broken random source still gives a bounded wait.
        assert_eq!(backoff_ms(1, f64::NAN), Some(1_500.0));
    }
}
