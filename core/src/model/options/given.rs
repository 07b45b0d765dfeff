//! Options as the host gives them, before checking. Each option is read as the kind of value
//! it came as (the custom element's attributes are always text), whatever kind it should be,
//! so the check that follows ([`crate::model::options`]) can name the option in its error.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;
use std::fmt;

/// Every option `mount()` and `update()` read, except the token source (JS functions and
/// objects, read by the browser shell). Unknown options are ignored.
#[derive(Debug, Clone, Default, PartialEq, DeriveDeserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GivenOptions {
    /// `apiBase`: an absolute URL or a path on the page's origin.
    pub api_base: Given,
    /// `cloud`: `commercial`, `gcc`, `gcc-high` or `dod`.
    pub cloud: Given,
    /// `region`: a commercial geo host.
    pub region: Given,
    /// `scopes`: the scopes a token is asked for.
    pub scopes: Given,
    /// `cards`: which cards, in order.
    pub cards: Given,
    /// `locale`: a BCP 47 tag.
    pub locale: Given,
    /// `theme`: `auto`, `light` or `dark`.
    pub theme: Given,
    /// `refreshSeconds`: the auto refresh period, 0 for off.
    pub refresh_seconds: Given,
    /// `allowedOrigins`: extra origins a token may go to.
    pub allowed_origins: Given,
    /// `cache`: where readings are cached.
    pub cache: Given,
    /// `cacheSeconds`: how long a cached reading is fresh.
    pub cache_seconds: Given,
    /// `history`: whether fresh readings are kept for the trend.
    pub history: Given,
    /// `snapshot`: the URL of a folder written by the publisher (snapshot mode).
    pub snapshot: Given,
    /// `layout`: `cards` or `compact`.
    pub layout: Given,
    /// `recommendationsTop`: how many recommendations the recommendations card shows.
    pub recommendations_top: Given,
    /// `recommendationScopes`: the scopes the recommendations card's token is asked for.
    pub recommendation_scopes: Given,
}

/// One option's value as given, by kind; the check of each option ([`crate::model::options`])
/// takes the kinds it accepts and names the option for any other. One type for every
/// option, so that one reader is compiled for all of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Given {
    /// Not given, `undefined` or `null`.
    #[default]
    Absent,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text (an attribute's value is always text).
    Text(String),
    /// An array of strings.
    List(Vec<String>),
    /// Anything else: an object, an array with an item that is not a string, ...
    Other,
}

/// An option came as a kind of value it does not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongKind;

impl Given {
    /// A text option: the text, `None` when absent, [`WrongKind`] for another kind.
    pub fn text(&self) -> Result<Option<&str>, WrongKind> {
        match self {
            Given::Absent => Ok(None),
            Given::Text(text) => Ok(Some(text)),
            _ => Err(WrongKind),
        }
    }

    /// A list option: an array of strings as given, or one text of comma-separated items (an
    /// attribute), trimmed and without empty items; `None` when absent, [`WrongKind`] for another kind.
    pub fn list(&self) -> Result<Option<Vec<String>>, WrongKind> {
        match self {
            Given::Absent => Ok(None),
            Given::List(items) => Ok(Some(items.clone())),
            Given::Text(text) => Ok(Some(
                text.split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )),
            _ => Err(WrongKind),
        }
    }
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GivenVisitor;
        impl<'de> Visitor<'de> for GivenVisitor {
            type Value = Given;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option's value")
            }
            fn visit_unit<E: Error>(self) -> Result<Given, E> {
                Ok(Given::Absent)
            }
            fn visit_none<E: Error>(self) -> Result<Given, E> {
                Ok(Given::Absent)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Given, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: Error>(self, v: bool) -> Result<Given, E> {
                Ok(Given::Bool(v))
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<Given, E> {
                Ok(Given::Number(v as f64))
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<Given, E> {
                Ok(Given::Number(v as f64))
            }
            fn visit_f64<E: Error>(self, v: f64) -> Result<Given, E> {
                Ok(Given::Number(v))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Given, E> {
                Ok(Given::Text(v.to_owned()))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Given, E> {
                Ok(Given::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Given, A::Error> {
                // Each item must be a string; nested arrays and objects are not walked.
                let mut items = Vec::new();
                loop {
                    match seq.next_element::<String>() {
                        Ok(Some(item)) => items.push(item),
                        Ok(None) => return Ok(Given::List(items)),
                        Err(_) => return Ok(Given::Other),
                    }
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<Given, A::Error> {
                Ok(Given::Other)
            }
        }
        // A wrong kind is not an error here: the check names the option. The deserializers
        // used (serde-wasm-bindgen's, one per value; serde_json's `Value` in tests) hold one
        // value each, so a value left half-read leaves nothing behind.
        Ok(deserializer
            .deserialize_any(GivenVisitor)
            .unwrap_or(Given::Other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn given(value: serde_json::Value) -> GivenOptions {
        GivenOptions::deserialize(value).expect("options never fail to read")
    }

    #[test]
    fn options_are_read_by_their_camel_case_names_and_unknown_ones_are_ignored() {
        let o = given(json!({
            "apiBase": "https://x.example", "cloud": "gcc", "refreshSeconds": 60,
            "allowedOrigins": ["http://a.example"], "cacheSeconds": "30", "history": false,
            "somethingElse": {"deep": [1, 2]}
        }));
        assert_eq!(o.api_base, Given::Text("https://x.example".to_owned()));
        assert_eq!(o.cloud, Given::Text("gcc".to_owned()));
        assert_eq!(o.refresh_seconds, Given::Number(60.0));
        assert_eq!(
            o.allowed_origins,
            Given::List(vec!["http://a.example".to_owned()])
        );
        assert_eq!(o.cache_seconds, Given::Text("30".to_owned()));
        assert_eq!(o.history, Given::Bool(false));
        assert_eq!(o.region, Given::Absent);
    }

    #[test]
    fn null_reads_as_absent() {
        let o = given(json!({ "cloud": null, "cards": null, "history": null }));
        assert_eq!(o, GivenOptions::default());
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_kept_as_wrong_not_an_error() {
        let o = given(json!({
            "cloud": 5, "theme": ["dark"], "cards": {"a": 1}, "scopes": ["x", 7],
            "refreshSeconds": [1], "history": {}, "locale": true
        }));
        assert_eq!(o.cloud.text(), Err(WrongKind));
        assert_eq!(o.theme.text(), Err(WrongKind));
        assert_eq!(o.cards, Given::Other);
        assert_eq!(o.cards.list(), Err(WrongKind));
        assert_eq!(o.scopes, Given::Other);
        assert_eq!(o.scopes.list(), Err(WrongKind));
        assert_eq!(o.refresh_seconds, Given::Other);
        assert_eq!(o.history, Given::Other);
        assert_eq!(o.locale.text(), Err(WrongKind));
        // The others are still read.
        assert_eq!(o.api_base, Given::Absent);
    }

    #[test]
    fn a_list_is_an_array_as_given_or_a_trimmed_comma_list() {
        let o = given(json!({ "cards": " exposure, ,groups ", "scopes": [" a ", ""] }));
        assert_eq!(
            o.cards.list(),
            Ok(Some(vec!["exposure".to_owned(), "groups".to_owned()]))
        );
        assert_eq!(
            o.scopes.list(),
            Ok(Some(vec![" a ".to_owned(), String::new()]))
        );
    }
}
