//! The reading cache in the browser: `sessionStorage` or `localStorage` as the policy says,
//! with a page-wide map in memory in front of it. Records are plain JSON of scores and times;
//! they are checked by [`crate::model::storage::cache::from_stored`] when read back, like any response.
//!
//! With storage, storage is the truth: the memory map only saves parsing a record again, and
//! is used only while storage still holds the very same text (so clearing storage clears the
//! cache). Storage that throws (quota, sandboxed frames, blocked cookies) counts as memory only.

use crate::api::decode::{from_text, to_text};
use crate::model::storage::cache::{
    self, age, from_stored, to_stored, Age, CacheMode, CachePolicy, Stored, MAX_STORED_GROUPS,
};
use crate::model::{ApiBase, CardKind, Fresh};
use serde::Deserialize;
use std::cell::RefCell;
use web_sys::Storage;

thread_local! {
    /// Key to (the stored text, when storage holds it; the reading).
    static MEMORY: RefCell<Memo> = const { RefCell::new(Memo(Vec::new())) };
}

type Entry = (Option<String>, Fresh);

/// The few readings a page holds (cards x API bases x tenants), searched in order: smaller
/// in wasm than a hash map. The oldest goes first past [`MEMO_LIMIT`].
struct Memo(Vec<(String, Entry)>);

const MEMO_LIMIT: usize = 64;

impl Memo {
    fn get(&self, key: &str) -> Option<&Entry> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, e)| e)
    }
    fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }
    fn insert(&mut self, key: String, entry: Entry) {
        self.remove(&key);
        if self.0.len() >= MEMO_LIMIT {
            self.0.remove(0);
        }
        self.0.push((key, entry));
    }
    fn clear(&mut self) {
        self.0.clear();
    }
}

/// A cached reading and whether it is still fresh.
pub struct Hit {
    /// The reading.
    pub fresh: Fresh,
    /// `Fresh` (show, ask nothing) or `Expired` (show as stale, revalidate).
    pub age: Age,
}

fn storage(mode: CacheMode) -> Option<Storage> {
    let window = web_sys::window()?;
    let storage = match mode {
        CacheMode::Session => window.session_storage(),
        CacheMode::Local => window.local_storage(),
        CacheMode::Memory | CacheMode::Off => return None,
    };
    storage.ok().flatten()
}

/// The tenant a token belongs to: its `tid` claim when it is a JWT, else `-`.
/// The payload is only read, never verified: this names a cache key, nothing more.
pub fn tenant_of(token: &str) -> String {
    let tid = token
        .split('.')
        .nth(1)
        .filter(|p| !p.is_empty() && p.len() <= 8192)
        .and_then(|payload| {
            let mut b64: String = payload
                .chars()
                .map(|c| match c {
                    '-' => '+',
                    '_' => '/',
                    c => c,
                })
                .collect();
            while b64.len() % 4 != 0 {
                b64.push('=');
            }
            let json = web_sys::window()?.atob(&b64).ok()?;
            from_text::<Claims>(&json)?.tid
        });
    cache::tenant_label(tid.as_deref())
}

/// The one claim of a token's payload the cache reads.
#[derive(Deserialize)]
struct Claims {
    tid: Option<String>,
}

/// Largest stored text read back; anything longer is not ours.
const MAX_STORED_TEXT: usize = 4 * 1024 * 1024;

/// A stored entry's text read back; `None` when it is too long, not JSON or not a record.
fn decode(text: &str) -> Option<Stored> {
    if text.len() > MAX_STORED_TEXT {
        return None;
    }
    from_text(text)
}

/// The cached reading of `kind` for this base and tenant, if one is usable at `now_ms`.
/// Unusable or damaged entries are removed.
pub fn lookup(
    policy: CachePolicy,
    base: &ApiBase,
    tenant: &str,
    kind: CardKind,
    now_ms: f64,
) -> Option<Hit> {
    if policy.mode == CacheMode::Off {
        return None;
    }
    let key = cache::key(base, tenant, kind);
    let storage = storage(policy.mode);
    let remembered = MEMORY.with(|m| m.borrow().get(&key).cloned());
    let fresh = match &storage {
        None => remembered.map(|(_, fresh)| fresh),
        Some(s) => {
            let Some(text) = s.get_item(&key).ok().flatten() else {
                MEMORY.with(|m| m.borrow_mut().remove(&key));
                return None;
            };
            match remembered {
                Some((Some(known), fresh)) if known == text => Some(fresh),
                _ => {
                    let restored = decode(&text).and_then(|stored| from_stored(stored, kind));
                    match &restored {
                        Some(fresh) => MEMORY.with(|m| {
                            m.borrow_mut()
                                .insert(key.clone(), (Some(text), fresh.clone()))
                        }),
                        None => {
                            let _ = s.remove_item(&key);
                        }
                    };
                    restored
                }
            }
        }
    }?;
    match age(fresh.received_ms, now_ms, policy.ttl_ms) {
        Age::Unusable => {
            forget_key(&key, storage.as_ref());
            None
        }
        age => Some(Hit { fresh, age }),
    }
}

/// Keeps a reading that just arrived.
pub fn save(policy: CachePolicy, base: &ApiBase, tenant: &str, fresh: &Fresh) {
    if policy.mode == CacheMode::Off {
        return;
    }
    let key = cache::key(base, tenant, fresh.data.kind());
    let storage = storage(policy.mode);
    let unchanged = MEMORY.with(|m| {
        m.borrow()
            .get(&key)
            .is_some_and(|(_, f)| f.received_ms == fresh.received_ms && f.data == fresh.data)
    });
    let mut text = None;
    if let Some(storage) = &storage {
        let stored = to_stored(fresh);
        if stored.items.len() > MAX_STORED_GROUPS {
            let _ = storage.remove_item(&key);
        } else if let Some(encoded) = to_text(&stored) {
            // Widgets sharing one answer each save it; storage is written once.
            let current = storage.get_item(&key).ok().flatten();
            if unchanged && current.as_deref() == Some(encoded.as_str()) {
                return;
            }
            // A full or refusing storage just means no cache across reloads.
            if storage.set_item(&key, &encoded).is_ok() {
                text = Some(encoded);
            }
        }
    }
    MEMORY.with(|m| m.borrow_mut().insert(key, (text, fresh.clone())));
}

fn forget_key(key: &str, storage: Option<&Storage>) {
    MEMORY.with(|m| m.borrow_mut().remove(key));
    if let Some(s) = storage {
        let _ = s.remove_item(key);
    }
}

/// Drops a reading the user may no longer see (after a 401, 403 or 404 for it).
pub fn forget(policy: CachePolicy, base: &ApiBase, tenant: &str, kind: CardKind) {
    let key = cache::key(base, tenant, kind);
    forget_key(&key, storage(policy.mode).as_ref());
}

/// Empties the in-memory cache (tests; storage is left to the page).
pub fn clear_memory() {
    MEMORY.with(|m| m.borrow_mut().clear());
}
