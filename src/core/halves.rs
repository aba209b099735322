//! Work done in two halves at once, the second on a thread of its own: what a vault of
//! thousands of accounts costs (reading, checking and auditing it) spread over the two cores
//! that the machines mfa-kit runs on have. The halves share nothing they change, so the result
//! is the one a single thread gets.

use std::sync::Mutex;

/// From this many accounts on, going through them is worth a second thread (starting one
/// costs tens of microseconds; a thousand accounts take milliseconds).
pub const ACCOUNTS: usize = 1_000;

/// Where a list of `len` accounts is cut in two: in the middle when going through them is
/// worth a second thread, else after the last (the second half is empty).
pub fn middle(len: usize) -> usize {
    if len < ACCOUNTS { len } else { len / 2 }
}

/// `each` of the two halves of `items` ([`middle`]), at once when the second is not empty;
/// the two results in order.
pub fn of_halves<T: Sync, R: Send>(items: &[T], each: impl Fn(&[T]) -> R + Sync) -> (R, R) {
    let (first, second) = items.split_at(middle(items.len()));
    join_if(!second.is_empty(), || each(first), || each(second))
}

/// `each` of the two halves of `items` ([`middle`]), changing them, at once when the second
/// is not empty.
pub fn of_halves_mut<T: Send>(items: &mut [T], each: impl Fn(&mut [T]) + Sync) {
    let (first, second) = items.split_at_mut(middle(items.len()));
    join_if(!second.is_empty(), || each(first), || each(second));
}

/// [`join`] when the work is worth a thread (`worth`), else `first()` then `second()` here.
pub fn join_if<A, B: Send>(
    worth: bool,
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    if worth {
        join(first, second)
    } else {
        (first(), second())
    }
}

/// `first()` on this thread and `second()` on another, at once; both results once both are
/// done. When no thread can be had, `second()` runs here after `first()`. A panic in either
/// is this thread's.
pub fn join<A, B: Send>(first: impl FnOnce() -> A, second: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let second = later(scope, second);
        let a = first();
        (a, second.take())
    })
}

/// Work begun on a thread of its own within a scope, its result taken once it is needed
/// ([`Later::take`]): for work that can start before what runs beside it is known. Where no
/// thread can be had, it runs when taken; a panic on its thread is the taker's.
pub struct Later<'scope, T> {
    thread: Option<std::thread::ScopedJoinHandle<'scope, Option<T>>>,
    task: Task<'scope, T>,
}

/// The work of a [`Later`], held where both threads reach it, so that it can still run on the
/// taker's when no thread starts (a thread that never started gives its closure back to no
/// one).
type Task<'scope, T> = std::sync::Arc<Mutex<Option<Box<dyn FnOnce() -> T + Send + 'scope>>>>;

/// Begins `task` on a thread of its own within `scope`.
pub fn later<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    task: impl FnOnce() -> T + Send + 'scope,
) -> Later<'scope, T> {
    let task: Task<'scope, T> = std::sync::Arc::new(Mutex::new(Some(Box::new(task))));
    let theirs = std::sync::Arc::clone(&task);
    let thread = std::thread::Builder::new()
        .spawn_scoped(scope, move || take_task(&theirs).map(|task| task()))
        .ok();
    Later { thread, task }
}

/// The work of a [`Later`], for whichever thread asks first.
fn take_task<'scope, T>(task: &Task<'scope, T>) -> Option<Box<dyn FnOnce() -> T + Send + 'scope>> {
    task.lock().unwrap_or_else(|e| e.into_inner()).take()
}

impl<T> Later<'_, T> {
    /// The work's result, once it is done.
    pub fn take(self) -> T {
        let done = match self.thread {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => None,
        };
        done.or_else(|| take_task(&self.task).map(|task| task()))
            .expect("the work runs once")
    }
}

/// How many items a block of [`in_turns`] output holds: enough that handing a block between
/// the threads costs nothing against making it, few enough that a block is about a hundred
/// kilobytes (an account's audit in JSON is 2 to 4 KB: blocks of 128 grew each of the up to
/// four buffers alive at once to 512 KiB, a mebibyte more at the audit's peak, for 1.5 ms
/// less of its 77).
pub const BLOCK: usize = 32;

/// How many of `len` items a block of [`in_turns`] output holds: [`BLOCK`] when going through
/// them is worth a second thread, else all of them in one block (and never none, so that the
/// number of blocks is `len.div_ceil(block_len(len))`).
pub fn block_len(len: usize) -> usize {
    block_len_of(len, 1)
}

/// [`block_len`] of items each about `weight` times the size [`BLOCK`] is made for (at least
/// one): a block holds that many times fewer. An account's audit lists a path for each backup
/// record that holds it, and a vault keeps up to 200 records: blocks of 32 accounts then held
/// a mebibyte each.
pub fn block_len_of(len: usize, weight: usize) -> usize {
    if len < ACCOUNTS {
        len.max(1)
    } else {
        (BLOCK / weight.max(1)).max(1)
    }
}

/// How many made blocks may wait for their turn (each holds memory until it is put).
const AHEAD: usize = 2;

