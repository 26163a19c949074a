//! `lrtutor quiz ID --plain` as an exam: `--name`, `--results FILE` (the attempt as JSON),
//! `--no-feedback` (only "Recorded."), `--questions N` (a seeded subset), `--time-limit MIN`.
//! Questions with `params` show the student's variant. End of input mid-quiz writes the partial
//! attempt and says so. Times come from [`Clock`] (fixed by `LRTUTOR_CLOCK` in tests).

use super::against::verdict_text;
use super::clock::Clock;
use super::quiz::{Input, explain, feedback, indent, read_solution, run_against};
use crate::classroom::results::{self, Answer, Attempt, Score, Shown, VariantRecord};
use crate::content::quiz::{Kind, Question, Quiz};
use crate::content::variant::{self, Variant};
use crate::content::{self, QuizFile, clean, session};
use crate::explain::compare;
use crate::sandbox::{self, Limits};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

/// The exam flags of `quiz`.
#[derive(Debug, Default, Clone)]
pub struct ExamOptions {
    pub name: Option<String>,
    pub results: Option<PathBuf>,
    pub no_feedback: bool,
    pub questions: Option<usize>,
    pub time_limit: Option<f64>,
}

impl ExamOptions {
    /// Whether any exam flag was given (else the quiz runs as a practice quiz).
    pub fn active(&self) -> bool {
        self.name.is_some()
            || self.results.is_some()
            || self.no_feedback
            || self.questions.is_some()
            || self.time_limit.is_some()
    }
}

/// The question as this student sees it (their variant filled in), and the variant.
pub(super) fn variant_of(q: &Question, seed: u64) -> Result<(Question, Option<Variant>), String> {
    let v = variant::pick(q, seed);
    let limits = Limits::default();
    let rendered = variant::render(q, v.as_ref(), &mut |src| Some(sandbox::run(src, &limits)))?;
    Ok((rendered, v))
}

/// [`variant_of`], or None after saying on `out` that the question is skipped and why.
pub(super) fn prepared(
    q: &Question,
    seed: u64,
    out: &mut impl Write,
) -> io::Result<Option<(Question, Option<Variant>)>> {
    match variant_of(q, seed) {
        Ok(x) => Ok(Some(x)),
        Err(why) => {
            writeln!(
                out,
                "(this question could not be prepared: {}; skipped)",
                clean(&why)
            )?;
            Ok(None)
        }
    }
}

/// A choice question's code and its options labelled a, b, c in `order`.
pub(super) fn show_options(q: &Question, order: &[usize], out: &mut impl Write) -> io::Result<()> {
    if let Some(code) = &q.code {
        writeln!(out, "{}", indent(&code.value))?;
    }
    for (i, &o) in order.iter().enumerate() {
        writeln!(
            out,
            "  {}) {}",
            session::letter(i),
            clean(&q.options[o].text.value)
        )?;
    }
    Ok(())
}

/// Runs the exam; the exit code (0 taken, 2 when the clock or results file fails).
pub(super) fn run(
    file: &QuizFile,
    seed: u64,
    opts: &ExamOptions,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
) -> i32 {
    let clock = match Clock::from_env() {
        Ok(c) => c,
        Err(msg) => {
            errln!("lrtutor quiz: {msg}");
            return 2;
        }
    };
    let source = content::bundled_source(&file.path)
        .map(str::to_string)
        .or_else(|| std::fs::read_to_string(&file.path).ok())
        .unwrap_or_default();
    let mut exam = Exam {
        quiz: &file.quiz,
        seed,
        opts,
        clock,
        attempt: blank(file, seed, opts, &source),
    };
    let start = exam.clock.now();
    exam.attempt.started = results::iso8601(start);
    exam.attempt.ended = exam.attempt.started.clone();
    // Written before the first question (so an unwritable path is found before the exam, not
    // after it) and after each answer (so an interrupted exam still leaves its answers).
    if let Err(e) = exam.save() {
        errln!("lrtutor quiz: cannot write the results to {e}; nothing was asked");
        return 2;
    }
    let ended_by = exam.take(start, input, out).unwrap_or("finished");
    let end = exam.clock.now();
    let a = &mut exam.attempt;
    a.ended = results::iso8601(end);
    a.seconds = results::millis(end - start);
    a.ended_by = ended_by.to_string();
    let _ = closing(a, opts, out);
    if let Some(path) = &opts.results {
        if let Err(e) = write_results(path, a) {
            errln!(
                "lrtutor quiz: cannot write the results to {}: {e}",
                path.display()
            );
            return 2;
        }
        let partial = if ended_by == "finished" {
            ""
        } else {
            "the partial attempt "
        };
        let _ = writeln!(out, "Wrote {partial}to {}.", path.display());
    }
    0
}

