//! `lrtutor quiz ID --plain [--seed N]`: a quiz in plain line mode, for screen readers, scripts
//! and exams. Questions and options are printed as lines; answers are read from standard input
//! (option letters, or for an exercise the code followed by a line with a single `.`). After each
//! answer come the feedback, the worked solution and the quick check; at the end, the score.

use super::against::verdict_text;
use crate::content::quiz::{Kind, Question, Quiz};
use crate::content::session::{self, Grade};
use crate::content::{self, clean};
use crate::explain::{catalog, compare};
use crate::sandbox::{self, Limits, RunResult};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

/// Runs the command; returns the exit code (0 when the quiz was taken, 2 for an unknown quiz).
pub fn run(
    id: &str,
    course_dir: Option<&Path>,
    plain: bool,
    seed: Option<u64>,
    exam: &super::exam::ExamOptions,
) -> i32 {
    let Some(course) = super::check::course_for("lrtutor quiz", course_dir) else {
        return 2;
    };
    let Some(file) = course.quiz(id) else {
        // The quiz may be in a file that did not load: say which files those are, and why.
        for d in &course.diagnostics {
            errln!("{}", clean(&d.to_string()));
        }
        if course.unloaded.quizzes.iter().flatten().any(|x| x == id) {
            errln!(
                "lrtutor quiz: quiz '{}' is in a file with the errors above; fix them (`lrtutor check` lists them all) and try again",
                clean(id)
            );
            return 2;
        }
        let ids: Vec<&str> = course
            .quizzes
            .iter()
            .map(|q| q.quiz.id.value.as_str())
            .collect();
        errln!(
            "lrtutor quiz: no quiz '{}' in this course (quizzes: {})",
            clean(id),
            clean(&ids.join(", "))
        );
        return 2;
    };
    if !plain && !exam.active() {
        errln!("(not a terminal, so the quiz runs in plain mode; the app opens it on a terminal)");
    }
    let seed = seed.unwrap_or_else(clock_seed);
    let (stdin, stdout) = (io::stdin(), io::stdout());
    // Piped answers are echoed so the transcript reads like a terminal session.
    let echo = !stdin.is_terminal();
    let mut input = Input {
        inner: stdin.lock(),
        echo,
    };
    if exam.active() {
        // An exam sitting is the instructor's record (--results), not the learner's progress.
        return super::exam::run(file, seed, exam, &mut input, &mut stdout.lock());
    }
    // Answers go into the learner's progress (and review schedule) unless LRTUTOR_NO_PROGRESS.
    let mut progress = super::progress::Recorder::open("quiz");
    progress.location(crate::progress::Place::Quiz, id);
    let mut record = |q: &Question, a: &Answered| progress.answer(id, q, a);
    // A closed output (`| head`) ends the quiz quietly, like the other commands.
    let _ = take(
        &file.quiz,
        seed,
        &mut input,
        &mut stdout.lock(),
        &mut record,
    );
    0
}

/// A seed for the option order when none is given: the time, so each sitting differs.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Questions answered right, answered, and in the quiz (an unanswered one counts as not right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub asked: usize,
    pub total: usize,
}

/// What the learner answered to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub right: bool,
    /// The options picked, as indices in the quiz file's order (empty for an exercise).
    pub chosen: Vec<usize>,
    /// The code submitted to an exercise.
    pub code: Option<String>,
    /// False when the answer could not be graded (an exercise whose reference is broken): it
    /// counts as not right, but is not the learner's mistake to remember.
    pub graded: bool,
}

/// Takes the quiz on `input`/`out`, calling `record` with each answer as it is given. Ends
/// early (with the score so far) when input ends.
pub fn take(
    quiz: &Quiz,
    seed: u64,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
    record: &mut dyn FnMut(&Question, &Answered),
) -> io::Result<Score> {
    let n = quiz.questions.len();
    writeln!(
        out,
        "{} — {}",
        clean(&quiz.title),
        super::count(n, "question", "questions")
    )?;
    let mut score = Score {
        right: 0,
        asked: 0,
        total: n,
    };
    for (k, q) in quiz.questions.iter().enumerate() {
        writeln!(out, "\nQuestion {} of {n}", k + 1)?;
        // A question with `params` shows this learner's variant.
        let Some((q, _)) = super::exam::prepared(q, seed, out)? else {
            continue;
        };
        let q = &q;
        let Some(answered) = ask(quiz, q, seed, input, out)? else {
            writeln!(out, "\n(input ended)")?;
            break;
        };
        score.asked += 1;
        score.right += usize::from(answered.right);
        record(q, &answered);
        explain(q, out)?;
    }
    let unanswered = match score.total - score.asked {
        0 => String::new(),
        k => format!(
            " ({} not answered)",
            super::count(k, "question", "questions")
        ),
    };
    writeln!(
        out,
        "\nScore: {} of {} right{unanswered}.",
        score.right, score.total
    )?;
    Ok(score)
}

