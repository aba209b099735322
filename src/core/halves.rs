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
    // Held where both threads can reach it, so that it can still run here when no thread
    // starts (a thread that never started gives its closure back to no one).
    let second = Mutex::new(Some(second));
    let run_second = || {
        let task = second.lock().unwrap_or_else(|e| e.into_inner()).take();
        task.map(|task| task())
    };
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new().spawn_scoped(scope, run_second);
        let a = first();
        let b = match other {
            Ok(other) => other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        let b = b.or_else(run_second).expect("the second half runs once");
        (a, b)
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
    fn a_panic_in_the_other_half_is_this_threads() {
        let caught = std::panic::catch_unwind(|| join(|| 1, || -> u8 { panic!("second half") }));
        let message = caught.unwrap_err();
        assert_eq!(message.downcast_ref::<&str>(), Some(&"second half"));
    }
}
