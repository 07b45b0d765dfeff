//! Waiting for several requests at once, without `futures::future::join_all` (whose
//! `FuturesUnordered`/`FuturesOrdered` machinery costs about 1.5 KB of wasm).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Runs `futures` together; completes when every one has. Their outputs are dropped.
pub fn join_all<F: Future<Output = ()>>(futures: impl IntoIterator<Item = F>) -> JoinAll<F> {
    JoinAll {
        pending: futures.into_iter().map(|f| Some(Box::pin(f))).collect(),
    }
}

/// The future [`join_all`] returns: it polls every unfinished future on each wake (the
/// widget joins at most one request per card).
pub struct JoinAll<F> {
    pending: Vec<Option<Pin<Box<F>>>>,
}

impl<F: Future<Output = ()>> Future for JoinAll<F> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut done = true;
        for slot in &mut self.get_mut().pending {
            if let Some(future) = slot {
                if future.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    done = false;
                }
            }
        }
        if done {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn completes_when_every_future_has_in_any_order() {
        let mut pool = LocalPool::new();
        let (senders, receivers): (Vec<_>, Vec<_>) = (0..3).map(|_| oneshot::channel()).unzip();
        let finished = Rc::new(RefCell::new(Vec::new()));
        let all = join_all(receivers.into_iter().enumerate().map(|(i, r)| {
            let finished = finished.clone();
            async move {
                let _ = r.await;
                finished.borrow_mut().push(i);
            }
        }));
        let done = Rc::new(RefCell::new(false));
        let flag = done.clone();
        pool.spawner()
            .spawn_local(async move {
                all.await;
                *flag.borrow_mut() = true;
            })
            .expect("spawned");
        let mut senders: Vec<_> = senders.into_iter().map(Some).collect();
        for i in [2, 0, 1] {
            pool.run_until_stalled();
            assert!(!*done.borrow());
            if let Some(s) = senders[i].take() {
                let _ = s.send(());
            }
        }
        pool.run_until_stalled();
        assert!(*done.borrow());
        assert_eq!(*finished.borrow(), [2, 0, 1]);
    }

    #[test]
    fn nothing_to_wait_for_is_done_at_once() {
        futures::executor::block_on(join_all(Vec::<std::future::Ready<()>>::new()));
    }
}
