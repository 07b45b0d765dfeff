//! Parsed JSON read as typed data through `serde`, permissively: a member of the wrong JSON
//! type does not fail the whole body inside the deserializer, it is kept as what it was, so
//! the checks that follow ([`crate::model::api::raw`], [`crate::model::api::error`]) can say which field was wrong
//! and what arrived ("score should be a number but is a string").
//!
//! In the browser the value is `JSON.parse`'s result, read with `serde_wasm_bindgen`
//! (`api::decode`); natively (tests) a `serde_json::Value`. Both drive the same `Deserialize`
//! code below.

use crate::model::api::problem::Problem;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::fmt;
use std::marker::PhantomData;

/// One JSON value as it arrived: numbers and strings kept, containers only noted.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any JSON number, as a double (`Infinity` when `JSON.parse` overflowed).
    Number(f64),
    /// A string.
    Text(String),
    /// An array (its items are not kept).
    Array,
    /// An object (its members are not kept).
    Object,
}

impl Found {
    /// The JSON type name, for messages: "a string", "null", ...
    pub fn type_name(&self) -> &'static str {
        match self {
            Found::Null => "null",
            Found::Bool(_) => "a boolean",
            Found::Number(_) => "a number",
            Found::Text(_) => "a string",
            Found::Array => "an array",
            Found::Object => "an object",
        }
    }
}

/// Reads past the rest of an array (a deserializer may insist that all of it is read).
fn skip_items<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Reads past the rest of an object.
fn skip_members<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Turns each JSON type into a value of `Self::Value`: the scalar ones through
/// [`Scalars::scalar`], containers through `seq`/`map` of the visitor that uses it.
/// Shared by [`Found`], [`AnObject`] and [`AnArray`], which differ only in the container
/// they expect.
macro_rules! scalar_visits {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Null))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Bool(b)))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Number(n as f64)))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Number(n as f64)))
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Number(n)))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Text(s.to_owned())))
        }
        fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
            Ok(Self::scalar(Found::Text(s)))
        }
    };
}

/// How a permissive visitor wraps a value that is not the container it expects.
trait Scalars: Sized {
    /// The visitor's result for a scalar (or an unexpected container, given as its [`Found`]).
    type Out;
    /// Wraps `found`.
    fn scalar(found: Found) -> Self::Out;
}

struct FoundVisitor;

impl Scalars for FoundVisitor {
    type Out = Found;
    fn scalar(found: Found) -> Found {
        found
    }
}

impl<'de> Visitor<'de> for FoundVisitor {
    type Value = Found;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalar_visits!();
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Found, A::Error> {
        skip_items(seq).map(|()| Found::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Found, A::Error> {
        skip_members(map).map(|()| Found::Object)
    }
}

impl<'de> Deserialize<'de> for Found {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Found, D::Error> {
        d.deserialize_any(FoundVisitor)
    }
}

/// A value that should be a JSON object, read as `T`; or, when it is not one, what it is.
#[derive(Debug)]
pub enum AnObject<T> {
    /// It was an object.
    Object(T),
    /// It was something else: "an array", "null", ...
    Not(&'static str),
}

impl<T> AnObject<T> {
    /// The object, or [`Problem::WrongType`] naming `what` ("the body", "value[3]").
    pub fn require(self, what: &str) -> Result<T, Problem> {
        match self {
            AnObject::Object(t) => Ok(t),
            AnObject::Not(found) => Err(Problem::WrongType {
                field: what.into(),
                expected: "an object",
                found,
            }),
        }
    }

    /// The object turned into another type; what came instead kept as it is.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> AnObject<U> {
        match self {
            AnObject::Object(t) => AnObject::Object(f(t)),
            AnObject::Not(found) => AnObject::Not(found),
        }
    }

    /// The object, if it was one.
    pub fn ok(self) -> Option<T> {
        match self {
            AnObject::Object(t) => Some(t),
            AnObject::Not(_) => None,
        }
    }
}

/// An object read member by member: the permissive shapes ([`crate::model::api::raw::RawBody`],
/// [`crate::model::api::raw::RawMembers`]) that [`AnObject`] reads. Declared with [`members!`].
///
/// Not a derived `Deserialize`: a derived visitor takes the deserializer's map reader as a
/// type parameter, so `serde_wasm_bindgen`, which has two (objects, and JS `Map`s), compiles
/// each shape twice. Here only the loop over the members is per reader; [`Members::member`]
/// gets the value's deserializer, which both readers share, so each shape is compiled once.
pub trait Members: Default {
    /// Reads the value of the member called `name` into its field; an unknown member is
    /// read past.
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error>;
}

/// Implements [`Members`] for a struct whose fields are all `Deserialize` (typically
/// `Option<Found>`): `members!(Shape { "jsonName" => field, .. })`. A member that is absent
/// keeps the field's default, as `#[serde(default)]` does.
macro_rules! members {
    ($shape:ty { $($name:literal => $field:ident),* $(,)? }) => {
        impl $crate::model::api::json::Members for $shape {
            fn member<'de, D: ::serde::Deserializer<'de>>(
                &mut self,
                name: &str,
                value: D,
            ) -> Result<(), D::Error> {
                match name {
                    $($name => self.$field = ::serde::Deserialize::deserialize(value)?,)*
                    _ => {
                        <::serde::de::IgnoredAny as ::serde::Deserialize>::deserialize(value)?;
                    }
                }
                Ok(())
            }
        }
    };
}

pub(crate) use members;

/// The value of one member, read into `target` by [`Members::member`].
struct Member<'a, T> {
    target: &'a mut T,
    name: &'a str,
}

impl<'de, T: Members> DeserializeSeed<'de> for Member<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.target.member(self.name, d)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<T> Scalars for ObjectVisitor<T> {
    type Out = AnObject<T>;
    fn scalar(found: Found) -> AnObject<T> {
        AnObject::Not(found.type_name())
    }
}

impl<'de, T: Members> Visitor<'de> for ObjectVisitor<T> {
    type Value = AnObject<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalar_visits!();
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<AnObject<T>, A::Error> {
        skip_items(seq).map(|()| AnObject::Not(Found::Array.type_name()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnObject<T>, A::Error> {
        let mut object = T::default();
        while let Some(name) = map.next_key::<String>()? {
            map.next_value_seed(Member {
                target: &mut object,
                name: &name,
            })?;
        }
        Ok(AnObject::Object(object))
    }
}

impl<'de, T: Members> Deserialize<'de> for AnObject<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnObject<T>, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData))
    }
}

