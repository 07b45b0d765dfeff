//! `mount()` and the handle it returns: the host's shadow root prepared, one widget per host
//! (mounting again replaces it), the widget started, and `refresh`, `update`, `unmount`.

use super::clicks::listen_for_clicks;
use super::options;
use super::refresh::{refresh, restart_timer, start_timer};
use super::style::style;
use super::widget::{mark, warm_when_settled, Widget, WidgetRef};
use crate::api::task::spawn_now;
use crate::components::ScoreCards;
use crate::model::refresh::Why;
use js_sys::{Object, Promise};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRoot};

thread_local! {
    /// Mounted widgets by host, so mounting twice on one host replaces the first.
    static MOUNTED: RefCell<Vec<(Element, Weak<RefCell<Widget>>)>> = const { RefCell::new(Vec::new()) };
}

/// The host's open shadow root, attached if it has none.
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

/// Forgets the widget mounted on `host`, and any widget already dropped.
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
    let widget = start(host.clone(), root, raw, config);
    MOUNTED.with(|m| m.borrow_mut().push((host, Rc::downgrade(&widget))));
    Ok(ScoreCardsHandle { widget })
}

/// Renders into `root` (inside the host's shadow root) and starts loading every card.
fn start(host: Element, root: Element, raw: js_sys::Object, config: options::Config) -> WidgetRef {
    mark("dsc:init");
    let widget = Rc::new(RefCell::new(Widget::new(host, raw, config)));
    listen_for_clicks(&widget, root.clone());
    start_timer(&widget);
    // The load runs now, inside mount(), up to its requests, so they leave before the
    // cards' first render (Yew renders in a later task, tens of milliseconds on a cold
    // page); it then yields, so nothing is dispatched before mount() returns.
    spawn_now(refresh(&widget, None, Why::Load));
    let props = widget.borrow().props();
    let app = yew::Renderer::<ScoreCards>::with_root_and_props(root, props).render();
    widget.borrow_mut().app = Some(app);
    widget
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
        let work = mounted.then(|| refresh(&self.widget, None, Why::Manual));
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
            restart_timer(&self.widget);
        }
        if reload {
            wasm_bindgen_futures::spawn_local(refresh(&self.widget, None, Why::Load));
        } else {
            // A new locale's formatters, for the exact times and the trend.
            warm_when_settled(&self.widget);
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
