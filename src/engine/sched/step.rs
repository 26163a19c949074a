//! Stepping: `LRScheduler.step()` (the step-order warning, the deprecated `step(epoch)` form and
//! its closed forms), `_update_lr`, `_initial_step`, and the public `get_lr()` with its warning.

use super::Kind;
use crate::engine::args::{Bound, CallArgs, Signature, bind};
use crate::engine::error::{ErrKind, PyErr, PyResult};
use crate::engine::num::Num;
use crate::engine::value::{SchedId, Value};
use crate::engine::{Class, Engine, Host};

pub(crate) const EPOCH_DEPRECATION: &str = "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";

const STEP_ORDER: &str = "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

const GET_LR_OUTSIDE_STEP: &str =
    "To get the last learning rate computed by the scheduler, please use `get_last_lr()`.";

impl Engine {
    /// `scheduler.step(...)` with the arguments as the caller wrote them.
    pub fn step_call(&mut self, id: SchedId, args: CallArgs, host: &mut dyn Host) -> PyResult<()> {
        let class = self.scheduler(id).class;
        let bound = bind(step_signature(class), args)?;
        match class {
            Class::ReduceLROnPlateau => {
                let metric = bound.get("metrics").cloned().unwrap_or(Value::None);
                let epoch = epoch_arg(&bound)?;
                self.plateau_step(id, &metric, epoch)
            }
            Class::SequentialLR | Class::ChainedScheduler => self.step(id, None, host),
            _ => self.step(id, epoch_arg(&bound)?, host),
        }
    }

    /// `scheduler.step()` (`epoch: None`) or the deprecated `scheduler.step(epoch)`.
    pub fn step(&mut self, id: SchedId, epoch: Option<Num>, host: &mut dyn Host) -> PyResult<()> {
        match self.scheduler(id).class {
            Class::SequentialLR => self.sequential_step(id, host),
            Class::ChainedScheduler => self.chained_step(id, host),
            Class::CosineAnnealingWarmRestarts => self.warm_step(id, epoch, host),
            Class::ReduceLROnPlateau => Err(crate::engine::args::missing_error(
                "ReduceLROnPlateau.step",
                &["metrics"],
            )),
            _ => self.base_step(id, epoch, host),
        }
    }

    /// `LRScheduler.step`: warns when no `optimizer.step()` came before the first step.
    fn base_step(&mut self, id: SchedId, epoch: Option<Num>, host: &mut dyn Host) -> PyResult<()> {
        let s = &self.schedulers[id.0 as usize];
        if s.step_count == 1 && !self.optimizers[s.opt.0 as usize].opt_called {
            self.warn(STEP_ORDER);
        }
        self.schedulers[id.0 as usize].step_count += 1;
        if epoch.is_some() {
            self.warn(EPOCH_DEPRECATION);
        }
        self.update_lr(id, epoch, host)
    }

    /// `_update_lr`: advances `last_epoch` (or sets it), computes and applies the new rates.
    pub(crate) fn update_lr(
        &mut self,
        id: SchedId,
        epoch: Option<Num>,
        host: &mut dyn Host,
    ) -> PyResult<()> {
        let i = id.0 as usize;
        self.schedulers[i].in_step = true;
        let computed = match epoch {
            None => self.schedulers[i]
                .last_epoch
                .add(Num::Int(1))
                .and_then(|e| {
                    self.schedulers[i].last_epoch = e;
                    self.compute_lr(id, false, host)
                }),
            Some(e) => {
                self.schedulers[i].last_epoch = e;
                self.compute_lr(id, true, host)
            }
        };
        self.schedulers[i].in_step = false;
        computed?;
        self.apply_scratch(id)
    }

    /// Writes the computed rates into the param groups and records `_last_lr`.
    pub(super) fn apply_scratch(&mut self, id: SchedId) -> PyResult<()> {
        let s = &mut self.schedulers[id.0 as usize];
        let opt = &mut self.optimizers[s.opt.0 as usize];
        if self.scratch.len() != opt.groups.len() {
            return Err(PyErr::value(format!(
                "zip() argument 2 is shorter than argument 1: the optimizer has {} param groups but the scheduler computed {} learning rates",
                opt.groups.len(),
                self.scratch.len()
            )));
        }
        for (g, lr) in opt.groups.iter_mut().zip(&self.scratch) {
            g.set("lr", (*lr).into());
        }
        s.last_lr.clear();
        s.last_lr.extend_from_slice(&self.scratch);
        Ok(())
    }

