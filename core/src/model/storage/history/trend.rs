//! What a card compares against (the change since about a week ago, the groups whose exposure
//! rose) and the sparkline's geometry, from the kept records.

use super::{hundredths, Record, WEEK_MS};
use crate::model::cards::scores::{CardKind, Direction};

/// Smaller changes round to 0.0 on screen and count as no change.
const NOTICEABLE: f64 = 0.05;

/// Of records at `times` (oldest first, the newest left out), the one to compare with: the
/// newest at or before a week ago, else the first.
fn baseline(times: &[f64], now_ms: f64) -> Option<usize> {
    let week_ago = now_ms - WEEK_MS;
    times
        .iter()
        .rposition(|t| *t <= week_ago)
        .or((!times.is_empty()).then_some(0))
}

/// Whether a change is good news, in the card's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Exposure went down, or the device score up.
    Better,
    /// Exposure went up, or the device score down.
    Worse,
    /// Less than 0.05 either way.
    Same,
}

impl Movement {
    /// The `data-trend` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::Better => "better",
            Movement::Worse => "worse",
            Movement::Same => "same",
        }
    }
}

/// A card's trend: its scores over the kept records and the change shown under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The card's score in each record that has one, oldest first (at least two).
    pub values: Vec<f64>,
    /// The newest score minus the one compared with.
    pub delta: f64,
    /// When the record compared with was made.
    pub since_ms: f64,
    /// Which way that is good or bad.
    pub movement: Movement,
}

/// The trend of `kind` at `now_ms`, when at least two records have its score.
pub fn trend(records: &[Record], kind: CardKind, now_ms: f64) -> Option<Trend> {
    let mut values = Vec::new();
    let mut times = Vec::new();
    for r in records {
        if let Some(v) = r.score(kind) {
            values.push(v);
            times.push(r.time_ms);
        }
    }
    let (last, earlier) = values.split_last()?;
    let base = baseline(times.get(..earlier.len())?, now_ms)?;
    let delta = hundredths(last - earlier.get(base)?);
    let lower_is_better = kind.direction() == Direction::LowerIsBetter;
    let movement = if delta.abs() < NOTICEABLE {
        Movement::Same
    } else if (delta < 0.0) == lower_is_better {
        Movement::Better
    } else {
        Movement::Worse
    };
    Some(Trend {
        since_ms: *times.get(base)?,
        delta,
        movement,
        values,
    })
}

/// Groups whose exposure rose since the record compared with (chosen as for [`trend`]): each
/// name in the newest groups record with the rise, and when the earlier record was made.
/// Groups new since then are not marked.
pub fn risen_groups(records: &[Record], now_ms: f64) -> Option<(f64, Vec<(&str, f64)>)> {
    let mut times = Vec::new();
    let mut lists = Vec::new();
    for r in records {
        if let Some(groups) = &r.groups {
            times.push(r.time_ms);
            lists.push(groups);
        }
    }
    let (newest, earlier) = lists.split_last()?;
    times.pop();
    let base = baseline(&times, now_ms)?;
    let before = earlier.get(base)?;
    let mut rises = Vec::new();
    for g in newest.iter() {
        if let Some(old) = before.iter().find(|b| b.name == g.name) {
            let rise = hundredths(g.score - old.score);
            if rise >= NOTICEABLE {
                rises.push((g.name.as_str(), rise));
            }
        }
    }
    Some((*times.get(base)?, rises))
}

/// The sparkline's box, in SVG user units.
pub const SPARK_WIDTH: u32 = 120;
/// The sparkline's box height, in SVG user units.
pub const SPARK_HEIGHT: u32 = 32;
const SPARK_PAD: f64 = 2.0;

/// A sparkline, ready for SVG: the polyline's `points` and a path of the band boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// `x,y x,y …`, whole user units, oldest first.
    pub points: String,
    /// The band boundaries (70, then 30) as a path's `d`, on the exposure axis only.
    pub bands: Option<String>,
}

/// Scales `values` (at least two) into the sparkline's box: exposure on the fixed 0-100 axis
/// with its band boundaries, other scores onto the range of the data.
pub fn sparkline(values: &[f64], exposure_axis: bool) -> Option<Sparkline> {
    if values.len() < 2 {
        return None;
    }
    let (mut low, mut high) = (0.0, 100.0);
    if !exposure_axis {
        low = values.iter().copied().fold(f64::INFINITY, f64::min);
        high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if high - low < 1e-9 {
            // A flat line, drawn across the middle.
            low -= 1.0;
            high += 1.0;
        }
    }
    let height = f64::from(SPARK_HEIGHT) - 2.0 * SPARK_PAD;
    let y =
        |v: f64| (SPARK_PAD + (high - v.max(low).min(high)) / (high - low) * height).round() as u32;
    let step = f64::from(SPARK_WIDTH) / (values.len() - 1) as f64;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{},{}", (i as f64 * step).round() as u32, y(*v)))
        .collect();
    let bands = exposure_axis.then(|| format!("M0 {}H120M0 {}H120", y(70.0), y(30.0)));
    let points = points.join(" ");
    Some(Sparkline { points, bands })
}

