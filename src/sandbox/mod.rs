//! The snippet sandbox: runs a learner's Python (the subset written around schedulers) on the
//! embedded engine and reports exactly what CPython + PyTorch would: stdout, the exception with
//! its line, warnings, plus a trace of every learning-rate change. No files, network, clock or
//! environment are reachable; steps, recursion, container sizes and output are limited.

pub mod ast;
pub mod class;
pub mod dict;
pub mod exceptions;
pub mod format;
mod interp;
mod lower;
pub mod syntax;
pub mod value;

pub use interp::{Limits, RunWarning, TraceEvent};

use crate::engine::Engine;

/// The exception that ended a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunError {
    pub kind: String,
    pub message: String,
    /// Snippet line where it was raised (for syntax errors, CPython's line).
    pub line: Option<u32>,
    /// `(function, line)` frames, outermost first, for the traceback.
    pub frames: Vec<(String, u32)>,
}

/// Everything a run produced.
#[derive(Clone, Debug, Default)]
pub struct RunResult {
    pub stdout: String,
    pub error: Option<RunError>,
    pub warnings: Vec<RunWarning>,
    pub trace: Vec<TraceEvent>,
    /// Trace events past the cap, counted but not kept.
    pub trace_dropped: u64,
    /// `optimizer.step()` calls in the whole run.
    pub optimizer_steps: u64,
    /// Evaluation steps the run took (what its step limit counts).
    pub steps: u64,
    /// Things the learner should know about this run (e.g. simulated tensor values).
    pub notes: Vec<String>,
    /// Every scheduler the run built, as it was at the end (an exercise grader compares their
    /// parameters with the reference's).
    pub schedulers: Vec<crate::engine::Scheduler>,
}

/// A parsed snippet, ready to run (kept for the explainer's static checks).
pub struct Program {
    pub module: ast::Module,
}

/// Parses and lowers a snippet; Err carries CPython's syntax error.
pub fn compile(source: &str) -> Result<Program, RunError> {
    match syntax::parse(source) {
        Ok(parsed) => {
            let starts = lower::line_starts(source);
            Ok(Program {
                module: lower::lower(parsed.syntax(), &starts),
            })
        }
        Err(e) => Err(RunError {
            kind: e.kind.to_string(),
            message: e.message,
            line: Some(e.line as u32),
            frames: Vec::new(),
        }),
    }
}

/// Stack for running snippets: the tree-walking evaluator recurses once per Python call, and
/// CPython's limit of 1000 nested calls needs far more than a default thread's 2 MiB. The
/// memory is reserved, not committed, so an unused stack costs nothing.
pub const STACK_BYTES: usize = 1 << 30;

/// Runs a snippet on a thread with [`STACK_BYTES`] of stack, so deep recursion ends in
/// `RecursionError`, never in a stack overflow.
pub fn run(source: &str, limits: &Limits) -> RunResult {
    let work = || match compile(source) {
        Ok(p) => run_program(&p, limits),
        Err(e) => RunResult {
            error: Some(e),
            ..RunResult::default()
        },
    };
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, work);
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| RunResult {
                error: Some(RunError {
                    kind: "SandboxError".into(),
                    message: "lrtutor's sandbox failed on this snippet".into(),
                    line: None,
                    frames: Vec::new(),
                }),
                ..RunResult::default()
            }),
            // No thread could be made: run here, with the caller's stack.
            Err(_) => work(),
        }
    })
}

/// Runs a compiled snippet on the current thread: give it a stack of [`STACK_BYTES`] (as `run`
/// and the `lrtutor` binary do) for CPython's full recursion limit.
pub fn run_program(p: &Program, limits: &Limits) -> RunResult {
    let mut rt = interp::Runtime::new(&p.module, limits.clone());
    let mut engine = Engine::new();
    let outcome = {
        let mut ev = interp::Ev {
            rt: &mut rt,
            engine: Some(&mut engine),
            module: &p.module,
            frame: None,
            env: Vec::new(),
        };
        ev.exec_block(&p.module.body)
    };
    let error = match outcome {
        Err(interp::Unwind::Raise(r)) => Some(RunError {
            kind: r.exc.kind.to_string(),
            message: r.exc.message.clone(),
            line: Some(r.line),
            frames: r.frames.iter().map(|(f, l)| (f.to_string(), *l)).collect(),
        }),
        _ => None,
    };
    rt.release();
    if rt.warnings_dropped > 0 {
        rt.notes.push(format!(
            "{} more warnings were raised and not shown (lrtutor keeps the first {})",
            rt.warnings_dropped, limits.max_warnings
        ));
    }
    RunResult {
        stdout: rt.out,
        error,
        warnings: rt.warnings,
        trace: rt.trace,
        trace_dropped: rt.trace_dropped,
        optimizer_steps: rt.optimizer_steps,
        steps: rt.steps,
        notes: rt.notes,
        schedulers: std::mem::take(&mut engine.schedulers),
    }
}
