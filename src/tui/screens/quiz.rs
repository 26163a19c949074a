//! A quiz, one question at a time: options in the seeded order of `quiz --plain`, picked by
//! arrows or by letter (`multi` questions toggle with Space), `Enter` submits, feedback at once,
//! `r` runs the question's code. At the end, the score and a retry of the missed questions.
//! Exercise questions open the exercise screen.

use super::{Ctx, exercise_screen};
use crate::content::quiz::{Kind, Question, Quiz};
use crate::content::session::{self, Grade};
use crate::tui::app::Step;
use crate::tui::record::{Answer, Location, Score};
use crate::tui::runner::{JobId, Outcome};
use crate::tui::screens::lesson::BlockRun;
use crossterm::event::{KeyCode, KeyEvent};
use std::cell::Cell;

/// The keys of a quiz.
pub const KEYS: &[(&str, &str)] = &[
    ("↑ ↓", "move between options"),
    ("a b c …", "pick an option by its letter"),
    ("Space", "pick; for “all that apply”, toggle"),
    ("Enter", "submit; after the feedback, the next question"),
    ("r", "run the question's code and see its real output"),
    ("PgUp PgDn", "scroll the feedback"),
    ("Tab", "move between the question and the feedback"),
    ("R", "at the end: retry the questions you missed"),
    ("?", "this help"),
    ("Esc / q", "back"),
];

/// Where in a question the learner is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Asking,
    /// Answered: the grade and the options picked (indices into the question's options).
    Feedback {
        grade: Grade,
        picked: Vec<usize>,
    },
    /// All questions of this round answered.
    Done,
}

/// The pane that scrolls with PgUp/PgDn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Question,
    Feedback,
}

/// A quiz being taken.
pub struct QuizScreen {
    /// `course.quizzes[quiz]`.
    pub quiz: usize,
    pub id: String,
    pub title: String,
    /// The questions of this round (indices into the quiz's questions).
    pub queue: Vec<usize>,
    /// Position in `queue`.
    pub pos: usize,
    /// Display order of each question's options.
    pub orders: Vec<Vec<usize>>,
    /// The option under the cursor (display position).
    pub cursor: usize,
    /// Options toggled so far (display positions), for `multi`.
    pub toggled: Vec<bool>,
    pub phase: Phase,
    /// Per question: right, wrong, or not answered yet.
    pub results: Vec<Option<bool>>,
    /// This round is a retry of missed questions.
    pub retry: bool,
    /// The run of the current question's code.
    pub run: Option<BlockRun>,
    pub focus: Pane,
    /// Lines the question pane is scrolled from where the view anchors it (the cursor while
    /// asking, the options after an answer); negative shows the prompt above them.
    pub scroll_question: i32,
    pub scroll_feedback: i32,
    /// The range each pane's scroll can take, as last drawn (the view sets it: only it knows
    /// the width the text wraps to). Keeps PgDn from piling up scroll nobody can see.
    pub range_question: Cell<(i32, i32)>,
    pub range_feedback: Cell<(i32, i32)>,
    /// In a review session: the title to show instead of "Question i of n", and the answer
    /// held back (the review screen records it with the learner's ease).
    pub review: Option<ReviewTurn>,
}

/// One question of a review session, asked by a [`QuizScreen`].
#[derive(Debug, Clone, Default)]
pub struct ReviewTurn {
    pub label: String,
    pub answer: Option<Answer>,
}

impl QuizScreen {
    pub fn new(ctx: &mut Ctx, quiz: usize, at: Option<usize>) -> QuizScreen {
        let q = &ctx.course.quizzes[quiz].quiz;
        let orders = q
            .questions
            .iter()
            .map(|x| session::option_order(q, x, ctx.seed))
            .collect();
        let n = q.questions.len();
        let mut s = QuizScreen {
            quiz,
            id: q.id.value.clone(),
            title: q.title.clone(),
            queue: (0..n).collect(),
            pos: at.unwrap_or(0).min(n.saturating_sub(1)),
            orders,
            cursor: 0,
            toggled: Vec::new(),
            phase: if n == 0 { Phase::Done } else { Phase::Asking },
            results: vec![None; n],
            retry: false,
            run: None,
            focus: Pane::Question,
            scroll_question: 0,
            scroll_feedback: 0,
            range_question: Cell::new((0, 0)),
            range_feedback: Cell::new((0, 0)),
            review: None,
        };
        s.reset_question(q);
        s
    }

