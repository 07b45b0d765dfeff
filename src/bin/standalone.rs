//! The standalone page: mounts the cards into `#defender-score-cards`.
//!
//! With a `config.json` beside `index.html` it is a real app: `web/standalone.js` loads
//! MSAL.js, signs the user in with the redirect flow, and the cards get the signed-in
//! `PublicClientApplication` and the options from the file (docs/hosting.md).
//!
//! Without one (404), or with `"demo": true` in it (what `cargo xtask serve` writes, so the
//! console shows no 404), it runs the demo: the emulator on the page's own origin with the
//! emulator's demo token.
//!
//! Every failure ends as a readable message on the page, never a blank page.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The emulator's demo bearer token; only ever accepted by the local emulator.
const DEMO_TOKEN: &str = "demo-token";

#[wasm_bindgen(module = "/web/standalone.js")]
extern "C" {
    /// `null` without config.json, else the checked configuration; rejects with a problem.
    #[wasm_bindgen(catch, js_name = loadConfig)]
    async fn load_config() -> Result<JsValue, JsValue>;

    /// Whether the checked configuration signs anyone in.
    #[wasm_bindgen(js_name = needsSignIn)]
    fn needs_sign_in(config: &JsValue) -> bool;

    /// Whether the checked configuration asks for the demo.
    #[wasm_bindgen(js_name = isDemo)]
    fn is_demo(config: &JsValue) -> bool;

    /// `{ msal, options }` once signed in (`{ options }` when nobody signs in), `null` while
    /// the browser goes to sign in.
    #[wasm_bindgen(catch, js_name = signIn)]
    async fn sign_in(config: &JsValue) -> Result<JsValue, JsValue>;

    /// Replaces the host's contents with a readable problem.
    #[wasm_bindgen(js_name = showProblem)]
    fn show_problem(host: &Element, error: &JsValue);

    /// Replaces the host's contents with a status line.
    #[wasm_bindgen(js_name = showStatus)]
    fn show_status(host: &Element, text: &str);
}

fn main() {
    let Some(host) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("defender-score-cards"))
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(problem) = start(&host).await {
            show_problem(&host, &problem);
        }
    });
}

/// Reads the configuration and mounts the cards in the mode it asks for.
async fn start(host: &Element) -> Result<(), JsValue> {
    let config = load_config().await?;
    if config.is_null() || config.is_undefined() {
        let options = js_sys::Object::new().into();
        add_demo_token(&options);
        return mount(host, options);
    }
    if needs_sign_in(&config) {
        show_status(host, "Signing in…");
    }
    let signed_in = sign_in(&config).await?;
    if signed_in.is_null() {
        // The browser is on its way to the identity provider.
        return Ok(());
    }
    let options = js_sys::Reflect::get(&signed_in, &"options".into())?;
    if is_demo(&config) {
        add_demo_token(&options);
    }
    host.replace_children_with_node_0();
    mount(host, options)
}

/// The demo: `options` get the emulator on the page's origin, with its demo token.
fn add_demo_token(options: &JsValue) {
    let get_token = Closure::<dyn Fn() -> JsValue>::new(|| JsValue::from_str(DEMO_TOKEN));
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let _ = js_sys::Reflect::set(options, &"getToken".into(), get_token.as_ref());
    let _ = js_sys::Reflect::set(options, &"apiBase".into(), &origin.into());
    get_token.forget();
}

/// Mounts the cards for the life of the page; a wrong option comes back as the error.
///
/// The host then carries `data-mounted`: web/standalone.css reserves the default cards' height
/// only before, and the cards' own frame holds whatever the configuration shows.
fn mount(host: &Element, options: JsValue) -> Result<(), JsValue> {
    let handle = defender_score_cards::mount(host.clone().into(), options)?;
    std::mem::forget(handle);
    let _ = host.set_attribute("data-mounted", "");
    Ok(())
}
