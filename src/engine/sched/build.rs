//! Constructing schedulers: each class's signature, its argument checks in PyTorch's order (with
//! PyTorch's messages), what it writes into the param groups, and the base `LRScheduler.__init__`
//! (`initial_lr`, `base_lrs`, the constructor's initial step).

use super::composite::bisect_right;
use super::milestones::Milestones;
use super::{Class, Cyclic, Kind, OneCycle, Plateau, Scheduler, WarmRestarts, onecycle::Phase};
use crate::engine::args::{Bound, CallArgs, Signature, bind};
use crate::engine::error::{PyErr, PyResult};
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::optimizer::Hot;
use crate::engine::value::{OptId, SchedId, Value};
use crate::engine::{Engine, Host};

macro_rules! sig {
    ($q:literal, [$($p:literal $r:ident),*]) => {
        Signature { qualname: $q, params: &[$(($p, sig!(@$r))),*], keyword_only: &[] }
    };
    (@req) => { true };
    (@opt) => { false };
}

/// The `__init__` signature of every scheduler class.
pub fn signature(class: Class) -> &'static Signature {
    static SIGS: [Signature; 17] = [
        sig!("LambdaLR.__init__", ["optimizer" req, "lr_lambda" req, "last_epoch" opt]),
        sig!("MultiplicativeLR.__init__", ["optimizer" req, "lr_lambda" req, "last_epoch" opt]),
        sig!("StepLR.__init__", ["optimizer" req, "step_size" req, "gamma" opt, "last_epoch" opt]),
        sig!("MultiStepLR.__init__", ["optimizer" req, "milestones" req, "gamma" opt, "last_epoch" opt]),
        sig!("ConstantLR.__init__", ["optimizer" req, "factor" opt, "total_iters" opt, "last_epoch" opt]),
        sig!("LinearLR.__init__", ["optimizer" req, "start_factor" opt, "end_factor" opt, "total_iters" opt, "last_epoch" opt]),
        sig!("ExponentialLR.__init__", ["optimizer" req, "gamma" req, "last_epoch" opt]),
        sig!("SequentialLR.__init__", ["optimizer" req, "schedulers" req, "milestones" req, "last_epoch" opt]),
        sig!("CosineAnnealingLR.__init__", ["optimizer" req, "T_max" req, "eta_min" opt, "last_epoch" opt]),
        sig!("ChainedScheduler.__init__", ["schedulers" req, "optimizer" opt]),
        sig!("ReduceLROnPlateau.__init__", ["optimizer" req, "mode" opt, "factor" opt, "patience" opt, "threshold" opt, "threshold_mode" opt, "cooldown" opt, "min_lr" opt, "eps" opt]),
        sig!("CyclicLR.__init__", ["optimizer" req, "base_lr" req, "max_lr" req, "step_size_up" opt, "step_size_down" opt, "mode" opt, "gamma" opt, "scale_fn" opt, "scale_mode" opt, "cycle_momentum" opt, "base_momentum" opt, "max_momentum" opt, "last_epoch" opt]),
        sig!("CosineAnnealingWarmRestarts.__init__", ["optimizer" req, "T_0" req, "T_mult" opt, "eta_min" opt, "last_epoch" opt]),
        sig!("OneCycleLR.__init__", ["optimizer" req, "max_lr" req, "total_steps" opt, "epochs" opt, "steps_per_epoch" opt, "pct_start" opt, "anneal_strategy" opt, "cycle_momentum" opt, "base_momentum" opt, "max_momentum" opt, "div_factor" opt, "final_div_factor" opt, "three_phase" opt, "last_epoch" opt]),
        sig!("PolynomialLR.__init__", ["optimizer" req, "total_iters" opt, "power" opt, "last_epoch" opt]),
        sig!("LRScheduler.__init__", ["optimizer" req, "last_epoch" opt]),
        sig!("SWALR.__init__", ["optimizer" req, "swa_lr" req, "anneal_epochs" opt, "anneal_strategy" opt, "last_epoch" opt]),
    ];
    let i = Class::ALL.iter().position(|c| *c == class).unwrap_or(15);
    &SIGS[i]
}

