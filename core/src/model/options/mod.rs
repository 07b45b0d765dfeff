//! The `mount()` options checked and completed with their defaults: a wrong one becomes an
//! [`OptionError`] naming it. What only the browser knows (the page's origin and languages,
//! `Intl`'s reading of a locale tag, `parseFloat`) comes through [`Page`]; the words' language
//! comes from [`crate::i18n::Lang`].

/// `cards`, `locale`, `theme` and `layout`: what the cards show and how.
mod display;
/// `refreshSeconds`, `cache`, `cacheSeconds` and `history`: how fresh, and what is kept.
mod freshness;
pub mod given;
/// One option read as text, a list or a number, or an error naming it.
mod read;
/// `cloud`, `region`, `allowedOrigins`, `apiBase`, `scopes` and `snapshot`: where data comes from.
mod source;

use crate::i18n::Lang;
use crate::model::options::given::GivenOptions;
use crate::model::storage::cache::CachePolicy;
use crate::model::{ApiBase, CardKind, Cloud};
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
    /// Scopes asked for (the score cards).
    pub scopes: Rc<Vec<String>>,
    /// Scopes the recommendations card asks for.
    pub recommendation_scopes: Rc<Vec<String>>,
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
    /// How many recommendations the recommendations card shows (1 to 20).
    pub recommendations_top: usize,
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

impl<S> Config<S> {
    /// The scopes `kind`'s token is asked for: the recommendations card has its own, so a
    /// missing consent to them stops that card alone.
    pub fn scopes_of(&self, kind: CardKind) -> &Rc<Vec<String>> {
        match kind {
            CardKind::Recommendations => &self.recommendation_scopes,
            _ => &self.scopes,
        }
    }
}

impl<S: PartialEq> Config<S> {
    /// Whether a change from `self` to `other` needs new data (not just a new rendering).
    pub fn same_source(&self, other: &Config<S>) -> bool {
        self.source == other.source
            && self.base == other.base
            && self.scopes == other.scopes
            && self.recommendation_scopes == other.recommendation_scopes
            && self.cloud == other.cloud
            && self.snapshot == other.snapshot
    }
}

/// Checks every option, in the order the host reads about them, and fills in the defaults.
pub fn normalise<S>(
    source: S,
    given: &GivenOptions,
    page: &impl Page,
) -> Result<Config<S>, OptionError> {
    let api = source::api(given, page)?;
    let scopes = source::scopes(&given.scopes, "scopes", api.cloud.default_scopes())?;
    let recommendation_scopes = source::scopes(
        &given.recommendation_scopes,
        "recommendationScopes",
        api.cloud.recommendation_scopes(),
    )?;
    let cards = display::cards(&given.cards)?;
    let recommendations_top = display::recommendations_top(&given.recommendations_top, page)?;
    let (locale, lang) = display::locale(&given.locale, page)?;
    let theme = display::theme(&given.theme)?;
    let layout = display::layout(&given.layout)?;
    let refresh_seconds = freshness::refresh_seconds(&given.refresh_seconds, page)?;
    let cache = freshness::cache(given, page)?;
    let history = freshness::history(&given.history)?;
    let page_origin = api.page_origin.as_deref();
    let snapshot = source::snapshot(&given.snapshot, page_origin, &api.allowed, page)?;
    let api_elsewhere = snapshot.is_none() && page_origin != Some(api.base.origin());
    Ok(Config {
        source,
        cloud: api.cloud,
        base: api.base,
        scopes: Rc::new(scopes),
        recommendation_scopes: Rc::new(recommendation_scopes),
        cards,
        locale,
        lang,
        theme,
        layout,
        recommendations_top,
        refresh_seconds,
        cache,
        history,
        snapshot,
        api_elsewhere,
    })
}

#[cfg(test)]
mod tests;