    /// Question `question` of quiz `quiz` alone, as a turn of a review session.
    pub fn review_turn(ctx: &mut Ctx, quiz: usize, question: usize, label: String) -> QuizScreen {
        let mut s = QuizScreen::new(ctx, quiz, None);
        s.queue = vec![question];
        s.pos = 0;
        s.phase = Phase::Asking;
        s.review = Some(ReviewTurn {
            label,
            answer: None,
        });
        let q = &ctx.course.quizzes[quiz].quiz;
        s.reset_question(q);
        s
    }

    /// The quiz in the course.
    pub fn quiz<'c>(&self, ctx_course: &'c crate::content::Course) -> &'c Quiz {
        &ctx_course.quizzes[self.quiz].quiz
    }

    /// The index of the current question in the quiz (None when done).
    pub fn current(&self) -> Option<usize> {
        match self.phase {
            Phase::Done => None,
            _ => self.queue.get(self.pos).copied(),
        }
    }

    fn reset_question(&mut self, quiz: &Quiz) {
        let n = self
            .current()
            .and_then(|i| quiz.questions.get(i))
            .map_or(0, |q| q.options.len());
        self.cursor = 0;
        self.toggled = vec![false; n];
        self.run = None;
        self.focus = Pane::Question;
        self.scroll_question = 0;
        self.scroll_feedback = 0;
    }

    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        let quiz = &ctx.course.quizzes[self.quiz].quiz;
        match (&self.phase, key.code) {
            (_, KeyCode::Tab | KeyCode::BackTab) if self.phase != Phase::Done => {
                self.focus = match self.focus {
                    Pane::Question => Pane::Feedback,
                    Pane::Feedback => Pane::Question,
                };
            }
            (_, KeyCode::PageDown) => self.scroll(5),
            (_, KeyCode::PageUp) => self.scroll(-5),
            (Phase::Done, KeyCode::Char('R')) => self.start_retry(quiz),
            (Phase::Done, KeyCode::Enter) => return Step::Back,
            (Phase::Done, _) => return Step::Unhandled,
            (Phase::Feedback { .. }, KeyCode::Enter | KeyCode::Right | KeyCode::Char('n')) => {
                self.next(ctx)
            }
            (Phase::Feedback { .. }, KeyCode::Down | KeyCode::Char('j')) => self.scroll(1),
            (Phase::Feedback { .. }, KeyCode::Up | KeyCode::Char('k')) => self.scroll(-1),
            (_, KeyCode::Char('r')) if !self.letter_names_option(quiz, 'r') => {
                return self.run_code(ctx);
            }
            (Phase::Asking, _) => return self.asking(key, ctx),
            _ => return Step::Unhandled,
        }
        Step::Stay
    }

    fn question<'c>(&self, quiz: &'c Quiz) -> Option<&'c Question> {
        self.current().and_then(|i| quiz.questions.get(i))
    }

    /// Whether `c` is the letter of one of the current question's options.
    fn letter_names_option(&self, quiz: &Quiz, c: char) -> bool {
        matches!(self.phase, Phase::Asking)
            && self.question(quiz).is_some_and(|q| {
                q.kind.value != Kind::Exercise && letter_index(c) < q.options.len()
            })
    }

    fn asking(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        let quiz = &ctx.course.quizzes[self.quiz].quiz;
        let Some(q) = self.question(quiz) else {
            return Step::Unhandled;
        };
        if q.kind.value == Kind::Exercise {
            return self.exercise_key(key, ctx);
        }
        let n = q.options.len();
        let multi = q.kind.value == Kind::Multi;
        match key.code {
            KeyCode::Char(c) if letter_index(c) < n => {
                self.cursor = letter_index(c);
                self.pick(multi);
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Char(' ') => self.pick(multi),
            KeyCode::Enter => self.submit(ctx),
            _ => return Step::Unhandled,
        }
        Step::Stay
    }

    /// Picks the option under the cursor: toggles it for `multi`, else makes it the only one.
    fn pick(&mut self, multi: bool) {
        if multi {
            if let Some(t) = self.toggled.get_mut(self.cursor) {
                *t = !*t;
            }
        } else {
            self.toggled.iter_mut().for_each(|t| *t = false);
            if let Some(t) = self.toggled.get_mut(self.cursor) {
                *t = true;
            }
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        let quiz = &ctx.course.quizzes[self.quiz].quiz;
        let (Some(i), Some(q)) = (self.current(), self.question(quiz)) else {
            return;
        };
        if q.kind.value == Kind::Choice && !self.toggled.iter().any(|t| *t) {
            self.pick(false);
        }
        let order = &self.orders[i];
        let picked: Vec<usize> = self
            .toggled
            .iter()
            .enumerate()
            .filter(|(_, t)| **t)
            .filter_map(|(pos, _)| order.get(pos).copied())
            .collect();
        if picked.is_empty() {
            *ctx.status = Some("pick at least one option (Space toggles), then Enter".into());
            return;
        }
        let grade = session::grade(q, &picked);
        self.results[i] = Some(grade.correct);
        let answer = Answer {
            quiz: self.id.clone(),
            question: q.id.value.clone(),
            picked: picked.clone(),
            correct: grade.correct,
        };
        match &mut self.review {
            Some(turn) => turn.answer = Some(answer),
            None => {
                let kept = ctx.record.answer(answer);
                ctx.kept(kept);
            }
        }
        self.phase = Phase::Feedback { grade, picked };
        self.focus = Pane::Feedback;
        self.scroll_feedback = 0;
    }

    fn exercise_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        let Some(i) = self.current() else {
            return Step::Unhandled;
        };
        match key.code {
            KeyCode::Enter | KeyCode::Char('o') => Step::Push(exercise_screen(ctx, self.quiz, i)),
            KeyCode::Right | KeyCode::Char('n') | KeyCode::Char('s') => {
                let quiz = &ctx.course.quizzes[self.quiz].quiz;
                let solved = ctx.record.solved(&self.id, &quiz.questions[i].id.value);
                self.results[i] = Some(solved);
                self.next(ctx);
                Step::Stay
            }
            _ => Step::Unhandled,
        }
    }

    /// The next question, or the end of the round (which records the score).
    fn next(&mut self, ctx: &mut Ctx) {
        let quiz = &ctx.course.quizzes[self.quiz].quiz;
        self.pos += 1;
        if self.pos >= self.queue.len() {
            self.phase = Phase::Done;
            let score = self.score();
            let kept = ctx.record.finish_quiz(&self.id, score);
            ctx.kept(kept);
        } else {
            self.phase = Phase::Asking;
        }
        self.reset_question(quiz);
    }

    /// Right answers out of all the quiz's questions (one never answered counts as not right).
    pub fn score(&self) -> Score {
        Score {
            right: self.results.iter().filter(|r| **r == Some(true)).count(),
            total: self.results.len(),
        }
    }

    /// The questions not answered right.
    pub fn missed(&self) -> Vec<usize> {
        (0..self.results.len())
            .filter(|&i| self.results[i] != Some(true))
            .collect()
    }

    fn start_retry(&mut self, quiz: &Quiz) {
        let missed = self.missed();
        if missed.is_empty() {
            return;
        }
        self.queue = missed;
        self.pos = 0;
        self.retry = true;
        self.phase = Phase::Asking;
        self.reset_question(quiz);
    }

    /// The mouse wheel scrolls the pane that has the focus.
    pub fn wheel(&mut self, down: bool) {
        self.scroll(if down { 3 } else { -3 });
    }

    fn scroll(&mut self, by: i32) {
        let (target, range) = match self.focus {
            Pane::Question => (&mut self.scroll_question, &self.range_question),
            Pane::Feedback => (&mut self.scroll_feedback, &self.range_feedback),
        };
        let (low, high) = range.get();
        *target = target.saturating_add(by).clamp(low, high.max(low));
    }

    fn run_code(&mut self, ctx: &mut Ctx) -> Step {
        let quiz = &ctx.course.quizzes[self.quiz].quiz;
        let Some(code) = self.question(quiz).and_then(|q| q.code.as_ref()) else {
            *ctx.status = Some("this question has no code to run".into());
            return Step::Stay;
        };
        if matches!(self.run, Some(BlockRun::Running(_))) {
            return Step::Stay;
        }
        let (job, step) = ctx.run(&code.value);
        self.run = Some(BlockRun::Running(job));
        step
    }

    pub fn run_done(&mut self, job: JobId, outcome: &Outcome) -> bool {
        if matches!(self.run, Some(BlockRun::Running(j)) if j == job) {
            self.run = Some(BlockRun::Done(Box::new(outcome.clone())));
            return true;
        }
        false
    }

    pub fn location(&self) -> Location {
        Location::Quiz {
            id: self.id.clone(),
            index: self.current().unwrap_or(0),
        }
    }
}

/// `a` → 0, `b` → 1, …; anything else → `usize::MAX`.
fn letter_index(c: char) -> usize {
    if c.is_ascii_lowercase() {
        usize::from(c as u8 - b'a')
    } else {
        usize::MAX
    }
}
