//! One card's refresh, as rules: which cards a refresh picks, when a cached reading answers
//! instead of the API, what a finished request leaves on the card, when the periodic refresh
//! is due, and which cards new options keep.

pub mod retry;

use crate::model::refresh::retry::{after_failure, AfterFailure};
use crate::model::storage::cache::{Age, CachePolicy};
use crate::model::{CardData, CardKind, Fresh, Reading, ScoreError};

/// How often the timer wakes at most, to update relative times and check whether a refresh is due.
pub const TICK_MS: f64 = 30_000.0;
/// The periodic refresh counts as due this much early, so a timer that fires a moment before
/// the period is up does not wait a whole tick more.
const DUE_SLACK_MS: f64 = 50.0;

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

/// What one card of a widget holds between refreshes (the browser shell adds its request in
/// flight and its retry timer).
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    /// The card.
    pub kind: CardKind,
    /// What it shows.
    pub reading: Reading,
    /// Whether a request for it is under way.
    pub busy: bool,
    /// Counts the card's refreshes: only the latest one's answer is taken.
    pub generation: u64,
    /// After a 429: no request before this instant (ms since the epoch).
    pub not_before_ms: f64,
    /// Automatic retries made since the last success or manual refresh.
    pub attempts: u32,
}

/// What follows a finished request, for the browser shell to carry out.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// Whether the request succeeded (the card holds a fresh reading).
    pub ok: bool,
    /// The automatic retry's delay, counted from when the result is shown.
    pub retry_in_ms: Option<f64>,
    /// Whether the card's cached reading must be forgotten.
    pub forget_cached: bool,
}

impl CardState {
    /// A card with nothing loaded yet.
    pub fn new(kind: CardKind) -> CardState {
        CardState {
            kind,
            reading: Reading::Loading,
            busy: false,
            generation: 0,
            not_before_ms: 0.0,
            attempts: 0,
        }
    }

    /// Whether a refresh of `only` (or of every card) at `now_ms` includes this card: not
    /// while a 429's `Retry-After` still runs.
    pub fn is_picked(&self, only: Option<CardKind>, now_ms: f64) -> bool {
        only.is_none_or(|k| k == self.kind) && self.not_before_ms <= now_ms
    }

    /// Starts a refresh: a new generation (an older request's answer is ignored), busy; the
    /// automatic retries count on only for a retry. Returns the new generation.
    pub fn begin(&mut self, why: Why) -> u64 {
        if why != Why::Retry {
            self.attempts = 0;
        }
        self.generation += 1;
        self.busy = true;
        self.generation
    }

    /// Whether `generation` is this card's latest refresh.
    pub fn is_current(&self, kind: CardKind, generation: u64) -> bool {
        self.kind == kind && self.generation == generation
    }

    /// Whether the card has nothing and asks nothing: new options added it.
    pub fn needs_load(&self) -> bool {
        matches!(self.reading, Reading::Loading) && !self.busy
    }

    /// How old a cached reading may be to answer this refresh, or `None`: the cache is not
    /// asked, the API is.
    pub fn cache_ttl_ms(
        &self,
        why: Why,
        policy: CachePolicy,
        refresh_seconds: f64,
        now_ms: f64,
    ) -> Option<f64> {
        match (why, &self.reading) {
            (Why::Load, _) => Some(policy.ttl_ms),
            (Why::Auto, _) => Some(policy.ttl_ms.min(refresh_seconds * 1000.0 / 2.0)),
            // A reading another widget on the page fetched since this card failed answers its
            // retry: five failing widgets do not retry five times.
            (Why::Retry, Reading::Failed { at_ms, .. }) => Some((now_ms - at_ms).max(0.0)),
            _ => None,
        }
    }

    /// Takes a cached reading found for this refresh. A fresh one answers it: the card shows
    /// it and is done (`true`). An expired one is shown as stale while the API is asked, if
    /// the card has nothing yet (`false`: ask).
    pub fn take_cached(&mut self, age: Age, fresh: Fresh) -> bool {
        match age {
            Age::Fresh => {
                self.reading = Reading::Ready(fresh);
                self.busy = false;
                true
            }
            Age::Expired | Age::Unusable => {
                if age == Age::Expired && matches!(self.reading, Reading::Loading) {
                    self.reading = Reading::Cached(fresh);
                }
                false
            }
        }
    }

    /// Takes the result of the card's latest request at `now_ms`: the reading that follows
    /// ([`Reading::after`]), and on failure the automatic retry ([`after_failure`]).
    /// `random` is in `[0, 1)`, for the backoff's jitter.
    pub fn finish(
        &mut self,
        mut result: Result<CardData, ScoreError>,
        now_ms: f64,
        random: f64,
    ) -> Finished {
        let next = match &mut result {
            Ok(_) => {
                self.attempts = 0;
                AfterFailure {
                    not_before_ms: None,
                    retry_in_ms: None,
                    forget_cached: false,
                }
            }
            Err(e) => after_failure(e, &mut self.attempts, now_ms, random),
        };
        if let Some(not_before_ms) = next.not_before_ms {
            self.not_before_ms = not_before_ms;
        }
        let ok = result.is_ok();
        self.reading = self.reading.after(result, now_ms);
        self.busy = false;
        Finished {
            ok,
            retry_in_ms: next.retry_in_ms,
            forget_cached: next.forget_cached,
        }
    }
}

/// The period of the widget's timer: the refresh period, at most [`TICK_MS`] (relative times
/// stay current), at least a second.
pub fn timer_period_ms(refresh_seconds: f64) -> u32 {
    let period = if refresh_seconds > 0.0 {
        (refresh_seconds * 1000.0).min(TICK_MS)
    } else {
        TICK_MS
    };
    period.max(1000.0) as u32
}

/// Whether the periodic refresh is due at `now_ms`, the last refresh of every card having been
/// at `last_ms`. Never with `refreshSeconds: 0`.
pub fn refresh_due(refresh_seconds: f64, last_ms: f64, now_ms: f64) -> bool {
    let every = refresh_seconds * 1000.0;
    every > 0.0 && now_ms - last_ms >= every - DUE_SLACK_MS
}

/// For each card of new options, the index of the current card it keeps (its reading, and its
/// request if one is under way), or `None`: it starts afresh. Nothing is kept when the data
/// source changed.
pub fn kept_cards(current: &[CardKind], new: &[CardKind], same_source: bool) -> Vec<Option<usize>> {
    new.iter()
        .map(|kind| {
            same_source
                .then(|| current.iter().position(|k| k == kind))
                .flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests;
