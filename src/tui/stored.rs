//! The app's [`Record`] kept in the learner's progress store (`src/progress/`), so what they
//! read, answered and solved survives a restart and is shared with `quiz --plain`, `review`
//! and `progress`. Exercises are keyed `quiz/question`, as the line-mode commands key them;
//! code saved in the free playground is keyed `playground/NAME`.

use super::record::{Answer, Ease, LessonState, Location, Record, Score};
use crate::progress::{self, Place, Rating, Store};
use std::collections::HashMap;

/// The store, with each quiz's number of questions (a score is out of all of them).
pub struct Stored {
    store: Store,
    questions: HashMap<String, usize>,
}

impl Stored {
    /// Wraps an open store; `course` gives each quiz's question count.
    pub fn new(store: Store, course: &crate::content::Course) -> Stored {
        let questions = course
            .quizzes
            .iter()
            .map(|f| (f.quiz.id.value.clone(), f.quiz.questions.len()))
            .collect();
        Stored { store, questions }
    }
}

/// The exercise id the line-mode commands use; the playground's own files apart.
fn exercise_key(quiz: &str, question: &str) -> String {
    if quiz.is_empty() {
        format!("playground/{question}")
    } else {
        format!("{quiz}/{question}")
    }
}

fn err(e: progress::Error) -> String {
    format!("progress not saved: {e}")
}

impl Record for Stored {
    fn lesson(&self, id: &str) -> LessonState {
        self.store
            .doc()
            .lessons
            .get(id)
            .map_or_else(LessonState::default, |l| LessonState {
                read: l.read_at.is_some(),
                line: usize::try_from(l.position).unwrap_or(0),
            })
    }

    fn visit_lesson(&mut self, id: &str, line: usize, finished: bool) -> Result<(), String> {
        self.store
            .record_lesson(id, line as u64, finished)
            .map_err(err)
    }

