//! Running a snippet for the app: compile, run on the sandbox with the default limits, and
//! diagnose, on a thread with the sandbox's big stack. The result comes back as plain data
//! ([`Outcome`]); whoever started the run (a lesson block, a quiz's code, the playground) keeps
//! the job id and picks its outcome up when [`super::app::Action::RunDone`] arrives.

use crate::explain::{self, Mistake};
use crate::sandbox::{self, Limits, RunResult};

/// A started run, so its outcome can find its way back.
pub type JobId = u64;

/// What a run produced, ready to show.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub result: RunResult,
    pub mistakes: Vec<Mistake>,
}

impl Outcome {
    /// The lines to show under the code: stdout, then warnings, then the error. Not yet
    /// sanitised (the views do that).
    pub fn lines(&self) -> Vec<(Part, String)> {
        let mut out: Vec<(Part, String)> = Vec::new();
        let stdout = self
            .result
            .stdout
            .strip_suffix('\n')
            .unwrap_or(&self.result.stdout);
        if !stdout.is_empty() {
            out.extend(stdout.split('\n').map(|l| (Part::Stdout, l.to_string())));
        }
        for w in &self.result.warnings {
            out.push((Part::Warning, format!("{}: {}", w.category, w.message)));
        }
        if let Some(e) = &self.result.error {
            let at = e.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            out.push((Part::Error, format!("{}: {}{at}", e.kind, e.message)));
        }
        for n in &self.result.notes {
            out.push((Part::Note, n.clone()));
        }
        if out.is_empty() {
            out.push((Part::Note, "(ran; printed nothing)".to_string()));
        }
        out
    }
}

/// Which stream a line of output came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Stdout,
    Warning,
    Error,
    Note,
}

/// Runs `code` here, on the calling thread's stack: give it [`sandbox::STACK_BYTES`] (as
/// [`spawn`] does).
pub fn execute(code: &str) -> Outcome {
    let program = sandbox::compile(code);
    let limits = Limits::default();
    let result = match &program {
        Ok(p) => sandbox::run_program(p, &limits),
        Err(e) => RunResult {
            error: Some(e.clone()),
            ..RunResult::default()
        },
    };
    let mistakes = explain::diagnose(program.as_ref().ok(), &result);
    Outcome { result, mistakes }
}

/// Runs `code` on its own thread and hands the outcome to `done`; the UI keeps drawing
/// meanwhile. A thread that cannot be made, or a run that panics (in a build that unwinds: the
/// release profile aborts, after the panic hook restored the terminal), still calls `done` with a
/// `SandboxError`, so nothing waits for ever.
pub fn spawn(code: String, done: impl FnOnce(Outcome) + Send + 'static) {
    let (tx, rx) = std::sync::mpsc::channel::<Outcome>();
    let worker = std::thread::Builder::new()
        .name("lrtutor-run".into())
        .stack_size(sandbox::STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(execute(&code));
        });
    // A second, small thread waits for the worker so that a panic still reports back.
    let _ = std::thread::Builder::new()
        .name("lrtutor-run-wait".into())
        .spawn(move || {
            let outcome = match worker {
                Ok(handle) => {
                    let _ = handle.join();
                    rx.recv()
                        .unwrap_or_else(|_| failed("the sandbox failed on this snippet"))
                }
                Err(_) => failed("no thread could be started to run the snippet"),
            };
            done(outcome);
        });
}

fn failed(message: &str) -> Outcome {
    Outcome {
        result: RunResult {
            error: Some(sandbox::RunError {
                kind: "SandboxError".into(),
                message: message.into(),
                line: None,
                frames: Vec::new(),
            }),
            ..RunResult::default()
        },
        mistakes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_list_output_warnings_and_error_in_order() {
        let table: &[(&str, &[(Part, &str)])] = &[
            (
                "print(1)\nprint('a')",
                &[(Part::Stdout, "1"), (Part::Stdout, "a")],
            ),
            ("x = 1", &[(Part::Note, "(ran; printed nothing)")]),
            (
                "print(2)\n1/0",
                &[
                    (Part::Stdout, "2"),
                    (Part::Error, "ZeroDivisionError: division by zero (line 2)"),
                ],
            ),
        ];
        for (code, want) in table {
            let got = execute(code).lines();
            let got: Vec<(Part, &str)> = got.iter().map(|(p, s)| (*p, s.as_str())).collect();
            assert_eq!(&got, want, "{code}");
        }
    }

    #[test]
    fn a_spawned_run_reports_back() {
        let (tx, rx) = std::sync::mpsc::channel();
        spawn("print(3 * 7)".into(), move |o| {
            let _ = tx.send(o);
        });
        let o = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the run reports back");
        assert_eq!(o.result.stdout, "21\n");
    }
}