/// The attempt before any question: what is known up front.
fn blank(file: &QuizFile, seed: u64, opts: &ExamOptions, source: &str) -> Attempt {
    Attempt {
        format: results::FORMAT,
        quiz: file.quiz.id.value.clone(),
        quiz_title: file.quiz.title.clone(),
        quiz_hash: results::quiz_hash(source),
        student: opts.name.clone(),
        seed,
        started: String::new(),
        ended: String::new(),
        seconds: 0.0,
        ended_by: String::new(),
        feedback: !opts.no_feedback,
        time_limit_minutes: opts.time_limit,
        questions: Vec::new(),
        score: Score {
            right: 0,
            answered: 0,
            total: 0,
        },
    }
}

struct Exam<'q> {
    quiz: &'q Quiz,
    seed: u64,
    opts: &'q ExamOptions,
    clock: Clock,
    attempt: Attempt,
}

impl Exam<'_> {
    /// Writes the attempt so far (`ended_by: in-progress`), when results are asked for.
    fn save(&mut self) -> Result<(), String> {
        let Some(path) = &self.opts.results else {
            return Ok(());
        };
        self.attempt.ended_by = "in-progress".to_string();
        write_results(path, &self.attempt).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Asks the questions; how the attempt ended (`None` on a closed output).
    fn take(
        &mut self,
        start: f64,
        input: &mut Input<impl BufRead>,
        out: &mut impl Write,
    ) -> Option<&'static str> {
        let picked = crate::classroom::subset(
            &self.quiz.id.value,
            self.quiz.questions.len(),
            self.opts.questions,
            self.seed,
        );
        let n = picked.len();
        self.attempt.score.total = n;
        let head = format!(
            "{} — {}",
            clean(&self.quiz.title),
            super::count(n, "question", "questions")
        );
        writeln!(out, "{head}").ok()?;
        if let Some(min) = self.opts.time_limit {
            writeln!(out, "Time limit: {min} min; no answer is counted after it.").ok()?;
        }
        let deadline = self.opts.time_limit.map(|m| start + m * 60.0);
        for (k, &i) in picked.iter().enumerate() {
            let q = &self.quiz.questions[i];
            let left = deadline.map(|d| d - self.clock.now());
            if left.is_some_and(|s| s <= 0.0) {
                self.unasked(&picked[k..]);
                writeln!(out, "\nTime is up.").ok()?;
                return Some("time-limit");
            }
            let clock = left.map_or(String::new(), |s| format!(" ({} left)", duration(s)));
            writeln!(out, "\nQuestion {} of {n}{clock}", k + 1).ok()?;
            let ended = self.question(q, input, out, deadline).ok()?;
            if let Some(how) = ended {
                self.unasked(&picked[k + 1..]);
                return Some(how);
            }
        }
        Some("finished")
    }

    /// Records questions never shown (time up or input ended), as not answered.
    fn unasked(&mut self, rest: &[usize]) {
        for &i in rest {
            let q = &self.quiz.questions[i];
            let mut a = record(q, None, &[], &[]);
            a.variant = variant::pick(q, self.seed).map(|v| record_variant(&v));
            self.attempt.questions.push(a);
        }
    }

    /// One question: shown, answered, recorded. `Some(how)` when the attempt ends here.
    fn question(
        &mut self,
        q: &Question,
        input: &mut Input<impl BufRead>,
        out: &mut impl Write,
        deadline: Option<f64>,
    ) -> io::Result<Option<&'static str>> {
        let shown_at = self.clock.now();
        let Some((r, v)) = prepared(q, self.seed, out)? else {
            self.attempt.questions.push(record(q, None, &[], &[]));
            return Ok(None);
        };
        writeln!(out, "{}", clean(r.prompt.trim_end()))?;
        let order = if r.kind.value == Kind::Exercise {
            Vec::new()
        } else {
            session::option_order(self.quiz, &r, self.seed)
        };
        let mut a = record(&r, v.as_ref(), &order, &[]);
        let answered = match r.kind.value {
            Kind::Exercise => self.exercise(&r, &mut a, input, out)?,
            _ => self.choice(&r, &order, &mut a, input, out)?,
        };
        let now = self.clock.now();
        if !answered {
            a.chosen.clear();
            self.attempt.questions.push(a);
            writeln!(out, "\n(input ended)")?;
            return Ok(Some("input-ended"));
        }
        if deadline.is_some_and(|d| now > d) {
            a.chosen.clear();
            a.code = None;
            a.correct = false;
            self.attempt.questions.push(a);
            writeln!(
                out,
                "Time is up: this answer came after the time limit and is not counted."
            )?;
            return Ok(Some("time-limit"));
        }
        a.answered = true;
        a.seconds = Some(results::millis(now - shown_at));
        self.attempt.score.answered += 1;
        self.attempt.score.right += usize::from(a.correct);
        if self.opts.no_feedback {
            writeln!(out, "Recorded.")?;
        } else {
            explain(&r, out)?;
        }
        self.attempt.questions.push(a);
        // A failure here is reported by the final write.
        let _ = self.save();
        Ok(None)
    }

    /// Options shown in the seed's order; the answer read until it parses. False at end of input.
    fn choice(
        &self,
        q: &Question,
        order: &[usize],
        a: &mut Answer,
        input: &mut Input<impl BufRead>,
        out: &mut impl Write,
    ) -> io::Result<bool> {
        show_options(q, order, out)?;
        let last = session::letter(order.len().saturating_sub(1));
        let picked = loop {
            match q.kind.value {
                Kind::Multi => write!(out, "Your answer (all that apply, like a,c; a-{last}): ")?,
                _ => write!(out, "Your answer (a-{last}): ")?,
            }
            out.flush()?;
            let Some(line) = input.line(out)? else {
                return Ok(false);
            };
            match session::parse_answer(&line, order, q.kind.value) {
                Ok(p) => break p,
                Err(hint) => writeln!(out, "Please {hint}.")?,
            }
        };
        let grade = session::grade(q, &picked);
        a.correct = grade.correct;
        let mut letters: Vec<String> = picked
            .iter()
            .filter_map(|o| order.iter().position(|x| x == o))
            .map(|p| session::letter(p).to_string())
            .collect();
        letters.sort();
        a.chosen = letters;
        if !self.opts.no_feedback {
            feedback(q, order, &grade, out)?;
        }
        Ok(true)
    }

    /// An exercise: code up to a `.` line, graded against the reference. False at end of input.
    fn exercise(
        &self,
        q: &Question,
        a: &mut Answer,
        input: &mut Input<impl BufRead>,
        out: &mut impl Write,
    ) -> io::Result<bool> {
        let Some(code) = read_solution(q, input, out)? else {
            return Ok(false);
        };
        a.code = Some(code.clone());
        let (Some(reference), Some(cmp)) = (&q.reference, &q.compare) else {
            return Ok(true);
        };
        let (mine, want) = match run_against(&code, &reference.value) {
            Ok(runs) => runs,
            Err(why) => {
                writeln!(out, "{why}")?;
                return Ok(true);
            }
        };
        let grade = compare::grade(&mine, &want, cmp.steps);
        a.correct = grade.passed();
        if !self.opts.no_feedback {
            write!(out, "{}", verdict_text("your solution", &grade, &mine))?;
        }
        Ok(true)
    }
}

