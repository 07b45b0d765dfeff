//! The `mount()` options, read from a JS object and checked; a wrong one becomes a JS `Error` naming it.

use crate::api::TokenSource;
use crate::embed::intl::canonical_locale;
use crate::i18n::Lang;
use crate::model::cache::{CacheMode, CachePolicy, DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS};
use crate::model::cloud::parse_origin;
use crate::model::{ApiBase, CardKind, Cloud, OriginCheck, Region};
use js_sys::{Array, Function, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Default auto-refresh period: scores are recomputed about once a day, so 15 minutes is plenty.
pub const DEFAULT_REFRESH_SECONDS: f64 = 900.0;

/// The widget's configuration after checking.
#[derive(Clone, PartialEq)]
pub struct Config {
    /// Where tokens come from.
    pub source: TokenSource,
    /// The cloud.
    pub cloud: Cloud,
    /// Where requests go.
    pub base: ApiBase,
    /// Scopes asked for.
    pub scopes: Rc<Vec<String>>,
    /// Cards shown, in order.
    pub cards: Vec<CardKind>,
    /// The locale for `Intl` (canonical).
    pub locale: String,
    /// The language of the words.
    pub lang: Lang,
    /// `auto`, `light` or `dark`.
    pub theme: &'static str,
    /// Auto refresh period, 0 for off.
    pub refresh_seconds: f64,
    /// Where readings are cached and for how long.
    pub cache: CachePolicy,
    /// Whether fresh readings are kept in `localStorage` for the trend (the `history` option).
    pub history: bool,
}

impl Config {
    /// Whether a change from `self` to `other` needs new data (not just a new rendering).
    pub fn same_source(&self, other: &Config) -> bool {
        self.source == other.source
            && self.base == other.base
            && self.scopes == other.scopes
            && self.cloud == other.cloud
    }
}

/// A JS `Error` whose message names the option.
pub fn option_error(name: &str, why: &str) -> JsValue {
    js_sys::Error::new(&["defender-score-cards: option `", name, "` ", why].concat()).into()
}

fn get(options: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(options: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    match get(options, key) {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| option_error(key, "must be a string")),
    }
}

/// A number given as a number or as its text (an attribute); `why` says what it must be.
fn number(options: &JsValue, key: &str, why: &str) -> Result<Option<f64>, JsValue> {
    let Some(v) = get(options, key) else {
        return Ok(None);
    };
    v.as_f64()
        .or_else(|| {
            v.as_string()
                .and_then(|s| super::intl::parse_number(s.trim()))
        })
        .map(Some)
        .ok_or_else(|| option_error(key, why))
}

/// A list given as an array of strings or a comma-separated string.
fn list(options: &JsValue, key: &str) -> Result<Option<Vec<String>>, JsValue> {
    let Some(v) = get(options, key) else {
        return Ok(None);
    };
    if let Some(s) = v.as_string() {
        return Ok(Some(
            s.split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect(),
        ));
    }
    if !Array::is_array(&v) {
        return Err(option_error(key, "must be an array of strings"));
    }
    Array::from(&v)
        .iter()
        .map(|item| {
            item.as_string()
                .ok_or_else(|| option_error(key, "must be an array of strings"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The page's own origin, if it has a real one.
pub fn page_origin() -> Option<String> {
    let origin = web_sys::window()?.location().origin().ok()?;
    parse_origin(&origin).ok()
}

fn preferred_languages() -> Vec<String> {
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

/// Reads and checks every option.
pub fn parse(options: &JsValue) -> Result<Config, JsValue> {
    if !options.is_object() {
        return Err(option_error("options", "must be an object"));
    }
    let source = match (get(options, "getToken"), get(options, "msal")) {
        (Some(f), _) => TokenSource::Callback(
            f.dyn_into::<Function>()
                .map_err(|_| option_error("getToken", "must be a function"))?,
        ),
        (None, Some(app)) => {
            let has_silent = Reflect::get(&app, &JsValue::from_str("acquireTokenSilent"))
                .map(|f| f.is_function())
                .unwrap_or(false);
            if !has_silent {
                return Err(option_error(
                    "msal",
                    "must be an MSAL.js PublicClientApplication",
                ));
            }
            TokenSource::Msal {
                app,
                account: get(options, "account"),
            }
        }
        (None, None) => {
            return Err(option_error(
                "getToken",
                "is required (or give `msal`): the widget needs a token source",
            ))
        }
    };
    let cloud = match string(options, "cloud")? {
        None => Cloud::Commercial,
        Some(c) => Cloud::parse(&c).ok_or_else(|| {
            option_error(
                "cloud",
                "must be \"commercial\", \"gcc\", \"gcc-high\" or \"dod\"",
            )
        })?,
    };
    let region = match string(options, "region")? {
        None => None,
        Some(r) if r.is_empty() => None,
        Some(r) => {
            if cloud != Cloud::Commercial {
                return Err(option_error(
                    "region",
                    "applies only to the commercial cloud",
                ));
            }
            Some(Region::parse(&r).ok_or_else(|| {
                option_error("region", "must be one of us, eu, uk, au, swa, ina, aea")
            })?)
        }
    };
    let allowed = list(options, "allowedOrigins")?
        .unwrap_or_default()
        .iter()
        .map(|o| {
            parse_origin(o).map_err(|why| {
                option_error("allowedOrigins", &["entry \"", o, "\" ", &why].concat())
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let page = page_origin();
    let base_text = string(options, "apiBase")?.unwrap_or_else(|| cloud.api_base(region));
    let base =
        ApiBase::parse(&base_text, page.as_deref()).map_err(|why| option_error("apiBase", &why))?;
    if !OriginCheck::of(base.origin(), cloud, page.as_deref(), &allowed).permits() {
        return Err(option_error(
            "apiBase",
            &[
                "points at ",
                base.origin(),
                ", which is not a Defender API host of the ",
                cloud.as_str(),
                " cloud, the page's own origin, or in `allowedOrigins`: no token will be sent there",
            ]
            .concat(),
        ));
    }
    let scopes = match list(options, "scopes")? {
        None => cloud.default_scopes(),
        Some(s) if s.is_empty() || s.iter().any(|x| x.trim().is_empty()) => {
            return Err(option_error(
                "scopes",
                "must be a non-empty array of scope strings",
            ))
        }
        Some(s) => s,
    };
    let cards = match list(options, "cards")? {
        None => CardKind::ALL.to_vec(),
        Some(names) => {
            let mut cards = Vec::new();
            for name in &names {
                let kind = CardKind::parse(name).ok_or_else(|| {
                    option_error(
                        "cards",
                        &[
                            "has unknown card \"",
                            name,
                            "\"; use exposure, device, groups",
                        ]
                        .concat(),
                    )
                })?;
                if !cards.contains(&kind) {
                    cards.push(kind);
                }
            }
            if cards.is_empty() {
                return Err(option_error("cards", "must name at least one card"));
            }
            cards
        }
    };
    let (locale, lang) = match string(options, "locale")? {
        Some(tag) if !tag.trim().is_empty() => {
            let canonical = canonical_locale(tag.trim()).ok_or_else(|| {
                option_error(
                    "locale",
                    &["\"", &tag, "\" is not a valid BCP 47 language tag"].concat(),
                )
            })?;
            match Lang::of_tag(&canonical) {
                Some(lang) => (canonical, lang),
                None => (Lang::En.tag().to_owned(), Lang::En),
            }
        }
        _ => {
            let tags = preferred_languages();
            let lang = Lang::pick(tags.iter().map(String::as_str));
            let locale = tags
                .iter()
                .find(|t| Lang::of_tag(t) == Some(lang))
                .and_then(|t| canonical_locale(t))
                .unwrap_or_else(|| lang.tag().to_owned());
            (locale, lang)
        }
    };
    let theme = match string(options, "theme")?.as_deref() {
        None | Some("auto") => "auto",
        Some("light") => "light",
        Some("dark") => "dark",
        Some(_) => {
            return Err(option_error(
                "theme",
                "must be \"auto\", \"light\" or \"dark\"",
            ))
        }
    };
    let refresh_seconds = match number(options, "refreshSeconds", "must be a number of seconds")? {
        None => DEFAULT_REFRESH_SECONDS,
        Some(n) if n.is_finite() && n >= 0.0 => n,
        Some(_) => {
            return Err(option_error(
                "refreshSeconds",
                "must be 0 (off) or a positive number of seconds",
            ))
        }
    };
    let mode = match string(options, "cache")? {
        None => CacheMode::Session,
        Some(m) => CacheMode::parse(&m).ok_or_else(|| {
            option_error(
                "cache",
                "must be \"session\", \"local\", \"memory\" or \"off\"",
            )
        })?,
    };
    let ttl_why = "must be a number of seconds from 0 to 86400";
    let ttl_seconds = match number(options, "cacheSeconds", ttl_why)? {
        None => DEFAULT_TTL_SECONDS,
        Some(n) if n.is_finite() && (0.0..=MAX_TTL_SECONDS).contains(&n) => n,
        Some(_) => return Err(option_error("cacheSeconds", ttl_why)),
    };
    let history = match get(options, "history") {
        None => true,
        Some(v) => match v.as_bool().or_else(|| match v.as_string()?.trim() {
            "on" | "true" => Some(true),
            "off" | "false" => Some(false),
            _ => None,
        }) {
            Some(on) => on,
            None => {
                return Err(option_error(
                    "history",
                    "must be true or false (as an attribute, \"on\" or \"off\")",
                ))
            }
        },
    };
    Ok(Config {
        source,
        cloud,
        base,
        scopes: Rc::new(scopes),
        cards,
        locale,
        lang,
        theme,
        refresh_seconds,
        cache: CachePolicy {
            mode,
            ttl_ms: ttl_seconds * 1000.0,
        },
        history,
    })
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
