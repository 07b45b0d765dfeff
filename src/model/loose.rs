//! A JSON value read loosely, so validation can say what type arrived instead of
//! failing inside a deserializer.
//!
//! The model reads parsed JSON through [`Json`]: in the browser that is `JSON.parse`'s
//! result (`api::client`), natively a `serde_json::Value` (tests). No deserializer is
//! compiled into the widget.

use super::error::Problem;

/// One JSON value as it arrived: numbers and strings kept, containers only noted.
#[derive(Debug, Clone, PartialEq)]
pub enum Loose {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any JSON number, as a double (`Infinity` when it overflows).
    Number(f64),
    /// A string.
    Text(String),
    /// An array (its items are not kept).
    Array,
    /// An object (its members are not kept).
    Object,
}

impl Loose {
    /// The JSON type name, for messages: "a string", "null", ...
    pub fn type_name(&self) -> &'static str {
        match self {
            Loose::Null => "null",
            Loose::Bool(_) => "a boolean",
            Loose::Number(_) => "a number",
            Loose::Text(_) => "a string",
            Loose::Array => "an array",
            Loose::Object => "an object",
        }
    }
}

/// A parsed JSON value the model can read.
pub trait Json: Sized {
    /// The value itself, read loosely.
    fn loose(&self) -> Loose;
    /// An object's member `key`; `None` when it is absent (`null` is `Some`).
    /// Only asked of values whose [`Json::loose`] is [`Loose::Object`].
    fn member(&self, key: &str) -> Option<Self>;
    /// An array's items. Only asked of values whose [`Json::loose`] is [`Loose::Array`].
    fn items(&self) -> Vec<Self>;
}

/// Member `key` of an object, read loosely; an absent member is `None`.
pub fn field<J: Json>(object: &J, key: &str) -> Option<Loose> {
    object.member(key).map(|v| v.loose())
}

/// Checks that `value` is an object; `what` names it in the message ("the body", "value[3]").
pub fn expect_object<J: Json>(value: &J, what: &str) -> Result<(), Problem> {
    match value.loose() {
        Loose::Object => Ok(()),
        other => Err(Problem::WrongType {
            field: what.into(),
            expected: "an object",
            found: other.type_name(),
        }),
    }
}

#[cfg(test)]
impl Json for serde_json::Value {
    fn loose(&self) -> Loose {
        use serde_json::Value;
        match self {
            Value::Null => Loose::Null,
            Value::Bool(b) => Loose::Bool(*b),
            Value::Number(n) => Loose::Number(n.as_f64().unwrap_or(f64::INFINITY)),
            Value::String(s) => Loose::Text(s.clone()),
            Value::Array(_) => Loose::Array,
            Value::Object(_) => Loose::Object,
        }
    }
    fn member(&self, key: &str) -> Option<Self> {
        self.get(key).cloned()
    }
    fn items(&self) -> Vec<Self> {
        self.as_array().cloned().unwrap_or_default()
    }
}