/// Makes `count` blocks of output in order, the two threads taking turns: blocks 0, 2, 4…
/// are made here by `here`, straight into the output; blocks 1, 3, 5… on another thread by
/// `there`, into a buffer that `put` then writes here in its turn. The buffers go back to the
/// other thread to be filled again, so that memory holds a few blocks, never half of the
/// output. Stops at the first error, which is returned. When no thread can be had, every
/// block is made here; a panic on the other thread is this thread's.
pub fn in_turns<E: Send>(
    count: usize,
    mut here: impl FnMut(usize) -> Result<(), E>,
    there: impl Fn(usize, &mut Vec<u8>) -> Result<(), E> + Sync,
    mut put: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::mpsc;
    /// Every block made here, in order.
    fn all_here<E>(
        count: usize,
        here: &mut impl FnMut(usize) -> Result<(), E>,
        there: &impl Fn(usize, &mut Vec<u8>) -> Result<(), E>,
        put: &mut impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut buffer = Vec::new();
        (0..count).try_for_each(|block| {
            if block % 2 == 0 {
                return here(block);
            }
            buffer.clear();
            there(block, &mut buffer)?;
            put(&buffer)
        })
    }
    if count < 2 {
        return all_here(count, &mut here, &there, &mut put);
    }
    let (made_tx, made_rx) = mpsc::sync_channel::<Result<Vec<u8>, E>>(AHEAD);
    let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let there = &there;
        let other = std::thread::Builder::new().spawn_scoped(scope, move || {
            for block in (1..count).step_by(2) {
                let mut buffer = spare_rx.try_recv().unwrap_or_default();
                buffer.clear();
                let made = there(block, &mut buffer).map(|()| buffer);
                let failed = made.is_err();
                // A receiver gone means this thread stopped at an error of its own.
                if made_tx.send(made).is_err() || failed {
                    break;
                }
            }
        });
        let Ok(other) = other else {
            return all_here(count, &mut here, there, &mut put);
        };
        let mut in_order = || {
            for block in 0..count {
                if block % 2 == 0 {
                    here(block)?;
                    continue;
                }
                // A sender gone before its last block is a thread that panicked: joined below.
                let Ok(made) = made_rx.recv() else { break };
                let buffer = made?;
                put(&buffer)?;
                let _ = spare_tx.send(buffer);
            }
            Ok(())
        };
        let result = in_order();
        // The other thread, still making blocks, stops at its next one.
        drop(made_rx);
        if let Err(panic) = other.join() {
            std::panic::resume_unwind(panic);
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_halves_run_once_and_come_back_in_order() {
        let here = std::thread::current().id();
        let (a, b) = join(
            || (1, std::thread::current().id()),
            || (2, std::thread::current().id()),
        );
        assert_eq!((a.0, b.0), (1, 2));
        assert_eq!(a.1, here);
        assert_ne!(b.1, here);
    }

    #[test]
    fn work_begun_later_runs_once_on_a_thread_of_its_own() {
        let here = std::thread::current().id();
        let runs = std::sync::atomic::AtomicUsize::new(0);
        let (value, there) = std::thread::scope(|scope| {
            let begun = later(scope, || {
                runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                (7, std::thread::current().id())
            });
            begun.take()
        });
        assert_eq!(value, 7);
        assert_ne!(there, here);
        assert_eq!(runs.into_inner(), 1);
    }

    /// Blocks made in turns come out in order, each once, whatever their number.
    #[test]
    fn blocks_made_in_turns_come_out_in_order() {
        for count in [0, 1, 2, 3, 10, 101] {
            let mut out = Vec::new();
            let out_cell = std::cell::RefCell::new(&mut out);
            let here_thread = std::thread::current().id();
            in_turns::<()>(
                count,
                |block| {
                    out_cell
                        .borrow_mut()
                        .extend_from_slice(format!("{block},").as_bytes());
                    Ok(())
                },
                |block, buffer| {
                    assert!(count < 2 || std::thread::current().id() != here_thread);
                    buffer.extend_from_slice(format!("{block},").as_bytes());
                    Ok(())
                },
                |made| {
                    out_cell.borrow_mut().extend_from_slice(made);
                    Ok(())
                },
            )
            .unwrap();
            let expected: String = (0..count).map(|b| format!("{b},")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{count} blocks");
        }
    }

    /// The first error stops the output, on either thread, and is the one returned.
    #[test]
    fn an_error_in_turns_stops_the_output() {
        for failing in [0, 1, 6, 7] {
            let mut put = Vec::new();
            let result = in_turns(
                50,
                |block| if block == failing { Err(block) } else { Ok(()) },
                |block, _| if block == failing { Err(block) } else { Ok(()) },
                |_| {
                    put.push(());
                    Ok(())
                },
            );
            assert_eq!(result, Err(failing));
            assert!(put.len() <= failing / 2, "blocks after the error were put");
        }
    }

    #[test]
    fn a_panic_in_turns_on_the_other_thread_is_this_threads() {
        let caught = std::panic::catch_unwind(|| {
            in_turns::<()>(9, |_| Ok(()), |_, _| panic!("block"), |_| Ok(()))
        });
        assert_eq!(caught.unwrap_err().downcast_ref::<&str>(), Some(&"block"));
    }

    #[test]
    fn a_panic_in_the_other_half_is_this_threads() {
        let caught = std::panic::catch_unwind(|| join(|| 1, || -> u8 { panic!("second half") }));
        let message = caught.unwrap_err();
        assert_eq!(message.downcast_ref::<&str>(), Some(&"second half"));
    }
}
