//! The frame every card shares: title, refresh, state, headline or error, footer.

use super::groups::group_list;
use super::recommendations::recommendation_list;
use super::sparkline::trend_block;
use super::view::{CardView, ErrorView};
use crate::model::cards::numbers::number_text;
use crate::model::CardKind;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of one card.
#[derive(Properties, PartialEq, Clone)]
pub struct ScoreCardProps {
    /// What to show.
    pub view: Rc<CardView>,
}

/// One score card, carrying the `data-card`, `data-state` and `data-error` hooks
/// (docs/embedding.md, "DOM hooks").
///
/// Its buttons (`refresh`, `sign-in`, `csv` by class) carry no Yew listeners: the widget
/// listens for clicks on its root (see `embed::clicks`), because Yew 0.23 keeps about half a
/// kilobyte of every app that registered a listener after the app is destroyed.
#[component]
pub fn ScoreCard(props: &ScoreCardProps) -> Html {
    let v = &props.view;
    let kind = v.kind;
    let title_id = AttrValue::Static(match kind {
        CardKind::Exposure => "dsc-title-exposure",
        CardKind::Device => "dsc-title-device",
        CardKind::Groups => "dsc-title-groups",
        CardKind::Recommendations => "dsc-title-recommendations",
    });
    let error_value = v
        .error
        .as_ref()
        .filter(|_| v.state == "error")
        .map(|e| e.kind.as_str());
    let stale_error = v
        .error
        .as_ref()
        .filter(|_| v.state == "stale")
        .map(|e| e.kind.as_str());
    html! {
        <section class="card" data-card={kind.as_str()} data-state={v.state}
                 data-error={error_value} data-stale-error={stale_error}
                 data-band={v.band.map(|b| b.as_str())}
                 aria-labelledby={title_id.clone()} aria-busy={if v.busy { "true" } else { "false" }}>
            <header class="head">
                <h2 class="title" id={title_id.clone()}>{ v.title }</h2>
                if v.refresh_here {
                    { refresh_button(v.refresh, Some(v.refresh_label.clone())) }
                }
            </header>
            { body(v, &title_id) }
            if !v.groups.is_empty() {
                { group_list(v) }
            }
            if !v.recommendations.is_empty() {
                { recommendation_list(v) }
            }
            if v.scope.is_some() || v.fetched.is_some() || v.portal_here || v.csv.is_some() {
                { footer(v) }
            }
        </section>
    }
}

/// A refresh button: of its card (named by the card), or outside any card, of every card.
pub(super) fn refresh_button(text: &'static str, label: Option<String>) -> Html {
    html! {
        <button type="button" class="refresh" aria-label={label}>
            <span class="refresh-icon" aria-hidden="true">{ "↻" }</span>
            <span class="refresh-text">{ text }</span>
        </button>
    }
}

/// The card's polite live region: loading, the headline, the trend and notes, or the error.
///
/// An error on the card may be longer than the card's frame in the "cards" layout, and then
/// scrolls inside it: the region is focusable while it shows one, so keyboard users can
/// scroll it too (WCAG 2.1.1, axe `scrollable-region-focusable`).
fn body(v: &CardView, title_id: &AttrValue) -> Html {
    let own_error = v.state == "error" && !v.error_elsewhere && v.error.is_some();
    html! {
        <div class="body" aria-live="polite" tabindex={own_error.then_some("0")}>
            // A `div`, not a `p` like the headline: the readings replace it rather than reuse
            // it, so nothing that was there moves when they come (the layout shift counts moves).
            if let Some(text) = v.loading {
                <div class="loading">{ text }</div>
            }
            if let Some(score) = &v.score {
                { headline(v, score, title_id) }
            }
            if let (CardKind::Exposure, Some((value, _))) = (v.kind, &v.meter) {
                { gauge(*value) }
            }
            if let Some(brief) = &v.brief {
                <p class="brief">{ brief.clone() }</p>
            }
            if let Some(meaning) = &v.meaning {
                <p class="meaning">{ meaning.clone() }</p>
            }
            if let Some(trend) = &v.trend {
                { trend_block(trend) }
            }
            if let Some(summary) = &v.summary {
                <p class="summary">{ summary.clone() }</p>
            }
            if let Some(empty) = v.empty {
                <p class="empty">{ empty }</p>
            }
            if let Some(note) = v.stale_note {
                <p class="stale-note">{ note }</p>
            }
            if let Some(note) = &v.snapshot_note {
                <p class="stale-note">{ note.clone() }</p>
            }
            if v.state == "error" && !v.error_elsewhere {
                if let Some(error) = &v.error {
                    { error_block(error) }
                }
            }
        </div>
    }
}

/// The headline number; an exposure score is an ARIA meter named by the card title.
fn headline(v: &CardView, score: &str, title_id: &AttrValue) -> Html {
    html! {
        <p class="headline">
            if let Some((value, words)) = &v.meter {
                <span class="score" data-testid="score" role="meter"
                      aria-labelledby={title_id.clone()} aria-valuemin="0" aria-valuemax="100"
                      aria-valuenow={number_text(*value)} aria-valuetext={words.clone()}>
                    { score.to_owned() }
                </span>
            } else {
                <span class="score" data-testid="score">{ score.to_owned() }</span>
            }
        </p>
    }
}

/// The footer: snapshot mode's scope, when the reading was fetched, the portal link, the CSV
/// button; among other cards only what differs from the group's (its own age).
fn footer(v: &CardView) -> Html {
    html! {
        <footer class="foot">
            if let Some(scope) = v.scope {
                <span class="scope">{ scope }</span>
            }
            if let Some(fetched) = &v.fetched {
                <span class="fetched" title={v.fetched_exact.clone()}>{ fetched.clone() }</span>
            }
            if v.portal_here {
                <a class="portal" href={v.portal_url} target="_blank" rel="noopener noreferrer">{ v.portal }</a>
            }
            if let Some(text) = v.csv {
                <button type="button" class="csv">{ text }</button>
            }
        </footer>
    }
}

/// The exposure gauge: a 0-100 track in the three bands (0-29, 30-69, 70-100, the stylesheet's
/// background) with a marker at the score. Decorative (`aria-hidden`): the meter and the band
/// in words say the same. Placed by an SVG attribute, so a strict CSP (no inline styles) allows it.
fn gauge(score: f64) -> Html {
    let mark = number_text(score.clamp(1.0, 99.0) - 1.0);
    html! {
        <svg class="gauge" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
            <rect x={mark} width="2" height="6" />
        </svg>
    }
}

/// An error: what happened, what to do, the technical detail and the support reference.
/// No `role="alert"`: it sits in a polite live region (the card's, or the widget's for an
/// error every card shares), which announces it once (an alert inside a live region is read
/// twice by some screen readers).
///
/// A function of the card's markup rather than a component of its own: the DOM is the same,
/// and the wasm carries one component lifecycle less.
pub(super) fn error_block(e: &ErrorView) -> Html {
    html! {
        <div class="error">
            <p class="error-title">{ e.title }</p>
            <p class="error-body">{ e.body.clone() }</p>
            if let Some(detail) = &e.detail {
                <p class="error-detail">{ detail.clone() }</p>
            }
            if let Some(support) = &e.support {
                <p class="error-support">{ support.clone() }</p>
            }
            if let Some(text) = e.sign_in {
                <button type="button" class="sign-in">{ text }</button>
            }
        </div>
    }
}
