//! One mounted widget: its options, each card's reading, requests in flight, the timer,
//! and the Yew app it renders through.
//!
//! No `RefCell` borrow is held while host code runs (token callbacks, event listeners),
//! so a listener may call `refresh`, `update` or `unmount` safely.

use super::intl::IntlFormats;
use super::options::Config;
use crate::api::cache::{self as reading_cache, tenant_of};
use crate::api::history as kept;
use crate::api::shared::{self, Claim};
use crate::api::task::{spawn_now, yield_now};
use crate::api::TokenRound;
use crate::components::sparkline::add_trend;
use crate::components::{card_view, ScoreCards, ScoreCardsProps};
use crate::i18n::{Formats, Text};
use crate::model::cache::{backoff_ms, Age, CachePolicy};
use crate::model::history::{csv, Record};
use crate::model::{CardData, CardKind, ErrorKind, Reading, ScoreError};
use futures::future::join_all;
use gloo_timers::callback::{Interval, Timeout};
use js_sys::{Array, Object};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::AppHandle;

/// How often the timer wakes to update relative times and check whether a refresh is due.
const TICK_MS: f64 = 30_000.0;

struct Slot {
    kind: CardKind,
    reading: Reading,
    busy: bool,
    generation: u64,
    claim: Option<Claim>,
    /// After a 429: no request before this instant (ms since the epoch).
    not_before_ms: f64,
    /// The automatic retry: when `Retry-After` has passed, or the backoff after a failure.
    retry: Option<Timeout>,
    /// Automatic retries made since the last success or manual refresh.
    attempts: u32,
}

impl Slot {
    fn new(kind: CardKind) -> Slot {
        Slot {
            kind,
            reading: Reading::Loading,
            busy: false,
            generation: 0,
            claim: None,
            not_before_ms: 0.0,
            retry: None,
            attempts: 0,
        }
    }
}

/// A mounted widget.
pub struct Widget {
    host: Element,
    /// From `start` until `unmount`.
    mounted: bool,
    /// The cards; created once the first load has sent its requests (see [`Widget::start`]).
    app: Option<AppHandle<ScoreCards>>,
    /// The merged options as given, for `update()`.
    pub raw: Object,
    config: Config,
    intl: IntlFormats,
    slots: Vec<Slot>,
    timer: Option<Interval>,
    /// The one click listener on the cards' root, which presses their buttons.
    clicks: Option<(Element, ClickListener)>,
    last_refresh_ms: f64,
    marked_first: bool,
    marked_all: bool,
    /// The one task that loads the locale data once the first readings are shown.
    warm: Option<Timeout>,
    /// The tenant of the latest token (a cache key part; never the token).
    tenant: Option<String>,
    /// The trend's kept records for this API base and tenant (empty with `history: false`).
    history: Vec<Record>,
    /// The object URL of the latest CSV download, revoked by the next one or on unmount.
    download_url: Option<String>,
}

/// Why a refresh happens: it decides whether the cache may answer and whether retries reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Mounting, or new options that change where data comes from: a fresh cached reading
    /// answers without a request; an expired one shows as stale while it is revalidated.
    Load,
    /// The auto-refresh timer: a reading another widget cached within half the period answers.
    Auto,
    /// The user or the host asked (`refresh()`, a card's button, after sign-in): always asks.
    Manual,
    /// An automatic retry after `Retry-After` or a backoff delay.
    Retry,
}

/// Shared ownership of a widget; handles and callbacks hold `Weak`s or this.
pub type WidgetRef = Rc<RefCell<Widget>>;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

