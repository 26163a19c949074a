//! Exercise grading: runs an attempt against the reference solution on what training really
//! used — the learning rate in effect at each `optimizer.step()` — and on the rate after each
//! epoch, and names what differs (`classify`) only where the run shows it for certain.

mod classify;
mod config;
mod difference;
mod drops;
mod series;

pub use difference::Difference;
pub use series::{Series, TOLERANCE, series, series_in};

use crate::sandbox::RunResult;

/// Where two runs first differ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// The rate after this many epochs (0: before training).
    After(usize),
    /// A rate an `optimizer.step()` trained with: the index of that step in the attempt's run
    /// (or the target's, where the attempt has none), and its epoch when the run has epochs.
    Used { epoch: Option<usize>, step: usize },
}

/// The first difference: where, in which param group, and both rates (None where a run has no
/// value there).
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub at: At,
    pub group: usize,
    pub got: Option<f64>,
    pub want: Option<f64>,
}

/// A named difference and what the run showed of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub difference: Difference,
    pub detail: String,
}

/// The outcome of grading one attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// Epochs compared.
    pub epochs: usize,
    pub first: Option<Mismatch>,
    /// What differs, most certain first; empty when the attempt passed.
    pub classes: Vec<Class>,
    pub yours: Series,
    pub target: Series,
}

impl Grade {
    pub fn passed(&self) -> bool {
        self.classes.is_empty()
    }
}

/// The learning rate of each group before training and after each epoch (see [`Series`]).
pub fn trajectory(r: &RunResult) -> Vec<Vec<f64>> {
    series(r).epochs
}

/// Epochs the reference records (what `--steps` and `compare.steps` may ask for at most).
pub fn epochs(reference: &RunResult) -> usize {
    trajectory(reference).len().saturating_sub(1)
}

/// Grades an attempt over the reference's first `epochs` epochs (fewer if it has fewer).
pub fn grade(learner: &RunResult, reference: &RunResult, epochs: usize) -> Grade {
    let target = series(reference);
    let mut yours = series(learner);
    // An attempt whose outermost loop makes one pass around the real epoch loop has one
    // "epoch": read it step by step when that lines up with the target.
    if yours.used_epoch.is_some() && yours.epochs.len() == 2 && target.epochs.len() > 2 {
        let flat = series::series_in(learner, false);
        if flat.epochs.len() == target.epochs.len() {
            yours = flat;
        }
    }
    let epochs = epochs.min(target.epochs.len().saturating_sub(1));
    let first = first_mismatch(&yours, &target, epochs);
    let classes = if learner.error.is_none() && first.is_none() {
        Vec::new()
    } else {
        classify::classify(
            learner,
            reference,
            (&yours, &target),
            epochs,
            first.as_ref(),
        )
    };
    Grade {
        epochs,
        first,
        classes,
        yours,
        target,
    }
}

/// The first group where two rows differ (a missing row or group counts as a difference).
fn row_mismatch(
    got: Option<&Vec<f64>>,
    want: Option<&Vec<f64>>,
) -> Option<(usize, Option<f64>, Option<f64>)> {
    let width = got.map_or(0, Vec::len).max(want.map_or(0, Vec::len));
    (0..width).find_map(|g| {
        let (a, b) = (
            got.and_then(|r| r.get(g)).copied(),
            want.and_then(|r| r.get(g)).copied(),
        );
        let same = matches!((a, b), (Some(x), Some(y)) if series::close(x, y));
        (!same).then_some((g, a, b))
    })
}

/// The earliest difference, in the order things happen: the start, the rates used in epoch 0,
/// the rate after epoch 0, and so on.
fn first_mismatch(yours: &Series, target: &Series, epochs: usize) -> Option<Mismatch> {
    let by_epoch = yours.used_epoch.is_some() && target.used_epoch.is_some();
    for i in 0..=epochs {
        if let Some((group, got, want)) = row_mismatch(yours.epochs.get(i), target.epochs.get(i)) {
            return Some(Mismatch {
                at: At::After(i),
                group,
                got,
                want,
            });
        }
        if by_epoch && i < epochs {
            let (g, w) = (yours.used_in(i), target.used_in(i));
            for k in 0..g.len().max(w.len()) {
                let (a, b) = (g.get(k), w.get(k));
                if let Some((group, got, want)) = row_mismatch(a.map(|x| x.1), b.map(|x| x.1)) {
                    let step = a.or(b).map_or(0, |x| x.0);
                    let at = At::Used {
                        epoch: Some(i),
                        step,
                    };
                    return Some(Mismatch {
                        at,
                        group,
                        got,
                        want,
                    });
                }
            }
        }
    }
    if by_epoch {
        return None;
    }
    // Without epochs on both sides, every step the target made in the compared span.
    let n = target.steps_at.get(epochs).map_or(0, |n| *n as usize);
    (0..n.min(target.used.len())).find_map(|k| {
        let (group, got, want) = row_mismatch(yours.used.get(k), target.used.get(k))?;
        Some(Mismatch {
            at: At::Used {
                epoch: None,
                step: k,
            },
            group,
            got,
            want,
        })
    })
}

/// What makes a reference solution unfit to grade with: it warns (a key that steps the
/// scheduler first would fail every right answer), or it has no `optimizer.step()` to grade.
pub fn reference_problems(reference: &RunResult) -> Vec<String> {
    let mut out: Vec<String> = reference
        .warnings
        .iter()
        .map(|w| {
            let line = w.line.map_or(String::new(), |l| format!(" (its line {l})"));
            format!(
                "the reference solution warns{line}: {}: {} — an answer key must run without warnings",
                w.category, w.message
            )
        })
        .collect();
    if out.is_empty() && series(reference).used.is_empty() && epochs(reference) > 0 {
        out.push("the reference solution never calls `optimizer.step()`, so there are no rates used in training to grade".into());
    }
    out
}

/// "before training" for row 0, else "after N epochs".
pub fn after_text(i: usize) -> String {
    match i {
        0 => "before training".into(),
        1 => "after 1 epoch".into(),
        n => format!("after {n} epochs"),
    }
}

#[cfg(test)]
mod tests;
