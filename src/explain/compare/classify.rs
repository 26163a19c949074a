//! Names the differences of a failed attempt, most certain first: its error; then how it steps
//! (order, per batch, never), read from the trace and PyTorch's warnings; then what differs in
//! the rates after each epoch, from the schedulers' parameters or the shape of the drops. A
//! difference that none of these names for certain is reported plainly.

use super::difference::Difference;
use super::series::{Series, Stepping, close, epoch_warning, order_warning, same_row, stepping};
use super::{At, Class, Mismatch, config, drops};
use crate::engine::repr::float_repr;
use crate::sandbox::RunResult;

fn class(difference: Difference, detail: impl Into<String>) -> Class {
    Class {
        difference,
        detail: detail.into(),
    }
}

/// The classes of a failed attempt (`first` is its first difference, if its rates differ).
pub fn classify(
    learner: &RunResult,
    reference: &RunResult,
    (yours, target): (&Series, &Series),
    epochs: usize,
    first: Option<&Mismatch>,
) -> Vec<Class> {
    if let Some(c) = stopped(learner, yours, target, first) {
        return vec![c];
    }
    let mut out = Vec::new();
    let by_epoch = |s: &Series| s.used_epoch.is_some();
    let (sg, sw) = (
        stepping(learner, epochs, by_epoch(yours)),
        stepping(reference, epochs, by_epoch(target)),
    );
    if let Some(c) = step_order(learner, reference, (yours, target), epochs, (sg, sw)) {
        out.push(c);
    }
    // `step(epoch)` where the target steps plainly: PyTorch's own warning says so for certain
    // (and its closed form gives other rates than the chainable one).
    if let Some(w) = epoch_warning(learner).filter(|_| epoch_warning(reference).is_none()) {
        let line = w.line.map_or(String::new(), |l| format!(" (line {l})"));
        out.push(class(
            Difference::StepWithEpoch,
            format!(
                "PyTorch warned that the epoch argument of `scheduler.step()` is deprecated{line}."
            ),
        ));
    }
    let column = |s: &Series, g: usize| s.column(g, epochs + 1);
    // Every group of the attempt keeps its first rate.
    let frozen = (0..yours.epochs.first().map_or(0, Vec::len)).all(|g| constant(&column(yours, g)));
    let after = first_after(yours, target, epochs);
    if let Some(c) = how_it_steps((sg, sw), frozen, after.is_some()) {
        return vec![c];
    }
    match after {
        Some((i, group)) => {
            let (got, want) = (column(yours, group), column(target, group));
            let frozen = Frozen { all: frozen, group };
            let named = name_epochs(learner, reference, (&got, &want), i, frozen);
            out.push(named.unwrap_or_else(|| plain(first)));
        }
        None if out.is_empty() => out.push(plain(first)),
        None => {}
    }
    out
}

/// An attempt that did not run to the end, or never trained.
fn stopped(
    learner: &RunResult,
    yours: &Series,
    target: &Series,
    first: Option<&Mismatch>,
) -> Option<Class> {
    if let Some(e) = &learner.error {
        let detail = format!("{}: {} (line {})", e.kind, e.message, e.line.unwrap_or(0));
        let kind = if matches!(
            e.kind.as_str(),
            "SyntaxError" | "IndentationError" | "TabError"
        ) {
            Difference::Syntax
        } else if e.message.contains("'ellipsis' object") {
            Difference::Unfinished
        } else {
            Difference::Raised
        };
        return Some(class(kind, detail));
    }
    if learner.trace_dropped > 0 && first.is_some_and(|m| m.got.is_none()) {
        // Not a short run: the trace stopped recording (its cap), so say only that.
        return Some(class(
            Difference::Other,
            format!(
                "your run made more steps than lrtutor records ({} events past the cap), so its later epochs cannot be compared.",
                learner.trace_dropped
            ),
        ));
    }
    (yours.used.is_empty() && !target.used.is_empty()).then(|| {
        class(
            Difference::NoOptimizerStep,
            "the target trains with `optimizer.step()`; without it no learning rate is ever used.",
        )
    })
}

/// `scheduler.step()` before `optimizer.step()`: PyTorch's warning (which the target does not
/// get), or, in the trace, a scheduler step first in each epoch that makes every epoch train
/// with the rate the target has only after it.
fn step_order(
    learner: &RunResult,
    reference: &RunResult,
    (yours, target): (&Series, &Series),
    epochs: usize,
    (sg, sw): (Stepping, Stepping),
) -> Option<Class> {
    // A target that steps its scheduler first too (ReduceLROnPlateau does not warn) differs in
    // something else.
    if sw.scheduler_first {
        return None;
    }
    if let Some(w) = order_warning(learner).filter(|_| order_warning(reference).is_none()) {
        let line = w.line.map_or(String::new(), |l| format!(" on line {l}"));
        return Some(class(
            Difference::StepOrder,
            format!("PyTorch warned about it{line}."),
        ));
    }
    (sg.scheduler_first && trains_ahead(yours, target, epochs)).then(|| {
        class(
            Difference::StepOrder,
            format!(
                "`scheduler.step()` (line {}) runs before `optimizer.step()` in each epoch, so every epoch trains with the rate the target reaches only after it.",
                sg.line
            ),
        )
    })
}

