//! Heap accounting per thread, so a learner's snippet can be held to a memory budget.
//!
//! The process's global allocator is a thin wrapper over the system allocator that adds each
//! allocation's size to a counter of the allocating thread and subtracts it when the block is
//! freed. A snippet runs on a thread of its own, so the counter's growth during the run is what
//! that run holds: the sandbox compares it with its budget before large allocations and at every
//! evaluation step, and raises `MemoryError` instead of letting the process grow without bound.
//! (A block freed on another thread than the one that allocated it only makes the counters
//! imprecise in the safe direction for the freeing thread.)
//!
//! This is the crate's only `unsafe` code: the `GlobalAlloc` trait is unsafe by definition. Each
//! method forwards to `System` unchanged and touches only a `Cell` in thread-local storage that
//! has no destructor, so it cannot allocate or re-enter the allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Whether allocations are counted (always, except in the benchmark that measures what the
/// counting costs).
static COUNTING: AtomicBool = AtomicBool::new(true);

/// Adds `delta` bytes to the calling thread's counter (a no-op while the thread is torn down).
#[inline]
fn count(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let _ = LIVE.try_with(|c| c.set(c.get().wrapping_add(delta)));
    }
}

/// Turns the counting off or on, for the benchmark that compares the two. With it off no
/// memory budget can trip; blocks freed after it is turned back on make the counters low.
pub fn set_counting(on: bool) {
    COUNTING.store(on, Ordering::Relaxed);
}

/// What a block of `size` bytes really costs the process: the C allocator adds a header and
/// rounds to 16 bytes, with a 32-byte minimum, which for the many small blocks of a Python
/// value graph is a large part of the total. Counting it keeps the budget close to the RSS.
#[inline]
fn cost(size: usize) -> isize {
    (size.saturating_add(23) & !15).max(32) as isize
}

/// The system allocator, counting live bytes per thread.
pub struct CountingAlloc;

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the bookkeeping around it neither allocates nor panics.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(cost(layout.size()));
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(cost(layout.size()));
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (we forward every allocation).
        unsafe { System.dealloc(ptr, layout) };
        count(-cost(layout.size()));
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(cost(new_size) - cost(layout.size()));
        }
        p
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Bytes (with the allocator's overhead) allocated and not yet freed by the calling thread (may be negative on a thread that
/// frees what others allocated). Compare two readings on one thread to get what ran between.
#[inline]
pub fn live_bytes() -> isize {
    LIVE.try_with(Cell::get).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::live_bytes;

    #[test]
    fn counts_what_this_thread_holds() {
        let before = live_bytes();
        let block = vec![0u8; 1 << 20];
        let during = live_bytes();
        drop(block);
        let after = live_bytes();
        assert!(during - before >= 1 << 20, "{before} -> {during}");
        assert!(after - before < 1 << 10, "{before} -> {after}");
    }

    #[test]
    fn other_threads_do_not_count_here() {
        let before = live_bytes();
        let held = std::thread::spawn(|| vec![1u8; 8 << 20]).join();
        assert!(held.is_ok());
        assert!(live_bytes() - before < 1 << 20);
    }
}
