//! A refresh from start to finish: the cards marked busy, the token's tenant, the cache or the
//! API, the trend's kept records, the results shown, the events sent and the retries set; and
//! the timer that refreshes every `refreshSeconds`. What each step decides is in
//! [`crate::model::refresh`].
//!
//! Snapshot mode's refresh ([`super::snapshot`]) is called from here and calls [`refresh`]
//! back for its retry: a refresh scheduling the next one, the one circle kept on purpose.

use super::events::{dispatch, error_detail, loaded_detail, ERROR, LOADED};
use super::options::Config;
use super::snapshot::refresh_from_folder;
use super::widget::{now_ms, warm_when_settled, Widget, WidgetRef};
use crate::api::shared::{self, SharedOutcome};
use crate::api::task::yield_now;
use crate::api::token::TokenRound;
use crate::model::refresh::retry::timer_ms;
use crate::model::refresh::{refresh_due, timer_period_ms, Why};
use crate::model::storage::cache::CachePolicy;
use crate::model::storage::history::Record;
use crate::model::{CardData, CardKind, Reading, ScoreError};
use crate::storage::cache::{self as reading_cache, tenant_of};
use crate::storage::history as kept;
use futures::stream::{FuturesUnordered, StreamExt};
use gloo_timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;

/// A card picked for a refresh, with the generation its refresh began.
pub(super) type Picked = (CardKind, u64);

/// A picked card's request to the API, not yet answered.
type Job = (CardKind, u64, SharedOutcome);

/// A refresh's token rounds: each picked card with the round of its scopes. Cards with the
/// same scopes share one round (the score cards); the recommendations card asks for scopes of
/// its own (`recommendationScopes`), so a consent missing for them fails that card alone.
struct Rounds(Vec<(CardKind, Rc<TokenRound>)>);

impl Rounds {
    /// One round per distinct scope set among the `picked` cards, the score cards' first.
    fn new(config: &Config, picked: &[Picked]) -> Rounds {
        let mut cards: Vec<(CardKind, Rc<TokenRound>)> = Vec::with_capacity(picked.len());
        // The score cards first: their token is asked first and names the tenant.
        let (scores, others): (Vec<&Picked>, Vec<&Picked>) = picked
            .iter()
            .partition(|(kind, _)| config.scopes_of(*kind) == &config.scopes);
        for &(kind, _) in scores.into_iter().chain(others) {
            let scopes = config.scopes_of(kind);
            let shared = cards.iter().find(|(_, r)| r.scopes() == scopes);
            let round = match shared {
                Some((_, round)) => round.clone(),
                None => TokenRound::new(config.source.clone(), scopes.clone()),
            };
            cards.push((kind, round));
        }
        Rounds(cards)
    }

    /// Each distinct round once, in the order asked.
    fn distinct(&self) -> impl Iterator<Item = &Rc<TokenRound>> {
        let all = &self.0;
        all.iter()
            .enumerate()
            .filter(|(i, (_, r))| !all.iter().take(*i).any(|(_, o)| Rc::ptr_eq(o, r)))
            .map(|(_, (_, r))| r)
    }

    /// Asks every round's source now (see [`TokenRound::begin`]).
    fn begin(&self) {
        for round in self.distinct() {
            round.begin();
        }
    }

    /// The round `kind`'s token comes from.
    fn of(&self, kind: CardKind) -> Option<&Rc<TokenRound>> {
        self.0.iter().find(|(k, _)| *k == kind).map(|(_, r)| r)
    }

    /// The tenant of the first round that gets a token: the score cards' when they have
    /// one, else the recommendations card's. Asking costs no extra call: the requests share
    /// these answers.
    async fn tenant(&self) -> Option<String> {
        for round in self.distinct() {
            if let Ok(token) = round.token().await {
                return Some(tenant_of(&token));
            }
        }
        None
    }
}

