//! Exercise checking: compares the learning-rate trajectory of a learner's run with the
//! reference solution's, step by step, and classifies a difference so it can be explained.

use crate::sandbox::{RunResult, TraceEvent};

/// How a trajectory differs from the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// The same values one step earlier or later (step order, off-by-one milestone).
    Shifted,
    /// Changes at the same steps, by different factors (gamma applied once vs at each milestone).
    WrongFactor,
    /// Jumps back up to the initial rate where the reference continues.
    Restart,
    /// Reaches the reference's later values too early (stepped per batch).
    TooEarly,
    /// Stays at its first value while the reference changes.
    NeverChanges,
    /// None of the above.
    Other,
}

impl Difference {
    /// The catalog entry that explains this difference.
    pub fn mistake_id(self) -> Option<&'static str> {
        match self {
            Difference::Shifted => Some("scheduler-before-optimizer"),
            Difference::WrongFactor => Some("gamma-once"),
            Difference::Restart => Some("sequential-restarts-lr"),
            Difference::TooEarly => Some("per-batch-stepping"),
            Difference::NeverChanges => Some("schedule-never-steps"),
            Difference::Other => None,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Difference::Shifted => "your schedule is shifted by one step",
            Difference::WrongFactor => {
                "your schedule changes at the right steps but by the wrong factor"
            }
            Difference::Restart => "your schedule jumps back up to the initial learning rate",
            Difference::TooEarly => "your schedule decays too early",
            Difference::NeverChanges => "your learning rate never changes",
            Difference::Other => "your schedule differs from the target",
        }
    }
}

/// The outcome of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Pass {
        steps: usize,
    },
    Fail {
        step: usize,
        group: usize,
        got: Option<f64>,
        want: f64,
        difference: Difference,
    },
}

/// Relative tolerance for "the same learning rate".
pub const TOLERANCE: f64 = 1e-12;

/// The learning rate of each group over the run: the value when the schedule was set up, then at
/// the end of every pass of the outermost loop (an epoch) — or, in a program without a loop,
/// after every `scheduler.step()` and hand edit of `param_groups[...]['lr']`.
pub fn trajectory(r: &RunResult) -> Vec<Vec<f64>> {
    let epochs = r.trace.iter().any(|t| t.kind == "epoch.end");
    let steps: Vec<&TraceEvent> = r
        .trace
        .iter()
        .filter(|t| {
            if epochs {
                t.kind == "epoch.end"
            } else {
                t.kind != "scheduler.init"
            }
        })
        .collect();
    let start = r
        .trace
        .iter()
        .take_while(|t| t.kind == "scheduler.init")
        .last()
        .or_else(|| r.trace.first());
    start
        .into_iter()
        .chain(steps)
        .map(|t| t.lr.clone())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
}

/// Compares the first `steps + 1` rows (construction and `steps` steps) of two trajectories.
pub fn compare(got: &[Vec<f64>], want: &[Vec<f64>], steps: usize) -> Verdict {
    let n = (steps + 1).min(want.len());
    for i in 0..n {
        for (g, w) in want[i].iter().enumerate() {
            let value = got.get(i).and_then(|row| row.get(g)).copied();
            if !value.is_some_and(|v| close(v, *w)) {
                let column = |rows: &[Vec<f64>]| -> Vec<f64> {
                    rows.iter()
                        .take(n)
                        .filter_map(|r| r.get(g).copied())
                        .collect()
                };
                let difference = classify(&column(got), &column(want));
                return Verdict::Fail {
                    step: i,
                    group: g,
                    got: value,
                    want: *w,
                    difference,
                };
            }
        }
    }
    Verdict::Pass {
        steps: n.saturating_sub(1),
    }
}