    /// Questions of the quiz whose latest answer is right, once any was answered.
    fn score(&self, quiz: &str) -> Option<Score> {
        let prefix = format!("{quiz}/");
        let doc = self.store.doc();
        let answered: Vec<bool> = doc
            .questions
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(_, q)| q.answers.last().map(|a| a.right))
            .collect();
        if answered.is_empty() {
            return None;
        }
        let right = answered.iter().filter(|r| **r).count();
        let total = self.questions.get(quiz).copied().unwrap_or(answered.len());
        Some(Score { right, total })
    }

    /// The answers were saved one by one; the score is worked out from them.
    fn finish_quiz(&mut self, _quiz: &str, _score: Score) -> Result<(), String> {
        Ok(())
    }

    fn answer(&mut self, a: Answer) -> Result<(), String> {
        self.store
            .record_answer(&a.quiz, &a.question, &a.picked, a.correct)
            .map_err(err)
    }

    fn solved(&self, quiz: &str, question: &str) -> bool {
        let key = exercise_key(quiz, question);
        self.store
            .doc()
            .exercises
            .get(&key)
            .is_some_and(|e| e.solved_at().is_some())
    }

    fn mark_solved(&mut self, quiz: &str, question: &str) -> Result<(), String> {
        let code = self.saved_code(quiz, question).unwrap_or_default();
        let key = exercise_key(quiz, question);
        self.store.record_attempt(&key, &code, true).map_err(err)
    }

    fn saved_code(&self, quiz: &str, question: &str) -> Option<String> {
        let key = exercise_key(quiz, question);
        self.store.doc().exercises.get(&key)?.code.clone()
    }

    fn save_code(&mut self, quiz: &str, question: &str, code: &str) -> Result<(), String> {
        let key = exercise_key(quiz, question);
        self.store.save_code(&key, code).map_err(err)
    }

    fn due(&self) -> Vec<(String, String)> {
        let now = self.store.now();
        self.store
            .due(now)
            .into_iter()
            .filter_map(|k| k.split_once('/'))
            .map(|(q, x)| (q.to_string(), x.to_string()))
            .collect()
    }

    fn review(&mut self, a: Answer, ease: Ease) -> Result<(), String> {
        let rating = match ease {
            Ease::Hard => Some(Rating::Hard),
            Ease::Good => None,
            Ease::Easy => Some(Rating::Easy),
        };
        let key = format!("{}/{}", a.quiz, a.question);
        self.store
            .record_review(&key, &a.picked, a.correct, rating)
            .map_err(err)
    }

    fn last(&self) -> Option<Location> {
        let at = self.store.last_location()?;
        let pos = usize::try_from(at.position).unwrap_or(0);
        Some(match at.kind {
            Place::Lesson => Location::Lesson {
                id: at.id.clone(),
                line: pos,
            },
            Place::Quiz => Location::Quiz {
                id: at.id.clone(),
                index: pos,
            },
            Place::Exercise => match at.id.split_once('/') {
                Some(("playground", _)) => Location::Playground,
                Some((quiz, question)) => Location::Exercise {
                    quiz: quiz.to_string(),
                    question: question.to_string(),
                },
                None => return None,
            },
            Place::Review => return None,
        })
    }

    fn set_last(&mut self, at: Location) -> Result<(), String> {
        let (kind, id, pos) = match at {
            Location::Lesson { id, line } => (Place::Lesson, id, line),
            Location::Quiz { id, index } => (Place::Quiz, id, index),
            Location::Exercise { quiz, question } => {
                (Place::Exercise, exercise_key(&quiz, &question), 0)
            }
            Location::Playground => (Place::Exercise, exercise_key("", "scratch"), 0),
        };
        self.store
            .record_location(kind, &id, pos as u64)
            .map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::TestClock;

    fn open(dir: &std::path::Path, clock: &TestClock) -> Result<Stored, String> {
        let clock = Box::new(clock.clone());
        let store = Store::open_at(&dir.join("progress.json"), clock).map_err(|e| e.to_string())?;
        Ok(Stored::new(store, &crate::content::bundled()))
    }

    #[test]
    fn what_the_app_records_is_there_after_a_restart() -> Result<(), String> {
        let dir = std::env::temp_dir().join(format!("lrtutor-stored-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let clock = TestClock::new(1_700_000_000_000);
        {
            let mut r = open(&dir, &clock)?;
            r.visit_lesson("steplr", 12, true)?;
            for (q, right) in [("a", true), ("b", false)] {
                r.answer(Answer {
                    quiz: "steplr".into(),
                    question: q.into(),
                    picked: vec![1],
                    correct: right,
                })?;
            }
            r.save_code("steplr", "ex", "print(1)")?;
            r.mark_solved("steplr", "ex")?;
            r.set_last(Location::Quiz {
                id: "steplr".into(),
                index: 1,
            })?;
        }
        // Two days later: the wrong answer is due again (it comes back within a day), the right
        // one is not (its first interval is days long).
        clock.advance(2 * 86_400_000);
        let r = open(&dir, &clock)?;
        assert_eq!(
            r.lesson("steplr"),
            LessonState {
                read: true,
                line: 12
            }
        );
        let total = crate::content::bundled()
            .quiz("steplr")
            .map_or(0, |f| f.quiz.questions.len());
        assert_eq!(r.score("steplr"), Some(Score { right: 1, total }));
        assert_eq!(r.score("exponential"), None);
        assert!(r.solved("steplr", "ex"));
        assert_eq!(r.saved_code("steplr", "ex").as_deref(), Some("print(1)"));
        assert_eq!(r.due(), [("steplr".to_string(), "b".to_string())]);
        assert_eq!(
            r.last(),
            Some(Location::Quiz {
                id: "steplr".into(),
                index: 1
            })
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    /// A review answer lands in the store with the learner's ease, and an easy one comes back
    /// later than a hard one.
    #[test]
    fn review_answers_keep_their_ease() -> Result<(), String> {
        let dir = std::env::temp_dir().join(format!("lrtutor-stored-ease-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let clock = TestClock::new(1_700_000_000_000);
        let mut r = open(&dir, &clock)?;
        let answer = |question: &str| Answer {
            quiz: "steplr".into(),
            question: question.into(),
            picked: vec![0],
            correct: true,
        };
        r.review(answer("hard"), Ease::Hard)?;
        r.review(answer("easy"), Ease::Easy)?;
        let doc = r.store.doc();
        let rating = |k: &str| doc.questions[k].answers.last().and_then(|a| a.rating);
        assert_eq!(rating("steplr/hard"), Some(Rating::Hard));
        assert_eq!(rating("steplr/easy"), Some(Rating::Easy));
        let due = |k: &str| doc.questions[k].review.as_ref().map(|c| c.due);
        assert!(due("steplr/easy") > due("steplr/hard"));
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
