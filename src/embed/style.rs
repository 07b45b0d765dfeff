//! The widget's stylesheet (`styles/cards.css`, minified by `build.rs`), adopted once by
//! every shadow root on the page, or a `<style>` element where that is not supported.

use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use web_sys::ShadowRoot;

/// The widget's stylesheet, with every `--dsc-*` custom property: `styles/cards.css`,
/// minified by `build.rs` (no comments, little whitespace).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/cards.min.css"));

thread_local! {
    /// One constructable stylesheet adopted by every shadow root on the page.
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
}

fn shared_sheet() -> Option<web_sys::CssStyleSheet> {
    SHEET.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            *s = Some(sheet);
        }
        s.clone()
    })
}

/// Gives the shadow root the widget's styles: the shared adopted sheet, else a `<style>` element.
pub(super) fn style(shadow: &ShadowRoot) -> Result<(), JsValue> {
    if let Some(sheet) = shared_sheet() {
        let sheets = Array::of1(&sheet);
        if js_sys::Reflect::set(shadow, &"adoptedStyleSheets".into(), &sheets).unwrap_or(false) {
            return Ok(());
        }
    }
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let el = doc.create_element("style")?;
    el.set_text_content(Some(CSS));
    shadow.append_child(&el)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::CSS;

    /// The text without comments and whitespace, with `;}` read as `}`.
    fn bare(css: &str) -> String {
        let mut out = String::new();
        let mut rest = css;
        while let Some((before, comment)) = rest.split_once("/*") {
            out.push_str(before);
            rest = comment.split_once("*/").map_or("", |(_, after)| after);
        }
        out.push_str(rest);
        out.retain(|c| !c.is_whitespace());
        out.replace(";}", "}")
    }

    #[test]
    fn the_minified_stylesheet_only_loses_comments_and_whitespace() {
        let source = include_str!("../../styles/cards.css");
        assert!(CSS.len() < source.len() * 9 / 10, "{} bytes", CSS.len());
        assert!(!CSS.contains("/*"));
        assert_eq!(bare(CSS), bare(source));
        assert!(CSS.contains("\"Segoe UI\""));
        assert!(CSS.contains("calc(var(--dsc-radius) / 2)"));
        assert!(CSS.contains("@media (prefers-color-scheme:dark){"));
    }
}
