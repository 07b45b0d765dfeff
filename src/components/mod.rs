//! The cards as Yew components: short, mostly markup, fed by [`view::CardView`]s.

// Top down: the widget (here) → a card's frame → its parts → the views they lay out.

/// One card's frame: title, refresh, headline, gauge, notes or error, footer.
mod card;
/// The device-group rows.
mod groups;
/// The security recommendation rows.
mod recommendations;
/// Snapshot mode's words on a card: scope, when published, why stale.
pub mod snapshot;
/// The trend: sparkline, change line, groups that rose.
pub mod sparkline;
/// What each card shows (its words, numbers and state), decided without a browser.
pub mod view;

pub use card::{ScoreCard, ScoreCardProps};
pub use view::{card_view, CardView, ErrorView, GroupView};

use std::rc::Rc;
use yew::prelude::*;

/// Properties of the whole widget: one view per card, in order.
#[derive(Properties, PartialEq, Clone)]
pub struct ScoreCardsProps {
    /// The cards to show, in order.
    pub cards: Rc<Vec<Rc<CardView>>>,
    /// `auto`, `light` or `dark`.
    pub theme: AttrValue,
    /// The BCP 47 tag of the words shown.
    pub lang: AttrValue,
    /// The widget's accessible name.
    pub label: AttrValue,
    /// `cards` or `compact`.
    pub layout: AttrValue,
    /// The error every card shares, said once (see [`view::shared_error`]).
    pub shared: Option<ErrorView>,
    /// What two or more cards share, said once (see [`view::say_once`]).
    pub group: Option<GroupView>,
}

/// The widget: a labelled region holding, with two or more cards, what they share (a header
/// with the age of the readings, the portal link and one refresh), the error every card
/// shares, if any, and the cards.
///
/// The shared polite live region is always there (empty and without a box when nothing is
/// shared), so an error or the snapshot's stale reason is announced when it comes.
#[component]
pub fn ScoreCards(props: &ScoreCardsProps) -> Html {
    let group = props.group.as_ref();
    html! {
        <div class="dsc" data-theme={props.theme.clone()} data-layout={props.layout.clone()}
             lang={props.lang.clone()} role="region" aria-label={props.label.clone()}>
            if let Some(g) = group {
                { group_head(g) }
            }
            <div class="shared" aria-live="polite">
                if let Some(note) = group.and_then(|g| g.note.clone()) {
                    <p class="stale-note">{ note }</p>
                }
                if let Some(error) = &props.shared {
                    { card::error_block(error) }
                }
            </div>
            <div class="cards">
                { for props.cards.iter().map(|view| html! {
                    <ScoreCard key={view.kind.as_str()} view={view.clone()} />
                }) }
            </div>
        </div>
    }
}

/// The cards' shared header, before them in reading and keyboard order: whose scores and
/// how old (snapshot mode's scope, "Fetched …" or "Published …"), the history download, the
/// portal link and the refresh of every card (outside any card: see `embed::clicks`).
fn group_head(g: &GroupView) -> Html {
    html! {
        <div class="group-head" aria-busy={if g.busy { "true" } else { "false" }}>
            <p class="provenance">
                if let Some(scope) = g.scope {
                    <span class="scope">{ scope }</span>
                }
                if let Some(fetched) = &g.fetched {
                    <span class="fetched" title={g.fetched_exact.clone()}>{ fetched.clone() }</span>
                }
            </p>
            // The download before the link: when it comes (with the first kept reading), it takes
            // the room left of them, and nothing else on the line moves.
            if let Some(text) = g.csv {
                <button type="button" class="csv">{ text }</button>
            }
            <a class="portal" href={g.portal_url} target="_blank" rel="noopener noreferrer">{ g.portal }</a>
            { card::refresh_button(g.refresh, None) }
        </div>
    }
}

#[cfg(test)]
mod tests;
