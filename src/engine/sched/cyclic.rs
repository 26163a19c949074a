//! CyclicLR: triangular, triangular2 and exp_range cycles (or a learner's `scale_fn`), moving the
//! momentum (or Adam's beta1) against the learning rate.

use super::Scheduler;
use crate::engine::Host;
use crate::engine::error::{PyErr, PyResult};
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::optimizer::Optimizer;
use crate::engine::value::Value;

/// CyclicLR's own state (attribute names as in PyTorch).
#[derive(Clone, Debug)]
pub struct Cyclic {
    pub max_lrs: Vec<Num>,
    pub total_size: Num,
    pub step_ratio: Num,
    pub mode: String,
    pub gamma: Num,
    /// The gamma `exp_range`'s scale function was bound to (`partial(..., self.gamma)` in
    /// `_init_scale_fn`): a later `scheduler.gamma = x` does not reach it until a
    /// `load_state_dict` binds it again.
    pub scale_gamma: Num,
    /// `_scale_fn_custom`: a learner callable, if given.
    pub scale_fn: Option<Value>,
    /// `cycle` or `iterations`.
    pub scale_mode: String,
    pub cycle_momentum: bool,
    pub use_beta1: bool,
    pub base_momentums: Vec<Num>,
    pub max_momentums: Vec<Num>,
    /// Whether `use_beta1`, `base_momentums` and `max_momentums` exist: the constructor creates
    /// them only when `cycle_momentum` was true.
    pub momentum_attrs: bool,
}

impl Cyclic {
    /// `scale_fn(x)`: the custom function, else the one the mode selects.
    fn scale(&self, host: &mut dyn Host, x: Num) -> PyResult<Num> {
        if let Some(f) = &self.scale_fn {
            let Value::Func(id) = f else {
                return Err(PyErr::type_error(format!(
                    "'{}' object is not callable",
                    f.type_name()
                )));
            };
            let v = host.call(*id, x.into())?;
            return v.num().ok_or_else(|| {
                PyErr::type_error(format!(
                    "unsupported operand type(s) for *: 'float' and '{}'",
                    v.type_name()
                ))
            });
        }
        match self.mode.as_str() {
            "triangular2" => Int(1).div(Float(2.0).pow(x.sub(Int(1))?)?),
            "exp_range" => self.scale_gamma.pow(x),
            _ => Ok(Float(1.0)),
        }
    }

    pub(super) fn get_lr(
        &self,
        s: &Scheduler,
        opt: &mut Optimizer,
        host: &mut dyn Host,
        out: &mut Vec<Num>,
    ) -> PyResult<()> {
        let e = s.last_epoch;
        let cycle = Int(1).add(e.div(self.total_size)?)?.floor()?;
        let x = Float(1.0).add(e.div(self.total_size)?)?.sub(cycle)?;
        let scale_factor = if x.le(self.step_ratio) {
            x.div(self.step_ratio)?
        } else {
            x.sub(Int(1))?.div(self.step_ratio.sub(Int(1))?)?
        };
        let arg = if self.scale_mode == "cycle" { cycle } else { e };
        if self.scale_fn.is_none() {
            // The built-in scale functions are pure: one evaluation serves every group.
            let scale = self.scale(host, arg)?;
            for (base, max) in s.base_lrs.iter().zip(&self.max_lrs) {
                out.push(base.add(max.sub(*base)?.mul(scale_factor)?.mul(scale)?)?);
            }
            if self.cycle_momentum {
                for ((g, base), max) in opt
                    .groups
                    .iter_mut()
                    .zip(&self.base_momentums)
                    .zip(&self.max_momentums)
                {
                    g.set_momentum(
                        max.sub(max.sub(*base)?.mul(scale_factor)?.mul(scale)?)?,
                        self.use_beta1,
                    );
                }
            }
            return Ok(());
        }
        // A learner's scale_fn is called exactly as often as PyTorch calls it (it may print).
        for (base, max) in s.base_lrs.iter().zip(&self.max_lrs) {
            let height = max.sub(*base)?.mul(scale_factor)?;
            out.push(base.add(height.mul(self.scale(host, arg)?)?)?);
        }
        if self.cycle_momentum {
            let mut momentums = Vec::with_capacity(self.max_momentums.len());
            for (base, max) in self.base_momentums.iter().zip(&self.max_momentums) {
                let height = max.sub(*base)?.mul(scale_factor)?;
                momentums.push(max.sub(height.mul(self.scale(host, arg)?)?)?);
            }
            for (g, m) in opt.groups.iter_mut().zip(momentums) {
                g.set_momentum(m, self.use_beta1);
            }
        }
        Ok(())
    }
}