/// Reads bound arguments as numbers, with the class name for messages.
struct Args<'a> {
    class: Class,
    b: &'a Bound,
}

impl Args<'_> {
    fn num(&self, name: &str, default: Num) -> PyResult<Num> {
        match self.b.get(name) {
            None => Ok(default),
            Some(v) => v.num().ok_or_else(|| self.not_number(name, v)),
        }
    }

    /// A number, or (for a list, tuple, string or None) a placeholder and the value's type name.
    fn num_or_odd(&self, name: &str, default: Num) -> PyResult<(Num, Option<&'static str>)> {
        match self.b.get(name) {
            Some(
                v @ (Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::None
                | Value::Dict(_)),
            ) => Ok((default, Some(v.type_name()))),
            _ => Ok((self.num(name, default)?, None)),
        }
    }

    fn opt_num(&self, name: &str) -> PyResult<Option<Num>> {
        self.b
            .given(name)
            .map(|v| v.num().ok_or_else(|| self.not_number(name, v)))
            .transpose()
    }

    fn not_number(&self, name: &str, v: &Value) -> PyErr {
        PyErr::type_error(format!(
            "{}() argument '{name}' must be a number, not '{}'",
            self.class.name(),
            v.type_name()
        ))
    }

    fn string(&self, name: &str, default: &str) -> PyResult<String> {
        match self.b.get(name) {
            None => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.clone()),
            Some(v) => Err(PyErr::type_error(format!(
                "{}() argument '{name}' must be a str, not '{}'",
                self.class.name(),
                v.type_name()
            ))),
        }
    }

    fn flag(&self, name: &str, default: bool) -> bool {
        self.b.get(name).map_or(default, Value::truthy)
    }

    fn last_epoch(&self) -> PyResult<Num> {
        self.num("last_epoch", Int(-1))
    }

    /// `_format_param`: one value per param group, from a scalar or a list of the right length.
    fn per_group(&self, name: &str, default: Num, groups: usize) -> PyResult<Vec<Num>> {
        match self.b.get(name) {
            Some(Value::List(items) | Value::Tuple(items)) => {
                if items.len() != groups {
                    return Err(PyErr::value(format!(
                        "{name} must have the same length as optimizer.param_groups. {name} has {} values, param_groups has {groups}.",
                        items.len()
                    )));
                }
                items
                    .iter()
                    .map(|v| v.num().ok_or_else(|| self.not_number(name, v)))
                    .collect()
            }
            _ => Ok(vec![self.num(name, default)?; groups]),
        }
    }
}

/// `isinstance(v, int)` (bool included, as in Python).
fn is_int(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Int(_) | Value::Bool(_)))
}

impl Engine {
    /// `torch.optim.lr_scheduler.<Class>(...)`: binds the arguments, checks them as PyTorch does,
    /// and returns the new scheduler (after its initial step).
    pub fn new_scheduler(
        &mut self,
        class: Class,
        args: CallArgs,
        host: &mut dyn Host,
    ) -> PyResult<SchedId> {
        let bound = bind(signature(class), args)?;
        let a = Args { class, b: &bound };
        match class {
            Class::SequentialLR => return self.new_sequential(&a, host),
            Class::ChainedScheduler => return self.new_chained(&a),
            _ => {}
        }
        let opt = self.optimizer_arg(&a)?;
        match class {
            Class::ReduceLROnPlateau => self.new_plateau(&a, opt),
            Class::CyclicLR => self.new_cyclic(&a, opt, host),
            Class::OneCycleLR => self.new_onecycle(&a, opt, host),
            Class::SWALR => self.new_swalr(&a, opt, host),
            _ => {
                let kind = simple_kind(&a, self.optimizer(opt).groups.len())?;
                self.base_init(Scheduler::new(class, opt, kind), a.last_epoch()?, host)
            }
        }
    }

