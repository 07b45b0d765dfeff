//! What two or more cards share, said once: the error they all give (above the cards) and the
//! group header (one refresh, one provenance and age line, one portal link, the history
//! download); each card keeps only what differs.

use super::{CardView, ErrorView};
use crate::i18n::{Lang, Text};

/// The error said once for every card: when two or more cards are shown and every one of
/// them is in the error state for the same reason, in the same words (the same `data-error`,
/// title, explanation and button; cards that each try again at their own time keep their own
/// words). Every card's support reference, and the sign-in button when it needs one (the
/// refresh of every card is the shared header's, see [`say_once`]).
pub fn shared_error(cards: &[CardView], lang: Lang) -> Option<ErrorView> {
    let (first, rest) = cards.split_first()?;
    let one = first.error.as_ref().filter(|_| first.state == "error")?;
    let same = |v: &CardView| {
        v.state == "error"
            && v.error.as_ref().is_some_and(|e| {
                e.kind == one.kind
                    && e.title == one.title
                    && e.body == one.body
                    && e.sign_in == one.sign_in
            })
    };
    if rest.is_empty() || !rest.iter().all(same) {
        return None;
    }
    let mut targets: Vec<&str> = Vec::new();
    for target in cards
        .iter()
        .filter_map(|v| v.error.as_ref()?.target.as_deref())
    {
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    Some(ErrorView {
        support: (!targets.is_empty())
            .then(|| lang.fill(Text::SupportReference, &[("target", &targets.join(", "))])),
        ..one.clone()
    })
}

/// What the widget says once for all its cards, in a header above them: one refresh (of every
/// card), one provenance and age line, one portal link, the history download.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    /// The refresh button's text.
    pub refresh: &'static str,
    /// Whether any card is fetching.
    pub busy: bool,
    /// Snapshot mode: "Scores for the whole organisation".
    pub scope: Option<&'static str>,
    /// "Fetched 3 minutes ago" or "Published 2 hours ago", of the cards that agree.
    pub fetched: Option<String>,
    /// Its date and time, for the tooltip.
    pub fetched_exact: Option<String>,
    /// Why the readings are stale (the latest refresh failed; in snapshot mode, the latest
    /// publish), when every card says the same.
    pub note: Option<String>,
    /// Portal link text.
    pub portal: &'static str,
    /// Portal link target.
    pub portal_url: &'static str,
    /// The "Download history (CSV)" button's text, when the history has readings.
    pub csv: Option<&'static str>,
}

/// How far apart two cards' readings may be and still be said to be of one time.
const SAME_TIME_MS: f64 = 60_000.0;

/// Says once what two or more cards share, and leaves on each card only what differs.
///
/// The error every card shares (see [`shared_error`]) goes above them; the group holds the
/// refresh of every card, the portal link, the history download, the snapshot's scope, a stale
/// note every card shares, and the age of the newest reading; a card keeps its own age when its
/// reading is more than a minute older (a stale one), and its own refresh when its reading
/// failed while others did not. A single card keeps everything on itself.
pub fn say_once(cards: &mut [CardView], lang: Lang) -> (Option<GroupView>, Option<ErrorView>) {
    let shared = shared_error(cards, lang);
    for view in cards.iter_mut() {
        view.error_elsewhere = shared.is_some();
    }
    (group_view(cards, lang), shared)
}

/// The [`GroupView`] of two or more cards, taking from them what it says.
fn group_view(cards: &mut [CardView], lang: Lang) -> Option<GroupView> {
    let first = cards.first()?;
    if cards.len() < 2 {
        return None;
    }
    let mut group = GroupView {
        refresh: lang.text(Text::Refresh),
        busy: cards.iter().any(|v| v.busy),
        scope: cards.iter().find_map(|v| v.scope),
        fetched: None,
        fetched_exact: None,
        note: common_note(cards),
        portal: first.portal,
        portal_url: first.portal_url,
        csv: cards.iter().find_map(|v| v.csv),
    };
    // Every card failed or is stale: the group's refresh is the one retry.
    let all_failed = cards.iter().all(|v| matches!(v.state, "error" | "stale"));
    // The newest reading shown gives the group's age.
    let newest = cards
        .iter()
        .filter(|v| v.fetched.is_some())
        .filter_map(|v| Some((v.fetched_ms?, v)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, v)) = newest {
        group.fetched = v.fetched.clone();
        group.fetched_exact = v.fetched_exact.clone();
    }
    let newest_ms = newest.map(|(ms, _)| ms);
    for view in cards.iter_mut() {
        if matches!((newest_ms, view.fetched_ms), (Some(n), Some(ms)) if n - ms <= SAME_TIME_MS) {
            view.fetched = None;
            view.fetched_exact = None;
        }
        if group.note.is_some() {
            view.snapshot_note = None;
            view.stale_note = None;
        }
        view.scope = None;
        view.csv = None;
        view.portal_here = false;
        view.refresh_here =
            !all_failed && matches!(view.state, "error" | "stale") && !view.error_elsewhere;
    }
    Some(group)
}

/// The stale note every card gives in the same words (the browser's "the latest refresh
/// failed", or snapshot mode's reason), if they all do.
fn common_note(cards: &[CardView]) -> Option<String> {
    let note = |v: &CardView| v.snapshot_note.clone().or(v.stale_note.map(str::to_owned));
    let first = note(cards.first()?)?;
    cards
        .iter()
        .all(|v| note(v).as_ref() == Some(&first))
        .then_some(first)
}
