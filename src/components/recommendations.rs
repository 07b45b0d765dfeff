//! The security recommendation rows, in the card's order.

use super::view::CardView;
use yew::prelude::*;

/// Each recommendation as a row carrying `data-recommendation="<id>"`: its name as a link to
/// its page in the Defender portal (named by the name, and that it opens there), the devices
/// it exposes, what it would take off the exposure score and add to the device score, and a
/// public exploit or active alert in words (badges that never rely on colour alone).
///
/// An ordered list named by the card title: the rows are ranked.
///
/// A function of the card's markup rather than a component of its own: the DOM is the same,
/// and the wasm carries one component lifecycle less.
pub fn recommendation_list(view: &CardView) -> Html {
    html! {
        <ol class="recs" aria-labelledby="dsc-title-recommendations">
            { for view.recommendations.iter().map(|r| html! {
                <li class="rec" data-recommendation={r.id.clone()}>
                    <a class="rec-name" href={r.url.clone()} target="_blank"
                       rel="noopener noreferrer" aria-label={r.label.clone()}>{ r.name.clone() }</a>
                    <span class="rec-facts">
                        <span class="rec-devices">{ r.devices.clone() }</span>
                        if let Some(text) = &r.exposure {
                            <span class="rec-impact">{ text.clone() }</span>
                        }
                        if let Some(text) = &r.points {
                            <span class="rec-impact">{ text.clone() }</span>
                        }
                    </span>
                    if r.exploit.is_some() || r.alert.is_some() {
                        <span class="rec-badges">
                            if let Some(text) = r.exploit {
                                <span class="badge">{ text }</span>
                            }
                            if let Some(text) = r.alert {
                                <span class="badge">{ text }</span>
                            }
                        </span>
                    }
                </li>
            }) }
        </ol>
    }
}