/// A value that should be a JSON array of `T`; or, when it is not one, what it is.
#[derive(Debug)]
pub enum AnArray<T> {
    /// It was an array.
    Array(Vec<T>),
    /// It was something else (`null` included: absent and `null` mean the same to callers).
    Not(Found),
}

struct ArrayVisitor<T>(PhantomData<T>);

impl<T> Scalars for ArrayVisitor<T> {
    type Out = AnArray<T>;
    fn scalar(found: Found) -> AnArray<T> {
        AnArray::Not(found)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ArrayVisitor<T> {
    type Value = AnArray<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalar_visits!();
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnArray<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(AnArray::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AnArray<T>, A::Error> {
        skip_members(map).map(|()| AnArray::Not(Found::Object))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for AnArray<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnArray<T>, D::Error> {
        d.deserialize_any(ArrayVisitor(PhantomData))
    }
}

/// A value decoded as `T`, or the deserializer's words for why it is not one. The value is
/// read whole either way (it is a JS value in the browser, a `serde_json::Value` natively),
/// so a member that does not decode leaves the rest of its object readable.
#[derive(Debug)]
pub struct Decoded<T>(pub Result<T, String>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Decoded<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decoded<T>, D::Error> {
        Ok(Decoded(T::deserialize(d).map_err(|e| e.to_string())))
    }
}

/// One item of a list where a damaged item is dropped rather than failing the whole list:
/// `None` when the item does not decode as `T`. Each item is a value of its own (a JS value
/// in the browser, a `serde_json::Value` natively), so a failed item leaves the rest readable.
#[derive(Debug)]
pub struct Lenient<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lenient<T>, D::Error> {
        Ok(Lenient(T::deserialize(d).ok()))
    }
}

/// `JSON.parse` then `serde_wasm_bindgen::from_value`, natively, for the model's tests:
/// serde_json's `Value` stands in for `JSON.parse`'s result (text that is not JSON is
/// [`Problem::NotJson`]), then the same `Deserialize` code reads it.
#[cfg(test)]
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Problem::NotJson)?;
    T::deserialize(value).map_err(|e| Problem::Shape(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(json: &str) -> Found {
        from_json(json).expect("any value reads")
    }

    #[test]
    fn every_json_type_reads_as_what_it_is() {
        assert_eq!(found("null"), Found::Null);
        assert_eq!(found("true"), Found::Bool(true));
        assert_eq!(found("-3"), Found::Number(-3.0));
        assert_eq!(
            found("18446744073709551615"),
            Found::Number(u64::MAX as f64)
        );
        assert_eq!(found("2.5"), Found::Number(2.5));
        assert_eq!(found(r#""41""#), Found::Text("41".into()));
        assert_eq!(found("[1, [2], {}]"), Found::Array);
        assert_eq!(found(r#"{"a": [1]}"#), Found::Object);
    }

    #[derive(Default, Debug)]
    struct Probe {
        a: Option<Found>,
    }
    members!(Probe { "a" => a });

    #[test]
    fn objects_and_arrays_say_what_came_instead() {
        let object = |json: &str| from_json::<AnObject<Probe>>(json).expect("reads");
        assert!(matches!(
            object(r#"{"a": 1}"#),
            AnObject::Object(Probe {
                a: Some(Found::Number(_))
            })
        ));
        assert_eq!(
            object("[1]").require("the body").map(|_| ()),
            Err(Problem::WrongType {
                field: "the body".into(),
                expected: "an object",
                found: "an array"
            })
        );
        assert!(matches!(object("null"), AnObject::Not("null")));
        let array = |json: &str| from_json::<AnArray<Found>>(json).expect("reads");
        assert!(matches!(array("[1, {}]"), AnArray::Array(items) if items.len() == 2));
        assert!(matches!(array(r#""x""#), AnArray::Not(Found::Text(_))));
        assert!(matches!(array("{}"), AnArray::Not(Found::Object)));
    }
}
