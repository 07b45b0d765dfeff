//! Snapshot mode's words on a card: whose scores they are (the whole organisation), when they
//! were published, and why they are stale (the latest publish failed, or none came when due).
//! The rules are the core's ([`crate::model::snapshot`]); this only words them.

use super::view::{CardView, ErrorView};
use crate::i18n::{relative_parts, Formats, Lang, Text};
use crate::model::cards::numbers::number_text;
use crate::model::snapshot::{cut, is_overdue, is_stale_for, CheckedSnapshot};
use crate::model::{CardKind, ErrorKind};

/// A relative time from `now_ms`, through `Intl`.
fn relative(fmt: &dyn Formats, epoch_ms: f64, now_ms: f64) -> String {
    let (amount, unit) = relative_parts((epoch_ms - now_ms) / 1000.0);
    fmt.relative(amount, unit)
}

/// Turns a card of the widget in snapshot mode into one about the published `snapshot` (the
/// latest one read, if any): the scope line, "Published 2 hours ago" with the full date as its
/// tooltip, the portal of the snapshot's cloud, and, when [`is_stale_for`] this card, the
/// `stale` state with its reason (a publish that failed on the recommendations card alone leaves
/// the score cards fresh). A folder that could not be read says so in the folder's terms.
pub fn add_snapshot(
    view: &mut CardView,
    snapshot: Option<&CheckedSnapshot>,
    lang: Lang,
    fmt: &dyn Formats,
    now_ms: f64,
) {
    if let Some(error) = view.error.as_mut() {
        if is_publishers_refusal(snapshot, view.kind, error) {
            // The folder was read: the publisher was refused this card's data.
            error.body = lang
                .text(Text::PublishedRecommendationsForbiddenBody)
                .to_owned();
            error.sign_in = None;
        } else {
            word_folder_error(error, lang);
        }
    }
    let Some(snapshot) = snapshot else { return };
    view.portal_url = snapshot.cloud.portal_url();
    // Only a card showing a reading says when it was published.
    if view.fetched.is_none() {
        return;
    }
    let published = snapshot.published.epoch_ms;
    view.scope = Some(lang.text(Text::PublishedScope));
    view.fetched = Some(
        if relative_parts((published - now_ms) / 1000.0).1 == "second" {
            lang.text(Text::PublishedJustNow).to_owned()
        } else {
            lang.fill(
                Text::Published,
                &[("when", &relative(fmt, published, now_ms))],
            )
        },
    );
    view.fetched_exact = fmt.ready().then(|| fmt.date_time(published));
    view.fetched_ms = Some(published);
    if !is_stale_for(snapshot, view.kind, now_ms) {
        return;
    }
    if view.state == "ready" {
        view.state = "stale";
    }
    // The browser's "latest refresh failed" does not apply: the file was read.
    view.stale_note = None;
    view.snapshot_note = Some(stale_note(snapshot, lang, fmt, now_ms));
}

/// Whether `error` on `kind`'s card is the refusal the publisher recorded for the
/// recommendations card (the application lacks its permission), not the folder's own.
fn is_publishers_refusal(
    snapshot: Option<&CheckedSnapshot>,
    kind: CardKind,
    error: &ErrorView,
) -> bool {
    let recorded = snapshot.and_then(|s| s.failure.as_ref());
    kind == CardKind::Recommendations
        && error.kind == ErrorKind::Forbidden
        && recorded.is_some_and(|f| f.card == Some(kind) && f.status == Some(403))
}

/// A folder that could not be read, in the folder's terms rather than the API's.
fn word_folder_error(error: &mut ErrorView, lang: Lang) {
    if matches!(
        error.kind,
        ErrorKind::Unauthorized | ErrorKind::Forbidden | ErrorKind::NotFound | ErrorKind::Network
    ) {
        error.body = lang.text(Text::SnapshotUnreadable).to_owned();
        error.sign_in = None;
    }
    // One folder for every card: a refusal is the folder's, said alike on each (not in the
    // recommendations card's own words of its permission).
    if error.kind == ErrorKind::Forbidden {
        error.title = lang.text(Text::ForbiddenTitle);
    }
    // The folder's server, not Microsoft Defender, failed or could not be reached.
    if matches!(error.kind, ErrorKind::Server | ErrorKind::Network) {
        error.title = lang.text(Text::SnapshotErrorTitle);
    }
}

/// Why a stale snapshot is stale: the latest publish failed (when, and its status, code or
/// message), no publish came when due, or both.
fn stale_note(snapshot: &CheckedSnapshot, lang: Lang, fmt: &dyn Formats, now_ms: f64) -> String {
    let mut lines = Vec::new();
    if let Some(failure) = &snapshot.failure {
        let mut reason = Vec::new();
        if let Some(status) = failure.status {
            reason.push(lang.fill(
                Text::HttpStatus,
                &[("status", &number_text(f64::from(status)))],
            ));
        }
        if let Some(code) = &failure.code {
            reason.push(code.clone());
        }
        if reason.is_empty() {
            reason.push(cut(&failure.message, 120).to_owned());
        }
        let when = relative(fmt, failure.at.epoch_ms, now_ms);
        lines.push(lang.fill(
            Text::PublishFailed,
            &[("when", &when), ("reason", &reason.join(" · "))],
        ));
    }
    if is_overdue(snapshot, now_ms) {
        lines.push(match snapshot.schedule {
            Some(s) => lang.fill(
                Text::Overdue,
                &[("when", &relative(fmt, s.next_due.epoch_ms, now_ms))],
            ),
            None => lang.text(Text::OverdueUnscheduled).to_owned(),
        });
    }
    lines.join(" ")
}

#[cfg(test)]
mod tests;
