//! SWALR (`torch.optim.swa_utils`): anneals each group's lr towards its `swa_lr` over
//! `anneal_epochs` steps (cosine or linear), then holds it. Unlike the `lr_scheduler` classes it
//! counts with `_step_count`, not `last_epoch`, and reads the previous rate back from the group.

use super::Scheduler;
use super::basic::cos;
use crate::engine::error::PyResult;
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::optimizer::ParamGroup;
use std::f64::consts::PI;

/// SWALR's own state.
#[derive(Clone, Debug)]
pub struct Swa {
    pub anneal_epochs: Num,
    /// `_anneal_strategy` as stored (a learner may overwrite it).
    pub strategy: String,
    /// Which `anneal_func` is bound: set by the constructor and by `load_state_dict`
    /// (`_set_anneal_func`: cosine for "cos", linear for anything else).
    pub cosine: bool,
}

impl Swa {
    /// `anneal_func(t)`: `(1 - cos(pi t)) / 2`, or `t` itself.
    fn anneal(&self, t: Num) -> PyResult<Num> {
        if self.cosine {
            Int(1).sub(cos(Float(PI).mul(t)?)?)?.div(Int(2))
        } else {
            Ok(t)
        }
    }

    /// `max(0, min(1, x))`, keeping Python's types (an int 0 or 1 at the ends).
    fn clamp(x: Num) -> Num {
        Int(0).max(Int(1).min(x))
    }

    pub(super) fn get_lr(
        &self,
        s: &Scheduler,
        groups: &[ParamGroup],
        out: &mut Vec<Num>,
    ) -> PyResult<()> {
        let mut step = Int(s.step_count - 1);
        if self.anneal_epochs.eq(Int(0)) {
            step = Int(1).max(step);
        }
        let span = Int(1).max(self.anneal_epochs);
        let prev_alpha = self.anneal(Self::clamp(step.sub(Int(1))?.div(span)?))?;
        let alpha = self.anneal(Self::clamp(step.div(span)?))?;
        for g in groups {
            let (lr, swa_lr) = (g.num("lr")?, g.num("swa_lr")?);
            // `_get_initial_lr`: the rate before annealing, recovered from the current one.
            let prev = if prev_alpha.eq(Int(1)) {
                swa_lr
            } else {
                lr.sub(prev_alpha.mul(swa_lr)?)?
                    .div(Int(1).sub(prev_alpha)?)?
            };
            out.push(swa_lr.mul(alpha)?.add(prev.mul(Int(1).sub(alpha)?)?)?);
        }
        Ok(())
    }
}
