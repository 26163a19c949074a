//! Time comes in through a [`Clock`], so tests can set it: review scheduling is tested without
//! waiting days, and nothing in `progress` reads the system time directly.

use super::model::Millis;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now(&self) -> Millis;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        // A clock set before 1970 reads as the epoch rather than failing.
        since.map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock the caller sets and advances. Clones share one time, so a test can keep a handle
/// while the store holds another.
#[derive(Debug, Clone, Default)]
pub struct TestClock(Arc<AtomicI64>);

/// One day in milliseconds.
pub const DAY: Millis = 86_400_000;

impl TestClock {
    pub fn new(start: Millis) -> Self {
        TestClock(Arc::new(AtomicI64::new(start)))
    }

    pub fn set(&self, t: Millis) {
        self.0.store(t, Ordering::SeqCst);
    }

    pub fn advance(&self, by: Millis) {
        self.0.fetch_add(by, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> Millis {
        self.0.load(Ordering::SeqCst)
    }
}
