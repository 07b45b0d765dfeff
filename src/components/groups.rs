//! The device-group list, worst first.

use super::view::CardView;
use crate::model::cards::numbers::number_text;
use yew::prelude::*;

/// Each group as a row carrying `data-group="<rbacGroupName>"`.
///
/// The list fills what its card's frame (`--dsc-list-card-height`) leaves and scrolls inside it,
/// so it is focusable (`tabindex="0"`, named by the card title): keyboard users can scroll it
/// too (WCAG 2.1.1, axe `scrollable-region-focusable`).
///
/// A function of the card's markup rather than a component of its own: the DOM is the same,
/// and the wasm carries one component lifecycle less.
pub fn group_list(view: &CardView) -> Html {
    html! {
        <ol class="groups" tabindex="0" aria-labelledby="dsc-title-groups">
            { for view.groups.iter().map(|g| html! {
                <li class="group" data-group={g.name.clone()} data-band={g.band.as_str()}>
                    <span class="group-name">
                        { g.name.clone() }
                        // A triangle drawn by CSS, and the words for screen readers and tooltips.
                        if let Some(rose) = &g.rose {
                            <span class="rose" title={rose.clone()}><span class="vh">{ rose.clone() }</span></span>
                        }
                    </span>
                    <span class="group-score">{ g.score.clone() }</span>
                    <span class="group-band">{ g.band_text }</span>
                    // Decorative, the words say it: a bar as long as the group's exposure.
                    <svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
                        <rect width={number_text(g.value.clamp(0.0, 100.0))} height="1" />
                    </svg>
                </li>
            }) }
        </ol>
    }
}
