//! What the learner did, as the app needs it: lessons read (and where the reader stopped),
//! answers and quiz scores, exercises solved with the code the learner saved, reviews due, and
//! the last place visited (`c` on Home continues there). The app talks to the [`Record`]
//! trait only; [`Session`] keeps it in memory for one run of the app (and for tests), and the
//! progress store (`src/progress/`) implements the same trait to keep it across runs.

use std::collections::HashMap;

/// A place in the course the learner can come back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A lesson, scrolled to `line` of its rendered text.
    Lesson { id: String, line: usize },
    /// A quiz, at question `index` (display order).
    Quiz { id: String, index: usize },
    /// An exercise question of a quiz.
    Exercise { quiz: String, question: String },
    /// The free playground.
    Playground,
}

/// How far the learner got in a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LessonState {
    /// Reached the end at least once.
    pub read: bool,
    /// The line the reader was last scrolled to.
    pub line: usize,
}

/// A quiz's result: right answers out of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub total: usize,
}

/// One answer given to a choice or multi question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub quiz: String,
    pub question: String,
    /// Indices of the options picked, in the file's order (not the display order).
    pub picked: Vec<usize>,
    pub correct: bool,
}

/// How a question answered right in review felt; it sets the next interval (a wrong answer is
/// always "again": the question comes back soon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ease {
    Hard,
    Good,
    Easy,
}

/// The learner's record. Writes return a message when they could not be kept (a store on
/// disk may fail); the app shows it and goes on.
pub trait Record {
    fn lesson(&self, id: &str) -> LessonState;
    /// Remembers the reader's position; `finished` marks the lesson read (it stays read).
    fn visit_lesson(&mut self, id: &str, line: usize, finished: bool) -> Result<(), String>;
    /// The best score of a quiz, if it was ever finished.
    fn score(&self, quiz: &str) -> Option<Score>;
    /// A finished attempt at a quiz (also the retry of missed questions, which counts them only).
    fn finish_quiz(&mut self, quiz: &str, score: Score) -> Result<(), String>;
    /// One answer, as soon as it is given (a review schedule grows from these).
    fn answer(&mut self, answer: Answer) -> Result<(), String>;
    fn solved(&self, quiz: &str, question: &str) -> bool;
    fn mark_solved(&mut self, quiz: &str, question: &str) -> Result<(), String>;
    /// The code the learner saved for an exercise (or the playground, with `quiz` "").
    fn saved_code(&self, quiz: &str, question: &str) -> Option<String>;
    fn save_code(&mut self, quiz: &str, question: &str, code: &str) -> Result<(), String>;
    /// The questions due for spaced review now, as (quiz, question) ids, most overdue first.
    fn due(&self) -> Vec<(String, String)>;
    /// How many questions are due for review now.
    fn reviews_due(&self) -> usize {
        self.due().len()
    }
    /// An answer given in review, with how a right one felt (ignored for a wrong one).
    fn review(&mut self, answer: Answer, ease: Ease) -> Result<(), String>;
    /// Where the learner last was.
    fn last(&self) -> Option<Location>;
    fn set_last(&mut self, at: Location) -> Result<(), String>;
}

/// A record kept in memory for one session of the app.
#[derive(Debug, Default, Clone)]
pub struct Session {
    lessons: HashMap<String, LessonState>,
    scores: HashMap<String, Score>,
    answers: Vec<Answer>,
    solved: Vec<(String, String)>,
    code: HashMap<(String, String), String>,
    last: Option<Location>,
}

impl Session {
    /// Every answer given in this session, oldest first.
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }
}

impl Record for Session {
    fn lesson(&self, id: &str) -> LessonState {
        self.lessons.get(id).copied().unwrap_or_default()
    }

    fn visit_lesson(&mut self, id: &str, line: usize, finished: bool) -> Result<(), String> {
        let s = self.lessons.entry(id.to_string()).or_default();
        s.line = line;
        s.read |= finished;
        Ok(())
    }

