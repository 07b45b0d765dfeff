//! The `mount()` options, read from a JS object with serde-wasm-bindgen and checked by
//! [`crate::model::options`]; a wrong one becomes a JS `Error` naming it. The token source
//! (a function, an MSAL application, an account) stays a JS value.

use super::intl::{canonical_locale, parse_number};
use crate::api::token::TokenSource;
use crate::model::cloud::parse_origin;
use crate::model::options::given::{Given, GivenOptions};
use crate::model::options::{normalise, OptionError, Page};
use js_sys::{Function, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// The widget's configuration after checking.
pub type Config = crate::model::options::Config<TokenSource>;

/// A JS `Error` whose message names the option.
pub fn option_error(name: &'static str, why: &str) -> JsValue {
    js_error(&OptionError::new(name, why))
}

fn js_error(e: &OptionError) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

/// The options that name the token source: JS functions and objects, kept as they are.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    get_token: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    msal: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    account: JsValue,
}

/// `undefined` and `null` are not given.
fn given(value: JsValue) -> Option<JsValue> {
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

impl SourceOptions {
    /// The token source; with a `snapshot` folder none is needed, and none is used even if
    /// given (no token leaves the page in snapshot mode).
    fn token_source(self, snapshot: bool) -> Result<TokenSource, JsValue> {
        if snapshot {
            return Ok(TokenSource::None);
        }
        match (given(self.get_token), given(self.msal)) {
            (Some(f), _) => Ok(TokenSource::Callback(
                f.dyn_into::<Function>()
                    .map_err(|_| option_error("getToken", "must be a function"))?,
            )),
            (None, Some(app)) => {
                let has_silent = Reflect::get(&app, &JsValue::from_str("acquireTokenSilent"))
                    .is_ok_and(|f| f.is_function());
                if !has_silent {
                    return Err(option_error(
                        "msal",
                        "must be an MSAL.js PublicClientApplication",
                    ));
                }
                Ok(TokenSource::Msal {
                    app,
                    account: given(self.account),
                })
            }
            (None, None) => Err(option_error(
                "getToken",
                "is required (or give `msal`, or a `snapshot` folder): the widget needs a token source",
            )),
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `URL`, to resolve a relative `snapshot` folder against the page.
    type Url;
    #[wasm_bindgen(constructor, catch, js_class = "URL")]
    fn new(url: &str, base: &str) -> Result<Url, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn href(this: &Url) -> String;
}

/// The page the widget is on, as [`normalise`] asks about it.
struct BrowserPage;

impl Page for BrowserPage {
    fn origin(&self) -> Option<String> {
        page_origin()
    }

    fn languages(&self) -> Vec<String> {
        web_sys::window()
            .map(|w| {
                let nav = w.navigator();
                let mut tags: Vec<String> = nav
                    .languages()
                    .iter()
                    .filter_map(|l| l.as_string())
                    .collect();
                if let Some(l) = nav.language() {
                    tags.push(l);
                }
                tags
            })
            .unwrap_or_default()
    }

    fn canonical_locale(&self, tag: &str) -> Option<String> {
        canonical_locale(tag)
    }

    fn number(&self, text: &str) -> Option<f64> {
        parse_number(text)
    }

    fn resolve(&self, url: &str) -> Option<String> {
        let base = web_sys::window()?.document()?.base_uri().ok()??;
        Url::new(url, &base).ok().map(|u| u.href())
    }
}

/// The page's own origin, if it has a real one.
pub fn page_origin() -> Option<String> {
    let origin = web_sys::window()?.location().origin().ok()?;
    parse_origin(&origin).ok()
}

/// Reads and checks every option: the token source first, then the rest in order.
pub fn parse(options: &JsValue) -> Result<Config, JsValue> {
    let not_an_object = || option_error("options", "must be an object");
    if !options.is_object() {
        return Err(not_an_object());
    }
    let given: GivenOptions =
        serde_wasm_bindgen::from_value(options.clone()).map_err(|_| not_an_object())?;
    let snapshot = given.snapshot != Given::Absent;
    let source = serde_wasm_bindgen::from_value::<SourceOptions>(options.clone())
        .map_err(|_| not_an_object())?
        .token_source(snapshot)?;
    normalise(source, &given, &BrowserPage).map_err(|e| js_error(&e))
}

/// `Object.assign({}, current, changes)`: `update()` takes only what changes.
pub fn merge(current: &Object, changes: &JsValue) -> Result<Object, JsValue> {
    if !changes.is_object() {
        return Err(option_error("options", "must be an object"));
    }
    let merged = Object::new();
    Object::assign(&merged, current);
    Object::assign(&merged, changes.unchecked_ref());
    Ok(merged)
}
