//! The schedulers' own parameters, compared with the reference's: when an attempt builds the
//! same schedulers in the same order and only one kind of parameter differs, the difference is
//! that parameter for certain.

use super::difference::Difference;
use super::series::close;
use crate::engine::Num;
use crate::engine::sched::{Kind, Scheduler};

/// A parameter's value, int or float as the program wrote it.
#[derive(Debug, Clone)]
enum P {
    N(Num),
    L(Vec<Num>),
    S(String),
}

impl P {
    fn same(&self, other: &P) -> bool {
        match (self, other) {
            (P::N(a), P::N(b)) => close(a.f(), b.f()),
            (P::L(a), P::L(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(x.f(), y.f()))
            }
            (P::S(a), P::S(b)) => a == b,
            _ => false,
        }
    }

    /// As Python prints it (`1.0`, `[10, 20]`, `'max'`).
    fn text(&self) -> String {
        match self {
            P::N(x) => x.to_string(),
            P::L(v) => format!(
                "[{}]",
                v.iter().map(Num::to_string).collect::<Vec<_>>().join(", ")
            ),
            P::S(s) => format!("'{s}'"),
        }
    }

    fn num(&self) -> Option<f64> {
        match self {
            P::N(x) => Some(x.f()),
            P::L(v) => v.first().map(|x| x.f()),
            P::S(_) => None,
        }
    }
}

/// The parameters that shape a scheduler's rates; None for a class whose shape lives in learner
/// code (LambdaLR's function) or is not compared here.
fn params(s: &Scheduler) -> Option<Vec<(&'static str, P)>> {
    let n = |x: &Num| P::N(*x);
    Some(match &s.kind {
        Kind::Base | Kind::Chained { .. } => Vec::new(),
        Kind::Step {
            step_size, gamma, ..
        } => vec![("step_size", n(step_size)), ("gamma", n(gamma))],
        Kind::MultiStep { milestones, gamma } => {
            let mut m: Vec<Num> = milestones
                .counts()
                .iter()
                .flat_map(|(x, count)| std::iter::repeat_n(*x, (*count).max(0) as usize))
                .collect();
            m.sort_by(|a, b| a.f().total_cmp(&b.f()));
            vec![("milestones", P::L(m)), ("gamma", n(gamma))]
        }
        Kind::Constant {
            factor,
            total_iters,
        } => {
            vec![("factor", n(factor)), ("total_iters", n(total_iters))]
        }
        Kind::Linear {
            start,
            end,
            total_iters,
        } => vec![
            ("start_factor", n(start)),
            ("end_factor", n(end)),
            ("total_iters", n(total_iters)),
        ],
        Kind::Exponential { gamma } => vec![("gamma", n(gamma))],
        Kind::Swa(w) => vec![
            ("anneal_epochs", n(&w.anneal_epochs)),
            ("anneal_strategy", P::S(w.strategy.clone())),
        ],
        Kind::Polynomial { total_iters, power } => {
            vec![("total_iters", n(total_iters)), ("power", n(power))]
        }
        Kind::Cosine { t_max, eta_min, .. } => vec![("T_max", n(t_max)), ("eta_min", n(eta_min))],
        Kind::Sequential { milestones, .. } => {
            vec![("milestones", P::L(milestones.clone()))]
        }
        Kind::Plateau(p) => vec![
            ("mode", P::S(p.mode.clone())),
            ("factor", n(&p.factor)),
            ("patience", n(&p.patience)),
            ("threshold", n(&p.threshold)),
            ("threshold_mode", P::S(p.threshold_mode.clone())),
            ("cooldown", n(&p.cooldown)),
            ("min_lr", P::L(p.min_lrs.clone())),
            ("eps", n(&p.eps)),
        ],
        Kind::WarmRestarts(w) => vec![
            ("T_0", n(&w.t_0)),
            ("T_mult", n(&w.t_mult)),
            ("eta_min", n(&w.eta_min)),
        ],
        // A custom scale function shapes the cycle in learner code: not compared.
        Kind::Cyclic(c) if c.scale_fn.is_none() => vec![
            ("max_lr", P::L(c.max_lrs.clone())),
            ("step_size_up + step_size_down", n(&c.total_size)),
            (
                "step_size_up / (step_size_up + step_size_down)",
                n(&c.step_ratio),
            ),
            ("mode", P::S(c.mode.clone())),
            ("gamma", n(&c.gamma)),
        ],
        Kind::OneCycle(o) => vec![
            ("total_steps", n(&o.total_steps)),
            ("anneal_strategy", P::S(o.anneal.clone())),
        ],
        Kind::Lambda { .. } | Kind::Multiplicative { .. } | Kind::Cyclic(_) => {
            return None;
        }
    })
}

