//! When the widget's work runs: at once up to its first wait (so requests leave before Yew's
//! first render), then on the page's task queue; and work several widgets wait for, run once
//! with its output shared through `futures`' oneshot channel and `Shared`, and a cell.

use crate::model::ScoreError;
use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::{Cell, OnceCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen_futures::spawn_local;

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

/// Work that runs once, however many wait for it, and to its end even when nobody waits any
/// more (a request is aborted through its `AbortController`, not by dropping it). It starts
/// at [`SharedTask::start`] or when first awaited; every clone resolves to its output.
///
/// What the clones share through `futures` is only the news that the work is done (a
/// `Shared` oneshot of `()`); the output waits in a cell beside it. So `Shared` and the
/// channel are compiled once, not once per output type (a request's and a token's).
pub struct SharedTask<T> {
    /// The work, until it is started.
    work: Rc<Cell<Option<LocalBoxFuture<'static, ()>>>>,
    /// Resolves when the work has finished (or was dropped unfinished).
    done: Shared<oneshot::Receiver<()>>,
    /// The work's output, once it has finished.
    output: Rc<OnceCell<T>>,
}

impl<T> Clone for SharedTask<T> {
    fn clone(&self) -> Self {
        SharedTask {
            work: self.work.clone(),
            done: self.done.clone(),
            output: self.output.clone(),
        }
    }
}

impl<T: Clone + 'static> SharedTask<T> {
    /// Work to share; nothing runs until it is started or awaited.
    pub fn new(work: impl Future<Output = T> + 'static) -> SharedTask<T> {
        let (sender, receiver) = oneshot::channel();
        let output = Rc::new(OnceCell::new());
        let cell = output.clone();
        let work = async move {
            // The cell is empty: the work runs once. Nobody left to tell is fine: the work
            // still ran to its end.
            let _ = cell.set(work.await);
            let _ = sender.send(());
        };
        SharedTask {
            work: Rc::new(Cell::new(Some(work.boxed_local()))),
            done: receiver.shared(),
            output,
        }
    }

    /// Starts the work if nobody has: it runs now up to its first wait (a token handed back
    /// synchronously, the `fetch` call itself), not behind the tasks already queued on the
    /// page (Yew's first render). The caller must hold no borrow the work might need.
    pub fn start(&self) {
        if let Some(work) = self.work.take() {
            spawn_now(work);
        }
    }
}

/// Waiting for shared work that may fail: its result, or an error if the work was dropped
/// unfinished (it is not: spawned work runs to its end; the channel still says so).
impl<T: Clone + 'static> Future for SharedTask<Result<T, ScoreError>> {
    type Output = Result<T, ScoreError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.start();
        match self.done.poll_unpin(cx) {
            Poll::Ready(done) => Poll::Ready(match (done, self.output.get()) {
                (Ok(()), Some(output)) => output.clone(),
                _ => Err(ScoreError::network("the request was dropped")),
            }),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    #[test]
    fn shared_work_runs_once_and_every_clone_gets_its_output() {
        let runs = Rc::new(Cell::new(0));
        let counted = runs.clone();
        let task = SharedTask::new(async move {
            counted.set(counted.get() + 1);
            Ok::<_, ScoreError>(41)
        });
        let other = task.clone();
        assert_eq!(
            runs.get(),
            0,
            "nothing runs before it is awaited or started"
        );
        assert_eq!(block_on(task), Ok(41));
        assert_eq!(block_on(other), Ok(41));
        assert_eq!(runs.get(), 1);
    }

    #[test]
    fn shared_work_left_by_every_waiter_before_it_started_never_runs() {
        let runs = Rc::new(Cell::new(0));
        let counted = runs.clone();
        let task = SharedTask::new(async move {
            counted.set(counted.get() + 1);
            Ok::<_, ScoreError>(())
        });
        drop(task.clone());
        drop(task);
        assert_eq!(runs.get(), 0);
    }
}
