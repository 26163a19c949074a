//! Checking an exercise attempt for the app, off the UI thread: the attempt runs as any
//! snippet does ([`runner::execute`]: output, warnings, error, explained mistakes), the
//! reference runs beside it, and `explain::compare::grade` — the grader `run --against` uses —
//! compares the two on the rates training used.

use super::chart::ChartModel;
use super::runner::{self, Outcome};
use crate::explain::compare::{self, Grade};
use crate::sandbox::{self, Limits};

/// An attempt's run and its grade.
#[derive(Debug, Clone)]
pub struct Checked {
    pub outcome: Outcome,
    /// `Err` says why there is no grade (the reference itself fails).
    pub grade: Result<Grade, String>,
    /// Both curves and the first difference (the attempt's curve alone without a grade).
    pub chart: ChartModel,
}

impl Checked {
    pub fn passed(&self) -> bool {
        self.grade.as_ref().is_ok_and(Grade::passed)
    }
}

/// Runs `code` against `reference` over `epochs` epochs, here (give the thread
/// [`sandbox::STACK_BYTES`], as [`spawn`] does).
pub fn check(code: &str, reference: &str, epochs: usize) -> Checked {
    let outcome = runner::execute(code);
    let want = sandbox::run(reference, &Limits::default());
    let grade: Result<Grade, String> = match &want.error {
        // A broken answer key is `check`'s error; grading against it would blame the learner.
        Some(e) => Err(format!(
            "this exercise's reference solution raises {}: {}; it cannot grade your code (`lrtutor check` names the problem)",
            e.kind, e.message
        )),
        None => Ok(compare::grade(&outcome.result, &want, epochs)),
    };
    let chart = match &grade {
        Ok(g) => ChartModel::of_grade(&outcome.result, &want, g),
        Err(_) => ChartModel::of_run(&outcome.result),
    };
    Checked {
        outcome,
        grade,
        chart,
    }
}

/// Checks on a thread of its own and hands the result to `done` (a failed thread still
/// answers, so nothing waits for ever).
pub fn spawn(
    code: String,
    reference: String,
    epochs: usize,
    done: impl FnOnce(Checked) + Send + 'static,
) {
    let (tx, rx) = std::sync::mpsc::channel::<Checked>();
    let worker = std::thread::Builder::new()
        .name("lrtutor-check".into())
        .stack_size(sandbox::STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(check(&code, &reference, epochs));
        });
    let _ = std::thread::Builder::new()
        .name("lrtutor-check-wait".into())
        .spawn(move || {
            if let Ok(h) = worker {
                let _ = h.join();
            }
            let checked = rx.recv().unwrap_or_else(|_| failed());
            done(checked);
        });
}

/// What a check whose thread failed reports.
fn failed() -> Checked {
    let message = "the sandbox failed on this attempt; it could not be graded";
    let error = sandbox::RunError {
        kind: "SandboxError".into(),
        message: message.into(),
        line: None,
        frames: Vec::new(),
    };
    Checked {
        outcome: Outcome {
            result: sandbox::RunResult {
                error: Some(error),
                ..sandbox::RunResult::default()
            },
            mistakes: Vec::new(),
        },
        grade: Err(message.into()),
        chart: ChartModel::of_run(&sandbox::RunResult::default()),
    }
}
