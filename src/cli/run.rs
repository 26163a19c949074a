//! `lrtutor run FILE.py [--json]`: runs a snippet in the sandbox and prints what Python would
//! (stdout, then warnings and the traceback on stderr), or one JSON object for tools.

use super::json::Out;
use crate::engine::Num;
use crate::explain::{self, Mistake};
use crate::sandbox::{self, Limits, RunResult};
use std::path::Path;

/// Options of `lrtutor run`.
pub struct RunOptions {
    pub json: bool,
    pub max_steps: Option<u64>,
    /// The memory budget in MiB.
    pub max_memory: Option<u64>,
    /// A reference solution to compare the learning-rate trajectory with.
    pub against: Option<std::path::PathBuf>,
    /// Epochs compared with `--against`.
    pub steps: Option<usize>,
}

/// Runs the command; returns the exit code (0 ran, 1 raised, 2 could not read the file).
pub fn run(path: &Path, opts: &RunOptions) -> i32 {
    let (json, max_steps) = (opts.json, opts.max_steps);
    let name = path.display().to_string();
    let source = match read(path) {
        Ok(s) => s,
        Err(e) => {
            errln!("lrtutor run: {}: cannot read the file: {e}", clean(&name));
            return 2;
        }
    };
    let mut limits = Limits {
        flags: true,
        ..Limits::default()
    };
    if let Some(n) = max_steps {
        limits.max_steps = n;
    }
    if let Some(mib) = opts.max_memory {
        limits.max_memory = usize::try_from(mib << 20).unwrap_or(usize::MAX);
    }
    let program = sandbox::compile(&source);
    let result = match &program {
        Ok(p) => sandbox::run_program(p, &limits),
        Err(e) => RunResult {
            error: Some(e.clone()),
            ..RunResult::default()
        },
    };
    let mistakes = explain::diagnose(program.as_ref().ok(), &result);
    if let Some(reference) = &opts.against {
        let req = super::against::Request {
            name: &name,
            reference,
            steps: opts.steps,
            json,
        };
        return super::against::run(&req, &result, &limits);
    }
    if json {
        let mut buf = String::new();
        result_json(&result, &mistakes).write(&mut buf);
        outln!("{buf}");
    } else {
        print_plain(&name, &source, &result);
        print_mistakes(&mistakes);
    }
    i32::from(result.error.is_some())
}

/// The explanations, after Python's own output.
fn print_mistakes(mistakes: &[Mistake]) {
    for m in mistakes {
        errln!("\n── lrtutor: {} [{}]", m.title, m.id);
        errln!("{}", m.explanation);
        if let Some(fix) = &m.fix {
            errln!("\nFix:\n{}", indent(fix));
        }
    }
}

