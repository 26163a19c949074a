//! `lrtutor check`: lints a course (ids, references, option keys, required fields) and verifies it
//! on the engine: runnable lesson blocks, keyed answers recomputed from the question's code,
//! distractors that would be right, exercise references that fail.

use super::answer::{answer, not_an_exception};
use super::budget::RunBudget;
use super::lesson::{Lesson, Run};
use super::quiz::{Kind, Question, Quiz};
use super::{Course, Diagnostic, QuizFile, Severity, Unloaded};
use crate::explain::{catalog, compare};
use crate::sandbox::{self, RunResult};
use crate::yaml::Spanned;
use std::collections::HashMap;

mod variants;

/// What to do besides linting.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Run lesson blocks, verify keyed answers and exercise references.
    pub run_code: bool,
}

/// Counts for the summary line / JSON.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub lessons: usize,
    pub quizzes: usize,
    pub questions: usize,
    pub exercises: usize,
    /// Keyed answers and exercise references confirmed by running them.
    pub verified: usize,
}

/// Every problem found, in file order, and the counts.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

/// Line and column of a spanned value.
fn at<T>(s: &Spanned<T>) -> (u64, u64) {
    (s.line, s.col)
}

struct Checker<'c> {
    course: &'c Course,
    opts: Options,
    out: Vec<Diagnostic>,
    summary: Summary,
    budget: RunBudget,
}

/// Checks a loaded course.
pub fn check(course: &Course, opts: Options) -> Report {
    let mut c = Checker {
        course,
        opts,
        out: course.diagnostics.clone(),
        summary: Summary::default(),
        budget: RunBudget::default(),
    };
    c.summary.lessons = course.lessons.len();
    c.summary.quizzes = course.quizzes.len();
    c.unique_ids();
    for l in &course.lessons {
        c.lesson(l);
    }
    for q in &course.quizzes {
        c.quiz(q);
    }
    let mut diagnostics = c.out;
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Report {
        diagnostics,
        summary: c.summary,
    }
}

