//! Requests shared by every widget on the page: at most one in flight per API base, endpoint,
//! token source and scopes. Widgets that ask while one is under way wait for the same answer,
//! so five widgets cost what one does. The last widget to lose interest aborts the request.

use super::client::fetch_card;
use super::share::{FutureExt, LocalBoxFuture, Shared};
use super::token::{TokenRound, TokenSource};
use crate::model::{ApiBase, CardData, CardKind, ScoreError};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::AbortController;

/// What a shared request resolves to.
pub type Outcome = Result<CardData, ScoreError>;
/// A shared request; clone it to wait for the same answer.
pub type SharedOutcome = Shared<LocalBoxFuture<'static, Outcome>>;

struct InFlight {
    id: u64,
    kind: CardKind,
    base: ApiBase,
    source: TokenSource,
    scopes: Rc<Vec<String>>,
    future: SharedOutcome,
    state: Rc<RequestState>,
}

struct RequestState {
    controller: AbortController,
    waiters: Cell<usize>,
    done: Cell<bool>,
}

thread_local! {
    static IN_FLIGHT: RefCell<Vec<InFlight>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// A widget's interest in a shared request. Dropping it withdraws the interest; when the last
/// one goes before the answer came, the request is aborted.
pub struct Claim {
    id: u64,
    state: Rc<RequestState>,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let left = self.state.waiters.get().saturating_sub(1);
        self.state.waiters.set(left);
        if left == 0 && !self.state.done.get() {
            self.state.controller.abort();
            forget(self.id);
        }
    }
}

fn forget(id: u64) {
    IN_FLIGHT.with(|v| v.borrow_mut().retain(|e| e.id != id));
}

/// How many requests are under way on the page (for tests and leak checks).
pub fn in_flight() -> usize {
    IN_FLIGHT.with(|v| v.borrow().len())
}

/// Joins the request for `kind` already under way with the same base, source and scopes,
/// or starts one with `round`'s token.
pub fn request(
    kind: CardKind,
    base: &ApiBase,
    round: &Rc<TokenRound>,
) -> Option<(SharedOutcome, Claim)> {
    let joined = IN_FLIGHT.with(|v| {
        v.borrow()
            .iter()
            .find(|e| {
                e.kind == kind
                    && e.base == *base
                    && e.source == *round.source()
                    && e.scopes == *round.scopes()
            })
            .map(|e| (e.future.clone(), e.id, e.state.clone()))
    });
    if let Some((future, id, state)) = joined {
        state.waiters.set(state.waiters.get() + 1);
        return Some((future, Claim { id, state }));
    }
    let controller = AbortController::new().ok()?;
    let id = NEXT_ID.with(|n| {
        let id = n.get() + 1;
        n.set(id);
        id
    });
    let state = Rc::new(RequestState {
        controller,
        waiters: Cell::new(1),
        done: Cell::new(false),
    });
    let future = {
        let base = base.clone();
        let round = round.clone();
        let state = state.clone();
        async move {
            let signal = state.controller.signal();
            let outcome = fetch_card(kind, &base, &round, &signal).await;
            state.done.set(true);
            forget(id);
            outcome
        }
        .boxed_local()
        .shared()
    };
    IN_FLIGHT.with(|v| {
        v.borrow_mut().push(InFlight {
            id,
            kind,
            base: base.clone(),
            source: round.source().clone(),
            scopes: round.scopes().clone(),
            future: future.clone(),
            state: state.clone(),
        })
    });
    Some((future, Claim { id, state }))
}