/// One parameter that differs.
#[derive(Debug, Clone)]
struct Diff {
    /// The scheduler's index in the run.
    at: usize,
    class: &'static str,
    name: &'static str,
    got: P,
    want: P,
}

/// The parameters that differ, when both runs built the same classes in the same order and
/// every one of them can be compared.
fn diff(got: &[Scheduler], want: &[Scheduler]) -> Option<Vec<Diff>> {
    if got.len() != want.len() || got.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if g.class != w.class {
            return None;
        }
        let base = |s: &Scheduler| P::L(s.base_lrs.clone());
        if i == 0 && !base(g).same(&base(w)) {
            let (got, want) = (base(g), base(w));
            out.push(Diff {
                at: i,
                class: g.class.name(),
                name: "lr",
                got,
                want,
            });
        }
        for ((name, pg), (_, pw)) in params(g)?.into_iter().zip(params(w)?) {
            if !pg.same(&pw) {
                out.push(Diff {
                    at: i,
                    class: g.class.name(),
                    name,
                    got: pg,
                    want: pw,
                });
            }
        }
    }
    Some(out)
}

/// Whether scheduler `s` warms up: a LinearLR that rises or a ConstantLR below 1.
fn warms_up(s: &Scheduler) -> bool {
    match &s.kind {
        Kind::Linear { start, end, .. } => start.f() < end.f(),
        Kind::Constant { factor, .. } => factor.f() < 1.0,
        _ => false,
    }
}

/// The milestones' first entry when `d` is a SequentialLR's hand-over from a warm-up.
fn warmup_length(d: &Diff, run: &[Scheduler]) -> bool {
    match (d.name, &run[d.at].kind) {
        ("milestones", Kind::Sequential { children, .. }) => {
            children
                .first()
                .and_then(|c| run.get(c.0 as usize))
                .is_some_and(warms_up)
                && first_only(&d.got, &d.want)
        }
        ("total_iters", _) => warms_up(&run[d.at]),
        _ => false,
    }
}

/// Two lists that differ only in their first element.
fn first_only(a: &P, b: &P) -> bool {
    match (a, b) {
        (P::L(a), P::L(b)) => {
            a.len() == b.len()
                && !a.is_empty()
                && a[1..].iter().zip(&b[1..]).all(|(x, y)| close(x.f(), y.f()))
        }
        _ => false,
    }
}

/// Names a difference from the schedulers' parameters, with a detail. `drops` names the effect
/// of differing milestones from the trajectories.
pub fn name(
    got: &[Scheduler],
    want: &[Scheduler],
    drops: impl Fn() -> Option<(Difference, String)>,
) -> Option<(Difference, String)> {
    let diffs = diff(got, want)?;
    let first = diffs.first()?;
    let all = |name: &str| diffs.iter().all(|d| d.name == name);
    let yours = |d: &Diff| format!("your `{}` has {}={}", d.class, d.name, d.got.text());
    if all("lr") {
        let text = format!(
            "your optimizer starts at lr={}; the target's at lr={}.",
            first.got.text(),
            first.want.text()
        );
        return Some((Difference::WrongStart, text));
    }
    let named = |d: Difference| Some((d, format!("{}.", yours(first))));
    if all("gamma") {
        return named(Difference::WrongGamma);
    }
    if all("step_size") && first.class == "StepLR" {
        return named(Difference::WrongStepSize);
    }
    if all("T_max") {
        return named(Difference::WrongTMax);
    }
    if all("eta_min") {
        return named(Difference::WrongEtaMin);
    }
    if all("mode") && first.class == "ReduceLROnPlateau" {
        return named(Difference::PlateauMode);
    }
    if diffs.len() == 1 && first.name == "milestones" && first.class == "MultiStepLR" {
        // The drops' own name where it says more (shifted, missing, extra); drops at other
        // epochs are just other milestones.
        let said = drops().filter(|(d, _)| *d != Difference::DropsElsewhere);
        return said.or_else(|| named(Difference::WrongMilestones));
    }
    if diffs.iter().all(|d| warmup_length(d, got)) {
        let longer = diffs.iter().all(|d| d.got.num() > d.want.num());
        let shorter = diffs.iter().all(|d| d.got.num() < d.want.num());
        let kind = match (longer, shorter) {
            (true, false) => Difference::WarmupTooLong,
            (false, true) => Difference::WarmupTooShort,
            _ => return None,
        };
        let parts: Vec<String> = diffs.iter().map(yours).collect();
        return Some((kind, format!("{}.", parts.join(" and "))));
    }
    if diffs.len() == 1 {
        return Some((
            Difference::WrongParameter,
            format!("{}; the target's is different.", yours(first)),
        ));
    }
    None
}
