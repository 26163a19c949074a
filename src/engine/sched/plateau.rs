//! ReduceLROnPlateau: watches a metric and multiplies the rates by `factor` after `patience` bad
//! epochs, with `cooldown`, `threshold` (relative or absolute) and per-group `min_lr`.

use super::Kind;
use crate::engine::Engine;
use crate::engine::error::{ErrKind, PyErr, PyResult};
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::value::{SchedId, Value};

/// ReduceLROnPlateau's own state (attribute names as in PyTorch).
#[derive(Clone, Debug)]
pub struct Plateau {
    pub factor: Num,
    /// `default_min_lr`: `None` when `min_lr` was given per group.
    pub default_min_lr: Option<Num>,
    pub min_lrs: Vec<Num>,
    pub patience: Num,
    pub cooldown: Num,
    pub eps: Num,
    pub mode_worse: Num,
    pub mode: String,
    pub threshold: Num,
    pub threshold_mode: String,
    pub best: Num,
    pub cooldown_counter: Num,
    pub num_bad_epochs: Num,
}

impl Plateau {
    /// `_is_better(a, best)`.
    fn is_better(&self, a: Num, best: Num) -> PyResult<bool> {
        Ok(match (self.mode.as_str(), self.threshold_mode.as_str()) {
            ("min", "rel") => a.lt(best.mul(Float(1.0).sub(self.threshold)?)?),
            ("min", _) => a.lt(best.sub(self.threshold)?),
            ("max", "rel") => a.gt(best.mul(self.threshold.add(Float(1.0))?)?),
            _ => a.gt(best.add(self.threshold)?),
        })
    }
}

/// `float(metrics)`, with Python's errors for values that are not numbers.
fn metric_value(v: &Value) -> PyResult<Num> {
    match v {
        Value::Str(s) => s.trim().parse::<f64>().map(Float).map_err(|_| {
            PyErr::value(format!(
                "could not convert string to float: {}",
                crate::engine::repr::str_repr(s)
            ))
        }),
        other => other.num().map(|n| Float(n.f())).ok_or_else(|| {
            PyErr::type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                other.type_name()
            ))
        }),
    }
}

impl Engine {
    /// `ReduceLROnPlateau.step(metrics, epoch=None)`; a metric that is not a number is the
    /// TypeError/ValueError of `float(metrics)`.
    pub fn plateau_step(
        &mut self,
        id: SchedId,
        metric: &Value,
        epoch: Option<Num>,
    ) -> PyResult<()> {
        let current = metric_value(metric)?;
        if epoch.is_some() {
            self.warn(super::step::EPOCH_DEPRECATION);
        }
        let s = &mut self.schedulers[id.0 as usize];
        let epoch = match epoch {
            Some(e) => e,
            None => s.last_epoch.add(Int(1))?,
        };
        s.last_epoch = epoch;
        let Kind::Plateau(p) = &mut s.kind else {
            return Ok(());
        };
        if p.is_better(current, p.best)? {
            p.best = current;
            p.num_bad_epochs = Int(0);
        } else {
            p.num_bad_epochs = p.num_bad_epochs.add(Int(1))?;
        }
        if p.cooldown_counter.gt(Int(0)) {
            p.cooldown_counter = p.cooldown_counter.sub(Int(1))?;
            p.num_bad_epochs = Int(0);
        }
        let opt = &mut self.optimizers[s.opt.0 as usize];
        if p.num_bad_epochs.gt(p.patience) {
            reduce_lr(p, opt)?;
            p.cooldown_counter = p.cooldown;
            p.num_bad_epochs = Int(0);
        }
        s.last_lr.clear();
        for g in &opt.groups {
            s.last_lr.push(g.lr()?);
        }
        Ok(())
    }
}

/// `_reduce_lr`: multiplies each group's rate by `factor`, not below its `min_lr`, and skips
/// changes smaller than `eps`.
fn reduce_lr(p: &mut Plateau, opt: &mut crate::engine::Optimizer) -> PyResult<()> {
    let n = opt.groups.len();
    if n != p.min_lrs.len() {
        match p.default_min_lr {
            None => {
                return Err(PyErr::new(
                    ErrKind::RuntimeError,
                    format!(
                        "The number of param groups in the `optimizer` ({n}) differs from when `ReduceLROnPlateau` was initialized ({}), usually due to a new param group being added to the optimizer. Please modify the `min_lrs` field to match the length of the `optimizer` param groups.",
                        p.min_lrs.len()
                    ),
                ));
            }
            Some(d) => p.min_lrs = vec![d; n],
        }
    }
    for (g, min_lr) in opt.groups.iter_mut().zip(&p.min_lrs) {
        let old = Float(g.lr()?.f());
        let new = old.mul(p.factor)?.max(*min_lr);
        if old.sub(new)?.gt(p.eps) {
            g.set("lr", new.into());
        }
    }
    Ok(())
}