/// `45 s`, `3 min 20 s`: time left, in whole seconds (rounded up, so it never says 0 s early).
fn duration(seconds: f64) -> String {
    let s = seconds.ceil().max(0.0) as u64;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A question's record before it is answered: its options in the order shown.
fn record(q: &Question, v: Option<&Variant>, order: &[usize], chosen: &[String]) -> Answer {
    let kind = match q.kind.value {
        Kind::Choice => "choice",
        Kind::Multi => "multi",
        Kind::Exercise => "exercise",
    };
    let options = order
        .iter()
        .enumerate()
        .map(|(i, &o)| {
            let opt = &q.options[o];
            Shown {
                letter: session::letter(i).to_string(),
                text: opt.text.value.clone(),
                correct: opt.correct,
                source: o,
                why: opt.why.clone(),
                mistake: opt.mistake.as_ref().map(|m| m.value.clone()),
            }
        })
        .collect();
    Answer {
        id: q.id.value.clone(),
        kind: kind.to_string(),
        variant: v.map(record_variant),
        options,
        chosen: chosen.to_vec(),
        code: None,
        answered: false,
        correct: false,
        seconds: None,
    }
}

fn record_variant(v: &Variant) -> VariantRecord {
    VariantRecord {
        index: v.index,
        params: v.values.iter().cloned().collect(),
    }
}

/// The last lines: the score (or, under `--no-feedback`, that the answers are recorded), and
/// why the attempt ended early.
fn closing(a: &Attempt, opts: &ExamOptions, out: &mut impl Write) -> io::Result<()> {
    let s = a.score;
    match a.ended_by.as_str() {
        "input-ended" => writeln!(
            out,
            "\nInput ended mid-quiz: {} of {} answered; this is a partial attempt.",
            s.answered, s.total
        )?,
        "time-limit" => writeln!(
            out,
            "\nThe time limit ended the attempt: {} of {} answered.",
            s.answered, s.total
        )?,
        _ => {}
    }
    if opts.no_feedback {
        return writeln!(
            out,
            "\nYour answers are recorded ({} of {} answered).",
            s.answered, s.total
        );
    }
    writeln!(out, "\nScore: {} of {} right.", s.right, s.total)
}

/// Writes the results next to their final name first, so a reader never sees half a file.
fn write_results(path: &Path, a: &Attempt) -> io::Result<()> {
    let text = serde_json::to_string_pretty(a).map_err(io::Error::other)? + "\n";
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn time_left_reads_in_minutes_and_seconds() {
        let table = [
            (45.0, "45 s"),
            (200.0, "3 min 20 s"),
            (120.0, "2 min"),
            (0.2, "1 s"),
        ];
        for (s, want) in table {
            assert_eq!(super::duration(s), want, "{s}");
        }
    }
}
