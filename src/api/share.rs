//! One future, awaited by several: the shared token of a round and the shared request of a
//! card. A drop-in for the parts of `futures::future::{FutureExt, LocalBoxFuture, Shared}`
//! the widget uses, without their thread-safe waker machinery (about 3 KB of wasm).
//!
//! [`Shared::start`] or the first poll runs the future at once up to its first wait, then
//! leaves the rest to the page's task queue; every clone waits for its output, which each
//! receives as a clone. It runs to its end even when every clone is gone (a request is
//! aborted through its `AbortController`, not by dropping it).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen_futures::spawn_local;

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
        self.start();
        // It may have finished at once (a token handed back synchronously).
        if let Some(output) = state.output.borrow().as_ref() {
            return Poll::Ready(output.clone());
        }
        Poll::Pending
    }
}

impl<F> Shared<F>
where
    F: Future + 'static,
    F::Output: Clone,
{
    /// Starts the future if nobody has: it runs now up to its first wait (a token handed back
    /// synchronously, the `fetch` call itself), not behind the tasks already queued on the
    /// page (Yew's first render); the rest runs on the page's task queue. The caller must hold
    /// no borrow the future's code might need: it runs inside this call.
    pub fn start(&self) {
        let Some(future) = self.state.future.take() else {
            return;
        };
        let state = self.state.clone();
        spawn_now(async move {
            let output = future.await;
            *state.output.borrow_mut() = Some(output);
            let waiting = state.waiting.take();
            for waker in waiting {
                waker.wake();
            }
        });
    }
}

/// Runs `future` now up to its first wait, then leaves the rest to the page's task queue
/// (`spawn_local` alone would start it behind every task already queued). The caller must
/// hold no borrow the future's code might need: it runs inside this call.
pub fn spawn_now(future: impl Future<Output = ()> + 'static) {
    let mut task = Box::pin(future);
    // Polled once with a waker that does nothing: the spawned task is polled again within
    // this turn and leaves its own waker wherever the future then waits.
    if task
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending()
    {
        spawn_local(task);
    }
}

/// Lets the page's task queue run once: what follows runs in a later task of the same turn.
pub async fn yield_now() {
    struct Yield(bool);
    impl Future for Yield {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
    Yield(false).await
}
