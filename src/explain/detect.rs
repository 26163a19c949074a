//! The detectors. Each looks at the static scan or the run (error, warnings, trace) and reports
//! findings; a detector stays silent unless the evidence is specific, because a false alarm on
//! correct code is as bad as a miss.

use super::Finding;
use super::scan::{Ctor, Lit, Scan};
use crate::sandbox::RunResult;

const EPOCH_SCHEDULERS: &[&str] = &[
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "ConstantLR",
    "PolynomialLR",
    "LambdaLR",
    "MultiplicativeLR",
    "CosineAnnealingWarmRestarts",
];
const BATCH_WORDS: &[&str] = &[
    "batch",
    "loader",
    "data",
    "step",
    "iter",
    "sample",
    "minibatch",
    "x",
    "inputs",
    "targets",
];
const TORCH_NAMES: &[&str] = &[
    "torch",
    "nn",
    "optim",
    "lr_scheduler",
    "math",
    "LambdaLR",
    "MultiplicativeLR",
    "StepLR",
    "MultiStepLR",
    "ConstantLR",
    "LinearLR",
    "ExponentialLR",
    "SequentialLR",
    "CosineAnnealingLR",
    "ChainedScheduler",
    "ReduceLROnPlateau",
    "CyclicLR",
    "CosineAnnealingWarmRestarts",
    "OneCycleLR",
    "PolynomialLR",
    "SGD",
    "Adam",
    "AdamW",
    "RMSprop",
    "Adagrad",
];

pub fn findings(scan: &Scan, r: &RunResult) -> Vec<Finding> {
    let mut out = Vec::new();
    from_error(r, scan, &mut out);
    from_warnings(r, &mut out);
    from_ctors(scan, &mut out);
    from_steps(scan, r, &mut out);
    from_trace(scan, r, &mut out);
    out
}

fn push(out: &mut Vec<Finding>, id: &'static str, line: Option<u32>, detail: String) {
    out.push(Finding { id, line, detail });
}

fn from_error(r: &RunResult, scan: &Scan, out: &mut Vec<Finding>) {
    let Some(e) = &r.error else { return };
    let (kind, msg, line) = (e.kind.as_str(), e.message.as_str(), e.line);
    if kind == "TypeError"
        && let Some((class, arg)) = unexpected_keyword(msg)
    {
        let (id, detail) = match (class, arg) {
            ("StepLR", "milestones") => (
                "steplr-milestones",
                "`StepLR` was given `milestones`, a parameter only `MultiStepLR` has.".to_string(),
            ),
            ("MultiStepLR", "step_size") => (
                "multisteplr-step-size",
                "`MultiStepLR` was given `step_size`, a parameter only `StepLR` has.".to_string(),
            ),
            ("PolynomialLR", "end_lr" | "eta_min" | "min_lr") => (
                "polynomial-no-end-lr",
                format!("`PolynomialLR` was given `{arg}`; it always decays to 0."),
            ),
            _ => ("unknown-argument", unknown_detail(class, arg)),
        };
        push(out, id, line, detail);
        return;
    }
    if kind == "TypeError"
        && msg.contains("missing")
        && msg.contains("required positional argument")
    {
        if msg.starts_with("ReduceLROnPlateau.step()") {
            push(
                out,
                "plateau-without-metric",
                line,
                "`ReduceLROnPlateau.step()` was called without the metric it watches.".into(),
            );
        } else {
            push(
                out,
                "missing-argument",
                line,
                format!("Python raised `TypeError: {msg}`."),
            );
        }
        return;
    }
    if kind == "TypeError"
        && msg == "'int' object is not iterable"
        && scan
            .ctors
            .iter()
            .any(|c| c.class == "MultiStepLR" && c.line == line.unwrap_or(0))
    {
        push(
            out,
            "milestones-not-list",
            line,
            "`MultiStepLR` was given a single number as `milestones`.".into(),
        );
        return;
    }
    if kind == "TypeError"
        && msg.starts_with("unsupported operand type(s) for %: 'int' and '")
        && scan.ctors.iter().any(|c| c.class == "StepLR")
    {
        push(out, "step-size-not-int", line, "`StepLR`'s `step_size` is not a whole number, so `epoch % step_size` failed at the first `step()`.".into());
        return;
    }
    if kind == "ZeroDivisionError"
        && msg == "integer modulo by zero"
        && stepped_class(scan, line) == Some("StepLR")
    {
        push(
            out,
            "zero-step-size",
            line,
            "`StepLR` computed `epoch % step_size` with `step_size` equal to 0.".into(),
        );
        return;
    }
    if kind == "KeyError" && msg.contains("param 'initial_lr' is not specified") {
        push(out, "resume-without-initial-lr", line, "a scheduler was created with `last_epoch` set, on an optimizer no scheduler has used before.".into());
        return;
    }
    if let Some((id, detail)) = engine_value_error(kind, msg) {
        push(out, id, line, detail.into());
        return;
    }
    if kind == "ZeroDivisionError"
        && scan
            .ctors
            .iter()
            .any(|c| c.class == "LambdaLR" && c.line == line.unwrap_or(0))
    {
        push(
            out,
            "lambda-undefined-at-zero",
            line,
            "building the `LambdaLR` called its function with step 0, where it divides by zero."
                .into(),
        );
        return;
    }
    if kind == "ValueError" && msg.starts_with("Tried to step ") && msg.contains("total steps is") {
        push(
            out,
            "onecycle-overrun",
            line,
            format!("`OneCycleLR` was stepped past its plan: {msg}."),
        );
        return;
    }
    if kind == "NameError"
        && let Some(name) = msg
            .strip_prefix("name '")
            .and_then(|m| m.strip_suffix("' is not defined"))
        && TORCH_NAMES.contains(&name)
    {
        push(
            out,
            "missing-import",
            line,
            format!("`{name}` is used but was never imported."),
        );
    }
}