    fn optimizer_arg(&self, a: &Args) -> PyResult<OptId> {
        match a.b.get("optimizer") {
            Some(Value::Optimizer(id)) => Ok(*id),
            Some(v) => Err(PyErr::type_error(format!(
                "{} is not an Optimizer",
                v.type_name()
            ))),
            None => Err(PyErr::type_error("NoneType is not an Optimizer")),
        }
    }

    /// `LRScheduler.__init__`: records `initial_lr`, `base_lrs`, wraps `optimizer.step` and makes
    /// the initial step. A failed initial step leaves its side effects on the optimizer, as in Python.
    fn base_init(
        &mut self,
        mut s: Scheduler,
        last_epoch: Num,
        host: &mut dyn Host,
    ) -> PyResult<SchedId> {
        let opt = &mut self.optimizers[s.opt.0 as usize];
        if last_epoch.eq(Int(-1)) {
            for g in opt.groups.iter_mut() {
                let lr = g.get("lr").cloned().ok_or_else(|| PyErr::key_error("lr"))?;
                g.set_default("initial_lr", lr);
            }
        } else if let Some(i) = opt
            .groups
            .iter()
            .position(|g| g.get("initial_lr").is_none())
        {
            return Err(PyErr::key_error(&format!(
                "param 'initial_lr' is not specified in param_groups[{i}] when resuming scheduler with last_epoch >= 0.\nThis typically happens when:\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)"
            )));
        }
        s.base_lrs = opt
            .groups
            .iter()
            .map(|g| g.num("initial_lr"))
            .collect::<PyResult<_>>()?;
        s.last_epoch = last_epoch;
        opt.step_wrapped = true;
        let id = self.push(s);
        if self.defer_initial_step {
            return Ok(id);
        }
        if let Err(e) = self.initial_step(id, host) {
            self.schedulers.pop();
            return Err(e);
        }
        Ok(id)
    }

    fn push(&mut self, s: Scheduler) -> SchedId {
        self.schedulers.push(s);
        SchedId(self.schedulers.len() as u32 - 1)
    }

    fn new_plateau(&mut self, a: &Args, opt: OptId) -> PyResult<SchedId> {
        let factor = a.num("factor", Float(0.1))?;
        if factor.ge(Float(1.0)) {
            return Err(PyErr::value("Factor should be < 1.0."));
        }
        let groups = self.optimizer(opt).groups.len();
        let (default_min_lr, min_lrs) = match a.b.get("min_lr") {
            Some(Value::List(items) | Value::Tuple(items)) => {
                if items.len() != groups {
                    return Err(PyErr::value(format!(
                        "expected {groups} min_lrs, got {}",
                        items.len()
                    )));
                }
                (
                    None,
                    items
                        .iter()
                        .map(|v| v.num().ok_or_else(|| a.not_number("min_lr", v)))
                        .collect::<PyResult<_>>()?,
                )
            }
            _ => {
                let m = a.num("min_lr", Int(0))?;
                (Some(m), vec![m; groups])
            }
        };
        let mode = a.string("mode", "min")?;
        let threshold_mode = a.string("threshold_mode", "rel")?;
        if mode != "min" && mode != "max" {
            return Err(PyErr::value(format!("mode {mode} is unknown!")));
        }
        if threshold_mode != "rel" && threshold_mode != "abs" {
            return Err(PyErr::value(format!(
                "threshold mode {threshold_mode} is unknown!"
            )));
        }
        let mode_worse = Float(if mode == "min" {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        });
        let p = Plateau {
            factor,
            default_min_lr,
            min_lrs,
            patience: a.num("patience", Int(10))?,
            cooldown: a.num("cooldown", Int(0))?,
            eps: a.num("eps", Float(1e-8))?,
            mode_worse,
            mode,
            threshold: a.num("threshold", Float(1e-4))?,
            threshold_mode,
            best: mode_worse,
            cooldown_counter: Int(0),
            num_bad_epochs: Int(0),
        };
        let mut s = Scheduler::new(Class::ReduceLROnPlateau, opt, Kind::Plateau(Box::new(p)));
        s.last_epoch = Int(0);
        s.last_lr = self
            .optimizer(opt)
            .groups
            .iter()
            .map(|g| g.lr())
            .collect::<PyResult<_>>()?;
        Ok(self.push(s))
    }

