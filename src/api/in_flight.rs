//! The rule for sharing requests, apart from the browser: a request asked for while an equal
//! one is under way is joined, not repeated; each waiter holds a [`Claim`]; when the last
//! claim goes before the answer came, the request is aborted and forgotten; a request that
//! answered is forgotten, and claims dropped after that abort nothing.
//!
//! [`super::shared`] keys requests by [`RequestKey`] and aborts them through their
//! `AbortController`; here the abort is any closure, so the rule is tested natively.

use crate::model::{ApiBase, CardKind};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// What makes two requests the same: the card's endpoint, the API base, the token source
/// (`S`, compared as the host gave it) and the scopes asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestKey<S> {
    /// The endpoint.
    pub kind: CardKind,
    /// The API base.
    pub base: ApiBase,
    /// Where the token comes from.
    pub source: S,
    /// The scopes the token is asked for.
    pub scopes: Rc<Vec<String>>,
}

/// Requests under way, each with the value its waiters share (`V`, such as the shared future
/// of its answer), found again by key `K`.
pub struct InFlight<K, V> {
    entries: Rc<RefCell<Vec<Entry<K, V>>>>,
    next_id: Cell<u64>,
}

struct Entry<K, V> {
    id: u64,
    key: K,
    value: V,
    request: Rc<Request>,
}

/// What the table keeps of one request besides its key and value.
struct Request {
    /// Claims not yet dropped.
    waiters: Cell<usize>,
    /// Whether the answer came.
    answered: Cell<bool>,
    /// Cancels the request.
    abort: Box<dyn Fn()>,
    /// Takes the request out of the table.
    forget: Box<dyn Fn()>,
}

/// A waiter's interest in a request. Dropping it withdraws the interest; when the last one
/// goes before the answer came, the request is aborted and forgotten.
pub struct Claim {
    request: Rc<Request>,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let left = self.request.waiters.get().saturating_sub(1);
        self.request.waiters.set(left);
        if left == 0 && !self.request.answered.get() {
            (self.request.forget)();
            (self.request.abort)();
        }
    }
}

/// Handed to a request when it is added: it reports the answer through [`Answered::answered`].
pub struct Answered {
    request: Rc<Request>,
}

impl Answered {
    /// The answer came: the request leaves the table, and dropping claims aborts nothing.
    pub fn answered(&self) {
        self.request.answered.set(true);
        (self.request.forget)();
    }
}

impl<K: PartialEq + 'static, V: Clone + 'static> InFlight<K, V> {
    /// An empty table.
    pub fn new() -> InFlight<K, V> {
        InFlight {
            entries: Rc::new(RefCell::new(Vec::new())),
            next_id: Cell::new(0),
        }
    }

    /// How many requests are under way.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Whether no request is under way.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Joins the request under way for `key`, if there is one: its value, and a claim on it.
    pub fn join(&self, key: &K) -> Option<(V, Claim)> {
        let entries = self.entries.borrow();
        let entry = entries.iter().find(|e| e.key == *key)?;
        let request = entry.request.clone();
        request.waiters.set(request.waiters.get() + 1);
        Some((entry.value.clone(), Claim { request }))
    }

    /// Adds a request for `key`, cancelled by `abort`; `make` builds its value (no borrow of
    /// the table is held meanwhile) and gets the handle through which the request reports its
    /// answer. Gives the value and the first waiter's claim.
    pub fn add(
        &self,
        key: K,
        abort: impl Fn() + 'static,
        make: impl FnOnce(Answered) -> V,
    ) -> (V, Claim) {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        let entries: Weak<RefCell<Vec<Entry<K, V>>>> = Rc::downgrade(&self.entries);
        let forget = move || {
            if let Some(entries) = entries.upgrade() {
                // Dropped after the borrow ends: a value's drop may not touch the table then.
                let gone = {
                    let mut entries = entries.borrow_mut();
                    let at = entries.iter().position(|e| e.id == id);
                    at.map(|at| entries.remove(at))
                };
                drop(gone);
            }
        };
        let request = Rc::new(Request {
            waiters: Cell::new(1),
            answered: Cell::new(false),
            abort: Box::new(abort),
            forget: Box::new(forget),
        });
        let value = make(Answered {
            request: request.clone(),
        });
        self.entries.borrow_mut().push(Entry {
            id,
            key,
            value: value.clone(),
            request: request.clone(),
        });
        (value, Claim { request })
    }
}

