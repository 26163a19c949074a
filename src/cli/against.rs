//! `lrtutor run FILE --against REFERENCE.py [--steps N] [--json]`: the exercise verdict — runs
//! the reference, grades the attempt on the rates its `optimizer.step()` calls used and the rate
//! after each epoch, and prints the verdict, what differs, the first difference, the attempt's
//! warnings, the explanations and a two-curve plot (or all of it as one JSON object).

use super::json::Out;
use super::plot::plot_along;
use super::run::{clean, read};
use crate::engine::Num;
use crate::engine::repr::float_repr;
use crate::explain::catalog;
use crate::explain::compare::{self, At, Grade, Series};
use crate::sandbox::{self, Limits, RunResult};
use std::fmt::Write as _;
use std::path::Path;

/// What `run --against` was asked for.
pub struct Request<'a> {
    pub name: &'a str,
    pub reference: &'a Path,
    pub steps: Option<usize>,
    pub json: bool,
}

/// Prints the verdict; exit 0 when the attempt matches, 1 when it differs, 2 when the reference
/// cannot be read or does not run, or `--steps` asks for more epochs than it records.
pub fn run(req: &Request, learner: &RunResult, limits: &Limits) -> i32 {
    let ref_name = clean(&req.reference.display().to_string());
    let source = match read(req.reference) {
        Ok(s) => s,
        Err(e) => {
            errln!("lrtutor run: {ref_name}: cannot read the reference: {e}");
            return 2;
        }
    };
    let want = sandbox::run(&source, limits);
    if let Some(e) = &want.error {
        errln!(
            "lrtutor run: {ref_name}: the reference raised {}: {} (line {})",
            e.kind,
            clean(&e.message),
            e.line.unwrap_or(0)
        );
        return 2;
    }
    let available = compare::epochs(&want);
    let epochs = match req.steps {
        None => available,
        Some(0) => {
            errln!(
                "lrtutor run: --steps 0 compares nothing; give a number of epochs from 1 to {available}"
            );
            return 2;
        }
        Some(n) if n > available => {
            errln!(
                "lrtutor run: --steps {n} is more than the {available} epochs the reference {ref_name} records; use --steps {available} or fewer"
            );
            return 2;
        }
        Some(n) => n,
    };
    let grade = compare::grade(learner, &want, epochs);
    if req.json {
        let mut buf = String::new();
        grade_json(&grade, learner).write(&mut buf);
        outln!("{buf}");
    } else {
        out!("{}", verdict_text(req.name, &grade, learner));
        let (target, yours) = (curve(&grade.target, epochs), curve(&grade.yours, epochs));
        out!(
            "\n{}",
            plot_along(
                &[("target", '◦', target), ("yours", '•', yours)],
                60,
                10,
                "epoch"
            )
        );
    }
    i32::from(!grade.passed())
}

/// One value per epoch for the plot: the first rate training used in it (the rate at its start
/// where it trained with none), or, in a run without epochs, the rate after each step.
fn curve(s: &Series, epochs: usize) -> Vec<f64> {
    if s.used_epoch.is_some() && !s.used.is_empty() {
        let after = |e: usize| s.epochs.get(e).and_then(|r| r.first().copied());
        return (0..epochs)
            .filter_map(|e| {
                let used = s.used_in(e).first().and_then(|(_, r)| r.first().copied());
                used.or_else(|| after(e))
            })
            .collect();
    }
    s.column(0, epochs + 1)
}

fn where_text(at: At) -> String {
    match at {
        At::After(i) => format!("in the rate {}", compare::after_text(i)),
        At::Used { epoch: Some(e), .. } => {
            format!("in the rate optimizer.step() trained with in epoch {e} (counting from 0)")
        }
        At::Used { step, .. } => format!(
            "in the rate optimizer.step() call number {} trained with",
            step + 1
        ),
    }
}

/// The verdict as lines of text: a tick, or what differs (most certain first) with the first
/// difference, the attempt's warnings and the catalog's explanation of each named mistake.
pub(super) fn verdict_text(name: &str, grade: &Grade, learner: &RunResult) -> String {
    let mut s = String::new();
    let name = clean(name);
    let Some(main) = grade.classes.first() else {
        let _ = writeln!(
            s,
            "✓ {name}: the learning rate matches the target in every one of {} epochs, at each optimizer.step() and after each epoch.",
            grade.epochs
        );
        print_warnings(&mut s, learner);
        return s;
    };
    let _ = writeln!(s, "✗ {name}: {}", main.difference.describe());
    let _ = writeln!(s, "    {}", clean(&main.detail));
    for c in &grade.classes[1..] {
        let _ = writeln!(s, "  and {}", c.difference.describe());
        let _ = writeln!(s, "    {}", clean(&c.detail));
    }
    let broken = learner.error.as_ref().is_some_and(|e| {
        matches!(
            e.kind.as_str(),
            "SyntaxError" | "IndentationError" | "TabError"
        )
    });
    // A run that stopped has no rates to show past its error; the error says it all.
    let stopped = learner.error.is_some() && grade.first.as_ref().is_some_and(|m| m.got.is_none());
    if let (Some(m), false) = (&grade.first, broken || stopped) {
        let _ = writeln!(
            s,
            "  First difference {} (param group {}):",
            where_text(m.at),
            m.group
        );
        // Rates used in an epoch are compared as the distinct rates in order, so a missing one
        // means that run's epoch had no further rate.
        let none = match m.at {
            At::After(_) => "(no value: the run ended before)",
            At::Used { epoch: Some(_), .. } => "(no further rate in that epoch)",
            At::Used { .. } => "(no further optimizer.step())",
        };
        let value = |v: Option<f64>| v.map_or_else(|| none.to_string(), float_repr);
        let _ = writeln!(s, "    yours  {}", value(m.got));
        let _ = writeln!(s, "    target {}", value(m.want));
    }
    print_warnings(&mut s, learner);
    let mut shown: Vec<&str> = Vec::new();
    for id in grade
        .classes
        .iter()
        .filter_map(|c| c.difference.mistake_id())
    {
        if shown.contains(&id) {
            continue;
        }
        shown.push(id);
        if let Some(entry) = catalog::get(id) {
            let _ = writeln!(s, "\n{}\n{}", entry.title, entry.explanation.trim_end());
        }
    }
    s
}

