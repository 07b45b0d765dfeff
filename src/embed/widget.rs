//! One mounted widget's state: its options, each card's state, requests in flight, the timer,
//! and the Yew app it renders through, with what only reads or changes that state (the cards'
//! views, a new configuration, unmounting). The rules it follows are in
//! [`crate::model::refresh`]; what starts it, refreshes it and presses its buttons (`mount.rs`,
//! `refresh.rs`, `clicks.rs`) sits above this file.
//!
//! No `RefCell` borrow is held while host code runs (token callbacks, event listeners),
//! so a listener may call `refresh`, `update` or `unmount` safely.

use super::intl::IntlFormats;
use super::options::Config;
use crate::api::shared::Claim;
use crate::components::snapshot::add_snapshot;
use crate::components::sparkline::add_trend;
use crate::components::view::{add_cors_hint, card_view, keep_top, say_once};
use crate::components::{ScoreCards, ScoreCardsProps};
use crate::i18n::{Formats, Text};
use crate::model::refresh::{kept_cards, CardState};
use crate::model::snapshot::CheckedSnapshot;
use crate::model::storage::history::Record;
use crate::model::{CardKind, Reading};
use crate::storage::history as kept;
use gloo_timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::AppHandle;

/// One card: its state, and what the browser holds for it.
pub(super) struct Slot {
    /// The reading, generation, retries ([`CardState`]).
    pub card: CardState,
    /// Its share of a request in flight.
    pub claim: Option<Claim>,
    /// The automatic retry: when `Retry-After` has passed, or the backoff after a failure.
    pub retry: Option<Timeout>,
}

impl Slot {
    fn new(kind: CardKind) -> Slot {
        Slot {
            card: CardState::new(kind),
            claim: None,
            retry: None,
        }
    }
}

/// A mounted widget.
pub struct Widget {
    /// The element the widget is mounted on; events are dispatched on it.
    pub(super) host: Element,
    /// From `start` until `unmount`.
    mounted: bool,
    /// The cards; created once the first load has sent its requests (see `mount::start`).
    pub(super) app: Option<AppHandle<ScoreCards>>,
    /// The merged options as given, for `update()`.
    pub raw: js_sys::Object,
    /// The checked options.
    pub(super) config: Config,
    intl: IntlFormats,
    /// The cards, in the order shown.
    pub(super) slots: Vec<Slot>,
    /// The auto refresh timer (see `refresh::start_timer`).
    pub(super) timer: Option<Interval>,
    /// The one click listener on the cards' root, which presses their buttons.
    pub(super) clicks: Option<(Element, ClickListener)>,
    /// When every card was last refreshed (ms since the epoch).
    pub(super) last_refresh_ms: f64,
    marked_first: bool,
    marked_all: bool,
    /// The one task that loads the locale data once the first readings are shown.
    warm: Option<Timeout>,
    /// The tenant of the latest token (a cache key part; never the token).
    pub(super) tenant: Option<String>,
    /// The trend's kept records for this API base and tenant (empty with `history: false`).
    pub(super) history: Vec<Record>,
    /// The object URL of the latest CSV download, revoked by the next one or on unmount.
    pub(super) download_url: Option<String>,
    /// Snapshot mode: the latest snapshot read (its readings are on the cards, not kept here).
    pub(super) snapshot: Option<CheckedSnapshot>,
    /// Snapshot mode: aborts the folder's requests in flight on unmount.
    pub(super) snapshot_abort: Option<web_sys::AbortController>,
}

/// The one click listener on the cards' root (see `clicks::listen_for_clicks`).
pub(super) type ClickListener = Closure<dyn Fn(web_sys::Event)>;

/// Shared ownership of a widget; handles and callbacks hold `Weak`s or this.
pub type WidgetRef = Rc<RefCell<Widget>>;

/// The browser's clock, in ms since the epoch.
pub(super) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A performance mark, for the benchmark and the host's own measurements.
pub(super) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

impl Widget {
    /// The slot of `kind` if `generation` is still its latest refresh (an older answer finds
    /// none and is dropped).
    pub(super) fn current_slot(&mut self, kind: CardKind, generation: u64) -> Option<&mut Slot> {
        self.slots
            .iter_mut()
            .find(|s| s.card.is_current(kind, generation))
    }

    /// A widget on `host` with every card still to load (`mount::start` starts it).
    pub(super) fn new(host: Element, raw: js_sys::Object, config: Config) -> Widget {
        Widget {
            host,
            mounted: true,
            app: None,
            raw,
            intl: IntlFormats::new(&config.locale),
            slots: config.cards.iter().copied().map(Slot::new).collect(),
            config,
            timer: None,
            last_refresh_ms: now_ms(),
            marked_first: false,
            marked_all: false,
            tenant: None,
            warm: None,
            history: Vec::new(),
            download_url: None,
            clicks: None,
            snapshot: None,
            snapshot_abort: None,
        }
    }

