//! One future, awaited by several: the shared token of a round and the shared request of a
//! card. A drop-in for the parts of `futures::future::{FutureExt, LocalBoxFuture, Shared}`
//! the widget uses, without their thread-safe waker machinery (about 3 KB of wasm).
//!
//! The first poll spawns the future on the page's task queue; every clone waits for its
//! output, which each receives as a clone. It runs to its end even when every clone is gone
//! (a request is aborted through its `AbortController`, not by dropping it).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A boxed future that need not be `Send`.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// `boxed_local()` and `shared()` on any future.
pub trait FutureExt: Future + Sized {
    /// Boxes the future.
    fn boxed_local<'a>(self) -> LocalBoxFuture<'a, Self::Output>
    where
        Self: 'a,
    {
        Box::pin(self)
    }

    /// A future whose clones all get its output.
    fn shared(self) -> Shared<Self>
    where
        Self: 'static,
        Self::Output: Clone,
    {
        Shared {
            state: Rc::new(State {
                future: Cell::new(Some(self)),
                output: RefCell::new(None),
                waiting: RefCell::new(Vec::new()),
            }),
        }
    }
}

impl<F: Future> FutureExt for F {}

struct State<F: Future> {
    /// The future until it is spawned.
    future: Cell<Option<F>>,
    /// Its output, once it has one.
    output: RefCell<Option<F::Output>>,
    /// Who to wake when the output arrives.
    waiting: RefCell<Vec<Waker>>,
}

/// A future shared by its clones; see [`FutureExt::shared`].
pub struct Shared<F: Future> {
    state: Rc<State<F>>,
}

impl<F: Future> Clone for Shared<F> {
    fn clone(&self) -> Self {
        Shared {
            state: self.state.clone(),
        }
    }
}

impl<F> Future for Shared<F>
where
    F: Future + 'static,
    F::Output: Clone,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let state = &self.state;
        if let Some(output) = state.output.borrow().as_ref() {
            return Poll::Ready(output.clone());
        }
        {
            let mut waiting = state.waiting.borrow_mut();
            if !waiting.iter().any(|w| w.will_wake(cx.waker())) {
                waiting.push(cx.waker().clone());
            }
        }
        if let Some(future) = state.future.take() {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let output = future.await;
                *state.output.borrow_mut() = Some(output);
                let waiting = state.waiting.take();
                for waker in waiting {
                    waker.wake();
                }
            });
        }
        Poll::Pending
    }
}
