//! The cards and their scores: typed, and what their numbers mean. How a response
//! body becomes one of these is in [`crate::model::api::raw`].

use crate::model::cards::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The cards: the three score cards, in their default order, and the opt-in recommendations
/// card. Stored (in the reading cache) by their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// Organisation exposure score (`/api/exposureScore`).
    Exposure,
    /// Microsoft Secure Score for Devices (`/api/configurationScore`).
    Device,
    /// Exposure score per device group (`/api/exposureScore/ByMachineGroups`).
    Groups,
    /// The active security recommendations that lower the exposure most (`/api/recommendations`);
    /// shown only when `cards` names it.
    Recommendations,
}

impl CardKind {
    /// Every card: the default ones, then the opt-in recommendations card.
    pub const ALL: [CardKind; 4] = [
        CardKind::Exposure,
        CardKind::Device,
        CardKind::Groups,
        CardKind::Recommendations,
    ];

    /// The cards shown when `cards` is not given: the three score cards.
    pub const DEFAULT: [CardKind; 3] = [CardKind::Exposure, CardKind::Device, CardKind::Groups];

    /// The `data-card` value and the name used in options and events.
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Exposure => "exposure",
            CardKind::Device => "device",
            CardKind::Groups => "groups",
            CardKind::Recommendations => "recommendations",
        }
    }

    /// Reads a card name as the `cards` option spells it.
    pub fn parse(name: &str) -> Option<CardKind> {
        CardKind::ALL
            .into_iter()
            .find(|c| c.as_str() == name.trim())
    }

    /// The API path (below the API base) this card reads.
    pub fn path(self) -> &'static str {
        match self {
            CardKind::Exposure => "/api/exposureScore",
            CardKind::Device => "/api/configurationScore",
            CardKind::Groups => "/api/exposureScore/ByMachineGroups",
            CardKind::Recommendations => "/api/recommendations?$filter=status%20eq%20%27Active%27",
        }
    }

    /// Which way the score is better.
    pub fn direction(self) -> Direction {
        match self {
            CardKind::Device => Direction::HigherIsBetter,
            CardKind::Exposure | CardKind::Groups | CardKind::Recommendations => {
                Direction::LowerIsBetter
            }
        }
    }
}

/// Which way a score is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Exposure: a lower score means less exposure.
    LowerIsBetter,
    /// Device secure score: more points mean more resilient devices.
    HigherIsBetter,
}

/// Exposure level as Defender Vulnerability Management defines it: 0-29 low, 30-69 medium, 70-100 high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExposureBand {
    /// 0-29.
    Low,
    /// 30-69.
    Medium,
    /// 70-100.
    High,
}

impl ExposureBand {
    /// The band of a score as it is shown, rounded to a whole number, so that
    /// the number on screen and its band always agree (29.6 shows as 30: medium).
    pub fn of(score: f64) -> ExposureBand {
        let shown = score.round();
        if shown >= 70.0 {
            ExposureBand::High
        } else if shown >= 30.0 {
            ExposureBand::Medium
        } else {
            ExposureBand::Low
        }
    }

    /// The `data-band` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ExposureBand::Low => "low",
            ExposureBand::Medium => "medium",
            ExposureBand::High => "high",
        }
    }
}

/// The organisation exposure score: 0-100, lower is better.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureScore {
    /// The score, 0-100.
    pub score: f64,
    /// When the API was called (the documented meaning of `time`).
    pub time: Timestamp,
}

impl ExposureScore {
    /// Its exposure band.
    pub fn band(&self) -> ExposureBand {
        ExposureBand::of(self.score)
    }
}

/// Microsoft Secure Score for Devices: raw points, higher is better, no documented maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceSecureScore {
    /// The points, not negative.
    pub score: f64,
    /// When the API was called.
    pub time: Timestamp,
}

/// One device group's exposure score.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceGroupScore {
    /// `rbacGroupName`, shown as text (never as markup).
    pub name: String,
    /// `rbacGroupId`, when present (string or number in the wild).
    pub id: Option<String>,
    /// Exposure score, 0-100.
    pub score: f64,
    /// When the API was called.
    pub time: Timestamp,
}

