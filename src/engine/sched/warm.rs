//! CosineAnnealingWarmRestarts: cosine annealing within periods `T_i` that grow by `T_mult`, with
//! its own `step(epoch)` that accepts fractional epochs (the documented per-batch usage).

use super::Kind;
use super::Scheduler;
use super::basic::cos;
use crate::engine::error::{PyErr, PyResult};
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::value::SchedId;
use crate::engine::{Engine, Host};
use std::f64::consts::PI;

/// CosineAnnealingWarmRestarts' own state.
#[derive(Clone, Debug)]
pub struct WarmRestarts {
    pub t_0: Num,
    pub t_i: Num,
    pub t_mult: Num,
    pub eta_min: Num,
    pub t_cur: Num,
}

impl WarmRestarts {
    pub(super) fn get_lr(&self, s: &Scheduler, out: &mut Vec<Num>) -> PyResult<()> {
        let c = Int(1).add(cos(Float(PI).mul(self.t_cur)?.div(self.t_i)?)?)?;
        for base in &s.base_lrs {
            out.push(
                self.eta_min
                    .add(base.sub(self.eta_min)?.mul(c)?.div(Int(2))?)?,
            );
        }
        Ok(())
    }

    /// Moves `T_cur`/`T_i` to `epoch` (or one step on) and returns the new `last_epoch`.
    fn advance(&mut self, last_epoch: Num, epoch: Option<Num>) -> PyResult<Num> {
        let epoch = match epoch {
            None if last_epoch.lt(Int(0)) => Some(Int(0)),
            other => other,
        };
        let Some(epoch) = epoch else {
            self.t_cur = self.t_cur.add(Int(1))?;
            if self.t_cur.ge(self.t_i) {
                self.t_cur = self.t_cur.rem(self.t_i)?;
                self.t_i = self.t_i.mul(self.t_mult)?;
            }
            return last_epoch.add(Int(1));
        };
        if epoch.lt(Int(0)) {
            return Err(PyErr::value(format!(
                "Expected non-negative epoch, but got {epoch}"
            )));
        }
        if epoch.ge(self.t_0) {
            if self.t_mult.eq(Int(1)) {
                self.t_cur = epoch.rem(self.t_0)?;
            } else {
                let m1 = self.t_mult.sub(Int(1))?;
                let arg = epoch.div(self.t_0)?.mul(m1)?.add(Int(1))?;
                let n = log(arg, self.t_mult)?.trunc()?;
                let grown = self.t_mult.pow(n)?;
                self.t_cur = epoch.sub(self.t_0.mul(grown.sub(Int(1))?)?.div(m1)?)?;
                self.t_i = self.t_0.mul(grown)?;
            }
        } else {
            self.t_i = self.t_0;
            self.t_cur = epoch;
        }
        epoch.floor()
    }
}

/// `math.log(x, base)`: `log(x) / log(base)`.
fn log(x: Num, base: Num) -> PyResult<Num> {
    let ln = |v: Num| {
        if v.f() > 0.0 {
            Ok(Float(v.f().ln()))
        } else {
            Err(PyErr::value("math domain error"))
        }
    };
    ln(x)?.div(ln(base)?)
}

impl Engine {
    /// `CosineAnnealingWarmRestarts.step(epoch=None)`: no step-order check, no `_step_count`.
    pub(crate) fn warm_step(
        &mut self,
        id: SchedId,
        epoch: Option<Num>,
        _host: &mut dyn Host,
    ) -> PyResult<()> {
        let (s, opt, scratch, _) = self.parts(id);
        let Kind::WarmRestarts(w) = &mut s.kind else {
            return Ok(());
        };
        s.last_epoch = w.advance(s.last_epoch, epoch)?;
        scratch.clear();
        s.in_step = true;
        let r = match &s.kind {
            Kind::WarmRestarts(w) => w.get_lr(s, scratch),
            _ => Ok(()),
        };
        s.in_step = false;
        r?;
        super::step::apply(s, opt, scratch)
    }
}