/// The mistakes that a PyTorch constructor's own ValueError names for certain: its message
/// says which rule was broken.
fn engine_value_error(kind: &str, msg: &str) -> Option<(&'static str, &'static str)> {
    if kind != "ValueError" {
        return None;
    }
    const TABLE: &[(&str, &str, &str)] = &[
        (
            "expects all schedulers to belong to the same optimizer",
            "combined-different-optimizers",
            "the schedulers combined here were built on different optimizers.",
        ),
        (
            "Expected positive integer T_0",
            "restarts-whole-numbers",
            "`T_0` must be a positive whole number of epochs.",
        ),
        (
            "Expected integer T_mult >= 1",
            "restarts-whole-numbers",
            "`T_mult` must be a whole number, 1 or more.",
        ),
        (
            "optimizer must support momentum or beta1",
            "cyclic-momentum-unsupported",
            "`cycle_momentum` is on (the default) but this optimizer has no momentum to cycle.",
        ),
        (
            "Starting multiplicative factor expected to be greater than 0",
            "linearlr-start-zero",
            "`LinearLR`'s `start_factor` must be above 0 (and at most 1).",
        ),
        (
            " lr_lambdas, but got ",
            "lr-lambdas-count",
            "`LambdaLR` needs one function per param group, or a single one for all.",
        ),
    ];
    TABLE
        .iter()
        .find(|(needle, _, _)| msg.contains(needle))
        .map(|(_, id, detail)| (*id, *detail))
}

/// The scheduler class whose `.step()` is called on `line`, if the scan can tell.
fn stepped_class(scan: &Scan, line: Option<u32>) -> Option<&str> {
    let step = scan.steps.iter().find(|s| Some(s.line) == line)?;
    scan.ctors
        .iter()
        .rev()
        .find(|c| c.bound_to.as_deref() == Some(step.receiver.as_str()))
        .map(|c| c.class.as_str())
}

/// `("StepLR", "milestones")` from `StepLR.__init__() got an unexpected keyword argument 'milestones'`.
fn unexpected_keyword(msg: &str) -> Option<(&str, &str)> {
    let (head, arg) = msg.split_once("() got an unexpected keyword argument '")?;
    let class = head.strip_suffix(".__init__").unwrap_or(head);
    Some((class, arg.strip_suffix('\'')?))
}

