//! OneCycleLR: warm up to `max_lr`, anneal down to `min_lr` (cosine or linear), optionally in three
//! phases, moving momentum (or beta1) the opposite way. Reads its endpoints from the param groups,
//! where the constructor stored them (`initial_lr`, `max_lr`, `min_lr`, `max_momentum`, ...).

use super::Scheduler;
use super::basic::cos;
use crate::engine::error::{PyErr, PyResult};
use crate::engine::num::Num::{self, Float};
use crate::engine::optimizer::{Optimizer, ParamGroup};
use std::f64::consts::PI;

/// One phase of the cycle: where it ends and which group keys hold its endpoints.
#[derive(Clone, Debug)]
pub struct Phase {
    pub end_step: Num,
    pub start_lr: &'static str,
    pub end_lr: &'static str,
    pub start_momentum: &'static str,
    pub end_momentum: &'static str,
}

/// OneCycleLR's own state.
#[derive(Clone, Debug)]
pub struct OneCycle {
    pub total_steps: Num,
    pub phases: Vec<Phase>,
    /// `cos` or `linear`.
    pub anneal: String,
    pub cycle_momentum: bool,
    pub use_beta1: bool,
}

impl OneCycle {
    fn anneal(&self, start: Num, end: Num, pct: Num) -> PyResult<Num> {
        if self.anneal == "cos" {
            let cos_out = cos(Float(PI).mul(pct)?)?.add(Num::Int(1))?;
            end.add(start.sub(end)?.div(Float(2.0))?.mul(cos_out)?)
        } else {
            end.sub(start)?.mul(pct)?.add(start)
        }
    }

    pub(super) fn get_lr(
        &self,
        s: &Scheduler,
        opt: &mut Optimizer,
        out: &mut Vec<Num>,
    ) -> PyResult<()> {
        let step = s.last_epoch;
        if step.gt(self.total_steps) {
            return Err(PyErr::value(format!(
                "Tried to step {step} times. The specified number of total steps is {}",
                self.total_steps
            )));
        }
        for g in opt.groups.iter_mut() {
            let (lr, momentum) = self.at(g, step)?;
            out.push(lr);
            if let Some(m) = momentum {
                g.set_momentum(m, self.use_beta1);
            }
        }
        Ok(())
    }

    /// The lr (and momentum, when cycled) of one group at `step`.
    fn at(&self, g: &ParamGroup, step: Num) -> PyResult<(Num, Option<Num>)> {
        let mut start_step = Float(0.0);
        let last = self.phases.len().saturating_sub(1);
        for (i, phase) in self.phases.iter().enumerate() {
            if step.le(phase.end_step) || i == last {
                let pct = step.sub(start_step)?.div(phase.end_step.sub(start_step)?)?;
                let lr = self.anneal(g.num(phase.start_lr)?, g.num(phase.end_lr)?, pct)?;
                let momentum = if self.cycle_momentum {
                    Some(self.anneal(
                        g.num(phase.start_momentum)?,
                        g.num(phase.end_momentum)?,
                        pct,
                    )?)
                } else {
                    None
                };
                return Ok((lr, momentum));
            }
            start_step = phase.end_step;
        }
        Err(PyErr::new(
            crate::engine::ErrKind::UnboundLocalError,
            "cannot access local variable 'computed_lr' where it is not associated with a value",
        ))
    }
}
