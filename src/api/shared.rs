//! Requests shared by every widget on the page: at most one in flight per API base, endpoint,
//! token source and scopes. Widgets that ask while one is under way wait for the same answer,
//! so five widgets cost what one does. The last widget to lose interest aborts the request
//! (the rule itself, tested natively, is [`super::in_flight`]).

use super::client::fetch_card;
use super::in_flight::{InFlight, RequestKey};
use super::task::SharedTask;
use super::token::{TokenRound, TokenSource};
use crate::model::{ApiBase, CardData, CardKind, ScoreError};
use std::rc::Rc;
use web_sys::AbortController;

pub use super::in_flight::Claim;

/// What a shared request resolves to.
pub type Outcome = Result<CardData, ScoreError>;
/// A shared request; clone it to wait for the same answer, [`SharedTask::start`] it to send it.
pub type SharedOutcome = SharedTask<Outcome>;

thread_local! {
    static IN_FLIGHT: InFlight<RequestKey<TokenSource>, SharedOutcome> = InFlight::new();
}

/// How many requests are under way on the page (for tests and leak checks).
pub fn in_flight() -> usize {
    IN_FLIGHT.with(|t| t.len())
}

/// Joins the request for `kind` already under way with the same base, source and scopes,
/// or prepares one with `round`'s token (it leaves when started or awaited).
pub fn request(
    kind: CardKind,
    base: &ApiBase,
    round: &Rc<TokenRound>,
) -> Option<(SharedOutcome, Claim)> {
    let key = RequestKey {
        kind,
        base: base.clone(),
        source: round.source().clone(),
        scopes: round.scopes().clone(),
    };
    if let Some(joined) = IN_FLIGHT.with(|t| t.join(&key)) {
        return Some(joined);
    }
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let base = base.clone();
    let round = round.clone();
    Some(IN_FLIGHT.with(|t| {
        t.add(
            key,
            move || controller.abort(),
            |answered| {
                SharedTask::new(async move {
                    let outcome = fetch_card(kind, &base, &round, &signal).await;
                    answered.answered();
                    outcome
                })
            },
        )
    }))
}
