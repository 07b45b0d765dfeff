//! What the cards show and how: `cards`, `locale`, `theme` and `layout`.

use super::given::Given;
use super::read::{list, number, text};
use super::{OptionError, Page};
use crate::i18n::Lang;
use crate::model::cards::recommendations::{DEFAULT_TOP, MAX_TOP};
use crate::model::CardKind;

/// `cards`: the three score cards unless given.
pub(super) fn cards(given: &Given) -> Result<Vec<CardKind>, OptionError> {
    match list(given, "cards")? {
        None => Ok(CardKind::DEFAULT.to_vec()),
        Some(names) => named_cards(&names),
    }
}

/// The cards named, in order, each once.
fn named_cards(names: &[String]) -> Result<Vec<CardKind>, OptionError> {
    let mut cards = Vec::new();
    for name in names {
        let kind = CardKind::parse(name).ok_or_else(|| {
            OptionError::new(
                "cards",
                format!(
                    "has unknown card \"{name}\"; use exposure, device, groups, recommendations"
                ),
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

/// `recommendationsTop`: how many recommendations the card shows, 1 to [`MAX_TOP`];
/// [`DEFAULT_TOP`] unless given.
pub(super) fn recommendations_top(given: &Given, page: &impl Page) -> Result<usize, OptionError> {
    let why = "must be a whole number from 1 to 20";
    match number(given, "recommendationsTop", why, page)? {
        None => Ok(DEFAULT_TOP),
        Some(n) if n.fract() == 0.0 && (1.0..=MAX_TOP as f64).contains(&n) => Ok(n as usize),
        Some(_) => Err(OptionError::new("recommendationsTop", why)),
    }
}

/// The locale for `Intl` and the language of the words: the tag given, or the browser's
/// first preferred language the widget speaks; a tag in another language gets English.
pub(super) fn locale(given: &Given, page: &impl Page) -> Result<(String, Lang), OptionError> {
    match text(given, "locale")? {
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

/// `theme`: `auto` unless given.
pub(super) fn theme(given: &Given) -> Result<&'static str, OptionError> {
    match text(given, "theme")? {
        None | Some("auto") => Ok("auto"),
        Some("light") => Ok("light"),
        Some("dark") => Ok("dark"),
        Some(_) => Err(OptionError::new(
            "theme",
            "must be \"auto\", \"light\" or \"dark\"",
        )),
    }
}

/// `layout`: `cards` unless given.
pub(super) fn layout(given: &Given) -> Result<&'static str, OptionError> {
    match text(given, "layout")? {
        None | Some("cards") => Ok("cards"),
        Some("compact") => Ok("compact"),
        Some(_) => Err(OptionError::new(
            "layout",
            "must be \"cards\" or \"compact\"",
        )),
    }
}