    fn new_cyclic(&mut self, a: &Args, opt: OptId, host: &mut dyn Host) -> PyResult<SchedId> {
        let groups = self.optimizer(opt).groups.len();
        let last_epoch = a.last_epoch()?;
        let base_lrs = a.per_group("base_lr", Int(0), groups)?;
        if last_epoch.eq(Int(-1)) {
            for (g, lr) in self.optimizer_mut(opt).groups.iter_mut().zip(&base_lrs) {
                g.set("lr", (*lr).into());
            }
        }
        let max_lrs = a.per_group("max_lr", Int(0), groups)?;
        let up = Float(a.num("step_size_up", Int(2000))?.f());
        let down = a.opt_num("step_size_down")?.map_or(up, |d| Float(d.f()));
        let total_size = up.add(down)?;
        let step_ratio = up.div(total_size)?;
        let mode = a.string("mode", "triangular")?;
        let scale_fn = a.b.given("scale_fn").cloned();
        if !["triangular", "triangular2", "exp_range"].contains(&mode.as_str())
            && scale_fn.is_none()
        {
            return Err(PyErr::value("mode is invalid and scale_fn is None"));
        }
        let mut scale_mode = a.string("scale_mode", "cycle")?;
        if scale_fn.is_none() {
            scale_mode = if mode == "exp_range" {
                "iterations"
            } else {
                "cycle"
            }
            .to_string();
        }
        let cycle_momentum = a.flag("cycle_momentum", true);
        let gamma = a.num("gamma", Float(1.0))?;
        let mut c = Cyclic {
            max_lrs,
            total_size,
            step_ratio,
            mode,
            gamma,
            scale_gamma: gamma,
            scale_fn,
            scale_mode,
            cycle_momentum,
            use_beta1: false,
            base_momentums: Vec::new(),
            max_momentums: Vec::new(),
            momentum_attrs: cycle_momentum,
        };
        if cycle_momentum {
            c.use_beta1 = self.momentum_support(opt)?;
            c.base_momentums = a.per_group("base_momentum", Float(0.8), groups)?;
            c.max_momentums = a.per_group("max_momentum", Float(0.9), groups)?;
            if last_epoch.eq(Int(-1)) {
                self.seed_momentum(opt, &c.max_momentums, &c.base_momentums, c.use_beta1);
            }
        }
        let id = self.base_init(
            Scheduler::new(Class::CyclicLR, opt, Kind::Cyclic(Box::new(c))),
            last_epoch,
            host,
        )?;
        self.schedulers[id.0 as usize].base_lrs = base_lrs;
        Ok(id)
    }

    /// Cyclic schedulers need `momentum` or `betas` among the optimizer's defaults; returns
    /// whether beta1 is the one to move.
    fn momentum_support(&self, opt: OptId) -> PyResult<bool> {
        let o = self.optimizer(opt);
        if !o.has_default("momentum") && !o.has_default("betas") {
            return Err(PyErr::value(
                "optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
            ));
        }
        Ok(o.has_default("betas"))
    }

    /// Sets each group's momentum to its maximum and records `max_momentum`/`base_momentum`.
    fn seed_momentum(&mut self, opt: OptId, max: &[Num], base: &[Num], use_beta1: bool) {
        for ((g, m), b) in self.optimizer_mut(opt).groups.iter_mut().zip(max).zip(base) {
            g.set_momentum(*m, use_beta1);
            g.set("max_momentum", (*m).into());
            g.set("base_momentum", (*b).into());
        }
    }

