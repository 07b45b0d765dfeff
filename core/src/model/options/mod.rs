//! The `mount()` options checked and completed with their defaults: a wrong one becomes an
//! [`OptionError`] naming it. What only the browser knows (the page's origin and languages,
//! `Intl`'s reading of a locale tag, `parseFloat`) comes through [`Page`]; the words' language
//! comes from [`crate::i18n::Lang`].

pub mod given;

use crate::i18n::Lang;
use crate::model::cloud::parse_origin;
use crate::model::options::given::{Given, GivenOptions};
use crate::model::storage::cache::{CacheMode, CachePolicy, DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS};
use crate::model::{ApiBase, CardKind, Cloud, OriginCheck, Region};
use std::fmt;
use std::rc::Rc;

/// Default auto-refresh period: scores are recomputed about once a day, so 15 minutes is plenty.
pub const DEFAULT_REFRESH_SECONDS: f64 = 900.0;

/// What checking the options asks of the page around the widget.
pub trait Page {
    /// The page's own origin, normalised, if it has a real one.
    fn origin(&self) -> Option<String>;
    /// The browser's preferred language tags, most preferred first.
    fn languages(&self) -> Vec<String>;
    /// The canonical form of a BCP 47 tag, or `None` if it is not one.
    fn canonical_locale(&self, tag: &str) -> Option<String>;
    /// A number typed as text, read as Rust's `f64::from_str` reads it.
    fn number(&self, text: &str) -> Option<f64>;
    /// A URL resolved against the page's address (`new URL(url, document.baseURI)`), or
    /// `None` if it is not one.
    fn resolve(&self, url: &str) -> Option<String>;
}

/// A wrong option: its name and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    /// The option's name as the host writes it (`apiBase`).
    pub option: &'static str,
    /// What it must be, or what was wrong.
    pub why: String,
}

impl OptionError {
    /// An error for `option`.
    pub fn new(option: &'static str, why: impl Into<String>) -> OptionError {
        OptionError {
            option,
            why: why.into(),
        }
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "defender-score-cards: option `{}` {}",
            self.option, self.why
        )
    }
}

/// The widget's configuration after checking; `S` is the token source.
#[derive(Debug, Clone, PartialEq)]
pub struct Config<S> {
    /// Where tokens come from.
    pub source: S,
    /// The cloud.
    pub cloud: Cloud,
    /// Where requests go.
    pub base: ApiBase,
    /// Scopes asked for.
    pub scopes: Rc<Vec<String>>,
    /// Cards shown, in order, each once.
    pub cards: Vec<CardKind>,
    /// The locale for `Intl` (canonical).
    pub locale: String,
    /// The language of the words.
    pub lang: Lang,
    /// `auto`, `light` or `dark`.
    pub theme: &'static str,
    /// `cards` (the default) or `compact` (one short line per card).
    pub layout: &'static str,
    /// Auto refresh period, 0 for off.
    pub refresh_seconds: f64,
    /// Where readings are cached and for how long.
    pub cache: CachePolicy,
    /// Whether fresh readings are kept in `localStorage` for the trend (the `history` option).
    pub history: bool,
    /// Snapshot mode: the publisher's folder the cards are read from (no token, no API call).
    pub snapshot: Option<ApiBase>,
    /// Delegated mode with the API on another origin than the page's: a call that gets no
    /// HTTP answer may be the browser refusing it (CORS), which the cards then say.
    pub api_elsewhere: bool,
}

impl<S: PartialEq> Config<S> {
    /// Whether a change from `self` to `other` needs new data (not just a new rendering).
    pub fn same_source(&self, other: &Config<S>) -> bool {
        self.source == other.source
            && self.base == other.base
            && self.scopes == other.scopes
            && self.cloud == other.cloud
            && self.snapshot == other.snapshot
    }
}

fn text<'a>(given: &'a Given, option: &'static str) -> Result<Option<&'a str>, OptionError> {
    given
        .text()
        .map_err(|_| OptionError::new(option, "must be a string"))
}

fn list(given: &Given, option: &'static str) -> Result<Option<Vec<String>>, OptionError> {
    given
        .list()
        .map_err(|_| OptionError::new(option, "must be an array of strings"))
}

