//! Options as the host gives them, before checking. Each option is read as the kinds of value
//! it may come as (the custom element's attributes are always text), and a value of any other
//! kind is kept as [`Given::WrongType`], so the check that follows ([`super::options`]) can
//! name the option in its error.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;
use std::fmt;

/// Every option `mount()` and `update()` read, except the token source (JS functions and
/// objects, read by the browser shell). Unknown options are ignored.
#[derive(Debug, Clone, Default, PartialEq, DeriveDeserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GivenOptions {
    /// `apiBase`: an absolute URL or a path on the page's origin.
    pub api_base: Given<String>,
    /// `cloud`: `commercial`, `gcc`, `gcc-high` or `dod`.
    pub cloud: Given<String>,
    /// `region`: a commercial geo host.
    pub region: Given<String>,
    /// `scopes`: the scopes a token is asked for.
    pub scopes: Given<TextList>,
    /// `cards`: which cards, in order.
    pub cards: Given<TextList>,
    /// `locale`: a BCP 47 tag.
    pub locale: Given<String>,
    /// `theme`: `auto`, `light` or `dark`.
    pub theme: Given<String>,
    /// `refreshSeconds`: the auto refresh period, 0 for off.
    pub refresh_seconds: Given<Scalar>,
    /// `allowedOrigins`: extra origins a token may go to.
    pub allowed_origins: Given<TextList>,
    /// `cache`: where readings are cached.
    pub cache: Given<String>,
    /// `cacheSeconds`: how long a cached reading is fresh.
    pub cache_seconds: Given<Scalar>,
    /// `history`: whether fresh readings are kept for the trend.
    pub history: Given<Scalar>,
}

/// One option's value as given.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Given<T> {
    /// Not given, `undefined` or `null`.
    #[default]
    Absent,
    /// A value of a kind the option takes.
    Value(T),
    /// A value of another kind (a number for a name, an object for a list, ...).
    WrongType,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Given<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A wrong kind is not an error here: the check names the option. The deserializers
        // used (serde-wasm-bindgen's, one per value; serde_json's `Value` in tests) hold one
        // value each, so a failed read leaves nothing half-read behind.
        Ok(match Option::<T>::deserialize(deserializer) {
            Ok(None) => Given::Absent,
            Ok(Some(value)) => Given::Value(value),
            Err(_) => Given::WrongType,
        })
    }
}

impl<T> Given<T> {
    /// The value, `None` when absent, or `wrong` when it has the wrong kind.
    pub fn value<E>(&self, wrong: impl FnOnce() -> E) -> Result<Option<&T>, E> {
        match self {
            Given::Absent => Ok(None),
            Given::Value(value) => Ok(Some(value)),
            Given::WrongType => Err(wrong()),
        }
    }
}

/// A list option: an array of strings as given, or one text of comma-separated items (an
/// attribute), trimmed and without empty items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of strings or a comma-separated list")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TextList, E> {
                Ok(TextList(
                    text.split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                // Each item must be a string; nested arrays and objects are not walked.
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(TextList(items))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

/// A number or yes/no option: a number, a boolean, or their text (an attribute).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text, read by the option's check.
    Text(String),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a boolean or text")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
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
        assert_eq!(o.api_base, Given::Value("https://x.example".to_owned()));
        assert_eq!(o.cloud, Given::Value("gcc".to_owned()));
        assert_eq!(o.refresh_seconds, Given::Value(Scalar::Number(60.0)));
        assert_eq!(
            o.allowed_origins,
            Given::Value(TextList(vec!["http://a.example".to_owned()]))
        );
        assert_eq!(o.cache_seconds, Given::Value(Scalar::Text("30".to_owned())));
        assert_eq!(o.history, Given::Value(Scalar::Bool(false)));
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
        assert_eq!(o.cloud, Given::WrongType);
        assert_eq!(o.theme, Given::WrongType);
        assert_eq!(o.cards, Given::WrongType);
        assert_eq!(o.scopes, Given::WrongType);
        assert_eq!(o.refresh_seconds, Given::WrongType);
        assert_eq!(o.history, Given::WrongType);
        assert_eq!(o.locale, Given::WrongType);
        // The others are still read.
        assert_eq!(o.api_base, Given::Absent);
    }

    #[test]
    fn a_list_is_an_array_as_given_or_a_trimmed_comma_list() {
        let o = given(json!({ "cards": " exposure, ,groups ", "scopes": [" a ", ""] }));
        assert_eq!(
            o.cards,
            Given::Value(TextList(vec!["exposure".to_owned(), "groups".to_owned()]))
        );
        assert_eq!(
            o.scopes,
            Given::Value(TextList(vec![" a ".to_owned(), String::new()]))
        );
    }
}
