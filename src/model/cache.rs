//! The reading cache's pure rules: where readings are kept, their keys, how old is too old,
//! how long to wait before trying again, and checking what comes back from storage (which
//! is as untrusted as any response: another script on the page may have written it).
//!
//! A token is never part of a key or a record: the key names the API base, the tenant
//! (the token's `tid` claim, a directory id) and the card.

use super::scores::{
    is_device_score, is_exposure_score, CardKind, DeviceGroupScore, DeviceGroupScores,
    DeviceSecureScore, ExposureScore, MAX_GROUPS,
};
use super::{ApiBase, CardData, Fresh, Timestamp};
use serde::{Deserialize, Serialize};

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

/// One score as stored: flat JSON, `{"name", "id", "score", "timeMs"}` (absent names and
/// ids are left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredItem {
    /// `rbacGroupName` (groups only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `rbacGroupId` (groups only, when the API gave one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The score.
    pub score: f64,
    /// The API's `time`, in ms since the epoch.
    pub time_ms: f64,
}

/// A reading as stored: `{"kind", "receivedMs", "items"}`, JSON text in the browser's storage.
/// Read back with `serde` and then checked by [`from_stored`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stored {
    /// The card.
    pub kind: CardKind,
    /// When this browser received it.
    pub received_ms: f64,
    /// One item for a score card; one per group for the groups card.
    pub items: Vec<StoredItem>,
}

/// Flattens a reading for storage.
pub fn to_stored(fresh: &Fresh) -> Stored {
    let one = |score: f64, time: Timestamp| StoredItem {
        name: None,
        id: None,
        score,
        time_ms: time.epoch_ms,
    };
    let items = match &fresh.data {
        CardData::Exposure(e) => vec![one(e.score, e.time)],
        CardData::Device(d) => vec![one(d.score, d.time)],
        CardData::Groups(g) => g
            .groups
            .iter()
            .map(|group| StoredItem {
                name: Some(group.name.clone()),
                id: group.id.clone(),
                score: group.score,
                time_ms: group.time.epoch_ms,
            })
            .collect(),
    };
    Stored {
        kind: fresh.data.kind(),
        received_ms: fresh.received_ms,
        items,
    }
}

fn time(ms: f64) -> Option<Timestamp> {
    // Years 1970 to 9999, as the API's timestamps parse.
    (ms.is_finite() && (0.0..=253_402_300_799_999.0).contains(&ms))
        .then_some(Timestamp { epoch_ms: ms })
}

fn exposure(score: f64) -> Option<f64> {
    is_exposure_score(score).then_some(score)
}

