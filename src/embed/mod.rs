//! Embedding: `mount()`, its handle, the shared stylesheet and the `<defender-score-cards>` element.

mod clicks;
mod element;
mod events;
pub mod intl;
mod load;
pub mod options;
mod snapshot;
pub mod widget;

use crate::model::refresh::Why;
use js_sys::{Array, Object, Promise};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRoot};
use widget::{Widget, WidgetRef};

pub use element::define_elements;

/// The widget's stylesheet, with every `--dsc-*` custom property: `styles/cards.css`,
/// minified by `build.rs` (no comments, little whitespace).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/cards.min.css"));

thread_local! {
    /// One constructable stylesheet adopted by every shadow root on the page.
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
    /// Mounted widgets by host, so mounting twice on one host replaces the first.
    static MOUNTED: RefCell<Vec<(Element, Weak<RefCell<Widget>>)>> = const { RefCell::new(Vec::new()) };
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
fn style(shadow: &ShadowRoot) -> Result<(), JsValue> {
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

fn open_shadow(host: &Element) -> Result<ShadowRoot, JsValue> {
    if let Some(existing) = host.shadow_root() {
        return Ok(existing);
    }
    // A plain `{ mode: "open" }`: no `ShadowRootInit` setter to import.
    let init = Object::new();
    let _ = js_sys::Reflect::set(&init, &"mode".into(), &"open".into());
    host.attach_shadow(init.unchecked_ref()).map_err(|_| {
        options::option_error(
            "host",
            "cannot hold a shadow root: mount into a <div>, <section> or a custom element",
        )
    })
}

fn forget_host(host: &Element) {
    MOUNTED.with(|m| {
        m.borrow_mut()
            .retain(|(h, w)| h != host && w.strong_count() > 0)
    });
}

/// Mounts the cards into `host`'s open shadow root. The options are in docs/embedding.md, "Options".
pub fn mount_widget(host: &JsValue, options: &JsValue) -> Result<ScoreCardsHandle, JsValue> {
    let host: Element = host
        .clone()
        .dyn_into()
        .map_err(|_| options::option_error("host", "must be a DOM element"))?;
    let config = options::parse(options)?;
    let raw = options::merge(&Object::new(), options)?;
    // Replace a widget already mounted on this host.
    let previous = MOUNTED.with(|m| {
        m.borrow()
            .iter()
            .find(|(h, _)| *h == host)
            .and_then(|(_, w)| w.upgrade())
    });
    if let Some(old) = previous {
        old.borrow_mut().unmount();
    }
    forget_host(&host);
    let shadow = open_shadow(&host)?;
    shadow.set_inner_html("");
    style(&shadow)?;
    let doc = host
        .owner_document()
        .ok_or_else(|| JsValue::from_str("host has no document"))?;
    let root = doc.create_element("div")?;
    root.set_class_name("dsc-root");
    shadow.append_child(&root)?;
    let widget = Widget::start(host.clone(), root, raw, config);
    MOUNTED.with(|m| m.borrow_mut().push((host, Rc::downgrade(&widget))));
    Ok(ScoreCardsHandle { widget })
}

/// What `mount()` returns: refresh, update and unmount the cards.
#[wasm_bindgen]
pub struct ScoreCardsHandle {
    widget: WidgetRef,
}

#[wasm_bindgen]
impl ScoreCardsHandle {
    /// Fetches every card again; the Promise resolves when all have finished (loaded or failed).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn refresh(&self) -> Promise {
        let mounted = self.widget.borrow().is_mounted();
        let work = mounted.then(|| load::refresh(&self.widget, None, Why::Manual));
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(work) = work {
                work.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Changes some options (only those given); re-renders, and fetches again only when the
    /// data source (token source, API base, cloud, scopes, cards) changed. Throws on a bad option.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ScoreCardsOptions")] changes: JsValue,
    ) -> Result<(), JsValue> {
        let unmounted = || js_sys::Error::new("defender-score-cards: the widget is unmounted");
        if !self.widget.borrow().is_mounted() {
            return Err(unmounted().into());
        }
        // No borrow is held while the host's getters run (in `Object.assign` and the reading);
        // one of them may unmount the widget.
        let current = self.widget.borrow().raw.clone();
        let merged = options::merge(&current, &changes)?;
        let config = options::parse(&merged)?;
        let (reload, period_changed) = {
            let mut w = self.widget.borrow_mut();
            if !w.is_mounted() {
                return Err(unmounted().into());
            }
            let period_changed = w.config.refresh_seconds != config.refresh_seconds;
            (w.reconfigure(merged, config), period_changed)
        };
        if period_changed {
            widget::restart_timer(&self.widget);
        }
        if reload {
            wasm_bindgen_futures::spawn_local(load::refresh(&self.widget, None, Why::Load));
        } else {
            // A new locale's formatters, for the exact times and the trend.
            widget::warm_when_settled(&self.widget);
        }
        Ok(())
    }

    /// Removes the cards, aborts requests in flight and stops the timer. Calling it twice is harmless.
    pub fn unmount(&self) {
        let host = {
            let mut w = self.widget.borrow_mut();
            w.unmount();
            w.host().clone()
        };
        forget_host(&host);
    }
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
