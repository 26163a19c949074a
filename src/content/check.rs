//! `lrtutor check`: lints a course (ids, references, option keys, required fields) and verifies it
//! on the engine: runnable lesson blocks, keyed answers recomputed from the question's code,
//! distractors that would be right, exercise references that fail.

use super::lesson::{Lesson, Run};
use super::quiz::{Kind, Question, Quiz};
use super::{Course, Diagnostic, QuizFile, Severity};
use crate::explain::{catalog, compare};
use crate::sandbox::{self, Limits, RunResult};
use crate::yaml::Spanned;
use std::collections::HashMap;

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

/// Limits for running course code: generous for lessons, small enough to stop runaway examples.
fn limits() -> Limits {
    Limits {
        max_steps: 5_000_000,
        ..Limits::default()
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
}

/// Checks a loaded course.
pub fn check(course: &Course, opts: Options) -> Report {
    let mut c = Checker {
        course,
        opts,
        out: course.diagnostics.clone(),
        summary: Summary::default(),
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
        if let Some(q) = &l.meta.quiz
            && !self
                .course
                .quizzes
                .iter()
                .any(|f| f.quiz.id.value == q.value)
        {
            let (line, col) = at(q);
            self.error(
                &l.path,
                (line + 1, col),
                format!("quiz '{}' does not exist in this course", q.value),
            );
        }
        if !self.opts.run_code {
            return;
        }
        for b in &l.blocks {
            let r = sandbox::run(&b.code, &limits());
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
        if let Some(v) = &q.verify {
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
        let r = sandbox::run(&reference.value, &limits());
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
        if !self.opts.run_code {
            return;
        }
        let r = sandbox::run(&code.value, &limits());
        let computed = match answer(&r, &v.value) {
            Ok(a) => a,
            Err(why) => {
                return self.error(path, at(code), format!("question '{}': {why}", q.id.value));
            }
        };
        let mut agreed = true;
        for o in &q.options {
            let same = answers_match(&o.text.value, &computed);
            if o.correct && !same {
                agreed = false;
                self.error(
                    path,
                    at(&o.text),
                    format!(
                        "the keyed answer '{}' disagrees with the engine, which gives '{computed}'",
                        o.text.value
                    ),
                );
            } else if !o.correct && same {
                agreed = false;
                self.error(
                    path,
                    at(&o.text),
                    format!(
                        "option '{}' is marked wrong but is what the engine computes",
                        o.text.value
                    ),
                );
            }
        }
        if agreed {
            self.summary.verified += 1;
        }
    }
}

/// The answer a run gives for a `verify` rule.
fn answer(r: &RunResult, v: &super::quiz::Verify) -> Result<String, String> {
    if let Some(kind) = &v.raises {
        return match &r.error {
            Some(e) if &e.kind == kind => Ok(kind.clone()),
            Some(e) => Err(format!(
                "the code raises {} ({}), not {kind}",
                e.kind, e.message
            )),
            None => Err(format!("the code does not raise {kind}")),
        };
    }
    if let Some(e) = &r.error {
        return Err(format!(
            "the code raises {}: {} (line {})",
            e.kind,
            e.message,
            e.line.unwrap_or(0)
        ));
    }
    let lines: Vec<&str> = r.stdout.lines().collect();
    let n = v.output_line.unwrap_or(-1);
    let index = if n < 0 { lines.len() as i64 + n } else { n - 1 };
    let Some(line) = usize::try_from(index).ok().and_then(|i| lines.get(i)) else {
        return Err(format!(
            "the code prints {} lines, so `output_line: {n}` does not exist",
            lines.len()
        ));
    };
    match &v.after {
        None => Ok(line.trim().to_string()),
        Some(marker) => match line.split_once(marker.as_str()) {
            Some((_, rest)) => Ok(rest.trim().to_string()),
            None => Err(format!(
                "printed line {n} is '{line}', which has no '{marker}'"
            )),
        },
    }
}

/// Whether an option's text states the computed answer: numbers within 1e-9 relative, lists
/// element by element, other text after trimming. An exception answer matches an option that
/// names the exception.
pub fn answers_match(option: &str, computed: &str) -> bool {
    let (a, b) = (option.trim(), computed.trim());
    if a == b {
        return true;
    }
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs());
    }
    let list = |s: &str| {
        s.strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
    };
    if let (Some(x), Some(y)) = (list(a), list(b)) {
        return x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| answers_match(p, q));
    }
    b.ends_with("Error") && a.split(|c: char| !c.is_alphanumeric()).any(|w| w == b)
}

/// Catalog ids are kebab-case words (`gamma-once`); other entries are free text.
fn looks_like_id(s: &str) -> bool {
    s.contains('-')
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::answers_match;

    #[test]
    fn answers_compare_numerically_and_by_list() {
        let table = [
            ("0.001", "0.0010000000000000002", true),
            ("0.01", "0.0010000000000000002", false),
            ("[0.1, 0.01]", "[0.1, 0.010000000000000002]", true),
            ("[0.1]", "[0.1, 0.01]", false),
            (" x ", "x", true),
            ("TypeError", "TypeError", true),
            ("A TypeError at construction", "TypeError", true),
            ("It raises ValueError", "TypeError", false),
        ];
        for (a, b, want) in table {
            assert_eq!(answers_match(a, b), want, "{a} vs {b}");
        }
    }
}