#[cfg(test)]
mod tests {
    use super::super::append;
    use super::super::tests::{exposure, full, groups, DAY, HOUR, T0};
    use super::*;

    #[test]
    fn the_change_is_against_the_newest_record_a_week_old_else_the_first() {
        let now = T0 + 10.0 * DAY;
        let mut records = Vec::new();
        for (day, score) in [
            (0.0, 50.0),
            (2.0, 45.0),
            (3.0, 44.0),
            (9.0, 42.0),
            (10.0, 41.8),
        ] {
            append(&mut records, exposure(score, T0 + day * DAY));
        }
        let t = trend(&records, CardKind::Exposure, now).expect("trend");
        assert_eq!(t.values, [50.0, 45.0, 44.0, 42.0, 41.8]);
        assert_eq!(t.since_ms, T0 + 3.0 * DAY);
        assert_eq!(t.delta, -2.2);
        assert_eq!(t.movement, Movement::Better);
        // Less than a week of history: the first record.
        let t = trend(&records[3..], CardKind::Exposure, now).expect("trend");
        assert_eq!((t.since_ms, t.delta), (T0 + 9.0 * DAY, -0.2));
        // One record is no trend.
        assert_eq!(trend(&records[..1], CardKind::Exposure, now), None);
        assert_eq!(trend(&records, CardKind::Device, now), None);
    }

    #[test]
    fn lower_exposure_and_higher_device_scores_are_better() {
        let now = T0 + DAY;
        let mut records = full(T0, 40.0, 300.0, &[("A", 50.0)]);
        records.extend(full(T0 + 2.0 * HOUR, 45.0, 310.0, &[("A", 49.0)]));
        let movement =
            |records: &[Record], kind| trend(records, kind, now).map(|t| (t.delta, t.movement));
        assert_eq!(
            movement(&records, CardKind::Exposure),
            Some((5.0, Movement::Worse))
        );
        assert_eq!(
            movement(&records, CardKind::Device),
            Some((10.0, Movement::Better))
        );
        assert_eq!(
            movement(&records, CardKind::Groups),
            Some((-1.0, Movement::Better))
        );
        records.extend(full(T0 + 4.0 * HOUR, 40.04, 299.0, &[("A", 50.0)]));
        assert_eq!(
            movement(&records, CardKind::Exposure),
            Some((0.04, Movement::Same))
        );
        assert_eq!(
            movement(&records, CardKind::Device),
            Some((-1.0, Movement::Worse))
        );
        assert_eq!(Movement::Same.as_str(), "same");
    }

    #[test]
    fn groups_whose_exposure_rose_are_named_with_the_rise() {
        let now = T0 + 8.0 * DAY;
        let mut records = Vec::new();
        append(&mut records, groups(&[("A", 10.0), ("B", 50.0)], T0));
        append(&mut records, exposure(20.0, T0 + DAY));
        append(
            &mut records,
            groups(&[("A", 14.1), ("B", 49.0), ("C", 90.0)], T0 + 8.0 * DAY),
        );
        let (since, rises) = risen_groups(&records, now).expect("rises");
        assert_eq!(since, T0);
        assert_eq!(rises, [("A", 4.1)], "B fell and C is new");
        assert_eq!(risen_groups(&records[..2], now), None);
        assert_eq!(risen_groups(&[], now), None);
    }

    #[test]
    fn exposure_sparklines_use_the_fixed_axis_with_band_lines() {
        let s = sparkline(&[0.0, 50.0, 100.0], true).expect("line");
        assert_eq!(s.points, "0,30 60,16 120,2");
        assert_eq!(s.bands.as_deref(), Some("M0 10H120M0 22H120"));
        assert_eq!(sparkline(&[42.0], true), None);
        assert_eq!(sparkline(&[], false), None);
    }

    #[test]
    fn device_sparklines_scale_to_the_data_and_flat_lines_sit_in_the_middle() {
        let s = sparkline(&[300.0, 400.0, 350.0, 300.0, 400.0], false).expect("line");
        assert_eq!(s.points, "0,30 30,2 60,16 90,30 120,2");
        assert_eq!(s.bands, None);
        let flat = sparkline(&[340.0, 340.0], false).expect("line");
        assert_eq!(flat.points, "0,16 120,16");
    }
}