/// The attempt's warnings, as the learner would see them from Python.
fn print_warnings(s: &mut String, learner: &RunResult) {
    if learner.warnings.is_empty() {
        return;
    }
    let _ = writeln!(s, "  Your run warned:");
    for w in &learner.warnings {
        let at = w.line.map_or(String::new(), |l| format!("line {l}: "));
        let _ = writeln!(s, "    {at}{}: {}", w.category, clean(&w.message));
    }
}

fn num(x: f64) -> Out {
    Out::Num(Num::Float(x))
}

fn int(i: usize) -> Out {
    Out::Num(Num::Int(i as i64))
}

fn rows(rows: &[Vec<f64>]) -> Out {
    Out::List(
        rows.iter()
            .map(|r| Out::List(r.iter().map(|x| num(*x)).collect()))
            .collect(),
    )
}

/// A run's series over the compared epochs: `{"epochs", "used", "used_epoch"}`.
fn series_json(s: &Series, epochs: usize, steps: usize) -> Out {
    let keep: Vec<usize> = match &s.used_epoch {
        Some(e) => (0..s.used.len()).filter(|i| e[*i] < epochs).collect(),
        None => (0..s.used.len().min(steps)).collect(),
    };
    let used: Vec<Vec<f64>> = keep.iter().map(|i| s.used[*i].clone()).collect();
    Out::Obj(vec![
        ("epochs", rows(&s.epochs[..s.epochs.len().min(epochs + 1)])),
        ("used", rows(&used)),
        (
            "used_epoch",
            s.used_epoch.as_ref().map_or(Out::Null, |e| {
                Out::List(keep.iter().map(|i| int(e[*i])).collect())
            }),
        ),
    ])
}

/// `{"verdict", "epochs", "classes", "first_difference", "yours", "target", "warnings", "error"}`.
fn grade_json(g: &Grade, learner: &RunResult) -> Out {
    let classes = g
        .classes
        .iter()
        .map(|c| {
            Out::Obj(vec![
                ("id", Out::Str(c.difference.id().into())),
                ("description", Out::Str(c.difference.describe().into())),
                ("detail", Out::Str(c.detail.clone())),
                (
                    "mistake",
                    c.difference
                        .mistake_id()
                        .map_or(Out::Null, |m| Out::Str(m.into())),
                ),
            ])
        })
        .collect();
    let opt = |v: Option<f64>| v.map_or(Out::Null, num);
    let first = g.first.as_ref().map_or(Out::Null, |m| {
        let (kind, after, epoch, step) = match m.at {
            At::After(i) => (
                "after_epoch",
                Out::Num(Num::Int(i as i64)),
                Out::Null,
                Out::Null,
            ),
            At::Used { epoch, step } => {
                ("used", Out::Null, epoch.map_or(Out::Null, int), int(step))
            }
        };
        Out::Obj(vec![
            ("kind", Out::Str(kind.into())),
            ("after_epochs", after),
            ("epoch", epoch),
            ("step", step),
            ("group", int(m.group)),
            ("yours", opt(m.got)),
            ("target", opt(m.want)),
        ])
    });
    let steps = g.target.steps_at.get(g.epochs).map_or(0, |n| *n as usize);
    let line = |l: Option<u32>| l.map_or(Out::Null, |l| int(l as usize));
    let warnings = learner
        .warnings
        .iter()
        .map(|w| {
            Out::Obj(vec![
                ("category", Out::Str(w.category.clone())),
                ("message", Out::Str(w.message.clone())),
                ("line", line(w.line)),
            ])
        })
        .collect();
    let error = learner.error.as_ref().map_or(Out::Null, |e| {
        Out::Obj(vec![
            ("type", Out::Str(e.kind.clone())),
            ("message", Out::Str(e.message.clone())),
            ("line", line(e.line)),
        ])
    });
    Out::Obj(vec![
        (
            "verdict",
            Out::Str(if g.passed() { "pass" } else { "fail" }.into()),
        ),
        ("epochs", int(g.epochs)),
        ("classes", Out::List(classes)),
        ("first_difference", first),
        ("yours", series_json(&g.yours, g.epochs, steps)),
        ("target", series_json(&g.target, g.epochs, steps)),
        ("warnings", Out::List(warnings)),
        ("error", error),
    ])
}