    fn new_onecycle(&mut self, a: &Args, opt: OptId, host: &mut dyn Host) -> PyResult<SchedId> {
        let total_steps = onecycle_total_steps(a)?;
        let pct_value = a.b.get("pct_start").cloned().unwrap_or(Value::Float(0.3));
        let pct = pct_value
            .num()
            .ok_or_else(|| a.not_number("pct_start", &pct_value))?;
        let phases = onecycle_phases(pct, total_steps, a.flag("three_phase", false))?;
        if pct.lt(Int(0)) || pct.gt(Int(1)) || !matches!(pct_value, Value::Float(_)) {
            return Err(PyErr::value(format!(
                "Expected float between 0 and 1 pct_start, but got {pct}"
            )));
        }
        let anneal = a.string("anneal_strategy", "cos")?;
        if anneal != "cos" && anneal != "linear" {
            return Err(PyErr::value(format!(
                "anneal_strategy must be one of 'cos' or 'linear', instead got {anneal}"
            )));
        }
        let groups = self.optimizer(opt).groups.len();
        let max_lrs = a.per_group("max_lr", Int(0), groups)?;
        let last_epoch = a.last_epoch()?;
        if last_epoch.eq(Int(-1)) {
            let (div, final_div) = (
                a.num("div_factor", Float(25.0))?,
                a.num("final_div_factor", Float(1e4))?,
            );
            for (g, max_lr) in self.optimizer_mut(opt).groups.iter_mut().zip(&max_lrs) {
                let initial = max_lr.div(div)?;
                g.set("initial_lr", initial.into());
                g.set("max_lr", (*max_lr).into());
                g.set("min_lr", initial.div(final_div)?.into());
            }
        }
        let cycle_momentum = a.flag("cycle_momentum", true);
        let mut c = OneCycle {
            total_steps,
            phases,
            cosine: anneal == "cos",
            anneal,
            cycle_momentum,
            use_beta1: false,
            momentum_attrs: cycle_momentum,
        };
        if cycle_momentum {
            c.use_beta1 = self.momentum_support(opt)?;
            let max = a.per_group("max_momentum", Float(0.95), groups)?;
            let base = a.per_group("base_momentum", Float(0.85), groups)?;
            if last_epoch.eq(Int(-1)) {
                self.seed_momentum(opt, &max, &base, c.use_beta1);
            }
        }
        self.base_init(
            Scheduler::new(Class::OneCycleLR, opt, Kind::OneCycle(Box::new(c))),
            last_epoch,
            host,
        )
    }

    /// `SWALR(optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos")`: stores each group's
    /// `swa_lr` first, then checks the strategy and the epochs, as PyTorch does.
    fn new_swalr(&mut self, a: &Args, opt: OptId, host: &mut dyn Host) -> PyResult<SchedId> {
        let groups = self.optimizer(opt).groups.len();
        let swa_lrs = a.per_group("swa_lr", Int(0), groups)?;
        for (g, lr) in self.optimizer_mut(opt).groups.iter_mut().zip(&swa_lrs) {
            g.set("swa_lr", (*lr).into());
        }
        let strategy = a.string("anneal_strategy", "cos")?;
        if strategy != "cos" && strategy != "linear" {
            return Err(PyErr::value(format!(
                "anneal_strategy must be one of 'cos' or 'linear', instead got {strategy}"
            )));
        }
        let epochs = a.b.get("anneal_epochs").cloned().unwrap_or(Value::Int(10));
        let anneal_epochs = match epochs {
            Value::Int(n) if n >= 0 => Int(n),
            Value::Bool(b) => Int(i64::from(b)),
            other => {
                return Err(PyErr::value(format!(
                    "anneal_epochs must be equal or greater than 0, got {other}"
                )));
            }
        };
        let kind = Kind::Swa(super::Swa {
            anneal_epochs,
            cosine: strategy == "cos",
            strategy,
        });
        self.base_init(
            Scheduler::new(Class::SWALR, opt, kind),
            a.last_epoch()?,
            host,
        )
    }

