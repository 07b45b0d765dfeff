//! A bare Yew 0.23 "Hello" app: the size floor the widget's `pkg/` is compared with.

#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Says hello; nothing else.
#[component]
fn Hello() -> Html {
    html! { <p>{ "Hello" }</p> }
}

/// Renders [`Hello`] into the page's body when the module is initialised.
#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<Hello>::new().render();
}
