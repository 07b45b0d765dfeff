//! One reading of `snapshot.json`, checked on its own: the reading cache's shape
//! ([`crate::model::storage::stored`]) with the snapshot's tighter limits, each problem named by its
//! path (`readings[2].items[5].score is 101, outside 0 to 100`), then [`from_stored`] as the
//! final gate, so a snapshot's reading is exactly what the cache would accept.
//!
//! The recommendations card's reading has no items: its `active` count and its `top` rows
//! (`readings[3].top[2].exposureImpact is 101, outside 0 to 100`) are checked the same way.

use super::fields::{in_time_range, wrong_type};
use super::{MAX_SNAPSHOT_GROUPS, MAX_TEXT_BYTES};
use crate::model::api::json::{AnObject, Decoded, Found};
use crate::model::api::raw::RawMembers;
use crate::model::cards::recommendations::{
    by_impact, Recommendation, MAX_RECOMMENDATIONS, MAX_TOP,
};
use crate::model::cards::scores::{is_device_score, is_exposure_score, CardKind};
use crate::model::storage::stored::{from_stored, Stored, StoredItem};
use crate::model::{Fresh, Problem};

/// One card's reading in a checked snapshot: the card, and its reading or why it did not check.
pub type CardReading = (CardKind, Result<Fresh, Problem>);

/// One entry of `readings` as decoded (its members of [`RawMembers`]): the card named as it
/// came, the items and the recommendations strictly (a member of the wrong type makes them,
/// and so this card, fail; the others still show).
#[derive(Debug, Default)]
pub(super) struct RawReading {
    pub(super) kind: Option<Found>,
    pub(super) received_ms: Option<Found>,
    pub(super) items: Option<Decoded<Vec<StoredItem>>>,
    pub(super) active: Option<Found>,
    pub(super) top: Option<Decoded<Vec<Recommendation>>>,
}

impl From<RawMembers> for RawReading {
    fn from(members: RawMembers) -> RawReading {
        RawReading {
            kind: members.kind,
            received_ms: members.received_ms,
            items: members.items,
            active: members.active,
            top: members.top,
        }
    }
}

/// Checks `readings[i]`. `Ok(None)` for a reading of a card this reader does not know (a
/// later publisher may add cards without changing the format); `Err` when the entry names
/// no card at all (the file is damaged); otherwise the card and its own result.
pub(super) fn check_reading(
    i: usize,
    entry: AnObject<RawReading>,
) -> Result<Option<CardReading>, Problem> {
    let at = format!("readings[{i}]");
    let raw = entry.require(&at)?;
    let kind = match &raw.kind {
        Some(Found::Text(name)) => match CardKind::ALL.into_iter().find(|k| k.as_str() == name) {
            Some(kind) => kind,
            None => return Ok(None),
        },
        None | Some(Found::Null) => return Err(Problem::Missing(format!("{at}.kind"))),
        Some(other) => return Err(wrong_type(&format!("{at}.kind"), "a string", other)),
    };
    Ok(Some((kind, reading(&at, kind, raw))))
}

fn reading(at: &str, kind: CardKind, raw: RawReading) -> Result<Fresh, Problem> {
    let received_ms = match raw.received_ms {
        Some(Found::Number(n)) => time_ms(n, &format!("{at}.receivedMs"))?,
        None | Some(Found::Null) => return Err(Problem::Missing(format!("{at}.receivedMs"))),
        Some(other) => return Err(wrong_type(&format!("{at}.receivedMs"), "a number", &other)),
    };
    let items = match raw.items {
        None => return Err(Problem::Missing(format!("{at}.items"))),
        Some(Decoded(Err(why))) => return Err(Problem::Shape(format!("{at}.items: {why}"))),
        Some(Decoded(Ok(items))) => items,
    };
    let (active, top) = if kind == CardKind::Recommendations {
        if !items.is_empty() {
            return Err(Problem::Shape(format!("{at}.items is not empty")));
        }
        let (active, top) = recommendations(at, raw.active, raw.top)?;
        (Some(active), Some(top))
    } else {
        for (member, present) in [("active", raw.active.is_some()), ("top", raw.top.is_some())] {
            if present {
                return Err(Problem::Shape(format!(
                    "{at}.{member} is for recommendations only"
                )));
            }
        }
        check_items(at, kind, &items)?;
        (None, None)
    };
    let stored = Stored {
        kind,
        received_ms,
        items,
        active,
        top,
    };
    from_stored(stored, kind).ok_or_else(|| Problem::Shape(format!("{at} does not check")))
}

/// A score card's items: one score, or for groups at most [`MAX_SNAPSHOT_GROUPS`].
fn check_items(at: &str, kind: CardKind, items: &[StoredItem]) -> Result<(), Problem> {
    if kind == CardKind::Groups && items.len() > MAX_SNAPSHOT_GROUPS {
        return Err(Problem::TooManyGroups(MAX_SNAPSHOT_GROUPS));
    }
    if kind != CardKind::Groups && items.len() != 1 {
        return Err(Problem::Shape(format!(
            "{at}.items holds {} scores, not one",
            items.len()
        )));
    }
    for (j, item) in items.iter().enumerate() {
        check_item(&format!("{at}.items[{j}]"), kind, item)?;
    }
    Ok(())
}