    fn schedulers_arg(&self, a: &Args) -> PyResult<Vec<SchedId>> {
        let items = match a.b.get("schedulers") {
            Some(Value::List(items) | Value::Tuple(items)) => items,
            Some(v) => {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    v.type_name()
                )));
            }
            None => return Err(PyErr::type_error("object of type 'NoneType' has no len()")),
        };
        let name = a.class.name();
        if items.is_empty() {
            let what = if a.class == Class::ChainedScheduler {
                "at least one scheduler to be chained"
            } else {
                "at least one scheduler"
            };
            return Err(PyErr::value(format!(
                "{name} expects {what}, but got no scheduler."
            )));
        }
        let mut ids = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            let Value::Scheduler(id) = v else {
                return Err(PyErr::type_error(format!(
                    "{name} at index {i} should have `optimizer` as its attribute."
                )));
            };
            if self.scheduler(*id).class == Class::ReduceLROnPlateau {
                return Err(PyErr::value(format!(
                    "{name} does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index {i} in the given schedulers sequence."
                )));
            }
            ids.push(*id);
        }
        Ok(ids)
    }

    fn check_same_optimizer(&self, a: &Args, children: &[SchedId], opt: OptId) -> PyResult<()> {
        for (i, c) in children.iter().enumerate() {
            let s = self.scheduler(*c);
            if s.opt != opt {
                let theirs = self.optimizer(s.opt);
                return Err(PyErr::value(format!(
                    "{} expects all schedulers to belong to the same optimizer, but got scheduler {} at index {i} has {}, which is different from {}.",
                    a.class.name(),
                    s.class.name(),
                    theirs.repr(),
                    self.optimizer(opt).kind.name
                )));
            }
        }
        Ok(())
    }

    fn new_sequential(&mut self, a: &Args, host: &mut dyn Host) -> PyResult<SchedId> {
        let children = self.schedulers_arg(a)?;
        let opt = self.optimizer_arg(a)?;
        self.check_same_optimizer(a, &children, opt)?;
        let milestones = match a.b.get("milestones") {
            Some(Value::List(items) | Value::Tuple(items)) => items
                .iter()
                .map(|v| v.num().ok_or_else(|| a.not_number("milestones", v)))
                .collect::<PyResult<Vec<_>>>()?,
            Some(v) => {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    v.type_name()
                )));
            }
            None => Vec::new(),
        };
        if milestones.len() != children.len() - 1 {
            return Err(PyErr::value(format!(
                "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers {} and the number of milestones to be equal to {}",
                children.len(),
                milestones.len()
            )));
        }
        let mut s = Scheduler::new(
            Class::SequentialLR,
            opt,
            Kind::Sequential {
                children: children.clone(),
                milestones: milestones.clone(),
            },
        );
        s.last_epoch = a.last_epoch()?.add(Int(1))?;
        for g in self.optimizer_mut(opt).groups.iter_mut() {
            let initial = g
                .get("initial_lr")
                .cloned()
                .ok_or_else(|| PyErr::key_error("initial_lr"))?;
            g.set("lr", initial);
        }
        let id = self.push(s);
        self.recursive_undo(id)?;
        let first = children[bisect_right(&milestones, Int(0)).min(children.len() - 1)];
        self.initial_step(first, host)?;
        let lr = self.schedulers[first.0 as usize].last_lr.clone();
        self.schedulers[id.0 as usize].last_lr = lr;
        Ok(id)
    }

    fn new_chained(&mut self, a: &Args) -> PyResult<SchedId> {
        let children = self.schedulers_arg(a)?;
        let opt = match a.b.get("optimizer") {
            Some(v) if v.truthy() => self.optimizer_arg(a)?,
            _ => self.scheduler(children[0]).opt,
        };
        self.check_same_optimizer(a, &children, opt)?;
        let s = Scheduler::new(
            Class::ChainedScheduler,
            opt,
            Kind::Chained {
                children: children.clone(),
            },
        );
        let id = self.push(s);
        self.refresh_last_lr_from_groups(id, children.last().copied())?;
        Ok(id)
    }
}