/// Never stepped, stepped per batch, or stepped another number of times per epoch. `ahead`:
/// the rates after some epoch differ.
fn how_it_steps((sg, sw): (Stepping, Stepping), frozen: bool, ahead: bool) -> Option<Class> {
    if sg.total == 0 && sw.total > 0 && frozen {
        return Some(class(
            Difference::NeverSteps,
            "no `scheduler.step()` ran, so the rate stayed at its first value.",
        ));
    }
    // Stepped per batch and running ahead of the target; a schedule sized for batches (the same
    // rates after each epoch) is only stepped more often.
    if sw.per_line == 1 && sg.per_line > 1 && ahead {
        return Some(class(
            Difference::PerBatch,
            format!(
                "`scheduler.step()` on line {} ran {} times in one epoch; the target steps once per epoch.",
                sg.line, sg.per_line
            ),
        ));
    }
    if sw.per_line > 0 && sg.per_line > 0 && sg.per_line != sw.per_line {
        return Some(class(
            Difference::StepsPerEpoch,
            format!(
                "`scheduler.step()` on line {} ran {} in one epoch; the target's runs {}.",
                sg.line,
                times(sg.per_line),
                times(sw.per_line)
            ),
        ));
    }
    // Called from two places (a copied line): a whole multiple of the target's calls.
    let (a, b) = (sg.in_epochs, sw.in_epochs);
    (ahead && b > 0 && a >= 2 * b && a % b == 0).then(|| {
        class(
            Difference::StepsPerEpoch,
            format!(
                "your code calls `scheduler.step()` {a} times in the epochs compared; the target {b} times."
            ),
        )
    })
}

/// Whether all of the attempt's groups keep their first rate, and the group compared.
#[derive(Clone, Copy)]
struct Frozen {
    all: bool,
    group: usize,
}