fn indent(code: &str) -> String {
    code.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn mistake_json(m: &Mistake) -> Out {
    Out::Obj(vec![
        ("id", Out::Str(m.id.into())),
        ("title", Out::Str(m.title.clone())),
        ("explanation", Out::Str(m.explanation.clone())),
        ("line", line_opt(m.line)),
        (
            "fix",
            m.fix.as_ref().map_or(Out::Null, |f| Out::Str(f.clone())),
        ),
    ])
}

pub fn read(path: &Path) -> Result<String, String> {
    super::files::read_text(path, super::files::MAX_INPUT_BYTES)
}

fn line_opt(line: Option<u32>) -> Out {
    line.map_or(Out::Null, |l| Out::Num(Num::Int(i64::from(l))))
}

fn result_json(r: &RunResult, mistakes: &[Mistake]) -> Out {
    let error = match &r.error {
        None => Out::Null,
        Some(e) => Out::Obj(vec![
            ("type", Out::Str(e.kind.clone())),
            ("message", Out::Str(e.message.clone())),
            ("line", line_opt(e.line)),
        ]),
    };
    let warnings = Out::List(
        r.warnings
            .iter()
            .map(|w| {
                Out::Obj(vec![
                    ("category", Out::Str(w.category.clone())),
                    ("message", Out::Str(w.message.clone())),
                    ("line", line_opt(w.line)),
                ])
            })
            .collect(),
    );
    let events = r
        .trace
        .iter()
        .map(|t| {
            Out::Obj(vec![
                ("kind", Out::Str(t.kind.into())),
                (
                    "optimizer_steps",
                    Out::Num(Num::Int(t.optimizer_steps as i64)),
                ),
                ("line", Out::Num(Num::Int(i64::from(t.line)))),
                (
                    "scheduler",
                    t.scheduler.map_or(Out::Null, |s| Out::Str(s.into())),
                ),
                (
                    "lr",
                    Out::List(t.lr.iter().map(|x| Out::Num(Num::Float(*x))).collect()),
                ),
                (
                    "momentum",
                    Out::List(
                        t.momentum
                            .iter()
                            .map(|m| m.map_or(Out::Null, |x| Out::Num(Num::Float(x))))
                            .collect(),
                    ),
                ),
            ])
        })
        .collect();
    Out::Obj(vec![
        ("stdout", Out::Str(r.stdout.clone())),
        ("error", error),
        ("warnings", warnings),
        (
            "mistakes",
            Out::List(mistakes.iter().map(mistake_json).collect()),
        ),
        (
            "trace",
            Out::Obj(vec![
                ("events", Out::List(events)),
                ("dropped", Out::Num(Num::Int(r.trace_dropped as i64))),
                (
                    "optimizer_steps",
                    Out::Num(Num::Int(r.optimizer_steps as i64)),
                ),
            ]),
        ),
        (
            "notes",
            Out::List(r.notes.iter().map(|n| Out::Str(n.clone())).collect()),
        ),
    ])
}

/// Python's own layout: stdout as printed with each warning on stderr where it was raised,
/// then the traceback.
fn print_plain(name: &str, source: &str, r: &RunResult) {
    let lines: Vec<&str> = source.lines().collect();
    let src = |l: u32| lines.get(l as usize - 1).map_or("", |s| s.trim());
    // Python's default warning filter shows a warning once per place it is raised from (its
    // text, category and line; inside PyTorch, each class's code), however many times a loop
    // raises it; `--json` lists them all.
    let mut shown = std::collections::HashSet::new();
    let mut printed = 0;
    for w in &r.warnings {
        if !shown.insert((&w.category, &w.message, w.line, w.origin)) {
            continue;
        }
        // Terminal control sequences the snippet printed are dropped (newlines and tabs stay).
        if let Some(part) = r.stdout.get(printed..w.at) {
            out!("{}", crate::content::clean(part));
            printed = w.at;
        }
        // Both streams may be one terminal: what was printed goes first, as in CPython.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        match w.line {
            Some(l) => errln!(
                "{}:{l}: {}: {}\n  {}",
                clean(name),
                w.category,
                clean(&w.message),
                clean(src(l))
            ),
            None => errln!(
                "torch/optim/lr_scheduler.py ({}): {}: {}",
                w.origin.unwrap_or("LRScheduler"),
                w.category,
                clean(&w.message)
            ),
        }
    }
    out!(
        "{}",
        crate::content::clean(r.stdout.get(printed..).unwrap_or(""))
    );
    let _ = std::io::Write::flush(&mut std::io::stdout());
    if let Some(e) = &r.error {
        if e.frames.is_empty() {
            errln!(
                "  File \"{}\", line {}\n    {}",
                clean(name),
                e.line.unwrap_or(0),
                clean(src(e.line.unwrap_or(1)))
            );
        } else {
            errln!("Traceback (most recent call last):");
            // Like CPython, a frame repeated more than three times in a row is printed three
            // times and then counted.
            let mut i = 0;
            while i < e.frames.len() {
                let run = e.frames[i..]
                    .iter()
                    .take_while(|f| **f == e.frames[i])
                    .count();
                let (func, l) = &e.frames[i];
                for _ in 0..run.min(3) {
                    errln!(
                        "  File \"{}\", line {l}, in {func}\n    {}",
                        clean(name),
                        clean(src(*l))
                    );
                }
                if run > 3 {
                    errln!("  [Previous line repeated {} more times]", run - 3);
                }
                i += run;
            }
        }
        if e.message.is_empty() {
            errln!("{}", e.kind);
        } else {
            errln!("{}: {}", e.kind, clean(&e.message));
        }
    }
    for n in &r.notes {
        errln!("note: {n}");
    }
}

/// Text from a file or a snippet shown inside a message: every control character but the
/// newline (tabs too) is replaced, so nothing can drive the terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}