    /// Fills `scratch` with `get_lr()` or, when `closed` and the class has one, the closed form.
    fn compute_lr(&mut self, id: SchedId, closed: bool, host: &mut dyn Host) -> PyResult<()> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let s = &self.schedulers[id.0 as usize];
        let opt = &mut self.optimizers[s.opt.0 as usize];
        let r = match &s.kind {
            Kind::Cyclic(c) => c.get_lr(s, opt, host, &mut out),
            Kind::OneCycle(c) => c.get_lr(s, opt, &mut out),
            Kind::WarmRestarts(w) => w.get_lr(s, &mut out),
            Kind::Base | Kind::Sequential { .. } | Kind::Chained { .. } | Kind::Plateau(_) => {
                Err(PyErr::new(ErrKind::NotImplementedError, ""))
            }
            _ if closed && super::basic::has_closed_form(&s.kind) => {
                super::basic::closed_form(s, &mut out)
            }
            _ => super::basic::get_lr(s, &opt.groups, host, &mut out),
        };
        self.scratch = out;
        r
    }

    /// `scheduler.get_lr()` called by the learner: warns outside `step()` and returns the rates
    /// without applying them (cyclic schedulers still move the momentum, as in PyTorch).
    pub fn get_lr(&mut self, id: SchedId, host: &mut dyn Host) -> PyResult<Vec<Num>> {
        let s = self.scheduler(id);
        let abstract_get_lr = matches!(
            s.kind,
            Kind::Base | Kind::Sequential { .. } | Kind::Chained { .. } | Kind::Plateau(_)
        );
        if !abstract_get_lr && !s.in_step {
            self.warn(GET_LR_OUTSIDE_STEP);
        }
        self.compute_lr(id, false, host)?;
        Ok(self.scratch.clone())
    }

    /// `scheduler.get_last_lr()`.
    pub fn get_last_lr(&self, id: SchedId) -> &[Num] {
        &self.scheduler(id).last_lr
    }

    /// `_initial_step`: resets the step count and makes the constructor's step.
    pub(crate) fn initial_step(&mut self, id: SchedId, host: &mut dyn Host) -> PyResult<()> {
        let i = id.0 as usize;
        self.schedulers[i].step_count = 0;
        self.schedulers[i].is_initial = true;
        let r = self.step(id, None, host);
        self.schedulers[i].is_initial = false;
        r
    }
}

/// The `epoch` argument of `step`, if one was passed (and is not None).
fn epoch_arg(bound: &Bound) -> PyResult<Option<Num>> {
    match bound.given("epoch") {
        None => Ok(None),
        Some(v) => v.num().map(Some).ok_or_else(|| {
            PyErr::type_error(format!("epoch must be a number, not '{}'", v.type_name()))
        }),
    }
}

fn step_signature(class: Class) -> &'static Signature {
    static PLATEAU: Signature = Signature {
        qualname: "ReduceLROnPlateau.step",
        params: &[("metrics", true), ("epoch", false)],
        keyword_only: &[],
    };
    static SEQUENTIAL: Signature = Signature {
        qualname: "SequentialLR.step",
        params: &[],
        keyword_only: &[],
    };
    static CHAINED: Signature = Signature {
        qualname: "ChainedScheduler.step",
        params: &[],
        keyword_only: &[],
    };
    static WARM: Signature = Signature {
        qualname: "CosineAnnealingWarmRestarts.step",
        params: &[("epoch", false)],
        keyword_only: &[],
    };
    static BASE: Signature = Signature {
        qualname: "LRScheduler.step",
        params: &[("epoch", false)],
        keyword_only: &[],
    };
    match class {
        Class::ReduceLROnPlateau => &PLATEAU,
        Class::SequentialLR => &SEQUENTIAL,
        Class::ChainedScheduler => &CHAINED,
        Class::CosineAnnealingWarmRestarts => &WARM,
        _ => &BASE,
    }
}
