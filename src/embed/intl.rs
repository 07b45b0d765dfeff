//! [`Formats`](crate::i18n::Formats) through the browser's `Intl`, with `catch` bindings so a bad locale cannot throw into Rust.

use crate::i18n::Formats;
use crate::model::cards::numbers::number_text;
use js_sys::{Object, Reflect};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "NumberFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method)]
    fn format(this: &NumberFormat, value: f64) -> String;

    #[wasm_bindgen(js_namespace = Intl, js_name = RelativeTimeFormat)]
    type RelativeTimeFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "RelativeTimeFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<RelativeTimeFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &RelativeTimeFormat, value: f64, unit: &str) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<DateTimeFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &DateTimeFormat, date: &js_sys::Date) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = getCanonicalLocales, catch)]
    fn canonical_locales(tag: &str) -> Result<js_sys::Array, JsValue>;
}

/// The canonical form of a BCP 47 tag, or `None` if `Intl` refuses it.
pub fn canonical_locale(tag: &str) -> Option<String> {
    canonical_locales(tag)
        .ok()
        .and_then(|a| a.get(0).as_string())
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    options_with_digits(pairs, 0)
}

/// The number formatter in `cell`, made on first use. One function for every such cell, so
/// the wasm holds one copy of the lazy set-up.
fn number_in<'a>(
    cell: &'a OnceCell<Option<NumberFormat>>,
    locale: &str,
    pairs: &[(&str, &str)],
    digits: u32,
) -> Option<&'a NumberFormat> {
    cell.get_or_init(|| NumberFormat::new(locale, &options_with_digits(pairs, digits)).ok())
        .as_ref()
}

/// The date formatter in `cell`, made on first use (see [`number_in`]).
fn date_in<'a>(
    cell: &'a OnceCell<Option<DateTimeFormat>>,
    locale: &str,
    pairs: &[(&str, &str)],
) -> Option<&'a DateTimeFormat> {
    cell.get_or_init(|| DateTimeFormat::new(locale, &options(pairs)).ok())
        .as_ref()
}

fn options_with_digits(pairs: &[(&str, &str)], digits: u32) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let _ = Reflect::set(
        &o,
        &JsValue::from_str("maximumFractionDigits"),
        &JsValue::from(digits),
    );
    o.into()
}

/// A number typed as text (an attribute), read as the browser reads one (unary `+`, which
/// cannot throw on a string): Rust's float parser would bring about 18 KB of code and tables
/// into the wasm for this one use. Empty text, and text that is no number, is `None`.
pub fn parse_number(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let n = JsValue::from_str(text).unchecked_into_f64();
    (!n.is_nan()).then_some(n)
}

/// `Intl` formatters for one locale, each made when first needed: making them loads the
/// browser's locale data (an `Intl.NumberFormat` alone can take 15 ms on a slow machine), so
/// the widget does that while its requests are under way ([`IntlFormats::warm`]), not before.
pub struct IntlFormats {
    locale: String,
    number: OnceCell<Option<NumberFormat>>,
    relative: OnceCell<Option<RelativeTimeFormat>>,
    date: OnceCell<Option<DateTimeFormat>>,
    /// One decimal with its sign (the trend's changes).
    decimal: OnceCell<Option<NumberFormat>>,
    day: OnceCell<Option<DateTimeFormat>>,
}

impl IntlFormats {
    /// Formatters for `locale` (already canonical); any `Intl` failure falls back to plain text.
    pub fn new(locale: &str) -> IntlFormats {
        IntlFormats {
            locale: locale.to_owned(),
            number: OnceCell::new(),
            relative: OnceCell::new(),
            date: OnceCell::new(),
            decimal: OnceCell::new(),
            day: OnceCell::new(),
        }
    }

    fn number_format(&self) -> Option<&NumberFormat> {
        number_in(&self.number, &self.locale, &[], 0)
    }

    fn relative_format(&self) -> Option<&RelativeTimeFormat> {
        self.relative
            .get_or_init(|| {
                RelativeTimeFormat::new(&self.locale, &options(&[("numeric", "auto")])).ok()
            })
            .as_ref()
    }

    fn date_format(&self) -> Option<&DateTimeFormat> {
        date_in(
            &self.date,
            &self.locale,
            &[("dateStyle", "medium"), ("timeStyle", "short")],
        )
    }

    /// Makes the formatters every reading needs now, so it renders without waiting for them.
    pub fn warm(&self) {
        self.relative_format();
        self.date_format();
    }
}

/// A date through `format`, or as ISO 8601 when `Intl` failed.
fn format_date(format: Option<&DateTimeFormat>, epoch_ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_ms));
    format
        .and_then(|f| f.format(&date).ok())
        .unwrap_or_else(|| String::from(date.to_iso_string()))
}

impl Formats for IntlFormats {
    /// Whether [`IntlFormats::warm`] has run (or both formatters were needed before).
    fn ready(&self) -> bool {
        self.relative.get().is_some() && self.date.get().is_some()
    }

    fn number(&self, value: f64) -> String {
        let shown = value.round();
        // Every supported language writes a whole number below 1,000 as its plain Latin digits
        // (no grouping, no sign, no fraction), unless the locale asks for another numbering
        // system (`-u-nu-…`): then only `Intl` knows, and making its formatter costs the page
        // tens of milliseconds of locale data.
        if (0.0..1000.0).contains(&shown) && !self.locale.as_bytes().windows(3).any(|w| w == b"-u-")
        {
            return number_text(shown);
        }
        match self.number_format() {
            Some(f) => f.format(value),
            None => number_text(shown),
        }
    }

    fn relative(&self, amount: f64, unit: &'static str) -> String {
        self.relative_format()
            .and_then(|f| f.format(amount, unit).ok())
            .unwrap_or_else(|| {
                let mut text = number_text(amount);
                text.push(' ');
                text.push_str(unit);
                text
            })
    }

    fn date_time(&self, epoch_ms: f64) -> String {
        format_date(self.date_format(), epoch_ms)
    }

    fn decimal(&self, value: f64) -> String {
        let format = number_in(
            &self.decimal,
            &self.locale,
            &[("signDisplay", "exceptZero")],
            1,
        );
        match format {
            Some(f) => f.format(value),
            None => number_text((value * 10.0).round() / 10.0),
        }
    }

    fn day(&self, epoch_ms: f64) -> String {
        let format = date_in(
            &self.day,
            &self.locale,
            &[("day", "numeric"), ("month", "short")],
        );
        format_date(format, epoch_ms)
    }
}
