//! The recommendations card's data: the security recommendations that would lower the
//! exposure score most, ranked, and how many are active in all.

use crate::model::cards::scores::{is_device_score, is_exposure_score};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The most recommendations one read takes in (the API's own `$top` limit).
pub const MAX_RECOMMENDATIONS: usize = 10_000;
/// How many the card shows unless `recommendationsTop` says otherwise.
pub const DEFAULT_TOP: usize = 5;
/// The most the card shows (and the publisher keeps).
pub const MAX_TOP: usize = 20;
/// The longest recommendation `id` accepted (it becomes part of a portal link).
pub const MAX_ID_BYTES: usize = 256;

/// One active security recommendation, checked. Stored (in the reading cache and the
/// snapshot) and sent in events with the names of its fields in camel case: `id`, `name`,
/// `exposureImpact`, `configScoreImpact`, `exposedDevices`, `totalDevices`, `publicExploit`,
/// `activeAlert`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    /// The API's `id` (e.g. `va-_-microsoft-_-windows_11`), for the portal link.
    pub id: String,
    /// `recommendationName`, shown as text.
    pub name: String,
    /// How much the exposure score would drop (`exposureImpact`), 0 to 100.
    pub exposure_impact: f64,
    /// The device secure score points it would add (`configScoreImpact`), 0 or more.
    pub config_score_impact: f64,
    /// Devices exposed (`exposedMachinesCount`), at most `total_devices`.
    pub exposed_devices: u64,
    /// Devices it applies to (`totalMachineCount`).
    pub total_devices: u64,
    /// Whether a public exploit exists (`publicExploit`).
    pub public_exploit: bool,
    /// Whether an active alert is linked to it (`activeAlert`).
    pub active_alert: bool,
}

/// The recommendations card's reading: the top few, and the active count in all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recommendations {
    /// The recommendations that lower the exposure most, first to last.
    pub top: Vec<Recommendation>,
    /// How many active recommendations the API listed.
    pub active: usize,
}

/// The card's order: exposure impact, then device score impact (both highest first), then
/// exposed devices (most first), then name, then id (so equal rows keep one order).
pub fn by_impact(a: &Recommendation, b: &Recommendation) -> Ordering {
    b.exposure_impact
        .total_cmp(&a.exposure_impact)
        .then_with(|| b.config_score_impact.total_cmp(&a.config_score_impact))
        .then_with(|| b.exposed_devices.cmp(&a.exposed_devices))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.id.cmp(&b.id))
}

impl Recommendation {
    /// Whether a recommendation read back from storage or a snapshot holds only what one
    /// from the API could: an id and a name that are not blank (the id at most
    /// [`MAX_ID_BYTES`]), impacts in their ranges, exposed devices at most all devices.
    pub fn is_valid(&self) -> bool {
        !self.id.trim().is_empty()
            && self.id.len() <= MAX_ID_BYTES
            && !self.name.trim().is_empty()
            && is_exposure_score(self.exposure_impact)
            && is_device_score(self.config_score_impact)
            && self.exposed_devices <= self.total_devices
    }
}

impl Recommendations {
    /// Whether a reading read back holds only what [`Recommendations::rank`] could give: at
    /// most [`MAX_TOP`] valid recommendations, in the card's order, no more than the active
    /// count, which is at most [`MAX_RECOMMENDATIONS`].
    pub fn is_valid(&self) -> bool {
        self.top.len() <= MAX_TOP
            && self.top.len() <= self.active
            && self.active <= MAX_RECOMMENDATIONS
            && self.top.iter().all(Recommendation::is_valid)
            && self.top.windows(2).all(|w| by_impact(&w[0], &w[1]).is_le())
    }

    /// The first `top` (1 to [`MAX_TOP`]) recommendations: what a card with
    /// `recommendationsTop` shows.
    pub fn first(&self, top: usize) -> &[Recommendation] {
        let n = top.clamp(1, MAX_TOP).min(self.top.len());
        &self.top[..n]
    }

    /// The `top` of `active` in the card's order ([`by_impact`]); `top` is kept within 1 to
    /// [`MAX_TOP`]. Each recommendation is placed among the best kept so far (a binary search
    /// in at most 20), so the work grows with the count times 20 at most, whatever the input,
    /// and the rest are never sorted.
    pub fn rank(active: Vec<Recommendation>, top: usize) -> Recommendations {
        let count = active.len();
        let top = top.clamp(1, MAX_TOP);
        let mut best: Vec<Recommendation> = Vec::with_capacity(top + 1);
        for r in active {
            let at = best.partition_point(|kept| by_impact(kept, &r).is_lt());
            if at < top {
                best.insert(at, r);
                best.truncate(top);
            }
        }
        Recommendations {
            top: best,
            active: count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, exposure: f64, config: f64, exposed: u64) -> Recommendation {
        Recommendation {
            id: format!("id-{name}"),
            name: name.into(),
            exposure_impact: exposure,
            config_score_impact: config,
            exposed_devices: exposed,
            total_devices: 100,
            public_exploit: false,
            active_alert: false,
        }
    }

    fn names(r: &Recommendations) -> Vec<&str> {
        r.top.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn exposure_impact_ranks_first_then_device_score_then_exposed_devices_then_name() {
        let ranked = Recommendations::rank(
            vec![
                item("b-tie", 2.0, 1.0, 5),
                item("a-tie", 2.0, 1.0, 5),
                item("fewer-devices", 2.0, 1.0, 4),
                item("device-score", 2.0, 3.0, 1),
                item("most-exposure", 9.0, 0.0, 1),
                item("config-only", 0.0, 8.0, 50),
            ],
            20,
        );
        assert_eq!(
            names(&ranked),
            [
                "most-exposure",
                "device-score",
                "a-tie",
                "b-tie",
                "fewer-devices",
                "config-only"
            ]
        );
        assert_eq!(ranked.active, 6);
    }

    #[test]
    fn the_top_is_kept_between_one_and_twenty_and_the_count_is_of_all() {
        let many: Vec<_> = (0..30)
            .map(|i| item(&format!("r{i:02}"), f64::from(i), 0.0, 1))
            .collect();
        let five = Recommendations::rank(many.clone(), DEFAULT_TOP);
        assert_eq!(names(&five), ["r29", "r28", "r27", "r26", "r25"]);
        assert_eq!(five.active, 30);
        assert_eq!(Recommendations::rank(many.clone(), 0).top.len(), 1);
        assert_eq!(Recommendations::rank(many, 99).top.len(), MAX_TOP);
        assert_eq!(
            Recommendations::rank(Vec::new(), 5),
            Recommendations::default()
        );
    }

    #[test]
    fn equal_rows_keep_one_order_whatever_came_first() {
        let mut a = item("same", 1.0, 1.0, 1);
        let mut b = a.clone();
        a.id = "1".into();
        b.id = "2".into();
        let one = Recommendations::rank(vec![a.clone(), b.clone()], 5);
        let other = Recommendations::rank(vec![b, a], 5);
        assert_eq!(one, other);
    }
}