/// The state of the one-formula classes, checked as their constructors check it.
fn simple_kind(a: &Args, groups: usize) -> PyResult<Kind> {
    Ok(match a.class {
        Class::LambdaLR | Class::MultiplicativeLR => {
            let f = a.b.get("lr_lambda").cloned().unwrap_or(Value::None);
            let lambdas = match f {
                Value::List(items) | Value::Tuple(items) => {
                    if items.len() != groups {
                        return Err(PyErr::value(format!(
                            "Expected {groups} lr_lambdas, but got {}",
                            items.len()
                        )));
                    }
                    items
                }
                other => vec![other; groups],
            };
            if a.class == Class::LambdaLR {
                Kind::Lambda { lambdas }
            } else {
                if let Some(bad) = lambdas.iter().find(|v| !matches!(v, Value::Func(_))) {
                    return Err(PyErr::type_error(format!(
                        "lr_lambda should be a function, but got {}",
                        bad.type_name()
                    )));
                }
                Kind::Multiplicative { lambdas }
            }
        }
        Class::StepLR => {
            let (step_size, odd_size) = a.num_or_odd("step_size", Int(1))?;
            let (gamma, odd_gamma) = a.num_or_odd("gamma", Float(0.1))?;
            Kind::Step {
                step_size,
                gamma,
                odd: [odd_size, odd_gamma],
            }
        }
        Class::MultiStepLR => Kind::MultiStep {
            milestones: counter(a)?,
            gamma: a.num("gamma", Float(0.1))?,
        },
        Class::ConstantLR => {
            let factor = a.num("factor", Float(1.0 / 3.0))?;
            if factor.gt(Float(1.0)) || factor.lt(Int(0)) {
                return Err(PyErr::value(
                    "Constant multiplicative factor expected to be between 0 and 1.",
                ));
            }
            Kind::Constant {
                factor,
                total_iters: a.num("total_iters", Int(5))?,
            }
        }
        Class::LinearLR => {
            let start = a.num("start_factor", Float(1.0 / 3.0))?;
            let end = a.num("end_factor", Float(1.0))?;
            if start.gt(Float(1.0)) || start.le(Int(0)) {
                return Err(PyErr::value(
                    "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
                ));
            }
            if end.gt(Float(1.0)) || end.lt(Int(0)) {
                return Err(PyErr::value(
                    "Ending multiplicative factor expected to be between 0 and 1.",
                ));
            }
            Kind::Linear {
                start,
                end,
                total_iters: a.num("total_iters", Int(5))?,
            }
        }
        Class::ExponentialLR => Kind::Exponential {
            gamma: a.num("gamma", Float(0.1))?,
        },
        Class::PolynomialLR => Kind::Polynomial {
            total_iters: a.num("total_iters", Int(5))?,
            power: a.num("power", Float(1.0))?,
        },
        Class::CosineAnnealingLR => Kind::Cosine {
            t_max: a.num("T_max", Int(1))?,
            eta_min: a.num("eta_min", Float(0.0))?,
            memo: Default::default(),
        },
        Class::CosineAnnealingWarmRestarts => warm_kind(a)?,
        _ => Kind::Base,
    })
}

/// `Counter(milestones)`.
fn counter(a: &Args) -> PyResult<Milestones> {
    let items = match a.b.get("milestones") {
        Some(Value::List(items) | Value::Tuple(items)) => items.clone(),
        Some(Value::Counter(c)) => return Ok(c.clone().into()),
        Some(v) => {
            return Err(PyErr::type_error(format!(
                "'{}' object is not iterable",
                v.type_name()
            )));
        }
        None => Vec::new(),
    };
    let mut out = Milestones::default();
    for v in &items {
        out.add(v.num().ok_or_else(|| a.not_number("milestones", v))?);
    }
    Ok(out)
}

