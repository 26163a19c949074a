//! OneCycleLR: warm up to `max_lr`, anneal down to `min_lr` (cosine or linear), optionally in three
//! phases, moving momentum (or beta1) the opposite way. Reads its endpoints from the param groups,
//! where the constructor stored them (`initial_lr`, `max_lr`, `min_lr`, `max_momentum`, ...).

use super::Scheduler;
use crate::engine::error::{ErrKind, PyErr, PyResult};
use crate::engine::num::Num::{self, Float};
use crate::engine::num::{fcos, fdiv};
use crate::engine::optimizer::{Hot, Optimizer, ParamGroup};
use crate::engine::value::Value;
use std::f64::consts::PI;

/// One phase of the cycle: where it ends and which group keys hold its endpoints.
#[derive(Clone, Debug)]
pub struct Phase {
    pub end_step: Num,
    pub start_lr: Hot,
    pub end_lr: Hot,
    pub start_momentum: Hot,
    pub end_momentum: Hot,
}

/// OneCycleLR's own state.
#[derive(Clone, Debug)]
pub struct OneCycle {
    pub total_steps: Num,
    pub phases: Vec<Phase>,
    /// `cos` or `linear`.
    pub anneal: String,
    /// `anneal == "cos"`, decided once.
    pub cosine: bool,
    pub cycle_momentum: bool,
    pub use_beta1: bool,
    /// Whether `use_beta1` exists: the constructor creates it only when `cycle_momentum` was true.
    pub momentum_attrs: bool,
}

impl OneCycle {
    /// `_annealing_cos` / `_annealing_linear` from `start` to `end` at `pct`. `cos_out` is
    /// `cos(pi * pct) + 1`, computed once per group since lr and momentum share `pct`.
    fn anneal(&self, start: f64, end: f64, pct: f64, cos_out: f64) -> f64 {
        if self.cosine {
            end + (start - end) / 2.0 * cos_out
        } else {
            (end - start) * pct + start
        }
    }

    pub(super) fn get_lr(
        &self,
        s: &Scheduler,
        opt: &mut Optimizer,
        out: &mut Vec<Num>,
    ) -> PyResult<()> {
        let (phase, pct, cos_out) = self.at(s.last_epoch)?;
        for g in opt.groups.iter_mut() {
            let value = |h: Hot| g.num_hot(h).map(Num::f);
            let (lr, momentum) = self.group_values(phase, pct, cos_out, value)?;
            out.push(Float(lr));
            if let Some(m) = momentum {
                g.set_momentum(Float(m), self.use_beta1);
            }
        }
        Ok(())
    }

    /// The fast step path (see `fast.rs`): the same values as `get_lr` plus the write-back, or
    /// `false` with nothing changed when a value is not a float or the step would raise.
    pub(super) fn fast_step(
        &self,
        step: i64,
        groups: &mut [ParamGroup],
        scratch: &mut Vec<Num>,
    ) -> bool {
        let Ok((phase, pct, cos_out)) = self.at(Num::Int(step)) else {
            return false;
        };
        // First every value (any missing one aborts before a write), then the writes.
        scratch.clear();
        for g in groups.iter() {
            let value = |h: Hot| g.float_hot(h).ok_or(());
            let Ok((lr, momentum)) = self.group_values(phase, pct, cos_out, value) else {
                return false;
            };
            scratch.push(Float(lr));
            scratch.extend(momentum.map(Float));
        }
        let per_group = 1 + usize::from(self.cycle_momentum);
        for (g, values) in groups.iter_mut().zip(scratch.chunks_exact(per_group)) {
            if let [_, momentum] = values {
                g.set_momentum(*momentum, self.use_beta1);
            }
            g.set_lr(values[0]);
        }
        true
    }

    /// Where `step` is in the cycle: its phase, `pct` and cosine (see `position`), or PyTorch's
    /// error past `total_steps`.
    fn at(&self, step: Num) -> PyResult<(&Phase, f64, f64)> {
        if step.gt(self.total_steps) {
            return Err(PyErr::value(format!(
                "Tried to step {step} times. The specified number of total steps is {}",
                self.total_steps
            )));
        }
        // The phase, `pct` and the cosine depend on the step only: PyTorch recomputes them for
        // each group, with the same result.
        self.position(step.f())
    }

