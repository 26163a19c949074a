//! Until the progress store (`src/progress/`) keeps the learner's code, this wraps any
//! [`Record`] so that `save_code` also writes the code to a file under the data directory
//! (`playground/<quiz>--<question>.py`; the free playground is `playground/playground.py`) and
//! `saved_code` falls back to that file: an exercise's code and the playground survive a
//! restart. Everything else goes to the wrapped record. When the progress store implements
//! `Record` with saved code of its own, the app uses it directly and this goes.

use super::record::{Answer, Ease, LessonState, Location, Record, Score};
use std::path::{Path, PathBuf};

/// A record whose saved code also lives in files under `dir`.
pub struct CodeFiles<R> {
    inner: R,
    dir: PathBuf,
}

impl<R: Record> CodeFiles<R> {
    pub fn new(inner: R, dir: PathBuf) -> CodeFiles<R> {
        CodeFiles { inner, dir }
    }

    /// The file of one exercise's code (names reduced to safe characters).
    pub fn path(&self, quiz: &str, question: &str) -> PathBuf {
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => c,
                    _ => '_',
                })
                .collect()
        };
        let name = if quiz.is_empty() {
            safe(question)
        } else {
            format!("{}--{}", safe(quiz), safe(question))
        };
        self.dir.join(format!("{name}.py"))
    }
}

fn write(path: &Path, code: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

impl<R: Record> Record for CodeFiles<R> {
    fn lesson(&self, id: &str) -> LessonState {
        self.inner.lesson(id)
    }
    fn visit_lesson(&mut self, id: &str, line: usize, finished: bool) -> Result<(), String> {
        self.inner.visit_lesson(id, line, finished)
    }
    fn score(&self, quiz: &str) -> Option<Score> {
        self.inner.score(quiz)
    }
    fn finish_quiz(&mut self, quiz: &str, score: Score) -> Result<(), String> {
        self.inner.finish_quiz(quiz, score)
    }
    fn answer(&mut self, answer: Answer) -> Result<(), String> {
        self.inner.answer(answer)
    }
    fn solved(&self, quiz: &str, question: &str) -> bool {
        self.inner.solved(quiz, question)
    }
    fn mark_solved(&mut self, quiz: &str, question: &str) -> Result<(), String> {
        self.inner.mark_solved(quiz, question)
    }
    fn saved_code(&self, quiz: &str, question: &str) -> Option<String> {
        self.inner
            .saved_code(quiz, question)
            .or_else(|| std::fs::read_to_string(self.path(quiz, question)).ok())
    }
    fn save_code(&mut self, quiz: &str, question: &str, code: &str) -> Result<(), String> {
        self.inner.save_code(quiz, question, code)?;
        write(&self.path(quiz, question), code)
    }
    fn due(&self) -> Vec<(String, String)> {
        self.inner.due()
    }

    fn review(&mut self, answer: Answer, ease: Ease) -> Result<(), String> {
        self.inner.review(answer, ease)
    }
    fn last(&self) -> Option<Location> {
        self.inner.last()
    }
    fn set_last(&mut self, at: Location) -> Result<(), String> {
        self.inner.set_last(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::record::Session;

    #[test]
    fn saved_code_survives_a_new_session_through_its_file() {
        let dir = std::env::temp_dir().join(format!("lrtutor-codefiles-{}", std::process::id()));
        let mut r = CodeFiles::new(Session::default(), dir.clone());
        assert_eq!(r.saved_code("q", "e"), None);
        r.save_code("q", "e", "print(1)\n").expect("saved");
        r.save_code("", "playground", "x = 2\n").expect("saved");
        r.save_code("../up", "a/b", "y\n").expect("saved");
        // A new session (a restart) finds the code in the files.
        let fresh = CodeFiles::new(Session::default(), dir.clone());
        assert_eq!(fresh.saved_code("q", "e").as_deref(), Some("print(1)\n"));
        assert_eq!(
            fresh.saved_code("", "playground").as_deref(),
            Some("x = 2\n")
        );
        assert_eq!(fresh.path("../up", "a/b"), dir.join("___up--a_b.py"));
        assert_eq!(fresh.saved_code("../up", "a/b").as_deref(), Some("y\n"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