impl Widget {
    /// Renders into `root` (inside the host's shadow root) and starts loading every card.
    pub fn start(host: Element, root: Element, raw: Object, config: Config) -> WidgetRef {
        mark("dsc:init");
        let widget = Rc::new(RefCell::new(Widget {
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
        }));
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

    fn props(&self) -> ScoreCardsProps {
        let now = now_ms();
        let lang = self.config.lang;
        // One download button per widget, on the last card, while a reading is shown.
        let download =
            !self.history.is_empty() && self.slots.iter().any(|s| s.reading.shown().is_some());
        let mut cards = Vec::with_capacity(self.slots.len());
        for (i, s) in self.slots.iter().enumerate() {
            let mut view = card_view(
                s.kind,
                &s.reading,
                s.busy,
                lang,
                &self.intl,
                self.config.cloud,
                now,
            );
            add_trend(&mut view, &self.history, lang, &self.intl, now);
            if download && i + 1 == self.slots.len() {
                view.csv = Some(lang.text(Text::DownloadCsv));
            }
            cards.push(Rc::new(view));
        }
        ScoreCardsProps {
            cards: Rc::new(cards),
            theme: self.config.theme.into(),
            lang: self.config.locale.clone().into(),
            label: self.config.lang.text(Text::WidgetLabel).into(),
        }
    }

    fn render(&mut self) {
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
    pub fn reconfigure(&mut self, raw: Object, config: Config) -> bool {
        let reload = !self.config.same_source(&config);
        if config.locale != self.config.locale {
            self.intl = IntlFormats::new(&config.locale);
            self.warm = None;
        }
        let mut slots = Vec::new();
        for kind in &config.cards {
            let existing = self.slots.iter().position(|s| s.kind == *kind);
            slots.push(match existing {
                Some(i) if !reload => self.slots.swap_remove(i),
                _ => Slot::new(*kind),
            });
        }
        // Dropping the old slots withdraws their claims on requests in flight.
        self.slots.clear();
        self.slots = slots;
        let new_cards = self
            .slots
            .iter()
            .any(|s| matches!(s.reading, Reading::Loading) && !s.busy);
        // Turned off: hidden now; forgotten at the next refresh. Turned on: from the next one.
        if !config.history {
            self.history.clear();
        }
        self.raw = raw;
        self.config = config;
        self.render();
        reload || new_cards
    }

    /// Stops everything: requests, the timer, the Yew app; the shadow root is emptied.
    pub fn unmount(&mut self) {
        self.mounted = false;
        self.timer = None;
        self.warm = None;
        for slot in &mut self.slots {
            slot.generation += 1;
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
}

fn start_timer(widget: &WidgetRef) {
    let weak = Rc::downgrade(widget);
    let mut w = widget.borrow_mut();
    let period = if w.config.refresh_seconds > 0.0 {
        (w.config.refresh_seconds * 1000.0).min(TICK_MS)
    } else {
        TICK_MS
    };
    let period = period.max(1000.0) as u32;
    w.timer = Some(Interval::new(period, move || {
        let Some(widget) = weak.upgrade() else { return };
        let due = {
            let mut w = widget.borrow_mut();
            let every = w.config.refresh_seconds * 1000.0;
            let due = every > 0.0 && now_ms() - w.last_refresh_ms >= every - 50.0;
            if !due {
                w.render();
            }
            due
        };
        if due {
            wasm_bindgen_futures::spawn_local(refresh(&widget, None, Why::Auto));
        }
    }));
}

/// Restarts the timer after the refresh period changed.
pub fn restart_timer(widget: &WidgetRef) {
    widget.borrow_mut().timer = None;
    start_timer(widget);
}

/// Refreshes one card or all; completes when every request has finished.
///
/// The cards are marked busy at once; then the round's token names the tenant, the cache
/// answers what it may (see [`Why`]), and the rest is asked of the API, joining requests
/// other widgets on the page already have under way.
pub fn refresh(
    widget: &WidgetRef,
    only: Option<CardKind>,
    why: Why,
) -> impl std::future::Future<Output = ()> {
    let weak = Rc::downgrade(widget);
    let mut picked = Vec::new();
    let mut w = widget.borrow_mut();
    let round = TokenRound::new(w.config.source.clone(), w.config.scopes.clone());
    if w.is_mounted() {
        let now = now_ms();
        if only.is_none() {
            w.last_refresh_ms = now;
        }
        for slot in w
            .slots
            .iter_mut()
            .filter(|s| only.is_none_or(|k| k == s.kind) && s.not_before_ms <= now)
        {
            slot.retry = None;
            if why != Why::Retry {
                slot.attempts = 0;
            }
            // Replacing the claim withdraws interest in an older request.
            slot.claim = None;
            slot.generation += 1;
            slot.busy = true;
            picked.push((slot.kind, slot.generation));
        }
        if !picked.is_empty() {
            w.render();
        }
    }
    drop(w);
    if !picked.is_empty() {
        // Ask for the token now, before the cards' busy state is rendered (a task queued
        // ahead of this future). No borrow is held: the source is the page's code.
        round.begin();
    }
    async move {
        if picked.is_empty() {
            return;
        }
        // Shared with the requests below: asking for it first costs no extra call.
        let tenant = round.token().await.ok().map(|t| tenant_of(&t));
        let Some(widget) = weak.upgrade() else { return };
        let mut jobs = Vec::new();
        let mut loaded = Vec::new();
        let host = {
            let mut w = widget.borrow_mut();
            if !w.is_mounted() {
                return;
            }
            w.tenant = tenant.clone();
            let base = w.config.base.clone();
            let policy = w.config.cache;
            let refresh_ms = w.config.refresh_seconds * 1000.0;
            let now = now_ms();
            for (kind, generation) in picked {
                let Some(slot) = w
                    .slots
                    .iter_mut()
                    .find(|s| s.kind == kind && s.generation == generation)
                else {
                    continue;
                };
                let ttl_ms = match (why, &slot.reading) {
                    (Why::Load, _) => Some(policy.ttl_ms),
                    (Why::Auto, _) => Some(policy.ttl_ms.min(refresh_ms / 2.0)),
                    // A reading another widget on the page fetched since this card failed
                    // answers its retry: five failing widgets do not retry five times.
                    (Why::Retry, Reading::Failed { at_ms, .. }) => Some((now - at_ms).max(0.0)),
                    _ => None,
                };
                let hit = match (ttl_ms, &tenant) {
                    (Some(ttl_ms), Some(tenant)) => reading_cache::lookup(
                        CachePolicy { ttl_ms, ..policy },
                        &base,
                        tenant,
                        kind,
                        now,
                    ),
                    _ => None,
                };
                if let Some(hit) = hit {
                    if hit.age == Age::Fresh {
                        loaded.push(loaded_detail(&hit.fresh.data));
                        slot.reading = Reading::Ready(hit.fresh);
                        slot.busy = false;
                        continue;
                    }
                    if matches!(slot.reading, Reading::Loading) {
                        slot.reading = Reading::Cached(hit.fresh);
                    }
                }
                match shared::request(kind, &base, &round) {
                    Some((answer, claim)) => {
                        slot.claim = Some(claim);
                        jobs.push((kind, generation, answer));
                    }
                    None => slot.busy = false,
                }
            }
            w.settled();
            w.host.clone()
        };
        // The requests leave now, with no borrow held (the page's `fetch` is called).
        for (_, _, answer) in &jobs {
            answer.start();
        }
        // The trend: what this browser kept for the tenant, read once the requests are under
        // way; with the option off, forgotten.
        {
            let mut w = widget.borrow_mut();
            let base = &w.config.base;
            let history = match (&tenant, w.config.history) {
                (Some(tenant), true) => kept::load(base, tenant, now_ms()),
                (Some(tenant), false) => {
                    kept::clear(base, tenant);
                    Vec::new()
                }
                (None, _) => Vec::new(),
            };
            w.history = history;
        }
        if why == Why::Load {
            // The first load got here inside mount() (see `Widget::start`): the host adds its
            // event listeners once mount() returns.
            yield_now().await;
            if !widget.borrow().is_mounted() {
                return;
            }
        }
        warm_when_settled(&widget);
        for detail in &loaded {
            dispatch(&host, "defender-scores:loaded", detail);
        }
        let futures = jobs.into_iter().map(|(kind, generation, answer)| {
            let weak = weak.clone();
            let tenant = tenant.clone();
            async move {
                let result = answer.await;
                finish(&weak, kind, generation, result, tenant.as_deref());
            }
        });
        join_all(futures).await;
    }
}

impl Widget {
    /// Re-renders after readings changed and sets the performance marks they reached.
    fn settled(&mut self) {
        self.render();
        if !self.marked_first
            && self
                .slots
                .iter()
                .any(|s| matches!(s.reading, Reading::Ready(_)))
        {
            self.marked_first = true;
            mark("dsc:first-card");
        }
        if !self.marked_all
            && self
                .slots
                .iter()
                .all(|s| matches!(s.reading, Reading::Ready(_)))
        {
            self.marked_all = true;
            mark("dsc:all-cards");
        }
    }
}

/// The click listener of [`listen_for_clicks`].
type ClickListener = Closure<dyn Fn(web_sys::Event)>;

/// Presses the cards' buttons from one click listener on their root (the buttons carry no Yew
/// listeners: an app that registered one keeps about half a kilobyte after it is destroyed).
/// A button is known by its class: `refresh` (its card's `data-card`), `sign-in`, `csv`.
fn listen_for_clicks(widget: &WidgetRef, root: Element) {
    let weak = Rc::downgrade(widget);
    let listener = ClickListener::new(move |event: web_sys::Event| {
        let Some(w) = weak.upgrade() else { return };
        let Some(button) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("button").ok().flatten())
        else {
            return;
        };
        match button.class_name().as_str() {
            "refresh" => {
                let kind = button
                    .closest("[data-card]")
                    .ok()
                    .flatten()
                    .and_then(|card| card.get_attribute("data-card"))
                    .and_then(|name| CardKind::parse(&name));
                if let Some(kind) = kind {
                    wasm_bindgen_futures::spawn_local(refresh(&w, Some(kind), Why::Manual));
                }
            }
            "sign-in" => sign_in(&w),
            "csv" => download(&w),
            _ => {}
        }
    });
    let _ = root.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    widget.borrow_mut().clicks = Some((root, listener));
}

/// The error's "Sign in" button: the popup is opened here, inside the click, so the browser
/// allows it; once signed in, every card is fetched again.
fn sign_in(widget: &WidgetRef) {
    let popup = {
        let w = widget.borrow();
        w.config.source.sign_in(&w.config.scopes)
    };
    let Some(popup) = popup else { return };
    let weak = Rc::downgrade(widget);
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(popup).await;
        if let (Ok(result), Some(w)) = (result, weak.upgrade()) {
            let source = w.borrow().config.source.clone();
            source.signed_in(&result);
            refresh(&w, None, Why::Manual).await;
        }
    });
}

/// The "Download history (CSV)" button. No borrow is held while the download's click runs:
/// host listeners see it.
fn download(widget: &WidgetRef) {
    let (csv, shadow, previous) = {
        let mut w = widget.borrow_mut();
        let previous = w.download_url.take();
        (csv(&w.history), w.host.shadow_root(), previous)
    };
    if let Some(url) = previous {
        kept::revoke(&url);
    }
    let url = shadow.and_then(|shadow| kept::download(&csv, &shadow));
    let mut w = widget.borrow_mut();
    match url {
        // A listener unmounted the widget during the click: nothing keeps it.
        Some(url) if !w.is_mounted() => kept::revoke(&url),
        url => w.download_url = url,
    }
}

/// Once no card is busy, loads the browser's locale data in a task of its own and renders
/// again with the exact times. The first readings render without it: a page's first `Intl`
/// formatter costs tens of milliseconds, which would otherwise come between the data and
/// the cards. Kept, not forgotten, so no closure outlives the widget.
pub fn warm_when_settled(widget: &WidgetRef) {
    let mut w = widget.borrow_mut();
    if w.warm.is_some() || w.intl.ready() || w.slots.iter().any(|s| s.busy) {
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

fn random() -> f64 {
    js_sys::Math::random()
}

fn schedule_retry(weak: &Weak<RefCell<Widget>>, kind: CardKind, wait_ms: f64) -> Timeout {
    let weak = weak.clone();
    Timeout::new(wait_ms.clamp(0.0, 3_600_000.0) as u32, move || {
        if let Some(w) = weak.upgrade() {
            wasm_bindgen_futures::spawn_local(refresh(&w, Some(kind), Why::Retry));
        }
    })
}

/// Stores a finished request's result (if it is still the latest), caches or forgets the
/// reading, schedules any automatic retry, re-renders, then tells the host.
fn finish(
    weak: &Weak<RefCell<Widget>>,
    kind: CardKind,
    generation: u64,
    mut result: Result<CardData, ScoreError>,
    tenant: Option<&str>,
) {
    let Some(widget) = weak.upgrade() else { return };
    let (host, detail, ok) = {
        let mut w = widget.borrow_mut();
        let base = w.config.base.clone();
        let policy = w.config.cache;
        let Some(slot) = w
            .slots
            .iter_mut()
            .find(|s| s.kind == kind && s.generation == generation)
        else {
            return;
        };
        let now = now_ms();
        let mut retry_ms = None;
        match &mut result {
            Ok(_) => slot.attempts = 0,
            Err(e) if e.kind == ErrorKind::Throttled => {
                // Respect Retry-After: no request before it, then one automatic try.
                let wait_ms = f64::from(*e.retry_after_seconds.get_or_insert(60)) * 1000.0;
                slot.not_before_ms = now + wait_ms;
                retry_ms = Some(wait_ms + 50.0);
            }
            Err(e) if matches!(e.kind, ErrorKind::Server | ErrorKind::Network) => {
                // Exponential backoff with jitter, a bounded number of times.
                slot.attempts += 1;
                if let Some(wait_ms) = backoff_ms(slot.attempts, random()) {
                    e.retry_after_seconds = Some((wait_ms / 1000.0).ceil() as u32);
                    retry_ms = Some(wait_ms);
                }
            }
            Err(_) => {
                // The user may no longer see this: a reload must not show it either.
                if let Some(tenant) = tenant {
                    reading_cache::forget(policy, &base, tenant, kind);
                }
            }
        }
        let detail = match &result {
            Ok(data) => loaded_detail(data),
            Err(e) => error_detail(kind, e),
        };
        let ok = result.is_ok();
        slot.reading = slot.reading.after(result, now);
        slot.busy = false;
        slot.claim = None;
        let mut record = None;
        if let (Reading::Ready(fresh), Some(tenant)) = (&slot.reading, tenant) {
            reading_cache::save(policy, &base, tenant, fresh);
            record = Some((Record::of(fresh), tenant));
        }
        // A fresh reading from the API (never one from the cache) joins the trend.
        if let (Some((record, tenant)), true) = (record, w.config.history) {
            // The records loaded this round are the tenant's: no re-read and parse of up to 400
            // records on the way to the card. A reading from an older round, with another
            // tenant, is kept under its own tenant and leaves the shown trend alone.
            if w.tenant.as_deref() == Some(tenant) {
                let loaded = std::mem::take(&mut w.history);
                w.history = kept::append(&base, tenant, Some(loaded), record, now);
            } else {
                kept::append(&base, tenant, None, record, now);
            }
        }
        w.settled();
        // The wait starts once the failure is shown (rendering it may first load the locale
        // data, tens of ms), so the retry never comes sooner than the card says after the event.
        if let Some(wait_ms) = retry_ms {
            if let Some(slot) = w
                .slots
                .iter_mut()
                .find(|s| s.kind == kind && s.generation == generation)
            {
                slot.retry = Some(schedule_retry(weak, kind, wait_ms));
            }
        }
        (w.host.clone(), detail, ok)
    };
    warm_when_settled(&widget);
    let name = if ok {
        "defender-scores:loaded"
    } else {
        "defender-scores:error"
    };
    dispatch(&host, name, &detail);
}

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    crate::api::set(obj, key, &value.into());
}

fn iso(epoch_ms: Option<f64>) -> JsValue {
    match epoch_ms {
        Some(ms) => js_sys::Date::new(&JsValue::from_f64(ms))
            .to_iso_string()
            .into(),
        None => JsValue::NULL,
    }
}

fn loaded_detail(data: &CardData) -> Object {
    let d = Object::new();
    set(&d, "card", data.kind().as_str());
    match data {
        CardData::Exposure(e) => set(&d, "score", e.score),
        CardData::Device(s) => set(&d, "score", s.score),
        CardData::Groups(g) => {
            let list: Array = g
                .groups
                .iter()
                .map(|group| {
                    let o = Object::new();
                    set(&o, "name", group.name.as_str());
                    set(&o, "score", group.score);
                    JsValue::from(o)
                })
                .collect();
            set(&d, "groups", list);
        }
    }
    set(&d, "time", iso(data.time().map(|t| t.epoch_ms)));
    d
}

fn error_detail(kind: CardKind, e: &ScoreError) -> Object {
    let d = Object::new();
    let text = |v: &Option<String>| v.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL);
    set(&d, "card", kind.as_str());
    set(&d, "status", e.status);
    set(&d, "code", text(&e.code));
    set(
        &d,
        "message",
        e.message
            .clone()
            .unwrap_or_else(|| e.kind.as_str().to_owned()),
    );
    set(&d, "target", text(&e.target));
    set(&d, "error", e.kind.as_str());
    if let Some(s) = e.retry_after_seconds {
        set(&d, "retryAfter", s);
    }
    d
}

/// Dispatches a bubbling, composed `CustomEvent` on the host element.
pub fn dispatch(host: &Element, name: &str, detail: &Object) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