/// Refreshes one card or all; completes when every request has finished.
///
/// The cards are marked busy at once and their tokens asked for (one per scope set, see
/// [`Rounds`]); then a token names the tenant, the cache answers what it may (see [`Why`]),
/// and the rest is asked of the API, joining requests other widgets on the page already
/// have under way.
pub fn refresh(
    widget: &WidgetRef,
    only: Option<CardKind>,
    why: Why,
) -> impl std::future::Future<Output = ()> {
    let weak = Rc::downgrade(widget);
    let mut w = widget.borrow_mut();
    let snapshot = w.config.snapshot.clone();
    let picked = mark_busy(&mut w, only, why);
    let rounds = Rounds::new(&w.config, &picked);
    drop(w);
    if snapshot.is_none() {
        // Ask for the tokens now, before the cards' busy state is rendered (a task queued
        // ahead of this future). No borrow is held: the source is the page's code.
        rounds.begin();
    }
    async move {
        if picked.is_empty() {
            return;
        }
        match snapshot {
            // Snapshot mode: no token, no cache, no kept history; the folder answers every card.
            Some(folder) => refresh_from_folder(weak, folder, picked).await,
            None => refresh_from_api(weak, rounds, picked, why).await,
        }
    }
}

/// Marks the cards picked (`only` that one, else every card) busy and renders them so; returns
/// each with its refresh's generation. An unmounted widget picks none.
fn mark_busy(w: &mut Widget, only: Option<CardKind>, why: Why) -> Vec<Picked> {
    let mut picked = Vec::new();
    if !w.is_mounted() {
        return picked;
    }
    let now = now_ms();
    if only.is_none() {
        w.last_refresh_ms = now;
    }
    for slot in w.slots.iter_mut().filter(|s| s.card.is_picked(only, now)) {
        slot.retry = None;
        // Replacing the claim withdraws interest in an older request.
        slot.claim = None;
        picked.push((slot.card.kind, slot.card.begin(why)));
    }
    if !picked.is_empty() {
        w.render();
    }
    picked
}

/// Delegated mode: the tokens' tenant, the cache or the API for each picked card, the kept
/// history, then each answer shown as it comes.
async fn refresh_from_api(
    weak: Weak<RefCell<Widget>>,
    rounds: Rounds,
    picked: Vec<Picked>,
    why: Why,
) {
    let tenant = rounds.tenant().await;
    let Some(widget) = weak.upgrade() else { return };
    let (jobs, loaded, host) = {
        let mut w = widget.borrow_mut();
        if !w.is_mounted() {
            return;
        }
        w.tenant = tenant.clone();
        let (jobs, loaded) = cached_or_asked(&mut w, picked, why, tenant.as_deref(), &rounds);
        w.settled();
        (jobs, loaded, w.host.clone())
    };
    // The requests leave now, with no borrow held (the page's `fetch` is called).
    for (_, _, answer) in &jobs {
        answer.start();
    }
    // The trend: what this browser kept for the tenant, read once the requests are under
    // way; with the option off, forgotten.
    load_kept_history(&mut widget.borrow_mut(), tenant.as_deref());
    if why == Why::Load {
        // The first load got here inside mount() (see `mount::start`): the host adds its
        // event listeners once mount() returns.
        yield_now().await;
        if !widget.borrow().is_mounted() {
            return;
        }
    }
    warm_when_settled(&widget);
    for detail in &loaded {
        dispatch(&host, LOADED, detail);
    }
    finish_all(&weak, jobs, tenant).await;
}

/// Each picked card still current gets its cached reading when the cache may answer, else a
/// request to the API (joined to one under way). Returns the requests, and the `loaded`
/// details of the cards the cache answered.
fn cached_or_asked(
    w: &mut Widget,
    picked: Vec<Picked>,
    why: Why,
    tenant: Option<&str>,
    rounds: &Rounds,
) -> (Vec<Job>, Vec<JsValue>) {
    let mut jobs = Vec::new();
    let mut loaded = Vec::new();
    let base = w.config.base.clone();
    let policy = w.config.cache;
    let refresh_seconds = w.config.refresh_seconds;
    let top = w.config.recommendations_top;
    let now = now_ms();
    for (kind, generation) in picked {
        let Some(slot) = w.current_slot(kind, generation) else {
            continue;
        };
        let ttl_ms = slot.card.cache_ttl_ms(why, policy, refresh_seconds, now);
        let hit = match (ttl_ms, tenant) {
            (Some(ttl_ms), Some(tenant)) => {
                reading_cache::lookup(CachePolicy { ttl_ms, ..policy }, &base, tenant, kind, now)
            }
            _ => None,
        };
        if let Some(hit) = hit {
            if slot.card.take_cached(hit.age, hit.fresh) {
                if let Reading::Ready(fresh) = &slot.card.reading {
                    loaded.push(loaded_detail(fresh, top));
                }
                continue;
            }
        }
        let request = rounds
            .of(kind)
            .and_then(|round| shared::request(kind, &base, round));
        match request {
            Some((answer, claim)) => {
                slot.claim = Some(claim);
                jobs.push((kind, generation, answer));
            }
            None => slot.card.busy = false,
        }
    }
    (jobs, loaded)
}

