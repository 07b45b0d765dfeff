//! The browser's side of reading and writing typed data: `JSON.parse`'s result decoded with
//! `serde_wasm_bindgen` into the model's `Deserialize` types, and records written back as
//! JSON text. One helper each way, so every type shares the same glue.

use crate::model::api::reader::Json;
use crate::model::Problem;
use js_sys::JSON;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Decodes a parsed JSON value into `T`. The model's response types read any JSON (a member
/// of the wrong type is kept and named by validation), so an error here is unexpected; it
/// becomes [`Problem::Shape`] in the deserializer's words.
pub fn decode<T: DeserializeOwned>(json: JsValue) -> Result<T, Problem> {
    serde_wasm_bindgen::from_value(json).map_err(shape)
}

/// `JSON.parse`'s result, handed to the core's card reader, which reads it with [`decode`].
pub struct Parsed(pub JsValue);

impl Json for Parsed {
    fn decode<T: DeserializeOwned>(self) -> Result<T, Problem> {
        decode(self.0)
    }
}

/// A deserializer's error as a [`Problem`]; not generic, so it is compiled once.
fn shape(error: serde_wasm_bindgen::Error) -> Problem {
    Problem::Shape(error.to_string())
}

/// JSON text (from storage) parsed by the browser and decoded; `None` when it is not JSON or
/// not a `T`.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    decode(JSON::parse(text).ok()?).ok()
}

/// `value` as a plain JS value: objects (not `Map`s) and numbers, as JSON has them.
pub fn to_js<T: Serialize>(value: &T) -> Option<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).ok()
}

/// `value` as JSON text: [`to_js`], then `JSON.stringify`.
pub fn to_text<T: Serialize>(value: &T) -> Option<String> {
    JSON::stringify(&to_js(value)?).ok()?.as_string()
}
