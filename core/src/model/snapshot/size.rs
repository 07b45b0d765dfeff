//! What the publisher writes must fit what a reader reads ([`MAX_FILE_BYTES`]): upper bounds
//! of the compact JSON text of items and records (as `serde_json::to_vec` or `JSON.stringify`
//! write them),
//! so the writer can leave out what does not fit before it writes, not after.

use super::{MAX_FILE_BYTES, MAX_SNAPSHOT_GROUPS, MAX_TEXT_BYTES};
use crate::model::cards::recommendations::{by_impact, Recommendation, MAX_TOP};
use crate::model::storage::history::{GroupPoint, Record};
use crate::model::storage::stored::StoredItem;

/// The longest number as JSON text (`-1.2345678901234567e-308`), with room to spare.
const NUMBER: usize = 25;
/// What the groups reading's items may take of `snapshot.json`; the rest (tenant, API base,
/// times, the failure and the other cards) is far below the 64 KiB left over.
const GROUP_ITEMS_BUDGET: usize = MAX_FILE_BYTES - 64 * 1024;
/// What the records may take of `history.json`; the rest is the format, version and tenant.
pub(super) const RECORDS_BUDGET: usize = MAX_FILE_BYTES - 4 * 1024;

/// An upper bound of `text`'s length as a JSON string, quotes included: `"` and `\` take two bytes, a
/// control character up to six (`\u0001`), any other byte one (non-ASCII is not escaped).
fn json_text_len(text: &str) -> usize {
    2 + text
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' => 2,
            0..=0x1f => 6,
            _ => 1,
        })
        .sum::<usize>()
}

/// An upper bound of an item's length: `{"name":…,"id":…,"score":…,"timeMs":…},`.
fn item_len(item: &StoredItem) -> usize {
    let text = |t: &Option<String>| t.as_deref().map_or(0, json_text_len);
    40 + 2 * NUMBER + text(&item.name) + text(&item.id)
}

/// An upper bound of the length of a record's groups: `,"groups":[["…",…],…]`.
fn groups_len(groups: &[GroupPoint]) -> usize {
    12 + groups
        .iter()
        .map(|g| 4 + NUMBER + json_text_len(&g.name))
        .sum::<usize>()
}

/// An upper bound of a record's length:
/// `{"timeMs":…,"exposure":…,"device":…,"recommendations":…,"groups":…},`.
pub(super) fn record_len(record: &Record) -> usize {
    60 + 4 * NUMBER + record.groups.as_deref().map_or(0, groups_len)
}

/// Leaves out groups from the oldest records on until the records fit [`RECORDS_BUDGET`]
/// (they only serve the last week's movement); a record left with no score is dropped.
pub(super) fn fit_records(records: &mut Vec<Record>) {
    let mut total: usize = 2 + records.iter().map(record_len).sum::<usize>();
    if total <= RECORDS_BUDGET {
        return;
    }
    for r in records.iter_mut() {
        if total <= RECORDS_BUDGET {
            break;
        }
        if let Some(groups) = r.groups.take() {
            total -= groups_len(&groups);
        }
    }
    records.retain(|r| super::thin::has_count(r) || r.groups.is_some());
}

/// A groups reading's items as a reader takes them: names and ids cut to [`MAX_TEXT_BYTES`]
/// (a name left blank drops its group), at most the [`MAX_SNAPSHOT_GROUPS`] most exposed
/// (the items come worst first), and no more than fit the file.
pub(super) fn fit_group_items(items: &mut Vec<StoredItem>) {
    for item in items.iter_mut() {
        for text in [&mut item.name, &mut item.id].into_iter().flatten() {
            text.truncate(super::cut(text, MAX_TEXT_BYTES).len());
        }
    }
    items.retain(|item| item.name.as_ref().is_some_and(|n| !n.trim().is_empty()));
    items.truncate(MAX_SNAPSHOT_GROUPS);
    let mut total = 0;
    let fit = items
        .iter()
        .take_while(|item| {
            total += item_len(item);
            total <= GROUP_ITEMS_BUDGET
        })
        .count();
    items.truncate(fit);
}

/// A recommendations reading's rows as a reader takes them: at most [`MAX_TOP`], names cut to
/// [`MAX_TEXT_BYTES`] (a name left blank drops its row; the API's ids are already within it),
/// then ranked again, as two names alike in their first 256 bytes may now tie.
pub(super) fn fit_recommendations(top: &mut Vec<Recommendation>) {
    top.truncate(MAX_TOP);
    for row in top.iter_mut() {
        row.name
            .truncate(super::cut(&row.name, MAX_TEXT_BYTES).len());
    }
    top.retain(|row| !row.name.trim().is_empty() && row.id.len() <= MAX_TEXT_BYTES);
    top.sort_by(by_impact);
}