fn constant(s: &[f64]) -> bool {
    s.iter().all(|x| close(*x, s[0]))
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// Whether every epoch trained with the rate the target has after that epoch (the effect of
/// stepping the scheduler first), on a schedule that changes.
fn trains_ahead(yours: &Series, target: &Series, epochs: usize) -> bool {
    if yours.used_epoch.is_none() {
        return false;
    }
    let mut changes = false;
    for e in 0..epochs {
        let (Some(now), Some(next)) = (target.epochs.get(e), target.epochs.get(e + 1)) else {
            return false;
        };
        changes |= !same_row(now, next);
        if !yours.used_in(e).iter().all(|(_, row)| same_row(row, next)) {
            return false;
        }
    }
    changes
}

/// The first row of the rates after each epoch that differs, and the first group that does.
fn first_after(yours: &Series, target: &Series, epochs: usize) -> Option<(usize, usize)> {
    (0..=epochs).find_map(|i| {
        let (g, w) = (yours.epochs.get(i), target.epochs.get(i)?);
        let Some(g) = g else {
            return Some((i, 0));
        };
        let width = g.len().max(w.len());
        (0..width)
            .find(|k| match (g.get(*k), w.get(*k)) {
                (Some(a), Some(b)) => !close(*a, *b),
                _ => true,
            })
            .map(|k| (i, k))
    })
}

/// Names a difference in the rates after each epoch, first differing at row `i`, if it can.
fn name_epochs(
    learner: &RunResult,
    reference: &RunResult,
    (got, want): (&[f64], &[f64]),
    i: usize,
    frozen: Frozen,
) -> Option<Class> {
    if got.len() <= i {
        return Some(class(
            Difference::TooShort,
            format!(
                "your run records {} epochs; the target's {}.",
                got.len().saturating_sub(1),
                want.len().saturating_sub(1)
            ),
        ));
    }
    let from_drops = || drops::name(got, want);
    let from_config = config::name(&learner.schedulers, &reference.schedulers, from_drops);
    if constant(got) && !constant(want) {
        if !frozen.all {
            return Some(class(
                Difference::GroupNeverChanges,
                format!(
                    "param group {} stays at {} throughout while your other groups change.",
                    frozen.group,
                    float_repr(got[0])
                ),
            ));
        }
        // The parameter that differs, if one does, is why.
        let why = from_config.map_or(String::new(), |(_, d)| {
            format!(" ({})", d.trim_end_matches('.'))
        });
        return Some(class(
            Difference::NeverChanges,
            format!("your rate stays at {} throughout{why}.", float_repr(got[0])),
        ));
    }
    if let Some((d, detail)) = from_config {
        return Some(class(d, detail));
    }
    if let Some(detail) = restart(learner, got, want) {
        return Some(class(Difference::Restart, detail));
    }
    if let Some((d, detail)) = from_drops() {
        return Some(class(d, detail));
    }
    scaled(got, want, i)
        .or_else(|| warmup_from_curve(got, want))
        .or_else(|| other_schedulers(learner, reference))
}

/// From row `i` (the first difference) on, every rate is the same multiple of the target's:
/// the right shape from another starting rate.
fn scaled(got: &[f64], want: &[f64], i: usize) -> Option<Class> {
    let n = got.len().min(want.len());
    if i >= n || want[i] == 0.0 {
        return None;
    }
    let r = got[i] / want[i];
    let same = (i..n).all(|k| want[k] != 0.0 && close(got[k] / want[k], r));
    (same && n - i >= 2 && r.is_finite() && r > 0.0).then(|| {
        let from = if i == 0 {
            String::new()
        } else {
            format!("after {i} epochs and on, ")
        };
        class(
            Difference::Scaled,
            format!(
                "{from}each of your rates is {} times the target's (your {} for its {}).",
                float_repr((r * 1e9).round() / 1e9),
                float_repr(got[i]),
                float_repr(want[i])
            ),
        )
    })
}

/// Epochs at the start during which the rate keeps rising (a warm-up), from the curve alone.
fn rising(s: &[f64]) -> usize {
    s.windows(2)
        .take_while(|w| w[1] > w[0] && !close(w[0], w[1]))
        .count()
}

/// Both curves open with a warm-up, of different lengths: said from the rates themselves, so it
/// holds however the warm-up was written (LinearLR, a LambdaLR, a hand-made rule).
fn warmup_from_curve(got: &[f64], want: &[f64]) -> Option<Class> {
    let (g, w) = (rising(got), rising(want));
    if g == 0 || w == 0 || g == w || g + 1 >= got.len() || w + 1 >= want.len() {
        return None;
    }
    // A warm-up rises once: a curve that climbs again later (a cycle) is not one.
    let never_again = |s: &[f64], from: usize| {
        s[from..]
            .windows(2)
            .all(|p| p[1] <= p[0] || close(p[0], p[1]))
    };
    if !never_again(got, g) || !never_again(want, w) {
        return None;
    }
    let d = if g > w {
        Difference::WarmupTooLong
    } else {
        Difference::WarmupTooShort
    };
    Some(class(
        d,
        format!(
            "your rate rises for the first {g} epochs and peaks at {}; the target's rises for {w} and peaks at {}.",
            float_repr(got[g]),
            float_repr(want[w])
        ),
    ))
}

/// The attempt builds other scheduler classes than the target: a fact worth saying when nothing
/// more precise is known.
fn other_schedulers(learner: &RunResult, reference: &RunResult) -> Option<Class> {
    let names = |r: &RunResult| {
        let mut v: Vec<&'static str> = r.schedulers.iter().map(|s| s.class.name()).collect();
        v.sort_unstable();
        v
    };
    let (mine, theirs) = (names(learner), names(reference));
    if mine == theirs || theirs.is_empty() {
        return None;
    }
    let list = |v: &[&str]| {
        if v.is_empty() {
            "no scheduler".to_string()
        } else {
            v.join(" + ")
        }
    };
    Some(class(
        Difference::OtherSchedulers,
        format!(
            "your code builds {} where the target builds {}.",
            list(&mine),
            list(&theirs)
        ),
    ))
}

/// A SequentialLR switch where the rate jumps back up to the highest rate so far after having
/// decayed, while the target does not rise there.
fn restart(learner: &RunResult, got: &[f64], want: &[f64]) -> Option<String> {
    use crate::engine::sched::Kind;
    let switches = learner.schedulers.iter().flat_map(|s| match &s.kind {
        Kind::Sequential { milestones, .. } => milestones.iter().map(|m| m.f()).collect(),
        _ => Vec::new(),
    });
    for m in switches {
        if !(m >= 1.0 && m.fract() == 0.0 && (m as usize) < got.len().min(want.len())) {
            continue;
        }
        let m = m as usize;
        let high = got[..m].iter().copied().fold(f64::MIN, f64::max);
        let rises = got[m] > got[m - 1] && (close(got[m], high) || got[m] > high);
        if rises && got[m - 1] < high && !close(got[m - 1], high) && want[m] <= want[m - 1] {
            return Some(format!(
                "at the SequentialLR switch after {m} epochs your rate jumps from {} back up to {}.",
                float_repr(got[m - 1]),
                float_repr(got[m])
            ));
        }
    }
    None
}

/// A difference with no name: where it is.
fn plain(first: Option<&Mismatch>) -> Class {
    let detail = match first.map(|m| m.at) {
        Some(At::Used { epoch: Some(e), .. }) => {
            format!("the rates your optimizer.step() used first differ in epoch {e}.")
        }
        Some(At::Used { step, .. }) => {
            format!("the rates your optimizer.step() used first differ at step {step}.")
        }
        Some(At::After(i)) => format!("the rates first differ {}.", super::after_text(i)),
        None => "the runs differ.".into(),
    };
    class(Difference::Other, detail)
}
