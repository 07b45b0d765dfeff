//! The device-group list, worst first.

use super::view::CardView;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of the group list.
#[derive(Properties, PartialEq, Clone)]
pub struct GroupListProps {
    /// The groups card's view.
    pub view: Rc<CardView>,
}

/// Each group as a row carrying `data-group="<rbacGroupName>"`.
#[component]
pub fn GroupList(props: &GroupListProps) -> Html {
    html! {
        <ol class="groups">
            { for props.view.groups.iter().map(|g| html! {
                <li class="group" data-group={g.name.clone()} data-band={g.band.as_str()}>
                    <span class="group-name">{ g.name.clone() }</span>
                    <span class="group-score">{ g.score.clone() }</span>
                    <span class="group-band">{ g.band_text }</span>
                </li>
            }) }
        </ol>
    }
}
