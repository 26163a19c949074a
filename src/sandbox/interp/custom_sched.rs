//! A learner's subclass of `LRScheduler` (or `_LRScheduler`, or a built-in scheduler): the
//! built-in parent's state lives in the engine (the instance holds its handle), and the sandbox
//! drives `LRScheduler`'s protocol around it, so the learner's overrides run exactly where
//! PyTorch calls them: `__init__` makes the initial step through `self.step()`, `step()` calls
//! `self.get_lr()` (or `self._get_closed_form_lr()` for `step(epoch)`) within the "called
//! within step" flag, with the step-order and deprecation warnings at the caller's line.

use super::{Ev, Ex, RunWarning, raise};
use crate::engine::{Class, Num, SchedId, Value};
use crate::sandbox::class::Instance;
use crate::sandbox::value::V;
use std::rc::Rc;

type Kw = Vec<(Rc<str>, V)>;

/// The methods a built-in parent gives its subclasses.
const NATIVE_METHODS: &[&str] = &[
    "__init__",
    "step",
    "get_lr",
    "get_last_lr",
    "state_dict",
    "load_state_dict",
];

impl Ev<'_> {
    /// The engine class behind a subclass's built-in root.
    fn native_class(inst: &Instance) -> Option<Class> {
        match inst.class.builtin? {
            "_LRScheduler" => Some(Class::LRScheduler),
            name => Class::from_name(name),
        }
    }

    /// Whether `attr` is a method the built-in parent provides.
    pub fn has_native_method(&mut self, inst: &Instance, attr: &str) -> bool {
        if inst.class.builtin.is_none() {
            return false;
        }
        if super::module_class::is_module(inst) {
            return super::module_class::MODULE_METHODS.contains(&attr);
        }
        if attr == "_get_closed_form_lr" {
            return match (inst.native.get(), self.engine.as_deref()) {
                (Some(id), Some(e)) => e.has_closed_form(id),
                _ => false,
            };
        }
        NATIVE_METHODS.contains(&attr)
    }

    /// `Parent.__init__(self, optimizer, ...)`: the engine builds the parent's state; then the
    /// initial step runs through `self.step()`, as `_initial_step` does.
    pub fn native_init(&mut self, inst: &Rc<Instance>, pos: Vec<V>, kw: Kw) -> Ex<V> {
        if super::module_class::is_module(inst) {
            return self.module_method(inst, "__init__", pos);
        }
        let Some(class) = Self::native_class(inst) else {
            return Ok(V::None);
        };
        if inst.native.get().is_some() {
            let msg = format!(
                "calling {}.__init__ a second time on one scheduler is not supported in lrtutor's sandbox (line {})",
                class.name(),
                self.rt.line
            );
            return raise(self.rt, "SandboxError", msg);
        }
        let args = self.engine_args(&pos, &kw);
        let result = self.with_engine(|e, host| e.new_scheduler_deferred(class, args, host))?;
        self.collect_warnings(class);
        let id = result.map_err(|(e, f)| self.engine_error(e, f))?;
        inst.native.set(Some(id));
        self.order_native_keys(inst, id, class)?;
        self.set_native(id, |s| {
            s.step_count = 0;
            s.is_initial = true;
        });
        // The steps made inside the constructor are its initialisation, recorded as such below.
        let mark = self.rt.trace.len();
        let step = self.instance_attr(inst, "step");
        let r = step.and_then(|f| self.call_value(&f, Vec::new(), Vec::new()));
        self.set_native(id, |s| s.is_initial = false);
        r?;
        let dropped: usize = self.rt.trace.iter().skip(mark).map(|e| e.lr.len()).sum();
        self.rt.trace_values = self.rt.trace_values.saturating_sub(dropped);
        self.rt.trace.truncate(mark);
        let opt = self.engine.as_deref().map(|e| e.scheduler(id).opt);
        if let Some(opt) = opt {
            self.record("scheduler.init", opt, Some(class.name()));
        }
        Ok(V::None)
    }

    /// Puts the parent's attributes into the instance's `__dict__` order, as its `__init__`
    /// assigns them (a key the subclass assigned first keeps its place, as in a Python dict).
    fn order_native_keys(&mut self, inst: &Instance, id: SchedId, class: Class) -> Ex<()> {
        let Some(engine) = self.engine.as_deref() else {
            return Ok(());
        };
        let mut keys: Vec<String> = match engine.state_dict(id) {
            Value::Dict(items) => items
                .into_iter()
                .filter_map(|(k, _)| match k {
                    Value::Str(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        // LambdaLR and MultiplicativeLR assign `optimizer` and then `lr_lambdas` first; the
        // others assign `optimizer` in the base `__init__`, just before `base_lrs`.
        if matches!(class, Class::LambdaLR | Class::MultiplicativeLR) {
            keys.retain(|k| k != "lr_lambdas");
            keys.splice(0..0, ["optimizer".to_string(), "lr_lambdas".to_string()]);
        } else {
            let at = keys.iter().position(|k| k == "base_lrs").unwrap_or(0);
            keys.insert(at, "optimizer".into());
        }
        let mut dict = inst.dict.borrow_mut();
        for k in keys {
            let key = V::str(&k);
            if !matches!(dict.contains(&key), Ok(true)) {
                let _ = dict.insert(key, V::None);
            }
        }
        Ok(())
    }

    /// Calls a method the built-in parent provides (`V::Method` on an instance).
    pub fn native_method(&mut self, inst: &Rc<Instance>, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match name {
            "__object_init__" => {
                if !pos.is_empty() || !kw.is_empty() {
                    return raise(
                        self.rt,
                        "TypeError",
                        "object.__init__() takes exactly one argument (the instance to initialize)",
                    );
                }
                return Ok(V::None);
            }
            _ if super::module_class::is_module(inst) => {
                return self.module_method(inst, name, pos);
            }
            "__init__" => return self.native_init(inst, pos, kw),
            "state_dict" => {
                // `{k: v for k, v in self.__dict__.items() if k != 'optimizer'}`.
                let d = self.instance_dict(inst)?;
                let copy = match &d {
                    V::Dict(d) => d.borrow().clone(),
                    _ => crate::sandbox::dict::PyDict::new(),
                };
                let mut copy = copy;
                let _ = copy.remove(&V::str("optimizer"));
                if matches!(
                    Self::native_class(inst),
                    Some(Class::LambdaLR | Class::MultiplicativeLR)
                ) {
                    self.lambdas_last(inst, &mut copy)?;
                }
                return Ok(V::dict(copy));
            }
            "load_state_dict" => {
                // `self.__dict__.update(state_dict)`.
                let sd = pos.into_iter().next().unwrap_or(V::None);
                for (k, v) in self.dict_items(&sd)? {
                    if let V::Str(key) = &k
                        && self.set_native_attr(inst, key, &v)?
                    {
                        continue;
                    }
                    let r = inst.dict.borrow_mut().insert(k, v);
                    r.or_else(|e| self.hash_error(e))?;
                }
                return Ok(V::None);
            }
            _ => {}
        }
        let Some(id) = inst.native.get() else {
            // The parent's `__init__` never ran: PyTorch fails on the first attribute it reads.
            let missing = match name {
                "get_last_lr" => "_last_lr",
                "get_lr" | "_get_closed_form_lr" => "last_epoch",
                _ => "_step_count",
            };
            return raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{missing}'", inst.class.name),
            );
        };
        match name {
            "step" => self.native_step(inst, id, pos, kw),
            "_get_closed_form_lr" => {
                let r = self.with_engine(|e, host| e.closed_form_lr(id, host))?;
                let lrs = r.map_err(|(e, f)| self.engine_error(e, f))?;
                Ok(V::list(lrs.into_iter().map(V::from_num).collect()))
            }
            _ => self.torch_method(&V::Scheduler(id), name, pos, kw),
        }
    }

    /// LambdaLR's `state_dict` puts `lr_lambdas` last: None for a function, a copy of the
    /// attributes of a callable object.
    fn lambdas_last(&mut self, inst: &Instance, d: &mut crate::sandbox::dict::PyDict) -> Ex<()> {
        let key = V::str("lr_lambdas");
        let lambdas = match d.remove(&key) {
            Ok(Some(_)) => self.native_attr(inst, "lr_lambdas")?,
            _ => return Ok(()),
        };
        let items = match lambdas {
            Some(v) => self.iterate(&v)?,
            None => Vec::new(),
        };
        let mut saved = Vec::with_capacity(items.len());
        for f in &items {
            saved.push(self.saved_lambda(f)?);
        }
        d.insert(key, V::list(saved))
            .or_else(|e| self.hash_error(e))
    }

    /// `LRScheduler.step` on a subclass. Where the subclass computes its own rates (it defines
    /// `get_lr` or `_get_closed_form_lr`), the sandbox runs the protocol; otherwise the engine
    /// steps the parent as it steps any built-in scheduler.
    fn native_step(&mut self, inst: &Rc<Instance>, id: SchedId, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let overrides = ["get_lr", "_get_closed_form_lr"]
            .iter()
            .any(|m| inst.class.lookup(m).is_some());
        if !overrides {
            return self.torch_method(&V::Scheduler(id), "step", pos, kw);
        }
        let class = Self::native_class(inst).unwrap_or(Class::LRScheduler);
        if matches!(class, Class::CosineAnnealingWarmRestarts) {
            let msg = format!(
                "a CosineAnnealingWarmRestarts subclass that overrides get_lr is not supported in lrtutor's sandbox (line {})",
                self.rt.line
            );
            return raise(self.rt, "SandboxError", msg);
        }
        let epoch = self.step_epoch(pos, kw)?;
        self.step_warnings(id, epoch.is_some());
        self.set_native(id, |s| s.in_step = true);
        let values = self.step_values(inst, id, epoch);
        self.set_native(id, |s| s.in_step = false);
        let values = values?;
        self.apply_lrs(id, values)?;
        let opt = self.engine.as_deref().map(|e| e.scheduler(id).opt);
        if let Some(opt) = opt {
            self.record("scheduler.step", opt, Some(class.name()));
        }
        Ok(V::None)
    }

    /// The `epoch` argument of `step(epoch=None)`.
    fn step_epoch(&mut self, pos: Vec<V>, kw: Kw) -> Ex<Option<V>> {
        let mut epoch = None;
        if pos.len() > 1 {
            let msg = format!(
                "LRScheduler.step() takes from 1 to 2 positional arguments but {} were given",
                pos.len() + 1
            );
            return raise(self.rt, "TypeError", msg);
        }
        if let Some(v) = pos.into_iter().next() {
            epoch = Some(v);
        }
        for (k, v) in kw {
            if &*k != "epoch" {
                let msg = format!("LRScheduler.step() got an unexpected keyword argument '{k}'");
                return raise(self.rt, "TypeError", msg);
            }
            if epoch.is_some() {
                return raise(
                    self.rt,
                    "TypeError",
                    "LRScheduler.step() got multiple values for argument 'epoch'",
                );
            }
            epoch = Some(v);
        }
        Ok(epoch.filter(|v| !v.is_none()))
    }

    /// The step-order warning on the first step after construction, the step count, and the
    /// deprecation warning of `step(epoch)`.
    fn step_warnings(&mut self, id: SchedId, with_epoch: bool) {
        let Some(engine) = self.engine.as_deref_mut() else {
            return;
        };
        let s = engine.scheduler(id);
        let early = s.step_count == 1 && !engine.optimizer(s.opt).opt_called;
        engine.schedulers[id.0 as usize].step_count += 1;
        if early {
            self.warn_here(crate::engine::sched::STEP_ORDER);
        }
        if with_epoch {
            self.warn_here(crate::engine::sched::EPOCH_DEPRECATION);
        }
    }

    /// `_update_lr`'s computation: advances `last_epoch` and calls the (possibly overridden)
    /// `get_lr`, or sets it and prefers `_get_closed_form_lr`.
    fn step_values(&mut self, inst: &Rc<Instance>, id: SchedId, epoch: Option<V>) -> Ex<V> {
        let method = match epoch {
            None => {
                let next = self
                    .engine
                    .as_deref()
                    .map(|e| e.scheduler(id).last_epoch.add(Num::Int(1)));
                match next {
                    Some(Ok(n)) => self.set_native(id, |s| s.last_epoch = n),
                    Some(Err(e)) => return Err(super::from_engine(self.rt, e)),
                    None => {}
                }
                "get_lr"
            }
            Some(e) => {
                let Some(n) = e.num() else {
                    let v = super::call::to_engine_value(self.rt, &e);
                    return self.set_native_value(id, "last_epoch", v).map(|()| V::None);
                };
                self.set_native(id, |s| s.last_epoch = n);
                let closed = inst.class.lookup("_get_closed_form_lr").is_some()
                    || self.has_native_method(inst, "_get_closed_form_lr");
                if closed {
                    "_get_closed_form_lr"
                } else {
                    "get_lr"
                }
            }
        };
        let f = self.instance_attr(inst, method)?;
        self.call_value(&f, Vec::new(), Vec::new())
    }

    /// Writes the computed rates into the param groups (`zip(..., strict=True)`: a length
    /// mismatch fails after the groups it reached) and records `_last_lr`.
    fn apply_lrs(&mut self, id: SchedId, values: V) -> Ex<()> {
        let items = self.iterate(&values)?;
        let mut lrs = Vec::with_capacity(items.len());
        for v in &items {
            match v.num() {
                Some(n) => lrs.push(n),
                None => {
                    let msg = format!(
                        "get_lr() returned a {} where a learning rate goes: lrtutor's sandbox models number learning rates (line {})",
                        v.type_name(),
                        self.rt.line
                    );
                    return raise(self.rt, "SandboxError", msg);
                }
            }
        }
        let Some(engine) = self.engine.as_deref_mut() else {
            return Ok(());
        };
        let opt = engine.scheduler(id).opt;
        let groups = &mut engine.optimizer_mut(opt).groups;
        let n = groups.len();
        for (g, lr) in groups.iter_mut().zip(&lrs) {
            g.set_lr(*lr);
        }
        if lrs.len() != n {
            let which = if lrs.len() < n { "shorter" } else { "longer" };
            let msg = format!("zip() argument 2 is {which} than argument 1");
            return raise(self.rt, "ValueError", msg);
        }
        engine.schedulers[id.0 as usize].last_lr = lrs;
        Ok(())
    }

    /// An engine-held attribute of a subclass instance (`last_epoch`, `base_lrs`, the
    /// parent's parameters), or None for the instance's own.
    pub fn native_attr(&mut self, inst: &Instance, attr: &str) -> Ex<Option<V>> {
        let Some(id) = inst.native.get() else {
            return Ok(None);
        };
        let Some(engine) = self.engine.as_deref() else {
            return Ok(None);
        };
        match engine.attr(id, attr) {
            Ok(v) => Ok(Some(self.engine_value(&v))),
            Err(_) => Ok(None),
        }
    }

    /// Writes an engine-held attribute; false when the attribute is the instance's own.
    pub fn set_native_attr(&mut self, inst: &Instance, attr: &str, v: &V) -> Ex<bool> {
        let Some(id) = inst.native.get() else {
            return Ok(false);
        };
        let known = self
            .engine
            .as_deref()
            .is_some_and(|e| e.attr(id, attr).is_ok());
        if !known {
            return Ok(false);
        }
        // The two flags of `LRScheduler` that learners set by hand (to silence the get_lr
        // warning, say) live on the engine's scheduler itself.
        match attr {
            "_get_lr_called_within_step" => {
                let on = v.truthy();
                self.set_native(id, |s| s.in_step = on);
                return Ok(true);
            }
            "_is_initial" => {
                let on = v.truthy();
                self.set_native(id, |s| s.is_initial = on);
                return Ok(true);
            }
            _ => {}
        }
        let value = super::call::to_engine_value(self.rt, v);
        self.set_native_value(id, attr, value)?;
        Ok(true)
    }

    fn set_native_value(&mut self, id: SchedId, attr: &str, value: Value) -> Ex<()> {
        let Some(engine) = self.engine.as_deref_mut() else {
            return Ok(());
        };
        engine
            .set_attr(id, attr, value)
            .map_err(|e| super::from_engine(self.rt, e))
    }

    /// `__dict__` of a subclass instance: a snapshot, in Python's order, with the engine's
    /// values for the parent's attributes.
    pub fn native_dict(&mut self, inst: &Rc<Instance>) -> Ex<V> {
        let pairs = inst.dict.borrow().pairs();
        let mut out = crate::sandbox::dict::PyDict::new();
        for (k, v) in pairs {
            let native = match &k {
                V::Str(name) => self.native_attr(inst, name)?,
                _ => None,
            };
            let r = out.insert(k, native.unwrap_or(v));
            r.or_else(|e| self.hash_error(e))?;
        }
        Ok(V::dict(out))
    }

    fn set_native(&mut self, id: SchedId, f: impl FnOnce(&mut crate::engine::Scheduler)) {
        if let Some(engine) = self.engine.as_deref_mut() {
            f(&mut engine.schedulers[id.0 as usize]);
        }
    }

    /// SequentialLR and ChainedScheduler step their children inside the engine, which cannot
    /// run a learner's `step`/`get_lr`: a child of a snippet's class is refused by name.
    pub fn refuse_custom_children(&mut self, class: Class, pos: &[V], kw: &Kw) -> Ex<()> {
        let custom = |v: &V| matches!(v, V::Instance(i) if i.class.builtin.is_some());
        let mut found = None;
        for v in pos.iter().chain(kw.iter().map(|(_, v)| v)) {
            let items = match v {
                V::List(l) => l.borrow().to_vec(),
                V::Tuple(t) => t.to_vec(),
                other => vec![other.clone()],
            };
            found = found.or_else(|| items.into_iter().find(custom));
        }
        let Some(child) = found else {
            return Ok(());
        };
        let msg = format!(
            "a {} (a scheduler class of the snippet) inside {} is not supported in lrtutor's sandbox (line {}): step it yourself, or chain built-in schedulers",
            child.type_name(),
            class.name(),
            self.rt.line
        );
        raise(self.rt, "SandboxError", msg)
    }

    /// A UserWarning raised by `LRScheduler.step` with `stacklevel=2`: at the caller's line.
    fn warn_here(&mut self, message: &str) {
        if self.rt.warnings.len() >= self.rt.limits.max_warnings {
            self.rt.warnings_dropped += 1;
            return;
        }
        self.rt.warnings.push(RunWarning {
            category: "UserWarning".into(),
            message: message.into(),
            line: Some(self.rt.line),
            origin: None,
            at: self.rt.out.len(),
        });
    }
}