impl<K: PartialEq + 'static, V: Clone + 'static> Default for InFlight<K, V> {
    fn default() -> Self {
        InFlight::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Key = RequestKey<&'static str>;

    fn key(kind: CardKind, base: &str, source: &'static str, scopes: &[&str]) -> Key {
        RequestKey {
            kind,
            base: ApiBase::parse(base, None).expect("a valid base"),
            source,
            scopes: Rc::new(scopes.iter().map(|s| s.to_string()).collect()),
        }
    }

    fn exposure() -> Key {
        key(
            CardKind::Exposure,
            "https://api.security.microsoft.com",
            "a",
            &["Score.Read"],
        )
    }

    /// A table of requests whose value is a number, and how often a request was aborted.
    fn table() -> (InFlight<Key, u32>, Rc<Cell<u32>>) {
        (InFlight::new(), Rc::new(Cell::new(0)))
    }

    fn counting(aborts: &Rc<Cell<u32>>) -> impl Fn() + 'static {
        let aborts = aborts.clone();
        move || aborts.set(aborts.get() + 1)
    }

    #[test]
    fn a_request_with_the_same_key_joins_the_one_under_way() {
        let (table, aborts) = table();
        assert!(table.join(&exposure()).is_none());
        let (value, _first) = table.add(exposure(), counting(&aborts), |_| 7);
        let (joined, _second) = table.join(&exposure()).expect("joined");
        assert_eq!((value, joined), (7, 7));
        assert_eq!(table.len(), 1);
    }

    #[test]
    fn another_card_base_token_source_or_scopes_does_not_join() {
        let (table, aborts) = table();
        let _claim = table.add(exposure(), counting(&aborts), |_| 1).1;
        let others = [
            key(
                CardKind::Device,
                "https://api.security.microsoft.com",
                "a",
                &["Score.Read"],
            ),
            key(
                CardKind::Exposure,
                "https://api-eu.security.microsoft.com",
                "a",
                &["Score.Read"],
            ),
            key(
                CardKind::Exposure,
                "https://api.security.microsoft.com",
                "b",
                &["Score.Read"],
            ),
            key(
                CardKind::Exposure,
                "https://api.security.microsoft.com",
                "a",
                &["Score.Read", "Machine.Read"],
            ),
        ];
        for other in &others {
            assert!(table.join(other).is_none(), "{other:?} joined");
        }
    }

    #[test]
    fn the_last_claim_dropped_before_the_answer_aborts_and_forgets_the_request() {
        let (table, aborts) = table();
        let (_, first) = table.add(exposure(), counting(&aborts), |_| 1);
        let (_, second) = table.join(&exposure()).expect("joined");
        drop(first);
        assert_eq!(aborts.get(), 0, "a waiter is left");
        assert_eq!(table.len(), 1);
        drop(second);
        assert_eq!(aborts.get(), 1);
        assert!(table.is_empty());
        assert!(table.join(&exposure()).is_none(), "the next asks afresh");
    }

    #[test]
    fn claims_dropped_after_the_answer_abort_nothing() {
        let (table, aborts) = table();
        let mut answered = None;
        let (_, claim) = table.add(exposure(), counting(&aborts), |a| {
            answered = Some(a);
            1
        });
        answered.expect("handed to the request").answered();
        drop(claim);
        assert_eq!(aborts.get(), 0);
    }

    #[test]
    fn an_answered_request_is_forgotten_and_the_next_asks_afresh() {
        let (table, aborts) = table();
        let mut answered = None;
        let (_, _claim) = table.add(exposure(), counting(&aborts), |a| {
            answered = Some(a);
            1
        });
        answered.expect("handed to the request").answered();
        assert!(table.is_empty());
        assert!(table.join(&exposure()).is_none());
        let (value, _) = table.add(exposure(), counting(&aborts), |_| 2);
        assert_eq!(value, 2);
    }

    #[test]
    fn an_aborted_request_leaves_others_under_way() {
        let (table, aborts) = table();
        let device = key(
            CardKind::Device,
            "https://api.security.microsoft.com",
            "a",
            &["Score.Read"],
        );
        let (_, exposure_claim) = table.add(exposure(), counting(&aborts), |_| 1);
        let (_, _device_claim) = table.add(device.clone(), counting(&aborts), |_| 2);
        drop(exposure_claim);
        assert_eq!(aborts.get(), 1);
        assert_eq!(table.join(&device).map(|(v, _)| v), Some(2));
        assert!(table.join(&exposure()).is_none());
    }
}
