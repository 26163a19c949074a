//! `lrtutor run FILE --against REFERENCE.py [--steps N]`: the exercise verdict — runs the
//! reference, compares learning-rate trajectories, and prints the verdict, the first difference,
//! its explanation and a two-curve plot.

use super::plot::plot;
use super::run::{clean, read};
use crate::engine::repr::float_repr;
use crate::explain::catalog;
use crate::explain::compare::{self, Verdict};
use crate::sandbox::{self, Limits, RunResult};
use std::path::Path;

/// Prints the verdict; exit 0 when the trajectories match, 1 when they differ, 2 when the
/// reference cannot be read or does not run.
pub fn run(
    name: &str,
    learner: &RunResult,
    reference: &Path,
    steps: Option<usize>,
    limits: &Limits,
) -> i32 {
    let ref_name = reference.display().to_string();
    let source = match read(reference) {
        Ok(s) => s,
        Err(e) => {
            errln!(
                "lrtutor run: {}: cannot read the reference: {e}",
                clean(&ref_name)
            );
            return 2;
        }
    };
    let want = sandbox::run(&source, limits);
    if let Some(e) = &want.error {
        errln!(
            "lrtutor run: {}: the reference raised {}: {} (line {})",
            clean(&ref_name),
            e.kind,
            clean(&e.message),
            e.line.unwrap_or(0)
        );
        return 2;
    }
    let (got, want) = (compare::trajectory(learner), compare::trajectory(&want));
    let n = steps.unwrap_or(want.len().saturating_sub(1));
    let verdict = compare::compare(&got, &want, n);
    print_verdict(name, &verdict, learner);
    let series = |rows: &[Vec<f64>]| {
        rows.iter()
            .take(n + 1)
            .filter_map(|r| r.first().copied())
            .collect::<Vec<f64>>()
    };
    out!(
        "{}",
        plot(
            &[("target", '◦', series(&want)), ("yours", '•', series(&got))],
            60,
            10
        )
    );
    i32::from(!matches!(verdict, Verdict::Pass { .. }))
}

fn print_verdict(name: &str, verdict: &Verdict, learner: &RunResult) {
    out!("{}", verdict_text(name, verdict, learner));
}

/// The verdict as lines of text: a tick and the step count, or the first difference, what kind
/// of mistake it looks like and the catalog's explanation.
pub(super) fn verdict_text(name: &str, verdict: &Verdict, learner: &RunResult) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    match verdict {
        Verdict::Pass { steps } => {
            let _ = writeln!(
                s,
                "✓ {}: the learning rate matches the target at every one of {steps} steps.",
                clean(name)
            );
        }
        Verdict::Fail {
            step,
            group,
            got,
            want,
            difference,
        } => {
            let _ = writeln!(
                s,
                "✗ {}: {} — first difference at step {step} (group {group}):",
                clean(name),
                difference.describe()
            );
            let yours = got.map_or_else(|| "(no value: fewer steps)".to_string(), float_repr);
            let _ = writeln!(s, "    yours  {yours}");
            let _ = writeln!(s, "    target {}", float_repr(*want));
            if let Some(e) = &learner.error {
                let _ = writeln!(s, "    (your run raised {}: {})", e.kind, clean(&e.message));
            }
            if let Some(entry) = difference.mistake_id().and_then(catalog::get) {
                let _ = writeln!(s, "\n{}\n{}", entry.title, entry.explanation.trim_end());
            }
        }
    }
    s
}
