//! Stepping: `LRScheduler.step()` (the step-order warning, the deprecated `step(epoch)` form and
//! its closed forms), `_update_lr`, `_initial_step`, and the public `get_lr()` with its warning.

use super::Kind;
use super::Scheduler;
use crate::engine::args::{Bound, CallArgs, Signature, bind};
use crate::engine::error::{ErrKind, PyErr, PyResult};
use crate::engine::num::Num;
use crate::engine::optimizer::Optimizer;
use crate::engine::value::{SchedId, Value};
use crate::engine::{Class, Engine, Host, Warning};
use std::borrow::Cow;

pub(crate) const EPOCH_DEPRECATION: &str = "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";

pub(crate) const STEP_ORDER: &str = "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

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

    /// Splits the engine into the scheduler `id`, its optimizer, the scratch buffer and the
    /// warning list, so the hot path indexes once and borrows each part separately.
    pub(super) fn parts(
        &mut self,
        id: SchedId,
    ) -> (
        &mut Scheduler,
        &mut Optimizer,
        &mut Vec<Num>,
        &mut Vec<Warning>,
    ) {
        let s = &mut self.schedulers[id.0 as usize];
        let opt = &mut self.optimizers[s.opt.0 as usize];
        (s, opt, &mut self.scratch, &mut self.warnings)
    }

    /// `LRScheduler.step`: warns when no `optimizer.step()` came before the first step.
    fn base_step(&mut self, id: SchedId, epoch: Option<Num>, host: &mut dyn Host) -> PyResult<()> {
        let fast = !self.general_only;
        let (s, opt, scratch, warnings) = self.parts(id);
        if s.step_count == 1 && !opt.opt_called {
            warnings.push(user_warning(STEP_ORDER));
        }
        s.step_count += 1;
        if epoch.is_some() {
            warnings.push(user_warning(EPOCH_DEPRECATION));
        } else if fast && super::fast::step(s, opt, scratch) {
            return Ok(());
        }
        update(s, opt, scratch, epoch, host)
    }

    /// `_update_lr` on the scheduler `id`.
    pub(crate) fn update_lr(
        &mut self,
        id: SchedId,
        epoch: Option<Num>,
        host: &mut dyn Host,
    ) -> PyResult<()> {
        let (s, opt, scratch, _) = self.parts(id);
        update(s, opt, scratch, epoch, host)
    }

    /// Fills `scratch` with `get_lr()` of `id`.
    fn compute_lr(&mut self, id: SchedId, closed: bool, host: &mut dyn Host) -> PyResult<()> {
        let (s, opt, scratch, _) = self.parts(id);
        scratch.clear();
        compute(s, opt, closed, host, scratch)
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

fn user_warning(message: &'static str) -> Warning {
    Warning {
        category: "UserWarning",
        message: Cow::Borrowed(message),
    }
}

#[inline]
/// `_update_lr`: advances `last_epoch` (or sets it to `epoch`), computes the new rates inside the
/// "called within step" flag, and applies them.
fn update(
    s: &mut Scheduler,
    opt: &mut Optimizer,
    scratch: &mut Vec<Num>,
    epoch: Option<Num>,
    host: &mut dyn Host,
) -> PyResult<()> {
    s.in_step = true;
    scratch.clear();
    let computed = match epoch {
        None => s.last_epoch.add(Num::Int(1)).and_then(|e| {
            s.last_epoch = e;
            compute(s, opt, false, host, scratch)
        }),
        Some(e) => {
            s.last_epoch = e;
            compute(s, opt, true, host, scratch)
        }
    };
    s.in_step = false;
    computed?;
    apply(s, opt, scratch)
}

#[inline]
/// Writes computed rates into the param groups and records `_last_lr`.
pub(super) fn apply(s: &mut Scheduler, opt: &mut Optimizer, lrs: &[Num]) -> PyResult<()> {
    if lrs.len() != opt.groups.len() {
        return Err(PyErr::value(format!(
            "zip() argument 2 is shorter than argument 1: the optimizer has {} param groups but the scheduler computed {} learning rates",
            opt.groups.len(),
            lrs.len()
        )));
    }
    for (g, lr) in opt.groups.iter_mut().zip(lrs) {
        g.set_lr(*lr);
    }
    if s.last_lr.len() == lrs.len() {
        // Element by element: for a handful of groups this beats a call to memcpy.
        for (dst, src) in s.last_lr.iter_mut().zip(lrs) {
            *dst = *src;
        }
    } else {
        s.last_lr.clear();
        s.last_lr.extend_from_slice(lrs);
    }
    Ok(())
}

/// `get_lr()`, or the closed form when `closed` and the class has one, into `out`.
#[inline]
pub(super) fn compute(
    s: &Scheduler,
    opt: &mut Optimizer,
    closed: bool,
    host: &mut dyn Host,
    out: &mut Vec<Num>,
) -> PyResult<()> {
    match &s.kind {
        Kind::Cyclic(c) => c.get_lr(s, opt, host, out),
        Kind::OneCycle(c) => c.get_lr(s, opt, out),
        Kind::WarmRestarts(w) => w.get_lr(s, out),
        Kind::Swa(w) => w.get_lr(s, &opt.groups, out),
        Kind::Base | Kind::Sequential { .. } | Kind::Chained { .. } | Kind::Plateau(_) => {
            Err(PyErr::new(ErrKind::NotImplementedError, ""))
        }
        _ if closed && super::basic::has_closed_form(&s.kind) => super::basic::closed_form(s, out),
        _ => super::basic::get_lr(s, &opt.groups, host, out),
    }
}