/// Asks one question (prompt, answer, right or wrong and why; the worked solution is
/// [`explain`]'s); `None` when input ends first.
pub fn ask(
    quiz: &Quiz,
    q: &Question,
    seed: u64,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
) -> io::Result<Option<Answered>> {
    writeln!(out, "{}", clean(q.prompt.trim_end()))?;
    match q.kind.value {
        Kind::Exercise => exercise(q, input, out),
        Kind::Choice | Kind::Multi => choice(quiz, q, seed, input, out),
    }
}

/// Asks a choice or multi question until the answer parses; `None` when input ends.
fn choice(
    quiz: &Quiz,
    q: &Question,
    seed: u64,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
) -> io::Result<Option<Answered>> {
    let order = session::option_order(quiz, q, seed);
    super::exam::show_options(q, &order, out)?;
    let picked = loop {
        let last = session::letter(order.len().saturating_sub(1));
        match q.kind.value {
            Kind::Multi => write!(out, "Your answer (all that apply, a-{last}): ")?,
            _ => write!(out, "Your answer (a-{last}): ")?,
        }
        out.flush()?;
        let Some(line) = input.line(out)? else {
            return Ok(None);
        };
        match session::parse_answer(&line, &order, q.kind.value) {
            Ok(p) => break p,
            Err(hint) => writeln!(out, "Please {hint}.")?,
        }
    };
    let grade = session::grade(q, &picked);
    feedback(q, &order, &grade, out)?;
    Ok(Some(Answered {
        right: grade.correct,
        chosen: picked,
        code: None,
        graded: true,
    }))
}

/// Right or not; the right options; why each wrong pick is wrong, with its catalog mistake.
pub(super) fn feedback(
    q: &Question,
    order: &[usize],
    g: &Grade,
    out: &mut impl Write,
) -> io::Result<()> {
    let label = |o: usize| {
        let pos = order.iter().position(|&x| x == o).unwrap_or(0);
        format!(
            "{}) {}",
            session::letter(pos),
            clean(&q.options[o].text.value)
        )
    };
    if g.correct {
        return writeln!(out, "Right.");
    }
    writeln!(out, "Not quite.")?;
    let answers: Vec<String> = (0..q.options.len())
        .filter(|&o| q.options[o].correct)
        .map(label)
        .collect();
    writeln!(out, "The answer: {}", answers.join("; "))?;
    for &o in &g.wrong {
        let option = &q.options[o];
        if let Some(why) = &option.why {
            writeln!(
                out,
                "Why not {} {}",
                why_not(&label(o)),
                clean(why.trim_end())
            )?;
        }
        let mistake = option.mistake.as_ref().and_then(|m| catalog::get(&m.value));
        if let Some(entry) = mistake {
            writeln!(out, "  Common mistake: {}", clean(&entry.title))?;
        }
    }
    Ok(())
}

/// "c) Some text:" for "Why not c) Some text: ...". An option written as a sentence keeps its
/// question or exclamation mark (then a dash, not a colon) but not its full stop, so the line
/// never reads "epochs.: It is".
fn why_not(label: &str) -> String {
    let label = label.trim_end();
    if let Some(sentence) = label.strip_suffix('.') {
        return format!("{sentence}:");
    }
    if label.ends_with(['?', '!', ':', ';']) {
        return format!("{} —", label.trim_end_matches([':', ';']));
    }
    format!("{label}:")
}

/// The worked solution and the quick check, when the question has them.
pub fn explain(q: &Question, out: &mut impl Write) -> io::Result<()> {
    if !q.solution.is_empty() {
        writeln!(out, "Worked solution:")?;
        for (i, step) in q.solution.iter().enumerate() {
            let text = clean(step.text.trim_end());
            writeln!(out, "  {}. {}: {text}", i + 1, clean(&step.title))?;
        }
    }
    if let Some(check) = &q.quick_check {
        writeln!(out, "Quick check: {}", clean(check.trim_end()))?;
    }
    Ok(())
}