/// The recommendations card's `active` (a whole number up to [`MAX_RECOMMENDATIONS`]) and
/// `top` (at most [`MAX_TOP`] rows, no more than `active`, each checked, in the card's order).
fn recommendations(
    at: &str,
    active: Option<Found>,
    top: Option<Decoded<Vec<Recommendation>>>,
) -> Result<(usize, Vec<Recommendation>), Problem> {
    let field = format!("{at}.active");
    let active = match active {
        None | Some(Found::Null) => return Err(Problem::Missing(field)),
        Some(Found::Number(n)) if !n.is_finite() => return Err(Problem::NotFinite(field)),
        Some(Found::Number(n))
            if n.fract() == 0.0 && (0.0..=MAX_RECOMMENDATIONS as f64).contains(&n) =>
        {
            n as usize
        }
        Some(Found::Number(n)) => {
            return Err(Problem::OutOfRange {
                field,
                value: n,
                range: "whole numbers from 0 to 10000",
            })
        }
        Some(other) => return Err(wrong_type(&field, "a number", &other)),
    };
    let top = match top {
        None => return Err(Problem::Missing(format!("{at}.top"))),
        Some(Decoded(Err(why))) => return Err(Problem::Shape(format!("{at}.top: {why}"))),
        Some(Decoded(Ok(top))) => top,
    };
    if top.len() > MAX_TOP.min(active) {
        return Err(Problem::Shape(format!(
            "{at}.top holds {} recommendations, more than {} (at most 20, and no more than active)",
            top.len(),
            MAX_TOP.min(active)
        )));
    }
    for (j, row) in top.iter().enumerate() {
        check_recommendation(&format!("{at}.top[{j}]"), row)?;
    }
    if let Some(j) = top.windows(2).position(|w| by_impact(&w[0], &w[1]).is_gt()) {
        return Err(Problem::Shape(format!(
            "{at}.top[{}] is ranked above {at}.top[{j}]",
            j + 1
        )));
    }
    Ok((active, top))
}

/// The checks of [`Recommendation::is_valid`], each with its own message, and the snapshot's
/// text limits.
fn check_recommendation(at: &str, row: &Recommendation) -> Result<(), Problem> {
    let field = |name: &str| format!("{at}.{name}");
    for (name, value) in [("id", &row.id), ("name", &row.name)] {
        if value.len() > MAX_TEXT_BYTES {
            return Err(Problem::TooLong {
                field: field(name),
                limit: MAX_TEXT_BYTES,
            });
        }
        if value.trim().is_empty() {
            return Err(Problem::Missing(field(name)));
        }
    }
    for (name, value, fits, range) in [
        (
            "exposureImpact",
            row.exposure_impact,
            is_exposure_score(row.exposure_impact),
            "0 to 100",
        ),
        (
            "configScoreImpact",
            row.config_score_impact,
            is_device_score(row.config_score_impact),
            "0 to 1e9 points",
        ),
    ] {
        if !value.is_finite() {
            return Err(Problem::NotFinite(field(name)));
        }
        if !fits {
            return Err(Problem::OutOfRange {
                field: field(name),
                value,
                range,
            });
        }
    }
    if row.exposed_devices > row.total_devices {
        return Err(Problem::Shape(format!(
            "{} is more than {}",
            field("exposedDevices"),
            field("totalDevices")
        )));
    }
    Ok(())
}

/// The checks of [`from_stored`], each with its own message, and the snapshot's text limits.
fn check_item(at: &str, kind: CardKind, item: &StoredItem) -> Result<(), Problem> {
    let field = |name: &str| format!("{at}.{name}");
    let (fits, range) = match kind {
        CardKind::Device => (is_device_score(item.score), "0 to 1e9 points"),
        // Recommendations have no items ([`recommendations`] checks theirs).
        CardKind::Exposure | CardKind::Groups | CardKind::Recommendations => {
            (is_exposure_score(item.score), "0 to 100")
        }
    };
    if !item.score.is_finite() {
        return Err(Problem::NotFinite(field("score")));
    }
    if !fits {
        return Err(Problem::OutOfRange {
            field: field("score"),
            value: item.score,
            range,
        });
    }
    time_ms(item.time_ms, &field("timeMs"))?;
    for (name, value) in [("name", &item.name), ("id", &item.id)] {
        if value.as_ref().is_some_and(|v| v.len() > MAX_TEXT_BYTES) {
            return Err(Problem::TooLong {
                field: field(name),
                limit: MAX_TEXT_BYTES,
            });
        }
    }
    match (&item.name, kind) {
        (Some(name), CardKind::Groups) if !name.trim().is_empty() => Ok(()),
        (_, CardKind::Groups) => Err(Problem::Missing(field("name"))),
        (Some(_), _) => Err(Problem::Shape(format!(
            "{} is for groups only",
            field("name")
        ))),
        (None, _) => Ok(()),
    }
}

/// A time in ms since the epoch: finite, from 1970 to 9999.
fn time_ms(ms: f64, field: &str) -> Result<f64, Problem> {
    if !ms.is_finite() {
        return Err(Problem::NotFinite(field.into()));
    }
    if !in_time_range(ms) {
        return Err(Problem::OutOfRange {
            field: field.into(),
            value: ms,
            range: "1970 to 9999",
        });
    }
    Ok(ms)
}
