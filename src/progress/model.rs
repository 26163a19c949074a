//! The progress document as saved: one versioned JSON object per learner, keyed by the course's
//! stable ids (`lesson`, `quiz/question`, exercise ids), so rewording a question or reordering a
//! quiz keeps what the learner did. Times are milliseconds since the Unix epoch (UTC).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format version this build writes. A file with a higher one was written by a newer lrtutor
/// and is set aside rather than read wrongly.
pub const VERSION: u32 = 1;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// Everything lrtutor remembers about one learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// By lesson id.
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonRecord>,
    /// By `quiz/question` id: every answer and the review schedule.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionRecord>,
    /// By exercise id (`quiz/question` for the exercises of a quiz).
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseRecord>,
    /// Where the learner stopped (for "continue").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Location>,
}

impl Default for Doc {
    fn default() -> Self {
        Doc {
            version: VERSION,
            lessons: BTreeMap::new(),
            questions: BTreeMap::new(),
            exercises: BTreeMap::new(),
            last: None,
        }
    }
}

/// A lesson the learner opened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonRecord {
    /// When the learner first finished reading it; `None` while unread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<Millis>,
    /// Where the reader stopped (the app's position in the lesson, e.g. its first visible line).
    #[serde(default)]
    pub position: u64,
    /// When `position` was recorded.
    #[serde(default)]
    pub at: Millis,
}

/// One question: the answers in time order and the review schedule they produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionRecord {
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// The FSRS card; `None` before the first answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Card>,
}

/// One answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// With `at`, unique per answer (the process and a counter), so merging two processes'
    /// saves keeps both and never counts one twice.
    pub id: String,
    pub at: Millis,
    /// The options picked, as indices in the order the quiz file writes them (empty for an
    /// exercise).
    #[serde(default)]
    pub chosen: Vec<u32>,
    pub right: bool,
    /// How the learner rated a right answer in review; `None` means the default (Good when
    /// right, Again when wrong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// The FSRS ratings lrtutor uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Answer {
    /// The rating the review schedule takes from this answer: a wrong answer is always Again.
    pub fn effective_rating(&self) -> Rating {
        match (self.right, self.rating) {
            (false, _) => Rating::Again,
            (true, Some(Rating::Hard)) => Rating::Hard,
            (true, Some(Rating::Easy)) => Rating::Easy,
            (true, _) => Rating::Good,
        }
    }
}

/// An FSRS card (the fields of `rs_fsrs::Card`, with times in milliseconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub due: Millis,
    pub stability: f64,
    pub difficulty: f64,
    pub elapsed_days: i64,
    pub scheduled_days: i64,
    pub reps: i32,
    pub lapses: i32,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub state: u8,
    pub last_review: Millis,
}

/// An exercise: attempts, the last code saved and whether it was solved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseRecord {
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    /// The learner's code as last saved (or submitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// When `code` was saved.
    #[serde(default)]
    pub code_at: Millis,
}

impl ExerciseRecord {
    /// When an attempt first passed.
    pub fn solved_at(&self) -> Option<Millis> {
        self.attempts
            .iter()
            .filter(|a| a.passed)
            .map(|a| a.at)
            .min()
    }
}

/// One graded attempt at an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: String,
    pub at: Millis,
    pub passed: bool,
}

/// Where the learner was last (for Home's "continue").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub kind: Place,
    /// The lesson, quiz or exercise id.
    pub id: String,
    /// The position inside it (line of a lesson, question index of a quiz).
    #[serde(default)]
    pub position: u64,
    #[serde(default)]
    pub at: Millis,
}

/// What kind of place a [`Location`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    Lesson,
    Quiz,
    Exercise,
    Review,
}