    fn score(&self, quiz: &str) -> Option<Score> {
        self.scores.get(quiz).copied()
    }

    fn finish_quiz(&mut self, quiz: &str, score: Score) -> Result<(), String> {
        let best = self.scores.entry(quiz.to_string()).or_insert(score);
        // The best attempt counts; a retry of only the missed questions has a smaller total and
        // is folded in by the caller, so compare shares, not counts.
        if score.right * best.total.max(1) > best.right * score.total.max(1) {
            *best = score;
        }
        Ok(())
    }

    fn answer(&mut self, answer: Answer) -> Result<(), String> {
        self.answers.push(answer);
        Ok(())
    }

    fn solved(&self, quiz: &str, question: &str) -> bool {
        self.solved.iter().any(|(q, x)| q == quiz && x == question)
    }

    fn mark_solved(&mut self, quiz: &str, question: &str) -> Result<(), String> {
        if !self.solved(quiz, question) {
            self.solved.push((quiz.to_string(), question.to_string()));
        }
        Ok(())
    }

    fn saved_code(&self, quiz: &str, question: &str) -> Option<String> {
        self.code
            .get(&(quiz.to_string(), question.to_string()))
            .cloned()
    }

    fn save_code(&mut self, quiz: &str, question: &str, code: &str) -> Result<(), String> {
        self.code
            .insert((quiz.to_string(), question.to_string()), code.to_string());
        Ok(())
    }

    fn due(&self) -> Vec<(String, String)> {
        // Without a schedule, every question answered wrong (and not since answered right) is
        // due, the oldest first.
        let mut due: Vec<(&str, &str)> = Vec::new();
        for a in &self.answers {
            let key = (a.quiz.as_str(), a.question.as_str());
            due.retain(|k| *k != key);
            if !a.correct {
                due.push(key);
            }
        }
        due.into_iter()
            .map(|(q, x)| (q.to_string(), x.to_string()))
            .collect()
    }

    fn review(&mut self, answer: Answer, _ease: Ease) -> Result<(), String> {
        self.answers.push(answer);
        Ok(())
    }

    fn last(&self) -> Option<Location> {
        self.last.clone()
    }

    fn set_last(&mut self, at: Location) -> Result<(), String> {
        self.last = Some(at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(question: &str, correct: bool) -> Answer {
        Answer {
            quiz: "q".into(),
            question: question.into(),
            picked: vec![0],
            correct,
        }
    }

    #[test]
    fn a_session_remembers_what_the_learner_did() -> Result<(), String> {
        let mut s = Session::default();
        assert_eq!(s.lesson("a"), LessonState::default());
        s.visit_lesson("a", 40, true)?;
        s.visit_lesson("a", 3, false)?;
        assert_eq!(
            s.lesson("a"),
            LessonState {
                read: true,
                line: 3
            }
        );
        s.finish_quiz("q", Score { right: 1, total: 4 })?;
        s.finish_quiz("q", Score { right: 3, total: 4 })?;
        s.finish_quiz("q", Score { right: 2, total: 4 })?;
        assert_eq!(s.score("q"), Some(Score { right: 3, total: 4 }));
        s.answer(answer("x", false))?;
        s.answer(answer("y", false))?;
        s.answer(answer("x", true))?;
        assert_eq!(s.reviews_due(), 1);
        assert!(!s.solved("q", "e"));
        s.mark_solved("q", "e")?;
        s.mark_solved("q", "e")?;
        assert!(s.solved("q", "e"));
        s.save_code("q", "e", "print(1)")?;
        assert_eq!(s.saved_code("q", "e").as_deref(), Some("print(1)"));
        assert_eq!(s.last(), None);
        s.set_last(Location::Playground)?;
        assert_eq!(s.last(), Some(Location::Playground));
        Ok(())
    }
}