    /// One group's new lr and, when momentum cycles, its momentum, reading the phase's endpoint
    /// keys with `value` (PyTorch's order: lr first, then momentum).
    fn group_values<E>(
        &self,
        phase: &Phase,
        pct: f64,
        cos_out: f64,
        value: impl Fn(Hot) -> Result<f64, E>,
    ) -> Result<(f64, Option<f64>), E> {
        let lr = self.anneal(value(phase.start_lr)?, value(phase.end_lr)?, pct, cos_out);
        let momentum = if self.cycle_momentum {
            let (start, end) = (value(phase.start_momentum)?, value(phase.end_momentum)?);
            Some(self.anneal(start, end, pct, cos_out))
        } else {
            None
        };
        Ok((lr, momentum))
    }

    /// The phase `step` falls in, how far into it (`pct`, a true division, so bare `f64` gives
    /// the same bits as `Num`) and `cos(pi * pct) + 1` for cosine annealing.
    fn position(&self, step: f64) -> PyResult<(&Phase, f64, f64)> {
        let mut start_step = 0.0;
        let last = self.phases.len().saturating_sub(1);
        for (i, phase) in self.phases.iter().enumerate() {
            let end_step = phase.end_step.f();
            if step <= end_step || i == last {
                let pct = fdiv(step - start_step, end_step - start_step)?;
                let cos_out = if self.cosine {
                    fcos(PI * pct)? + 1.0
                } else {
                    0.0
                };
                return Ok((phase, pct, cos_out));
            }
            start_step = end_step;
        }
        Err(PyErr::new(
            crate::engine::ErrKind::UnboundLocalError,
            "cannot access local variable 'computed_lr' where it is not associated with a value",
        ))
    }
}

/// The keys of one `_schedule_phases` entry, in the order PyTorch writes them.
const PHASE_KEYS: [&str; 5] = [
    "end_step",
    "start_lr",
    "end_lr",
    "start_momentum",
    "end_momentum",
];

/// `_schedule_phases` as PyTorch stores it: a list of dicts naming the group keys.
pub fn phases_value(phases: &[Phase]) -> Value {
    Value::List(
        phases
            .iter()
            .map(|p| {
                let hot = [p.start_lr, p.end_lr, p.start_momentum, p.end_momentum];
                let mut items = vec![(Value::Str(PHASE_KEYS[0].into()), p.end_step.into())];
                for (k, h) in PHASE_KEYS[1..].iter().zip(hot) {
                    items.push((Value::Str((*k).into()), Value::Str(h.name().into())));
                }
                Value::Dict(items)
            })
            .collect(),
    )
}

/// `_schedule_phases` read back from a state dict or an attribute write. The engine reads the
/// endpoints through the group keys it knows, so a phase naming another key is not modelled.
pub fn phases_from(v: &Value) -> PyResult<Vec<Phase>> {
    let not_modelled = |what: String| {
        PyErr::new(
            ErrKind::SandboxError,
            format!(
                "lrtutor models OneCycleLR's _schedule_phases only as PyTorch builds them: {what}"
            ),
        )
    };
    let Value::List(items) = v else {
        return Err(not_modelled(format!(
            "a list of dicts, not {}",
            v.type_name()
        )));
    };
    items
        .iter()
        .map(|item| {
            let Value::Dict(entries) = item else {
                return Err(not_modelled(format!(
                    "a dict per phase, not {}",
                    item.type_name()
                )));
            };
            let get = |key: &str| {
                entries
                    .iter()
                    .find(|(k, _)| matches!(k, Value::Str(s) if s == key))
                    .map(|(_, v)| v)
                    .ok_or_else(|| PyErr::key_error(key))
            };
            let hot = |key: &str| match get(key)? {
                Value::Str(s) => Hot::of(s)
                    .filter(|h| !matches!(h, Hot::Lr | Hot::Momentum | Hot::Betas))
                    .ok_or_else(|| not_modelled(format!("'{key}' names the group key {s:?}"))),
                other => Err(not_modelled(format!("'{key}' is a {}", other.type_name()))),
            };
            let end = get("end_step")?;
            Ok(Phase {
                end_step: end
                    .num()
                    .ok_or_else(|| not_modelled(format!("'end_step' is a {}", end.type_name())))?,
                start_lr: hot("start_lr")?,
                end_lr: hot("end_lr")?,
                start_momentum: hot("start_momentum")?,
                end_momentum: hot("end_momentum")?,
            })
        })
        .collect()
}