fn warm_kind(a: &Args) -> PyResult<Kind> {
    let t0v = a.b.get("T_0").cloned().unwrap_or(Value::None);
    let t_0 = t0v.num().ok_or_else(|| a.not_number("T_0", &t0v))?;
    if t_0.le(Int(0)) || !is_int(Some(&t0v)) {
        return Err(PyErr::value(format!(
            "Expected positive integer T_0, but got {t_0}"
        )));
    }
    let tmv = a.b.get("T_mult").cloned().unwrap_or(Value::Int(1));
    let t_mult = tmv.num().ok_or_else(|| a.not_number("T_mult", &tmv))?;
    if t_mult.lt(Int(1)) || !is_int(Some(&tmv)) {
        return Err(PyErr::value(format!(
            "Expected integer T_mult >= 1, but got {t_mult}"
        )));
    }
    let eta = a.b.get("eta_min").cloned().unwrap_or(Value::Float(0.0));
    let eta_min = match eta {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => eta.num().unwrap_or(Float(0.0)),
        other => {
            return Err(PyErr::value(format!(
                "Expected float or int eta_min, but got {other} of type <class '{}'>",
                other.type_name()
            )));
        }
    };
    let t_cur = a.last_epoch()?;
    Ok(Kind::WarmRestarts(Box::new(WarmRestarts {
        t_0,
        t_i: t_0,
        t_mult,
        eta_min,
        t_cur,
    })))
}

fn onecycle_total_steps(a: &Args) -> PyResult<Num> {
    if let Some(v) = a.b.given("total_steps") {
        let n = v.num().ok_or_else(|| a.not_number("total_steps", v))?;
        if n.le(Int(0)) || !is_int(Some(v)) {
            return Err(PyErr::value(format!(
                "Expected positive integer total_steps, but got {n}"
            )));
        }
        return Ok(n);
    }
    match (a.b.given("epochs"), a.b.given("steps_per_epoch")) {
        (Some(e), Some(s)) => {
            let ne = e.num().ok_or_else(|| a.not_number("epochs", e))?;
            if !is_int(Some(e)) || ne.le(Int(0)) {
                return Err(PyErr::value(format!(
                    "Expected positive integer epochs, but got {ne}"
                )));
            }
            let ns = s.num().ok_or_else(|| a.not_number("steps_per_epoch", s))?;
            if !is_int(Some(s)) || ns.le(Int(0)) {
                return Err(PyErr::value(format!(
                    "Expected positive integer steps_per_epoch, but got {ns}"
                )));
            }
            ne.mul(ns)
        }
        _ => Err(PyErr::value(
            "You must define either total_steps OR (epochs AND steps_per_epoch)",
        )),
    }
}

fn onecycle_phases(pct: Num, total: Num, three_phase: bool) -> PyResult<Vec<Phase>> {
    let warm_end = Float(pct.mul(total)?.f()).sub(Int(1))?;
    let last_end = total.sub(Int(1))?;
    let phase = |end_step, start_lr, end_lr, start_momentum, end_momentum| Phase {
        end_step,
        start_lr,
        end_lr,
        start_momentum,
        end_momentum,
    };
    Ok(if three_phase {
        let back_end = Float(Int(2).mul(pct)?.mul(total)?.f()).sub(Int(2))?;
        vec![
            phase(
                warm_end,
                Hot::InitialLr,
                Hot::MaxLr,
                Hot::MaxMomentum,
                Hot::BaseMomentum,
            ),
            phase(
                back_end,
                Hot::MaxLr,
                Hot::InitialLr,
                Hot::BaseMomentum,
                Hot::MaxMomentum,
            ),
            phase(
                last_end,
                Hot::InitialLr,
                Hot::MinLr,
                Hot::MaxMomentum,
                Hot::MaxMomentum,
            ),
        ]
    } else {
        vec![
            phase(
                warm_end,
                Hot::InitialLr,
                Hot::MaxLr,
                Hot::MaxMomentum,
                Hot::BaseMomentum,
            ),
            phase(
                last_end,
                Hot::MaxLr,
                Hot::MinLr,
                Hot::BaseMomentum,
                Hot::MaxMomentum,
            ),
        ]
    })
}
