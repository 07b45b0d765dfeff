//! One reading of `snapshot.json`, checked on its own: the reading cache's shape
//! ([`crate::model::storage::stored`]) with the snapshot's tighter limits, each problem named by its
//! path (`readings[2].items[5].score is 101, outside 0 to 100`), then [`from_stored`] as the
//! final gate, so a snapshot's reading is exactly what the cache would accept.

use super::fields::{in_time_range, wrong_type};
use super::{MAX_SNAPSHOT_GROUPS, MAX_TEXT_BYTES};
use crate::model::api::json::{AnObject, Decoded, Found};
use crate::model::api::raw::RawMembers;
use crate::model::cards::scores::{is_device_score, is_exposure_score, CardKind};
use crate::model::storage::stored::{from_stored, Stored, StoredItem};
use crate::model::{Fresh, Problem};

/// One card's reading in a checked snapshot: the card, and its reading or why it did not check.
pub type CardReading = (CardKind, Result<Fresh, Problem>);

/// One entry of `readings` as decoded (its members of [`RawMembers`]): the card named as it
/// came, the items strictly (a member of the wrong type makes the items, and so this card,
/// fail; the others still show).
#[derive(Debug, Default)]
pub(super) struct RawReading {
    pub(super) kind: Option<Found>,
    pub(super) received_ms: Option<Found>,
    pub(super) items: Option<Decoded<Vec<StoredItem>>>,
}

impl From<RawMembers> for RawReading {
    fn from(members: RawMembers) -> RawReading {
        RawReading {
            kind: members.kind,
            received_ms: members.received_ms,
            items: members.items,
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
    let stored = Stored {
        kind,
        received_ms,
        items,
        active: None,
        top: None,
    };
    from_stored(stored, kind).ok_or_else(|| Problem::Shape(format!("{at} does not check")))
}

/// The checks of [`from_stored`], each with its own message, and the snapshot's text limits.
fn check_item(at: &str, kind: CardKind, item: &StoredItem) -> Result<(), Problem> {
    let field = |name: &str| format!("{at}.{name}");
    let (fits, range) = match kind {
        CardKind::Device => (is_device_score(item.score), "0 to 1e9 points"),
        CardKind::Exposure | CardKind::Groups => (is_exposure_score(item.score), "0 to 100"),
        // TODO(issue 20): the snapshot's recommendations reading.
        CardKind::Recommendations => (false, "no items"),
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