    /// The cards' properties: one view per card, with its trend, hints and snapshot words.
    pub(super) fn props(&self) -> ScoreCardsProps {
        let now = now_ms();
        let lang = self.config.lang;
        // One download button per widget, on the last card that shows a reading.
        let download = self
            .slots
            .iter()
            .rposition(|s| s.card.reading.shown().is_some())
            .filter(|_| !self.history.is_empty());
        let mut cards = Vec::with_capacity(self.slots.len());
        for (i, s) in self.slots.iter().enumerate() {
            let mut view = card_view(
                s.card.kind,
                &s.card.reading,
                s.card.busy,
                lang,
                &self.intl,
                self.config.cloud,
                now,
            );
            add_trend(&mut view, &self.history, lang, &self.intl, now);
            if let Some(error) = s.card.reading.error().filter(|_| self.config.api_elsewhere) {
                add_cors_hint(&mut view, error, lang, &self.intl);
            }
            if self.config.snapshot.is_some() {
                add_snapshot(&mut view, self.snapshot.as_ref(), lang, &self.intl, now);
            }
            if download == Some(i) {
                view.csv = Some(lang.text(Text::DownloadCsv));
            }
            let compact = self.config.layout == "compact";
            keep_top(&mut view, self.config.recommendations_top, compact);
            cards.push(view);
        }
        let (group, shared) = say_once(&mut cards, lang);
        ScoreCardsProps {
            cards: Rc::new(cards.into_iter().map(Rc::new).collect()),
            layout: self.config.layout.into(),
            shared,
            group,
            theme: self.config.theme.into(),
            lang: self.config.locale.clone().into(),
            label: self.config.lang.text(Text::WidgetLabel).into(),
        }
    }

    /// Renders the cards again. Before the Yew app exists (inside `mount()`, while the first
    /// load sends its requests) there is nothing to update, and the views are not built: the
    /// app's first render builds them.
    pub(super) fn render(&mut self) {
        if self.app.is_none() {
            return;
        }
        let props = self.props();
        if let Some(app) = self.app.as_mut() {
            app.update(props);
        }
    }

    /// Whether the widget is still mounted.
    pub fn is_mounted(&self) -> bool {
        self.mounted
    }

    /// Applies new options: re-renders, and reloads only what the change needs.
    /// Returns whether a refresh of every card is needed.
    pub fn reconfigure(&mut self, raw: js_sys::Object, config: Config) -> bool {
        let reload = !self.config.same_source(&config);
        if config.locale != self.config.locale {
            self.intl = IntlFormats::new(&config.locale);
            self.warm = None;
        }
        let kinds: Vec<CardKind> = self.slots.iter().map(|s| s.card.kind).collect();
        let mut old: Vec<Option<Slot>> = self.slots.drain(..).map(Some).collect();
        self.slots = kept_cards(&kinds, &config.cards, !reload)
            .into_iter()
            .zip(&config.cards)
            .map(|(kept, kind)| {
                kept.and_then(|i| old.get_mut(i).and_then(Option::take))
                    .unwrap_or_else(|| Slot::new(*kind))
            })
            .collect();
        // Dropping the old slots withdraws their claims on requests in flight.
        drop(old);
        let new_cards = self.slots.iter().any(|s| s.card.needs_load());
        // Turned off: hidden now; forgotten at the next refresh. Turned on: from the next one.
        // (A published history is the folder's, shown whatever the option says.)
        if !config.history && config.snapshot.is_none() {
            self.history.clear();
        }
        if reload {
            self.snapshot = None;
        }
        self.raw = raw;
        self.config = config;
        self.render();
        reload || new_cards
    }

    /// Stops everything: requests, the timer, the Yew app; the shadow root is emptied.
    pub fn unmount(&mut self) {
        self.mounted = false;
        if let Some(controller) = self.snapshot_abort.take() {
            controller.abort();
        }
        self.timer = None;
        self.warm = None;
        for slot in &mut self.slots {
            slot.card.generation += 1;
            slot.retry = None;
            slot.claim = None;
        }
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        if let Some(url) = self.download_url.take() {
            kept::revoke(&url);
        }
        if let Some((root, listener)) = self.clicks.take() {
            let _ = root
                .remove_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
            // Dropped after this task: unmount may run inside that very listener.
            wasm_bindgen_futures::spawn_local(async move { drop(listener) });
        }
        if let Some(shadow) = self.host.shadow_root() {
            shadow.set_inner_html("");
        }
    }

    /// The host element.
    pub fn host(&self) -> &Element {
        &self.host
    }

    /// Re-renders after readings changed and sets the performance marks they reached.
    pub(super) fn settled(&mut self) {
        self.render();
        let ready = |s: &Slot| matches!(s.card.reading, Reading::Ready(_));
        if !self.marked_first && self.slots.iter().any(ready) {
            self.marked_first = true;
            mark("dsc:first-card");
        }
        if !self.marked_all && self.slots.iter().all(ready) {
            self.marked_all = true;
            mark("dsc:all-cards");
        }
    }
}

/// Once no card is busy, loads the browser's locale data in a task of its own and renders
/// again with the exact times. The first readings render without it: a page's first `Intl`
/// formatter costs tens of milliseconds, which would otherwise come between the data and
/// the cards. Kept, not forgotten, so no closure outlives the widget.
pub fn warm_when_settled(widget: &WidgetRef) {
    let mut w = widget.borrow_mut();
    if w.warm.is_some() || w.intl.ready() || w.slots.iter().any(|s| s.card.busy) {
        return;
    }
    let weak = Rc::downgrade(widget);
    w.warm = Some(Timeout::new(0, move || {
        if let Some(w) = weak.upgrade() {
            let mut w = w.borrow_mut();
            w.intl.warm();
            w.render();
        }
    }));
}