/// A number given as a number or as its text (an attribute); `why` says what it must be.
fn number(
    given: &Given,
    option: &'static str,
    why: &str,
    page: &impl Page,
) -> Result<Option<f64>, OptionError> {
    let wrong = || OptionError::new(option, why);
    match given {
        Given::Absent => Ok(None),
        Given::Number(n) => Ok(Some(*n)),
        Given::Text(t) => page.number(t.trim()).map(Some).ok_or_else(wrong),
        _ => Err(wrong()),
    }
}

/// Checks every option, in the order the host reads about them, and fills in the defaults.
pub fn normalise<S>(
    source: S,
    given: &GivenOptions,
    page: &impl Page,
) -> Result<Config<S>, OptionError> {
    let cloud = match text(&given.cloud, "cloud")? {
        None => Cloud::Commercial,
        Some(c) => Cloud::parse(c).ok_or_else(|| {
            OptionError::new(
                "cloud",
                "must be \"commercial\", \"gcc\", \"gcc-high\" or \"dod\"",
            )
        })?,
    };
    let region = match text(&given.region, "region")? {
        None | Some("") => None,
        Some(_) if cloud != Cloud::Commercial => {
            return Err(OptionError::new(
                "region",
                "applies only to the commercial cloud",
            ))
        }
        Some(r) => Some(Region::parse(r).ok_or_else(|| {
            OptionError::new("region", "must be one of us, eu, uk, au, swa, ina, aea")
        })?),
    };
    let allowed = list(&given.allowed_origins, "allowedOrigins")?
        .unwrap_or_default()
        .iter()
        .map(|o| {
            parse_origin(o)
                .map_err(|why| OptionError::new("allowedOrigins", format!("entry \"{o}\" {why}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let page_origin = page.origin();
    let base_text = match text(&given.api_base, "apiBase")? {
        Some(b) => b.to_owned(),
        None => cloud.api_base(region),
    };
    let base = ApiBase::parse(&base_text, page_origin.as_deref())
        .map_err(|why| OptionError::new("apiBase", why))?;
    if !OriginCheck::of(base.origin(), cloud, page_origin.as_deref(), &allowed).permits() {
        return Err(OptionError::new(
            "apiBase",
            format!(
                "points at {}, which is not a Defender API host of the {} cloud, the page's own \
                 origin, or in `allowedOrigins`: no token will be sent there",
                base.origin(),
                cloud.as_str()
            ),
        ));
    }
    let scopes = match list(&given.scopes, "scopes")? {
        None => cloud.default_scopes(),
        Some(s) if s.is_empty() || s.iter().any(|x| x.trim().is_empty()) => {
            return Err(OptionError::new(
                "scopes",
                "must be a non-empty array of scope strings",
            ))
        }
        Some(s) => s,
    };
    let cards = match list(&given.cards, "cards")? {
        None => CardKind::ALL.to_vec(),
        Some(names) => cards(&names)?,
    };
    let (locale, lang) = locale(text(&given.locale, "locale")?, page)?;
    let theme = match text(&given.theme, "theme")? {
        None | Some("auto") => "auto",
        Some("light") => "light",
        Some("dark") => "dark",
        Some(_) => {
            return Err(OptionError::new(
                "theme",
                "must be \"auto\", \"light\" or \"dark\"",
            ))
        }
    };
    let layout = match text(&given.layout, "layout")? {
        None | Some("cards") => "cards",
        Some("compact") => "compact",
        Some(_) => {
            return Err(OptionError::new(
                "layout",
                "must be \"cards\" or \"compact\"",
            ))
        }
    };
    let refresh_seconds = match number(
        &given.refresh_seconds,
        "refreshSeconds",
        "must be a number of seconds",
        page,
    )? {
        None => DEFAULT_REFRESH_SECONDS,
        Some(n) if n.is_finite() && n >= 0.0 => n,
        Some(_) => {
            return Err(OptionError::new(
                "refreshSeconds",
                "must be 0 (off) or a positive number of seconds",
            ))
        }
    };
    let mode = match text(&given.cache, "cache")? {
        None => CacheMode::Session,
        Some(m) => CacheMode::parse(m).ok_or_else(|| {
            OptionError::new(
                "cache",
                "must be \"session\", \"local\", \"memory\" or \"off\"",
            )
        })?,
    };
    let ttl_why = "must be a number of seconds from 0 to 86400";
    let ttl_seconds = match number(&given.cache_seconds, "cacheSeconds", ttl_why, page)? {
        None => DEFAULT_TTL_SECONDS,
        Some(n) if n.is_finite() && (0.0..=MAX_TTL_SECONDS).contains(&n) => n,
        Some(_) => return Err(OptionError::new("cacheSeconds", ttl_why)),
    };
    let history = history(&given.history)?;
    let snapshot = match text(&given.snapshot, "snapshot")? {
        None => None,
        Some(url) => Some(snapshot_folder(
            url,
            page_origin.as_deref(),
            &allowed,
            page,
        )?),
    };
    let api_elsewhere = snapshot.is_none() && page_origin.as_deref() != Some(base.origin());
    Ok(Config {
        source,
        cloud,
        base,
        scopes: Rc::new(scopes),
        cards,
        locale,
        lang,
        theme,
        layout,
        refresh_seconds,
        cache: CachePolicy {
            mode,
            ttl_ms: ttl_seconds * 1000.0,
        },
        history,
        snapshot,
        api_elsewhere,
    })
}

/// The `snapshot` folder: resolved against the page, an absolute http(s) URL without query or
/// fragment, on the page's own origin or one in `allowedOrigins` (it is read with the page's
/// cookies, so never from anywhere else). Its files are `folder.url("/snapshot.json")`.
fn snapshot_folder(
    url: &str,
    page_origin: Option<&str>,
    allowed: &[String],
    page: &impl Page,
) -> Result<ApiBase, OptionError> {
    let wrong = |why: String| OptionError::new("snapshot", why);
    if url.trim().is_empty() {
        return Err(wrong(
            "must be the URL of the published snapshot folder".into(),
        ));
    }
    let absolute = page
        .resolve(url.trim())
        .ok_or_else(|| wrong(format!("\"{url}\" is not a URL")))?;
    let folder = ApiBase::parse(&absolute, page_origin).map_err(wrong)?;
    let origin = folder.origin();
    if page_origin != Some(origin) && !allowed.iter().any(|a| a == origin) {
        return Err(wrong(format!(
            "points at {origin}, which is neither the page's own origin nor in `allowedOrigins`: \
             nothing is read from there"
        )));
    }
    Ok(folder)
}

/// The cards named, in order, each once.
fn cards(names: &[String]) -> Result<Vec<CardKind>, OptionError> {
    let mut cards = Vec::new();
    for name in names {
        let kind = CardKind::parse(name).ok_or_else(|| {
            OptionError::new(
                "cards",
                format!("has unknown card \"{name}\"; use exposure, device, groups"),
            )
        })?;
        if !cards.contains(&kind) {
            cards.push(kind);
        }
    }
    if cards.is_empty() {
        return Err(OptionError::new("cards", "must name at least one card"));
    }
    Ok(cards)
}

/// The locale for `Intl` and the language of the words: the tag given, or the browser's
/// first preferred language the widget speaks; a tag in another language gets English.
fn locale(given: Option<&str>, page: &impl Page) -> Result<(String, Lang), OptionError> {
    match given {
        Some(tag) if !tag.trim().is_empty() => {
            let canonical = page.canonical_locale(tag.trim()).ok_or_else(|| {
                OptionError::new(
                    "locale",
                    format!("\"{tag}\" is not a valid BCP 47 language tag"),
                )
            })?;
            Ok(match Lang::of_tag(&canonical) {
                Some(lang) => (canonical, lang),
                None => (Lang::En.tag().to_owned(), Lang::En),
            })
        }
        _ => {
            let tags = page.languages();
            let lang = Lang::pick(tags.iter().map(String::as_str));
            let locale = tags
                .iter()
                .find(|t| Lang::of_tag(t) == Some(lang))
                .and_then(|t| page.canonical_locale(t))
                .unwrap_or_else(|| lang.tag().to_owned());
            Ok((locale, lang))
        }
    }
}

/// The `history` switch: a boolean, or as an attribute `on`/`off` (`true`/`false`).
fn history(given: &Given) -> Result<bool, OptionError> {
    let wrong = || {
        OptionError::new(
            "history",
            "must be true or false (as an attribute, \"on\" or \"off\")",
        )
    };
    match given {
        Given::Absent => Ok(true),
        Given::Bool(on) => Ok(*on),
        Given::Text(t) => match t.trim() {
            "on" | "true" => Ok(true),
            "off" | "false" => Ok(false),
            _ => Err(wrong()),
        },
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests;
