//! A reading as the cache stores it, and checking what comes back from storage (which is as
//! untrusted as any response: another script on the page may have written it).

use crate::model::cards::recommendations::{Recommendation, Recommendations};
use crate::model::cards::scores::{
    is_device_score, is_exposure_score, CardKind, DeviceGroupScore, DeviceGroupScores,
    DeviceSecureScore, ExposureScore, MAX_GROUPS,
};
use crate::model::{CardData, Fresh, Timestamp};
use serde::{Deserialize, Serialize};

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

/// A reading as stored: `{"kind", "receivedMs", "items"}`, JSON text in the browser's storage;
/// the recommendations card's adds `"active"` and `"top"` (its items are empty).
/// Read back with `serde` and then checked by [`from_stored`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stored {
    /// The card.
    pub kind: CardKind,
    /// When this browser received it.
    pub received_ms: f64,
    /// One item for a score card; one per group for the groups card; none for recommendations.
    pub items: Vec<StoredItem>,
    /// Recommendations: how many are active in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<usize>,
    /// Recommendations: the first ones, in the card's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<Vec<Recommendation>>,
}

/// Flattens a reading for storage.
pub fn to_stored(fresh: &Fresh) -> Stored {
    let one = |score: f64, time: Timestamp| StoredItem {
        name: None,
        id: None,
        score,
        time_ms: time.epoch_ms,
    };
    let mut stored = Stored {
        kind: fresh.data.kind(),
        received_ms: fresh.received_ms,
        items: Vec::new(),
        active: None,
        top: None,
    };
    stored.items = match &fresh.data {
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
        CardData::Recommendations(r) => {
            stored.active = Some(r.active);
            stored.top = Some(r.top.clone());
            Vec::new()
        }
    };
    stored
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
        CardKind::Recommendations => {
            let data = Recommendations {
                top: stored.top?,
                active: stored.active?,
            };
            if !stored.items.is_empty() || !data.is_valid() {
                return None;
            }
            CardData::Recommendations(data)
        }
    };
    Some(Fresh {
        data,
        received_ms: stored.received_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