impl DeviceGroupScore {
    /// Its exposure band.
    pub fn band(&self) -> ExposureBand {
        ExposureBand::of(self.score)
    }
}

/// Exposure per device group, sorted worst (highest) first, then by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceGroupScores {
    /// The groups, worst first.
    pub groups: Vec<DeviceGroupScore>,
}

impl DeviceGroupScores {
    /// Sorts `groups` worst first (ties by name) and keeps them.
    pub fn new(groups: Vec<DeviceGroupScore>) -> DeviceGroupScores {
        DeviceGroupScores {
            groups: worst_first(groups),
        }
    }

    /// The most exposed group.
    pub fn worst(&self) -> Option<&DeviceGroupScore> {
        self.groups.first()
    }

    /// The latest `time` among the groups.
    pub fn time(&self) -> Option<Timestamp> {
        self.groups
            .iter()
            .map(|g| g.time)
            .max_by(|a, b| a.epoch_ms.total_cmp(&b.epoch_ms))
    }
}

/// Sorts `groups` worst first: higher score first, then by name (a stable sort).
fn worst_first(mut groups: Vec<DeviceGroupScore>) -> Vec<DeviceGroupScore> {
    groups.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.cmp(&b.name))
    });
    groups
}

/// Largest device secure score accepted as plausible; far above any real tenant.
pub const MAX_DEVICE_POINTS: f64 = 1e9;
/// Most device groups the widget accepts over all pages.
pub const MAX_GROUPS: usize = 20_000;
/// Most `@odata.nextLink` pages the widget follows.
pub const MAX_PAGES: usize = 50;

/// Whether `n` is a possible exposure score (0 to 100; NaN is not).
pub fn is_exposure_score(n: f64) -> bool {
    (0.0..=100.0).contains(&n)
}

/// Whether `n` is a plausible device secure score (0 to [`MAX_DEVICE_POINTS`]; NaN is not).
pub fn is_device_score(n: f64) -> bool {
    (0.0..=MAX_DEVICE_POINTS).contains(&n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_first_is_a_stable_sort_by_score_then_name() {
        let t = Timestamp { epoch_ms: 0.0 };
        let mut seed = 7u32;
        for len in [0usize, 1, 2, 3, 5, 17, 64, 257] {
            let groups: Vec<_> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    DeviceGroupScore {
                        name: ((seed >> 8) % 5).to_string(),
                        id: Some(i.to_string()),
                        score: f64::from((seed >> 16) % 7),
                        time: t,
                    }
                })
                .collect();
            let mut expected = groups.clone();
            expected.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.name.cmp(&b.name))
            });
            assert_eq!(DeviceGroupScores::new(groups).groups, expected, "{len}");
        }
    }

    #[test]
    fn groups_sort_worst_first_then_by_name() {
        let t = Timestamp { epoch_ms: 0.0 };
        let g = |name: &str, score| DeviceGroupScore {
            name: name.into(),
            id: None,
            score,
            time: t,
        };
        let s = DeviceGroupScores::new(vec![g("b", 10.0), g("c", 80.0), g("a", 10.0)]);
        let names: Vec<_> = s.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b"]);
    }

    #[test]
    fn bands_follow_the_documented_boundaries_on_the_shown_number() {
        let cases = [
            (0.0, ExposureBand::Low),
            (29.0, ExposureBand::Low),
            (29.49, ExposureBand::Low),
            (29.5, ExposureBand::Medium),
            (30.0, ExposureBand::Medium),
            (69.0, ExposureBand::Medium),
            (69.5, ExposureBand::High),
            (70.0, ExposureBand::High),
            (100.0, ExposureBand::High),
        ];
        for (score, band) in cases {
            assert_eq!(ExposureBand::of(score), band, "score {score}");
        }
    }

    #[test]
    fn card_names_round_trip() {
        for c in CardKind::ALL {
            assert_eq!(CardKind::parse(c.as_str()), Some(c));
        }
        assert_eq!(CardKind::parse("exposures"), None);
    }
}