/// Names the kind of difference between two series of one group's learning rate.
pub fn classify(got: &[f64], want: &[f64]) -> Difference {
    let changes =
        |s: &[f64]| -> Vec<usize> { (1..s.len()).filter(|i| !close(s[*i], s[i - 1])).collect() };
    let (cg, cw) = (changes(got), changes(want));
    if cg.is_empty() && !cw.is_empty() {
        return Difference::NeverChanges;
    }
    if shifted(got, want, 1) || shifted(got, want, -1) {
        return Difference::Shifted;
    }
    let first = want.first().copied().unwrap_or(0.0);
    let rises_to_start =
        (1..got.len()).any(|i| got[i] > got[i - 1] && close(got[i], first) && got[i - 1] < first);
    let reference_rises = (1..want.len()).any(|i| want[i] > want[i - 1] && close(want[i], first));
    if rises_to_start && !reference_rises {
        return Difference::Restart;
    }
    let Some(k) = (0..got.len().min(want.len())).find(|i| !close(got[*i], want[*i])) else {
        return Difference::Other;
    };
    if k == 0 {
        return Difference::Other;
    }
    let (learner_moved, target_moved) = (!close(got[k], got[k - 1]), !close(want[k], want[k - 1]));
    // Too early: the learner moves where the target does not, to a value the target reaches later.
    if learner_moved && !target_moved && want.iter().skip(k + 1).any(|w| close(got[k], *w)) {
        return Difference::TooEarly;
    }
    // Wrong factor: the target changes here and the learner changes by another factor, or does
    // not change again after having applied the factor at an earlier change point.
    let applied_before = cg.iter().any(|i| *i < k && cw.contains(i));
    if target_moved && (learner_moved || applied_before) {
        return Difference::WrongFactor;
    }
    Difference::Other
}

/// Whether `got` equals `want` moved by `by` steps wherever both have values.
fn shifted(got: &[f64], want: &[f64], by: isize) -> bool {
    let pairs: Vec<(f64, f64)> = (0..got.len())
        .filter_map(|i| {
            let j = i as isize + by;
            (j >= 0 && (j as usize) < want.len()).then(|| (got[i], want[j as usize]))
        })
        .collect();
    pairs.len() >= 2
        && pairs.iter().all(|(a, b)| close(*a, *b))
        && !pairs.iter().all(|(a, _)| close(*a, pairs[0].0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step_decay(every: usize, gamma: f64, n: usize, shift: isize) -> Vec<f64> {
        (0..n)
            .map(|i| 0.1 * gamma.powi(((i as isize + shift).max(0) as usize / every) as i32))
            .collect()
    }

    #[test]
    fn differences_are_classified() {
        let want = step_decay(3, 0.1, 12, 0);
        let once: Vec<f64> = (0..12).map(|i| if i >= 3 { 0.01 } else { 0.1 }).collect();
        let mut restart = want.clone();
        restart[9] = 0.1;
        restart[10] = 0.1;
        restart[11] = 0.1;
        let table: Vec<(Vec<f64>, Difference)> = vec![
            (step_decay(3, 0.1, 12, 1), Difference::Shifted),
            (step_decay(3, 0.1, 12, -1), Difference::Shifted),
            (step_decay(3, 0.5, 12, 0), Difference::WrongFactor),
            (once, Difference::WrongFactor),
            (vec![0.1; 12], Difference::NeverChanges),
            (step_decay(1, 0.1, 12, 0), Difference::TooEarly),
            (restart, Difference::Restart),
        ];
        for (got, expect) in table {
            assert_eq!(classify(&got, &want), expect, "{got:?}");
        }
    }

    #[test]
    fn equal_trajectories_pass_within_tolerance() {
        let want = vec![vec![0.1], vec![0.010000000000000002]];
        let got = vec![vec![0.1], vec![0.01]];
        assert_eq!(compare(&got, &want, 1), Verdict::Pass { steps: 1 });
        let worse = vec![vec![0.1], vec![0.011]];
        assert!(matches!(
            compare(&worse, &want, 1),
            Verdict::Fail { step: 1, .. }
        ));
    }
}
