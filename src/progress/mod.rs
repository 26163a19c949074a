//! The learner's progress: what they read, answered and solved, and when each answered question
//! comes back for review (FSRS). One versioned JSON file per learner in the platform's data
//! directory (`LRTUTOR_HOME` overrides), written crash-safely under an advisory lock, merged by
//! id so two lrtutor processes lose nothing. Knows nothing of terminals; time comes in through
//! a [`Clock`].
//!
//! For the app and the commands:
//! - [`Store::open`] (or [`Store::open_at`]) with a [`SystemClock`]; show each of
//!   [`Store::take_notices`] (a file set aside) to the learner.
//! - [`Store::record_lesson`], [`Store::record_answer`], [`Store::record_review`],
//!   [`Store::record_attempt`], [`Store::save_code`], [`Store::record_location`]: each saves.
//! - [`Store::summary`] (or [`summary::lessons`]) and [`summary::items`] with
//!   [`course::outline`] (built once per course) for Home and
//!   `lrtutor progress`; [`Store::due`] / [`Store::due_count`] for review;
//!   [`Store::last_location`] for "continue"; [`Store::refresh`] to pick up another
//!   process's saves.

pub mod change;
pub mod clock;
pub mod course;
pub mod file;
pub mod model;
pub mod review;
pub mod store;
pub mod summary;

pub use clock::{Clock, SystemClock, TestClock};
pub use model::{Doc, Location, Millis, Place, Rating};
pub use store::{Error, Notice, Store};