impl Checker<'_> {
    fn error(&mut self, path: &str, (line, col): (u64, u64), msg: impl Into<String>) {
        self.out.push(Diagnostic::error(path, line, col, msg));
    }

    /// Runs course code within the step budgets; `None` (with one error per file) once the
    /// file's or the course's budget is spent.
    fn run(&mut self, path: &str, at: (u64, u64), code: &str) -> Option<RunResult> {
        let Some(limits) = self.budget.limits() else {
            if let Some(msg) = self.budget.refusal() {
                self.error(path, at, msg);
            }
            return None;
        };
        let r = sandbox::run(code, &limits);
        self.budget.spend(r.steps);
        Some(r)
    }

    fn warning(&mut self, path: &str, (line, col): (u64, u64), msg: impl Into<String>) {
        self.out.push(Diagnostic::warning(path, line, col, msg));
    }

    /// Lesson ids and quiz ids are unique in the course.
    fn unique_ids(&mut self) {
        // Lesson ids and quiz ids are separate namespaces; each must be unique in the course.
        let lessons = self.course.lessons.iter().map(|l| {
            let (line, col) = at(&l.meta.id);
            // The front matter starts on the file's second line.
            (
                "lesson",
                l.meta.id.value.clone(),
                (line + 1, col),
                l.path.clone(),
            )
        });
        let quizzes = self.course.quizzes.iter().map(|q| {
            (
                "quiz",
                q.quiz.id.value.clone(),
                at(&q.quiz.id),
                q.path.clone(),
            )
        });
        let ids: Vec<_> = lessons.chain(quizzes).collect();
        let mut seen: HashMap<(&str, String), String> = HashMap::new();
        for (kind, id, pos, path) in ids {
            if let Some(first) = seen.insert((kind, id.clone()), path.clone()) {
                self.error(
                    &path,
                    pos,
                    format!("duplicate {kind} id '{id}' (also in {first})"),
                );
            }
        }
    }

    fn lesson(&mut self, l: &Lesson) {
        self.budget.start_file();
        if let Some(q) = &l.meta.quiz
            && !self
                .course
                .quizzes
                .iter()
                .any(|f| f.quiz.id.value == q.value)
            && !Unloaded::may_hold(&self.course.unloaded.quizzes, &q.value)
        {
            let (line, col) = at(q);
            self.error(
                &l.path,
                (line + 1, col),
                format!("quiz '{}' does not exist in this course", q.value),
            );
        }
        for b in &l.blocks {
            if let Run::Raises(kind) = &b.run
                && let Some(why) = not_an_exception(kind)
            {
                self.error(
                    &l.path,
                    (b.line, b.raises_col),
                    format!("`raises={kind}`: {why}"),
                );
            }
        }
        if !self.opts.run_code {
            return;
        }
        for b in &l.blocks {
            if matches!(&b.run, Run::Raises(k) if not_an_exception(k).is_some()) {
                continue;
            }
            let Some(r) = self.run(&l.path, (b.line, 1), &b.code) else {
                continue;
            };
            let raised = r.error.as_ref().map(|e| e.kind.as_str());
            match (&b.run, raised) {
                (Run::NoRun, _) | (Run::Normal, None) => {}
                (Run::Normal, Some(kind)) => {
                    let e = r.error.as_ref().map_or(String::new(), |e| {
                        format!("{kind}: {} (block line {})", e.message, e.line.unwrap_or(0))
                    });
                    self.error(&l.path, (b.line, 1), format!("this python block raises {e}; fix it, or mark the fence `python raises={kind}` or `python norun`"));
                }
                (Run::Raises(want), got) if got != Some(want.as_str()) => {
                    let got = got.map_or("nothing".to_string(), str::to_string);
                    self.error(
                        &l.path,
                        (b.line, 1),
                        format!("this block is declared `raises={want}` but raises {got}"),
                    );
                }
                _ => {}
            }
        }
    }

    fn quiz(&mut self, f: &QuizFile) {
        self.budget.start_file();
        let (path, quiz) = (f.path.as_str(), &f.quiz);
        if quiz.format.value != 1 {
            self.error(
                path,
                at(&quiz.format),
                format!(
                    "unknown quiz format {}; this lrtutor reads format 1",
                    quiz.format.value
                ),
            );
        }
        if let Some(l) = &quiz.lesson
            && !self
                .course
                .lessons
                .iter()
                .any(|x| x.meta.id.value == l.value)
            && !Unloaded::may_hold(&self.course.unloaded.lessons, &l.value)
        {
            self.error(
                path,
                at(l),
                format!("lesson '{}' does not exist in this course", l.value),
            );
        }
        let mut ids: HashMap<&str, u64> = HashMap::new();
        for q in &quiz.questions {
            self.summary.questions += 1;
            if let Some(first) = ids.insert(q.id.value.as_str(), at(&q.id).0) {
                self.error(
                    path,
                    at(&q.id),
                    format!(
                        "duplicate question id '{}' (first on line {first})",
                        q.id.value
                    ),
                );
            }
            self.question(path, quiz, q);
        }
    }

    fn question(&mut self, path: &str, quiz: &Quiz, q: &Question) {
        let _ = quiz;
        let correct = q.options.iter().filter(|o| o.correct).count();
        match q.kind.value {
            Kind::Choice if correct != 1 => self.error(path, at(&q.kind), format!("question '{}' is `choice` but has {correct} correct options; mark exactly one `correct: true` (or use `multi`)", q.id.value)),
            Kind::Multi if correct == 0 => self.error(path, at(&q.kind), format!("question '{}' is `multi` but no option is `correct: true`", q.id.value)),
            Kind::Choice | Kind::Multi if q.options.len() < 2 => self.error(path, at(&q.kind), format!("question '{}' needs at least two options", q.id.value)),
            Kind::Exercise => self.exercise(path, q),
            _ => {}
        }
        self.mistake_refs(path, q);
        self.tolerance_use(path, q);
        if variants::uses_variants(q) {
            self.variants(path, q);
        } else if let Some(v) = &q.verify {
            self.verify(path, q, v);
        }
    }

    /// Option `mistake:` must name a catalog entry; entries of `mistakes:` that look like ids too.
    fn mistake_refs(&mut self, path: &str, q: &Question) {
        let refs = q
            .options
            .iter()
            .filter_map(|o| o.mistake.as_ref())
            .chain(q.mistakes.iter().filter(|m| looks_like_id(&m.value)));
        let missing: Vec<(String, (u64, u64))> = refs
            .filter(|m| catalog::get(&m.value).is_none())
            .map(|m| (m.value.clone(), at(m)))
            .collect();
        for (id, pos) in missing {
            self.error(
                path,
                pos,
                format!("mistake '{id}' is not in the catalog (assets/mistakes.yaml)"),
            );
        }
    }

    fn exercise(&mut self, path: &str, q: &Question) {
        self.summary.exercises += 1;
        let Some(reference) = &q.reference else {
            self.error(
                path,
                at(&q.kind),
                format!("exercise '{}' needs a `reference` solution", q.id.value),
            );
            return;
        };
        if q.compare.is_none() {
            self.error(
                path,
                at(&q.kind),
                format!("exercise '{}' needs `compare: {{steps: N}}`", q.id.value),
            );
        }
        if q.starter.is_none() {
            self.warning(
                path,
                at(&q.kind),
                format!("exercise '{}' has no `starter` code", q.id.value),
            );
        }
        if !self.opts.run_code {
            return;
        }
        let Some(r) = self.run(path, at(reference), &reference.value) else {
            return;
        };
        if let Some(e) = &r.error {
            self.error(
                path,
                at(reference),
                format!(
                    "the reference solution raises {}: {} (its line {})",
                    e.kind,
                    e.message,
                    e.line.unwrap_or(0)
                ),
            );
            return;
        }
        let steps = q.compare.as_ref().map_or(0, |c| c.steps);
        let len = compare::trajectory(&r).len().saturating_sub(1);
        if len < steps {
            self.error(path, at(reference), format!("the reference solution records {len} epochs of learning rates but `compare.steps` is {steps}"));
            return;
        }
        // Attempts are graded on the rates optimizer.step() used: a key that warns (e.g. steps
        // the scheduler first) or never trains would fail every right answer.
        let problems = compare::reference_problems(&r);
        for p in &problems {
            self.error(path, at(reference), p.clone());
        }
        if !problems.is_empty() {
            return;
        }
        self.summary.verified += 1;
    }

    fn verify(&mut self, path: &str, q: &Question, v: &Spanned<super::quiz::Verify>) {
        let Some(code) = &q.code else {
            self.error(
                path,
                at(v),
                format!(
                    "question '{}' has `verify` but no `code` to run",
                    q.id.value
                ),
            );
            return;
        };
        if let Some(kind) = &v.value.raises
            && let Some(why) = not_an_exception(&kind.value)
        {
            return self.error(path, at(kind), format!("`raises: {}`: {why}", kind.value));
        }
        let tolerance = q.tolerance.as_ref().map(|t| t.value);
        if let Some(t) = &q.tolerance
            && !(0.0..1.0).contains(&t.value)
        {
            return self.error(path, at(t), format!("`tolerance: {}` must be a relative tolerance from 0 up to (not including) 1, such as 1e-9", t.value));
        }
        if !self.opts.run_code {
            return;
        }
        let Some(r) = self.run(path, at(code), &code.value) else {
            return;
        };
        let computed = match answer(&r, &v.value) {
            Ok(a) => a,
            Err(why) => {
                return self.error(path, at(code), format!("question '{}': {why}", q.id.value));
            }
        };
        let mut agreed = true;
        for o in &q.options {
            let same = computed.matches(&o.text.value, tolerance);
            if o.correct && !same {
                agreed = false;
                let hint = computed.near_miss(&o.text.value);
                self.error(
                    path,
                    at(&o.text),
                    format!(
                        "the keyed answer '{}' disagrees with the engine, which gives '{}'{hint}",
                        o.text.value,
                        computed.text()
                    ),
                );
            } else if !o.correct && same {
                agreed = false;
                let how = if o.text.value.trim() == computed.text() {
                    ""
                } else {
                    " (within the question's `tolerance`)"
                };
                self.error(
                    path,
                    at(&o.text),
                    format!(
                        "option '{}' is marked wrong but is what the engine computes{how}",
                        o.text.value
                    ),
                );
            }
        }
        if agreed {
            self.summary.verified += 1;
        }
    }

    /// `tolerance` only means something for a verified answer.
    fn tolerance_use(&mut self, path: &str, q: &Question) {
        if let Some(t) = &q.tolerance
            && q.verify.as_ref().is_none_or(|v| v.value.raises.is_some())
        {
            self.error(path, at(t), format!("question '{}' has `tolerance` but no printed answer to compare (`verify` with `output_line`); remove it", q.id.value));
        }
    }
}

/// Catalog ids are kebab-case words (`gamma-once`); other entries are free text.
fn looks_like_id(s: &str) -> bool {
    s.contains('-')
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
