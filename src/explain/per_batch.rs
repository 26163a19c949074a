//! When is `scheduler.step()` inside the batch loop a mistake? Only when the schedule was sized
//! in epochs: its horizon (`step_size`, `milestones`, `T_max`, `T_0`, `total_iters`) is a literal
//! that the per-batch steps overrun and that is not a whole number of epochs' worth of batches,
//! or an expression made only of the epoch loop's own names (`T_max=epochs`). A horizon computed
//! from anything else (`epochs * steps_per_epoch`, `len(loader)`) was sized for batches on
//! purpose, and schedulers without a horizon (exponential, lambda) cannot tell: both stay silent.

use super::scan::{Ctor, Lit, StepCall};

/// The parameter holding a class's horizon: name, position, default.
fn horizon_param(class: &str) -> Option<(&'static str, usize, Option<f64>)> {
    Some(match class {
        "StepLR" => ("step_size", 1, None),
        "MultiStepLR" => ("milestones", 1, None),
        "CosineAnnealingLR" => ("T_max", 1, None),
        "CosineAnnealingWarmRestarts" => ("T_0", 1, None),
        "PolynomialLR" => ("total_iters", 1, Some(5.0)),
        "ConstantLR" => ("total_iters", 2, Some(5.0)),
        "LinearLR" => ("total_iters", 3, Some(5.0)),
        _ => return None,
    })
}

/// Whether the schedule of `ctor`, stepped `stepped` times at `step` over `epochs` passes of the
/// outermost loop, was evidently sized in epochs.
pub fn sized_in_epochs(ctor: &Ctor, step: &StepCall, stepped: usize, epochs: usize) -> bool {
    let Some((name, pos, default)) = horizon_param(&ctor.class) else {
        return false;
    };
    let literal = match ctor.kw(name).or(ctor.positional.get(pos)) {
        Some(Lit::Seq(items, _)) => items.iter().map(Lit::num).collect::<Option<Vec<f64>>>(),
        Some(l) => l.num().map(|x| vec![x]),
        None => default.map(|x| vec![x]),
    };
    let Some(horizon) = literal else {
        return epoch_words_only(ctor.words(name, pos), step);
    };
    let Some(&first) = horizon.iter().find(|x| **x > 0.0) else {
        return false;
    };
    // Steps per epoch, when the run shows it: a horizon of whole epochs' worth is deliberate.
    let per_epoch =
        (epochs > 0 && stepped.is_multiple_of(epochs)).then(|| (stepped / epochs) as f64);
    let whole_epochs =
        per_epoch.is_some_and(|b| b > 1.0 && horizon.iter().all(|h| *h >= b && h % b == 0.0));
    stepped as f64 > first && !whole_epochs
}

/// `T_max=epochs`: the expression uses only names of the outermost (epoch) loop.
fn epoch_words_only(words: Option<&[String]>, step: &StepCall) -> bool {
    let (Some(words), Some(outer)) = (words, step.loops.first()) else {
        return false;
    };
    !words.is_empty()
        && words
            .iter()
            .all(|w| outer.words.contains(w) && w != "range" && w != "len")
}
