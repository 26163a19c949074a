//! The scheduler engine: a faithful reimplementation of PyTorch 2.15's `torch.optim.lr_scheduler`
//! (and the optimizer bookkeeping it depends on), with the same floating-point operations in the
//! same order, the same errors and the same warnings. No I/O, no clock, no terminal: callers own
//! an [`Engine`] (an arena of optimizers and schedulers addressed by handles) and pass a [`Host`]
//! that calls learner functions (LambdaLR's `lr_lambda`, CyclicLR's `scale_fn`) back.

pub mod args;
pub mod error;
pub mod num;
pub mod optimizer;
pub mod pystr;
pub mod repr;
pub mod scenario;
pub mod sched;
pub mod value;

pub use args::CallArgs;
pub use error::{ErrKind, PyErr, PyResult};
pub use num::Num;
pub use optimizer::{Optimizer, ParamGroup};
pub use sched::{Class, PoppedKey, Scheduler, popped_key};
pub use value::{FnId, OptId, SchedId, Value};

use std::borrow::Cow;

/// A warning raised through Python's `warnings.warn`: category and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub category: &'static str,
    pub message: Cow<'static, str>,
}

/// Calls back into the host for callables the engine holds as handles.
pub trait Host {
    /// Calls `f(arg)` and returns its result, or the exception it raised.
    fn call(&mut self, f: FnId, arg: Value) -> PyResult<Value>;
}

/// A host without callables: every call fails (scenarios from files hold no functions).
pub struct NoHost;

impl Host for NoHost {
    fn call(&mut self, _f: FnId, _arg: Value) -> PyResult<Value> {
        Err(PyErr::type_error("this host cannot call functions"))
    }
}

/// Every optimizer and scheduler of one program, and the warnings they raised.
#[derive(Default)]
pub struct Engine {
    pub optimizers: Vec<Optimizer>,
    pub schedulers: Vec<Scheduler>,
    warnings: Vec<Warning>,
    /// Reused for the learning rates a `get_lr` computes, so a step does not allocate.
    scratch: Vec<Num>,
    /// Turns the fast step path off (see `sched/fast.rs`), so tests can check that both paths
    /// give the same results.
    general_only: bool,
    /// Set while a subclass's built-in parent is constructed: `LRScheduler.__init__` stops
    /// before its initial step, which the subclass's host makes (see `sched/custom.rs`).
    defer_initial_step: bool,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// An engine that always takes the general step path: for tests comparing it with the fast
    /// path, and for measuring what the fast path saves.
    pub fn general_only() -> Engine {
        Engine {
            general_only: true,
            ..Engine::default()
        }
    }

    /// Adds an optimizer and returns its handle.
    pub fn add_optimizer(&mut self, opt: Optimizer) -> OptId {
        self.optimizers.push(opt);
        OptId(self.optimizers.len() as u32 - 1)
    }

    pub fn optimizer(&self, id: OptId) -> &Optimizer {
        &self.optimizers[id.0 as usize]
    }

    pub fn optimizer_mut(&mut self, id: OptId) -> &mut Optimizer {
        &mut self.optimizers[id.0 as usize]
    }

    pub fn scheduler(&self, id: SchedId) -> &Scheduler {
        &self.schedulers[id.0 as usize]
    }

    /// A measure of the work one `step()` of this scheduler does: its groups times the
    /// schedulers it drives (itself included). Callers charge it to their step budget, so a
    /// chain of a hundred thousand schedulers cannot run unmetered.
    pub fn step_work(&self, id: SchedId) -> u64 {
        let s = self.scheduler(id);
        let groups = self.optimizer(s.opt).groups.len() as u64;
        if s.children().is_empty() {
            return groups.max(1);
        }
        let mut schedulers: u64 = 0;
        let mut stack = vec![id];
        while let Some(next) = stack.pop() {
            schedulers += 1;
            stack.extend_from_slice(self.scheduler(next).children());
        }
        groups.max(1).saturating_mul(schedulers)
    }

    /// `optimizer.step()`.
    pub fn optimizer_step(&mut self, id: OptId) {
        self.optimizer_mut(id).step();
    }

    /// Takes the warnings raised since the last call, in order.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    fn warn(&mut self, message: impl Into<Cow<'static, str>>) {
        self.warnings.push(Warning {
            category: "UserWarning",
            message: message.into(),
        });
    }
}
