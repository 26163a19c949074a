//! What the grader reads from a run's trace: the learning rate at the start and after each
//! epoch, the rates each `optimizer.step()` trained with, and how `scheduler.step()` calls fall
//! into epochs.

use crate::sandbox::{RunResult, TraceEvent};

/// A run's learning rates, one list of every group's rate per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// The rate before training, then after each epoch (each pass of the outermost loop); in a
    /// program without such a loop, after each `scheduler.step()` and hand edit of the rate.
    pub epochs: Vec<Vec<f64>>,
    /// `optimizer.step()` calls made by the time of each row of `epochs`.
    pub steps_at: Vec<u64>,
    /// The rates each `optimizer.step()` trained with, in order.
    pub used: Vec<Vec<f64>>,
    /// The epoch (0-based) each row of `used` ran in, when the program has an epoch loop.
    pub used_epoch: Option<Vec<usize>>,
}

impl Series {
    /// The rates used in epoch `e`, a run of equal consecutive rates kept once (a target with
    /// one batch per epoch and an attempt with three train with the same rates), each with the
    /// index of its first `optimizer.step()`.
    pub fn used_in(&self, e: usize) -> Vec<(usize, &Vec<f64>)> {
        let Some(epochs) = &self.used_epoch else {
            return Vec::new();
        };
        let mut out: Vec<(usize, &Vec<f64>)> = Vec::new();
        for (i, row) in self.used.iter().enumerate() {
            if epochs.get(i) != Some(&e) {
                continue;
            }
            if out.last().is_none_or(|(_, last)| !same_row(last, row)) {
                out.push((i, row));
            }
        }
        out
    }

    /// One group's rate over the epochs.
    pub fn column(&self, group: usize, rows: usize) -> Vec<f64> {
        self.epochs
            .iter()
            .take(rows)
            .filter_map(|r| r.get(group).copied())
            .collect()
    }
}

/// Relative tolerance for "the same learning rate": far below any difference a schedule makes,
/// far above the last-bit differences of equivalent formulas (`0.1 * 0.1` vs `0.01`).
pub const TOLERANCE: f64 = 1e-12;

pub fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
}

pub fn same_row(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(*x, *y))
}

fn advances(t: &TraceEvent) -> bool {
    matches!(t.kind, "scheduler.step" | "epoch.end" | "optimizer.step")
}

/// Whether the run has an epoch loop (a module-level loop marks the end of each pass).
pub fn has_epochs(r: &RunResult) -> bool {
    r.trace.iter().any(|t| t.kind == "epoch.end")
}

/// Reads the series from a run's trace.
pub fn series(r: &RunResult) -> Series {
    series_in(r, has_epochs(r))
}

/// Reads the series, in epochs or (`by_epoch` false) step by step.
pub fn series_in(r: &RunResult, by_epoch: bool) -> Series {
    let trace = &r.trace;
    let has_epochs = by_epoch;
    let mut s = Series::default();
    // The start: the rate in effect just before the first step of anything.
    let first = trace.iter().position(advances);
    let start = match first {
        Some(i) if trace[i].kind == "optimizer.step" || i == 0 => trace.get(i),
        Some(i) => trace.get(i - 1),
        None => trace.last(),
    };
    if let Some(t) = start {
        s.epochs.push(t.lr.clone());
        s.steps_at.push(t.optimizer_steps);
    }
    let mut epoch = 0;
    let mut used_epoch = Vec::new();
    for (i, t) in trace.iter().enumerate() {
        let row = match t.kind {
            "epoch.end" => {
                epoch += 1;
                has_epochs
            }
            "optimizer.step" => {
                s.used.push(t.lr.clone());
                used_epoch.push(epoch);
                false
            }
            "scheduler.step" | "lr.set" => !has_epochs && first.is_some_and(|f| i >= f),
            _ => false,
        };
        if row {
            s.epochs.push(t.lr.clone());
            s.steps_at.push(t.optimizer_steps);
        }
    }
    if has_epochs {
        s.used_epoch = Some(used_epoch);
    }
    s
}

/// How a run calls `scheduler.step()` in its first `epochs` epochs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stepping {
    /// `scheduler.step()` calls in the whole run.
    pub total: usize,
    /// `scheduler.step()` calls in the first `epochs` epochs (0 without an epoch loop).
    pub in_epochs: usize,
    /// The most calls one line made in one epoch (0 without an epoch loop).
    pub per_line: usize,
    /// That line.
    pub line: u32,
    /// In some epoch, a `scheduler.step()` came before every `optimizer.step()` of that epoch.
    pub scheduler_first: bool,
}

/// `by_epoch` false: the run is read step by step, so nothing is per epoch.
pub fn stepping(r: &RunResult, epochs: usize, by_epoch: bool) -> Stepping {
    let mut st = Stepping::default();
    let has_epochs = by_epoch;
    let mut epoch = 0;
    // Calls per line in the current epoch, and whether an optimizer step came first.
    let mut lines: Vec<(u32, usize)> = Vec::new();
    let mut seen_optimizer = false;
    let mut sched_before_opt = false;
    for t in &r.trace {
        match t.kind {
            "scheduler.step" => {
                st.total += 1;
                if !has_epochs || epoch >= epochs {
                    continue;
                }
                st.in_epochs += 1;
                match lines.iter_mut().find(|(l, _)| *l == t.line) {
                    Some((_, n)) => *n += 1,
                    None => lines.push((t.line, 1)),
                }
                sched_before_opt |= !seen_optimizer;
            }
            "optimizer.step" => {
                if sched_before_opt && !seen_optimizer && epoch < epochs {
                    st.scheduler_first = true;
                }
                seen_optimizer = true;
            }
            "epoch.end" => {
                for (l, n) in lines.drain(..) {
                    if n > st.per_line {
                        (st.per_line, st.line) = (n, l);
                    }
                }
                epoch += 1;
                seen_optimizer = false;
                sched_before_opt = false;
            }
            _ => {}
        }
    }
    st
}

/// PyTorch's warning that `scheduler.step()` ran before any `optimizer.step()`.
/// PyTorch's deprecation warning for `scheduler.step(epoch)`, if the run got it.
pub fn epoch_warning(r: &RunResult) -> Option<&crate::sandbox::RunWarning> {
    r.warnings.iter().find(|w| {
        w.message
            .starts_with("The epoch parameter in `scheduler.step()`")
    })
}

pub fn order_warning(r: &RunResult) -> Option<&crate::sandbox::RunWarning> {
    r.warnings.iter().find(|w| {
        w.message
            .starts_with("Detected call of `lr_scheduler.step()` before `optimizer.step()`")
    })
}