fn unknown_detail(class: &str, arg: &str) -> String {
    let params: Vec<&str> = match crate::engine::Class::from_name(class) {
        Some(c) => crate::engine::sched::signature(c)
            .params
            .iter()
            .map(|(n, _)| *n)
            .collect(),
        None => crate::engine::optimizer::kind(class)
            .map(|k| k.positional.iter().chain(k.keyword_only).copied().collect())
            .unwrap_or_default(),
    };
    let best = params
        .iter()
        .filter(|p| **p != "optimizer")
        .map(|p| (crate::suggest::distance(arg, p), *p))
        .min();
    match best {
        Some((d, p)) if d <= 2 || d * 3 <= arg.len() => {
            format!("`{class}` has no parameter `{arg}`; did you mean `{p}`?")
        }
        _ => format!(
            "`{class}` has no parameter `{arg}`; its parameters are {}.",
            params
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn from_warnings(r: &RunResult, out: &mut Vec<Finding>) {
    for w in &r.warnings {
        if w.message
            .starts_with("Detected call of `lr_scheduler.step()` before `optimizer.step()`")
        {
            push(
                out,
                "scheduler-before-optimizer",
                w.line,
                "`scheduler.step()` ran before any `optimizer.step()`, and PyTorch warned.".into(),
            );
        } else if w
            .message
            .starts_with("To get the last learning rate computed by the scheduler")
        {
            push(out, "get-lr-outside-step", w.line, "`get_lr()` was called directly, and PyTorch warned that `get_last_lr()` is the rate in use.".into());
        } else if w
            .message
            .starts_with("The epoch parameter in `scheduler.step()`")
        {
            push(
                out,
                "step-with-epoch",
                w.line,
                "`scheduler.step(epoch)` was called with an epoch, a deprecated form.".into(),
            );
        }
    }
}

fn from_ctors(scan: &Scan, out: &mut Vec<Finding>) {
    let growth_intended = growth_intended(scan);
    for c in &scan.ctors {
        let arg = |name: &str, pos: usize| c.kw(name).or(c.positional.get(pos));
        match c.class.as_str() {
            "StepLR" => {
                match arg("step_size", 1) {
                    Some(Lit::Int(0)) => push(
                        out,
                        "zero-step-size",
                        Some(c.line),
                        "`StepLR` was given `step_size=0`.".into(),
                    ),
                    Some(l @ (Lit::Float(_) | Lit::Seq(..))) => push(
                        out,
                        "step-size-not-int",
                        Some(c.line),
                        format!(
                            "`StepLR` was given `step_size={}`, which is not one whole number.",
                            l.text()
                        ),
                    ),
                    _ => {}
                }
                check_gamma(c, arg("gamma", 2), growth_intended, out);
            }
            "MultiStepLR" => {
                match arg("milestones", 1) {
                    Some(Lit::Seq(items, _)) => check_milestones(c, items, out),
                    Some(l @ (Lit::Int(_) | Lit::Float(_))) => push(
                        out,
                        "milestones-not-list",
                        Some(c.line),
                        format!(
                            "`MultiStepLR` was given `milestones={}`, a single number.",
                            l.text()
                        ),
                    ),
                    _ => {}
                }
                check_gamma(c, arg("gamma", 2), growth_intended, out);
            }
            "ExponentialLR" => check_gamma(c, arg("gamma", 1), growth_intended, out),
            _ => {}
        }
    }
}

/// Whether a rising rate is the plan: a growth phase handed over to another scheduler
/// (`SequentialLR`, `ChainedScheduler`), or a scheduler named for a warm-up or a learning-rate
/// range test. Then `gamma > 1` is deliberate.
fn growth_intended(scan: &Scan) -> bool {
    scan.ctors.iter().any(|c| {
        matches!(c.class.as_str(), "SequentialLR" | "ChainedScheduler")
            || c.bound_to.as_deref().is_some_and(|n| {
                let n = n.to_lowercase();
                ["warm", "find", "range"].iter().any(|w| n.contains(w))
            })
    })
}

fn check_gamma(c: &Ctor, gamma: Option<&Lit>, growth_intended: bool, out: &mut Vec<Finding>) {
    if let Some(g) = gamma.and_then(Lit::num)
        && (g >= 1.0 || g <= 0.0)
        && !(g > 1.0 && growth_intended)
    {
        let effect = if g >= 1.0 {
            "keeps or grows the learning rate instead of decaying it"
        } else {
            "zeroes the learning rate or flips its sign"
        };
        push(
            out,
            "gamma-out-of-range",
            Some(c.line),
            format!(
                "`{}` was given `gamma={}`, which {effect}.",
                c.class,
                gamma.map_or_else(String::new, Lit::text)
            ),
        );
    }
}

fn check_milestones(c: &Ctor, items: &[Lit], out: &mut Vec<Finding>) {
    let nums: Vec<f64> = items.iter().filter_map(Lit::num).collect();
    if nums.len() != items.len() {
        return;
    }
    let sorted_strictly = nums.windows(2).all(|w| w[0] < w[1]);
    if !sorted_strictly {
        let repeated = nums.iter().enumerate().any(|(i, x)| nums[..i].contains(x));
        let what = if repeated {
            "repeats a milestone, so gamma is applied once per repeat at that epoch"
        } else {
            "is not in increasing order"
        };
        let text = Lit::Seq(items.to_vec(), true).text();
        push(
            out,
            "milestones-unsorted",
            Some(c.line),
            format!("`milestones={text}` {what}."),
        );
    }
}

fn from_steps(scan: &Scan, r: &RunResult, out: &mut Vec<Finding>) {
    for s in &scan.steps {
        let Some(ctor) = scan
            .ctors
            .iter()
            .rev()
            .find(|c| c.bound_to.as_deref() == Some(s.receiver.as_str()))
        else {
            continue;
        };
        if !EPOCH_SCHEDULERS.contains(&ctor.class.as_str()) || s.args > 0 {
            continue;
        }
        let batch_loop = s.loops.len() >= 2
            && s.loops.last().is_some_and(|l| {
                l.words
                    .iter()
                    .any(|w| BATCH_WORDS.iter().any(|b| w.contains(b)))
            });
        let stepped = r
            .trace
            .iter()
            .filter(|t| t.kind == "scheduler.step" && t.line == s.line)
            .count();
        let epochs = r.trace.iter().filter(|t| t.kind == "epoch.end").count();
        if batch_loop && stepped > 1 && super::per_batch::sized_in_epochs(ctor, s, stepped, epochs)
        {
            push(
                out,
                "per-batch-stepping",
                Some(s.line),
                format!(
                    "`{}.step()` for a `{}` runs inside the batch loop (line {}), so the schedule advances once per batch.",
                    s.receiver,
                    ctor.class,
                    s.loops.last().map_or(0, |l| l.line)
                ),
            );
        }
    }
    for line in &scan.lr_edits_in_loops {
        if r.trace
            .iter()
            .any(|t| t.kind == "lr.set" && t.line == *line)
        {
            push(
                out,
                "manual-decay",
                Some(*line),
                "the learning rate is changed by hand in `param_groups` inside the training loop."
                    .into(),
            );
        }
    }
}

/// SequentialLR that jumps back up to the initial learning rate at a hand-over.
fn from_trace(scan: &Scan, r: &RunResult, out: &mut Vec<Finding>) {
    // Cyclic schedules rise on purpose; only decaying phases can "restart". Phases that are all
    // cosine cycles (with warm-ups) are warm restarts by design (SGDR built by hand).
    let restarts_by_design = scan
        .ctors
        .iter()
        .filter(|c| {
            !matches!(c.class.as_str(), "SequentialLR")
                && crate::engine::optimizer::kind(&c.class).is_none()
        })
        .all(|c| {
            matches!(
                c.class.as_str(),
                "CosineAnnealingLR" | "CosineAnnealingWarmRestarts" | "LinearLR" | "ConstantLR"
            )
        });
    if !scan.ctors.iter().any(|c| c.class == "SequentialLR")
        || restarts_by_design
        || scan
            .ctors
            .iter()
            .any(|c| c.class == "CyclicLR" || c.class == "OneCycleLR")
    {
        return;
    }
    let events: Vec<&crate::sandbox::TraceEvent> = r
        .trace
        .iter()
        .filter(|t| t.scheduler == Some("SequentialLR"))
        .collect();
    let Some(first) = events.first() else { return };
    let initial = first.lr.first().copied().unwrap_or(0.0);
    let mut low = initial;
    for pair in events.windows(2) {
        let (a, b) = (
            pair[0].lr.first().copied().unwrap_or(0.0),
            pair[1].lr.first().copied().unwrap_or(0.0),
        );
        low = low.min(a);
        // A rise after the rate had decayed below where it started: a restart, not a warm-up.
        if b > a && b >= initial && low < initial && a < initial && pair[1].kind == "scheduler.step"
        {
            let ctor_line = scan
                .ctors
                .iter()
                .find(|c| c.class == "SequentialLR")
                .map(|c| c.line);
            push(
                out,
                "sequential-restarts-lr",
                ctor_line,
                format!(
                    "at a milestone the learning rate jumped back up from {} to {} (line {}).",
                    crate::engine::repr::float_repr(a),
                    crate::engine::repr::float_repr(b),
                    pair[1].line
                ),
            );
            return;
        }
    }
}