/// An exercise: shows the starter, reads code up to a `.` line, and compares its learning rate
/// with the reference solution's.
fn exercise(
    q: &Question,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
) -> io::Result<Option<Answered>> {
    let Some(code) = read_solution(q, input, out)? else {
        return Ok(None);
    };
    let answered = |right: bool, graded: bool| Answered {
        right,
        chosen: Vec::new(),
        code: Some(code.clone()),
        graded,
    };
    let (Some(reference), Some(cmp)) = (&q.reference, &q.compare) else {
        writeln!(
            out,
            "(this exercise has no reference solution to compare with)"
        )?;
        return Ok(Some(answered(false, false)));
    };
    let (mine, want) = match run_against(&code, &reference.value) {
        Ok(runs) => runs,
        Err(why) => {
            writeln!(out, "{why}")?;
            return Ok(Some(answered(false, false)));
        }
    };
    // More epochs than the reference records is `check`'s error; compare what there is.
    let grade = compare::grade(&mine, &want, cmp.steps);
    write!(out, "{}", verdict_text("your solution", &grade, &mine))?;
    let pass = grade.passed();
    if !pass {
        for hint in &q.hints {
            writeln!(out, "Hint: {}", clean(hint.trim_end()))?;
        }
    }
    Ok(Some(answered(pass, true)))
}

/// Shows an exercise's starter and reads the learner's code up to a line `.`; None when the
/// input ended before any code was typed.
pub(super) fn read_solution(
    q: &Question,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
) -> io::Result<Option<String>> {
    if let Some(starter) = &q.starter {
        writeln!(out, "Starter code:\n{}", indent(starter))?;
    }
    writeln!(
        out,
        "Type or paste your solution, then a line with a single `.`:"
    )?;
    out.flush()?;
    let mut code = String::new();
    loop {
        match input.line(out)? {
            None if code.trim().is_empty() => return Ok(None),
            None => return Ok(Some(code)),
            Some(l) if l.trim() == "." => return Ok(Some(code)),
            Some(l) => {
                code.push_str(&l);
                code.push('\n');
            }
        }
    }
}

/// Runs the learner's code and the reference; Err is the message to show when the reference
/// itself fails (a broken answer key is `check`'s error: grading against it would blame the
/// learner).
pub(super) fn run_against(code: &str, reference: &str) -> Result<(RunResult, RunResult), String> {
    let limits = Limits::default();
    let (mine, want) = (
        sandbox::run(code, &limits),
        sandbox::run(reference, &limits),
    );
    match &want.error {
        Some(e) => Err(format!(
            "(this exercise's reference solution raises {}: {}; it cannot grade your answer)",
            e.kind,
            clean(&e.message)
        )),
        None => Ok((mine, want)),
    }
}

/// The learner's answers, echoed to the output when they do not come from a terminal.
pub struct Input<R> {
    inner: R,
    echo: bool,
}

impl<R: BufRead> Input<R> {
    /// Reads from `inner`, echoing each line to the output when `echo` (input not a terminal).
    pub fn new(inner: R, echo: bool) -> Self {
        Input { inner, echo }
    }

    /// One line without its line ending; `None` at the end of input.
    pub fn line(&mut self, out: &mut impl Write) -> io::Result<Option<String>> {
        let mut line = String::new();
        if self.inner.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\n', '\r']).to_string();
        if self.echo {
            writeln!(out, "{}", clean(&line))?;
        }
        Ok(Some(line))
    }
}

/// Code shown four spaces in, as Markdown would.
pub(super) fn indent(code: &str) -> String {
    content::clean(code.trim_end())
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::why_not;

    #[test]
    fn why_not_never_doubles_punctuation() {
        let table = [
            (
                "c) Both raise the rate over time.",
                "c) Both raise the rate over time:",
            ),
            (
                "a) `StepLR(optimizer, step_size=[5])`",
                "a) `StepLR(optimizer, step_size=[5])`:",
            ),
            ("b) Does it decay?", "b) Does it decay? —"),
            ("d) Like this:", "d) Like this —"),
        ];
        for (label, want) in table {
            assert_eq!(why_not(label), want, "{label}");
        }
    }
}