/// Checks a stored reading as strictly as a response: the same ranges, names and limits.
/// `None` when anything is off (the caller drops the entry and asks the API).
pub fn from_stored(stored: Stored, expected: CardKind) -> Option<Fresh> {
    if stored.kind != expected || !stored.received_ms.is_finite() {
        return None;
    }
    let data = match stored.kind {
        CardKind::Exposure | CardKind::Device => {
            let [item] = stored.items.as_slice() else {
                return None;
            };
            let time = time(item.time_ms)?;
            if item.name.is_some() {
                return None;
            }
            if stored.kind == CardKind::Exposure {
                CardData::Exposure(ExposureScore {
                    score: exposure(item.score)?,
                    time,
                })
            } else {
                let score = item.score;
                if !is_device_score(score) {
                    return None;
                }
                CardData::Device(DeviceSecureScore { score, time })
            }
        }
        CardKind::Groups => {
            if stored.items.len() > MAX_GROUPS {
                return None;
            }
            let mut groups = Vec::with_capacity(stored.items.len());
            for item in stored.items {
                let name = item.name.filter(|n| !n.trim().is_empty())?;
                groups.push(DeviceGroupScore {
                    name,
                    id: item.id,
                    score: exposure(item.score)?,
                    time: time(item.time_ms)?,
                });
            }
            CardData::Groups(DeviceGroupScores::new(groups))
        }
    };
    Some(Fresh {
        data,
        received_ms: stored.received_ms,
    })
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

    fn fresh(data: CardData) -> Fresh {
        Fresh {
            data,
            received_ms: 1_700_000_000_000.0,
        }
    }

    fn groups() -> CardData {
        CardData::Groups(DeviceGroupScores::new(vec![
            DeviceGroupScore {
                name: "GroupOne".into(),
                id: Some("7".into()),
                score: 41.4,
                time: Timestamp {
                    epoch_ms: 1_575_364_558_166.0,
                },
            },
            DeviceGroupScore {
                name: "<b>GroupTwo</b>".into(),
                id: None,
                score: 37.4,
                time: Timestamp {
                    epoch_ms: 1_575_364_558_166.0,
                },
            },
        ]))
    }

    #[test]
    fn every_reading_survives_a_round_trip_through_storage() {
        let t = Timestamp {
            epoch_ms: 1_575_364_558_166.0,
        };
        for data in [
            CardData::Exposure(ExposureScore {
                score: 33.4,
                time: t,
            }),
            CardData::Device(DeviceSecureScore {
                score: 340.0,
                time: t,
            }),
            groups(),
        ] {
            let f = fresh(data);
            let kind = f.data.kind();
            assert_eq!(from_stored(to_stored(&f), kind), Some(f));
        }
    }

    #[test]
    fn tampered_storage_is_refused_not_shown() {
        let t = Timestamp { epoch_ms: 1.0e12 };
        let exposure = to_stored(&fresh(CardData::Exposure(ExposureScore {
            score: 10.0,
            time: t,
        })));
        let cases: Vec<(Stored, CardKind)> = vec![
            (exposure.clone(), CardKind::Device),
            (
                Stored {
                    items: vec![],
                    ..exposure.clone()
                },
                CardKind::Exposure,
            ),
            (
                Stored {
                    items: vec![exposure.items[0].clone(), exposure.items[0].clone()],
                    ..exposure.clone()
                },
                CardKind::Exposure,
            ),
            (
                Stored {
                    received_ms: f64::NAN,
                    ..exposure.clone()
                },
                CardKind::Exposure,
            ),
        ];
        for (stored, kind) in cases {
            assert_eq!(from_stored(stored.clone(), kind), None, "{stored:?}");
        }
        for bad in [f64::NAN, f64::INFINITY, -1.0, 100.5] {
            let mut s = exposure.clone();
            s.items[0].score = bad;
            assert_eq!(from_stored(s, CardKind::Exposure), None, "score {bad}");
        }
        for bad in [f64::NAN, -1.0, 1.0e20] {
            let mut s = exposure.clone();
            s.items[0].time_ms = bad;
            assert_eq!(from_stored(s, CardKind::Exposure), None, "time {bad}");
        }
        let mut g = to_stored(&fresh(groups()));
        g.items[0].name = Some("  ".into());
        assert_eq!(from_stored(g, CardKind::Groups), None);
        let mut g = to_stored(&fresh(groups()));
        g.items[1].score = 101.0;
        assert_eq!(from_stored(g, CardKind::Groups), None);
        let mut device = exposure.clone();
        device.kind = CardKind::Device;
        device.items[0].score = 2.0e9;
        assert_eq!(from_stored(device, CardKind::Device), None);
    }

    #[test]
    fn the_stored_text_keeps_its_shape_so_entries_written_before_still_read() {
        // As the widget wrote entries before records went through serde.
        let old = r#"{"kind":"groups","receivedMs":1700000000000,"items":[
            {"name":"GroupOne","id":"7","score":41.4,"timeMs":1575364558166},
            {"name":"<b>GroupTwo</b>","score":37.4,"timeMs":1575364558166}]}"#;
        let stored: Stored = serde_json::from_str(old).expect("an old entry reads");
        assert_eq!(stored, to_stored(&fresh(groups())));
        // Written in the same shape and member order (`JSON.stringify` in the browser writes
        // whole numbers without serde_json's ".0").
        let written = serde_json::to_string(&to_stored(&fresh(groups()))).expect("writes");
        let old: String = old.split_whitespace().collect();
        assert_eq!(written.replace(".0,", ",").replace(".0}", "}"), old);
    }

    #[test]
    fn damaged_stored_text_does_not_read() {
        for text in [
            r#"{"kind":"device","receivedMs":1,"items":[{"score":"340","timeMs":1}]}"#,
            r#"{"kind":"scores","receivedMs":1,"items":[]}"#,
            r#"{"kind":"device","items":[]}"#,
            r#"{"kind":"groups","receivedMs":1,"items":[{"name":5,"score":1,"timeMs":1}]}"#,
            r#"{"kind":"groups","receivedMs":1,"items":{}}"#,
            "[]",
        ] {
            assert!(serde_json::from_str::<Stored>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn restored_groups_are_sorted_worst_first_whatever_the_stored_order() {
        let mut s = to_stored(&fresh(groups()));
        s.items.reverse();
        let Some(Fresh {
            data: CardData::Groups(g),
            ..
        }) = from_stored(s, CardKind::Groups)
        else {
            panic!("groups expected");
        };
        assert_eq!(g.groups[0].name, "GroupOne");
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