/// The trend's records this browser kept for `tenant`; with the `history` option off, forgotten.
fn load_kept_history(w: &mut Widget, tenant: Option<&str>) {
    let base = &w.config.base;
    let history = match (tenant, w.config.history) {
        (Some(tenant), true) => kept::load(base, tenant, now_ms()),
        (Some(tenant), false) => {
            kept::clear(base, tenant);
            Vec::new()
        }
        (None, _) => Vec::new(),
    };
    w.history = history;
}

/// Waits for every request, showing each answer as it comes ([`finish`]).
async fn finish_all(weak: &Weak<RefCell<Widget>>, jobs: Vec<Job>, tenant: Option<String>) {
    let mut all: FuturesUnordered<_> = jobs
        .into_iter()
        .map(|(kind, generation, answer)| {
            let weak = weak.clone();
            let tenant = tenant.clone();
            async move {
                let result = answer.await;
                finish(&weak, kind, generation, result, tenant.as_deref());
            }
        })
        .collect();
    while all.next().await.is_some() {}
}

fn schedule_retry(weak: &Weak<RefCell<Widget>>, kind: CardKind, wait_ms: f64) -> Timeout {
    let weak = weak.clone();
    Timeout::new(timer_ms(wait_ms), move || {
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
    result: Result<CardData, ScoreError>,
    tenant: Option<&str>,
) {
    let Some(widget) = weak.upgrade() else { return };
    let (host, name, detail) = {
        let mut w = widget.borrow_mut();
        let base = w.config.base.clone();
        let policy = w.config.cache;
        let top = w.config.recommendations_top;
        let Some(slot) = w.current_slot(kind, generation) else {
            return;
        };
        let now = now_ms();
        let done = slot.card.finish(result, now, js_sys::Math::random());
        slot.claim = None;
        if let (true, Some(tenant)) = (done.forget_cached, tenant) {
            reading_cache::forget(policy, &base, tenant, kind);
        }
        let (name, detail, fresh) = match &slot.card.reading {
            Reading::Ready(fresh) if done.ok => (LOADED, loaded_detail(fresh, top), Some(fresh)),
            reading => match reading.error() {
                Some(e) => (ERROR, error_detail(kind, e), None),
                None => return,
            },
        };
        let mut record = None;
        if let (Some(fresh), Some(tenant)) = (fresh, tenant) {
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
        if let Some(wait_ms) = done.retry_in_ms {
            if let Some(slot) = w.current_slot(kind, generation) {
                slot.retry = Some(schedule_retry(weak, kind, wait_ms));
            }
        }
        (w.host.clone(), name, detail)
    };
    warm_when_settled(&widget);
    dispatch(&host, name, &detail);
}

/// Starts the auto refresh timer: each tick refreshes every card when the period has passed
/// ([`refresh_due`]), else re-renders them (their relative times move on).
pub(super) fn start_timer(widget: &WidgetRef) {
    let weak = Rc::downgrade(widget);
    let mut w = widget.borrow_mut();
    let period = timer_period_ms(w.config.refresh_seconds);
    w.timer = Some(Interval::new(period, move || {
        let Some(widget) = weak.upgrade() else { return };
        let due = {
            let mut w = widget.borrow_mut();
            let due = refresh_due(w.config.refresh_seconds, w.last_refresh_ms, now_ms());
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
pub(super) fn restart_timer(widget: &WidgetRef) {
    widget.borrow_mut().timer = None;
    start_timer(widget);
}
