//! The `torch` facade: modules and imports, tensors and `nn` modules as opaque objects,
//! optimizers and schedulers bound to the engine (with warnings and the lr trace recorded).

use super::{Callbacks, Ev, Ex, RunWarning, TraceEvent, raise};
use crate::engine::optimizer::{self, Optimizer, ParamGroup};
use crate::engine::{CallArgs, Class, Engine, Num, OptId, SchedId, Value};
use crate::sandbox::value::{NnModule, Tensor, V};
use std::cell::RefCell;
use std::rc::Rc;

type Kw = Vec<(Rc<str>, V)>;

const NN_CLASSES: &[&str] = &[
    "Linear",
    "Bilinear",
    "Conv1d",
    "Conv2d",
    "Conv3d",
    "ConvTranspose2d",
    "ReLU",
    "ReLU6",
    "LeakyReLU",
    "ELU",
    "GELU",
    "SiLU",
    "Sigmoid",
    "Tanh",
    "Softmax",
    "LogSoftmax",
    "Softplus",
    "Dropout",
    "Dropout2d",
    "BatchNorm1d",
    "BatchNorm2d",
    "LayerNorm",
    "GroupNorm",
    "Embedding",
    "LSTM",
    "GRU",
    "RNN",
    "Flatten",
    "Identity",
    "MaxPool1d",
    "MaxPool2d",
    "AvgPool2d",
    "AdaptiveAvgPool2d",
    "Sequential",
    "ModuleList",
    "ModuleDict",
    "Module",
    "Parameter",
    "MSELoss",
    "CrossEntropyLoss",
    "L1Loss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "NLLLoss",
    "SmoothL1Loss",
    "HuberLoss",
    "KLDivLoss",
];
const TORCH_FUNCS: &[&str] = &[
    "torch.zeros",
    "torch.ones",
    "torch.randn",
    "torch.rand",
    "torch.tensor",
    "torch.empty",
    "torch.arange",
    "torch.linspace",
    "torch.manual_seed",
    "torch.full",
    "torch.randint",
    "torch.zeros_like",
    "torch.ones_like",
];
const GET_LR_WARNING: &str =
    "To get the last learning rate computed by the scheduler, please use `get_last_lr()`.";

fn is_loss(kind: &str) -> bool {
    kind.ends_with("Loss")
}

/// Attributes of the `torch` module that exist in PyTorch but not in the sandbox.
const UNMODELLED_TORCH: &[&str] = &[
    "save",
    "load",
    "device",
    "cuda",
    "no_grad",
    "enable_grad",
    "set_grad_enabled",
    "compile",
    "jit",
    "autograd",
    "distributed",
    "amp",
    "backends",
    "hub",
    "onnx",
    "utils",
    "float32",
    "float16",
    "bfloat16",
    "tensor",
    "stack",
    "cat",
    "rand",
    "randint",
    "linspace",
    "arange",
];

/// Learning rates kept in the trace at most (about 6 MB with the momenta; as JSON, a few MB).
const MAX_TRACE_VALUES: usize = 1 << 18;

/// Inside a scheduler callback the engine is lent out: the learner's code cannot reach it.
#[cold]
fn no_engine<'a>(rt: &super::Runtime) -> Ex<&'a mut Engine> {
    raise(
        rt,
        "SandboxError",
        "a scheduler callback cannot use optimizers or schedulers in lrtutor's sandbox",
    )
}

impl Ev<'_> {
    #[inline]
    pub(super) fn engine(&mut self) -> Ex<&mut Engine> {
        match self.engine.as_deref_mut() {
            Some(e) => Ok(e),
            None => no_engine(self.rt),
        }
    }

    /// `module.attr` for the importable modules.
    pub fn module_attr(&mut self, m: &str, attr: &str) -> Ex<V> {
        if let Some(r) = self.ext_module_attr(m, attr) {
            return r;
        }
        let found = match (m, attr) {
            ("torch", "nn") => Some(V::Module("torch.nn")),
            ("torch", "optim") => Some(V::Module("torch.optim")),
            ("torch", "__version__") => Some(V::str("2.15.0")),
            ("torch", "Tensor") => Some(V::Class("Tensor")),
            ("torch", "float32" | "float64" | "float16" | "long" | "int64" | "float") => {
                Some(V::str(&format!("torch.{attr}")))
            }
            ("torch", f) => TORCH_FUNCS
                .iter()
                .find(|n| n.strip_prefix("torch.") == Some(f))
                .map(|n| V::Builtin(n)),
            ("torch.nn", "functional") => Some(V::Module("torch.nn.functional")),
            ("torch.nn", c) => NN_CLASSES.iter().find(|n| **n == c).map(|n| V::Class(n)),
            ("torch.optim", "lr_scheduler") => Some(V::Module("torch.optim.lr_scheduler")),
            ("torch.optim", "swa_utils") => Some(V::Module("torch.optim.swa_utils")),
            ("torch.optim", "Optimizer") => Some(V::Class("Optimizer")),
            ("torch.optim", c) => optimizer::kind(c).map(|k| V::Class(k.name)),
            ("torch.optim.lr_scheduler", "_LRScheduler") => Some(V::Class("_LRScheduler")),
            ("torch.optim.lr_scheduler", c) => Class::from_name(c)
                .filter(|k| k.module() == m)
                .map(|k| V::Class(k.name())),
            ("torch.optim.swa_utils", c) => self.swa_utils_attr(c)?,
            ("math", "pi") => Some(V::Float(std::f64::consts::PI)),
            ("math", "e") => Some(V::Float(std::f64::consts::E)),
            ("math", "tau") => Some(V::Float(std::f64::consts::TAU)),
            ("math", "inf") => Some(V::Float(f64::INFINITY)),
            ("math", "nan") => Some(V::Float(f64::NAN)),
            ("math", f) => MATH_FUNCS
                .iter()
                .find(|n| n.strip_prefix("math.") == Some(f))
                .map(|n| V::Builtin(n)),
            _ => None,
        };
        found.map_or_else(
            || {
                // Real parts of PyTorch that the sandbox leaves out are named as such: an
                // AttributeError would tell the learner their code is wrong.
                if m == "torch" && UNMODELLED_TORCH.contains(&attr) {
                    return raise(
                        self.rt,
                        "SandboxError",
                        format!("`torch.{attr}` is not part of lrtutor's sandbox (it models schedulers and optimizers, and reads or writes no files)"),
                    );
                }
                raise(
                    self.rt,
                    "AttributeError",
                    format!("module '{m}' has no attribute '{attr}'"),
                )
            },
            Ok,
        )
    }

    /// The error for a module outside the sandbox (`os`, `numpy`, ...), naming the line.
    fn unsupported_import(&mut self, what: &str, path: &str) -> Ex<()> {
        let top = path.split('.').next().unwrap_or(path);
        let msg = format!(
            "{what} '{top}' is not supported in lrtutor's sandbox (line {}): snippets can use torch, its nn/optim/lr_scheduler modules and math",
            self.rt.line
        );
        raise(self.rt, "SandboxError", msg)
    }

    /// `import a.b.c` / `import a.b as x`.
    pub fn import(
        &mut self,
        path: &str,
        bound: crate::sandbox::ast::Name,
        aliased: bool,
    ) -> Ex<()> {
        let Some(module) = known_module(path) else {
            return self.unsupported_import("importing", path);
        };
        let value = if aliased {
            V::Module(module)
        } else {
            V::Module(known_module(path.split('.').next().unwrap_or(path)).unwrap_or(module))
        };
        self.store(bound, value)
    }

    /// `from module import name as bound`.
    pub fn import_from(
        &mut self,
        module: &str,
        name: &str,
        bound: crate::sandbox::ast::Name,
    ) -> Ex<()> {
        let Some(m) = known_module(module) else {
            return self.unsupported_import("importing from", module);
        };
        if name == "*" {
            return self.import_star(m);
        }
        let sub = format!("{m}.{name}");
        let value = match known_module(&sub) {
            Some(sm) => V::Module(sm),
            None => match self.module_attr(m, name) {
                Ok(v) => v,
                // A part of the module the sandbox leaves out is named as such.
                Err(super::Unwind::Raise(r)) if &*r.exc.kind == "SandboxError" => {
                    return Err(super::Unwind::Raise(r));
                }
                Err(_) => {
                    return raise(
                        self.rt,
                        "ImportError",
                        format!("cannot import name '{name}' from '{m}'"),
                    );
                }
            },
        };
        self.store(bound, value)
    }

    /// `from torch.optim.lr_scheduler import *` (and `from math import *`): binds every public
    /// name of the module that the program uses (a name it never mentions cannot matter).
    fn import_star(&mut self, m: &'static str) -> Ex<()> {
        if !matches!(m, "torch.optim.lr_scheduler" | "math") && !super::modules::star_allowed(m) {
            return raise(
                self.rt,
                "SandboxError",
                format!(
                    "'from {m} import *' is not supported in lrtutor's sandbox: import the names you use"
                ),
            );
        }
        for i in 0..self.rt.symbols.len() {
            let name = self.rt.symbols[i].clone();
            if name.starts_with('_') || &*name == "*" || !super::modules::in_star(m, &name) {
                continue;
            }
            // A name the import would bind that the sandbox does not model is named now.
            if super::modules::not_modelled_name(m, &name) {
                self.module_attr(m, &name)?;
            }
            if let Ok(v) = self.module_attr(m, &name)
                && let Some(slot) = self.rt.globals.get_mut(i)
            {
                *slot = Some(v);
            }
        }
        Ok(())
    }

    pub fn construct_torch(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        if let Some(class) = Class::from_name(name) {
            return self.new_scheduler(class, pos, kw);
        }
        if let Some(kind) = optimizer::kind(name) {
            return self.new_optimizer(kind, pos, kw);
        }
        match name {
            "Parameter" => Ok(V::Tensor(Rc::new(Tensor {
                shape: tensor_shape(pos.first()),
                requires_grad: true,
                is_loss: false,
            }))),
            "Sequential" | "ModuleList" | "ModuleDict" => {
                let mut children = Vec::new();
                let (names, items) = self.container_children(name, pos)?;
                for it in items {
                    match it {
                        V::NnModule(m) => children.push(m),
                        other => {
                            return raise(
                                self.rt,
                                "TypeError",
                                format!("{} is not a Module subclass", other.type_name()),
                            );
                        }
                    }
                }
                let params = children
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        all_params(c)
                            .into_iter()
                            .map(move |(n, t)| (format!("{i}.{n}"), t))
                    })
                    .collect();
                Ok(V::NnModule(Rc::new(NnModule {
                    kind: static_name(name),
                    params,
                    is_loss: false,
                    children,
                    text: None,
                    names,
                })))
            }
            "AveragedModel" => self.averaged_model(&pos, &kw),
            "Optimizer" | "Tensor" | "Module" => raise(
                self.rt,
                "SandboxError",
                format!("creating a bare {name} is not supported in lrtutor's sandbox"),
            ),
            _ if NN_CLASSES.contains(&name) => Ok(V::NnModule(Rc::new(nn_module(name, &pos, &kw)))),
            _ => raise(
                self.rt,
                "TypeError",
                format!("cannot create '{name}' instances"),
            ),
        }
    }

    /// `torch.zeros(...)` and the other tensor factories.
    pub fn call_torch_function(&mut self, name: &str, pos: Vec<V>, _kw: Kw) -> Ex<V> {
        match name {
            "torch.manual_seed" => Ok(V::None),
            _ => {
                let shape: Vec<i64> = pos
                    .iter()
                    .filter_map(|p| p.num())
                    .map(|n| n.f() as i64)
                    .collect();
                self.check_shape(&shape)?;
                Ok(V::Tensor(Rc::new(Tensor {
                    shape,
                    requires_grad: false,
                    is_loss: false,
                })))
            }
        }
    }

    /// PyTorch's errors for a shape no tensor can have. The sandbox allocates no values, but a
    /// shape whose storage size (float32 elements) overflows 64 bits fails in PyTorch.
    pub fn check_shape(&self, shape: &[i64]) -> Ex<()> {
        let dims = || {
            let d: Vec<String> = shape.iter().map(i64::to_string).collect();
            d.join(", ")
        };
        if let Some(d) = shape.iter().find(|d| **d < 0) {
            let msg = format!(
                "Trying to create tensor with negative dimension {d}: [{}]",
                dims()
            );
            return raise(self.rt, "RuntimeError", msg);
        }
        let bytes = shape.iter().try_fold(4_i64, |acc, d| acc.checked_mul(*d));
        if bytes.is_none() {
            let msg = format!(
                "Storage size calculation overflowed with sizes=[{}]",
                dims()
            );
            return raise(self.rt, "RuntimeError", msg);
        }
        Ok(())
    }

    /// Calling an `nn.Module`: a tensor (a loss module's value is not meaningful here).
    pub fn call_module(&mut self, m: &Rc<NnModule>, pos: Vec<V>) -> V {
        let shape = match pos.first() {
            Some(V::Tensor(t)) if !m.is_loss => {
                super::modules::forward_shape(m, &t.shape).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        V::Tensor(Rc::new(Tensor {
            shape,
            requires_grad: false,
            is_loss: m.is_loss,
        }))
    }

    pub fn tensor_item(&mut self, v: &V) -> Ex<V> {
        let note = "tensor and loss values are not computed by lrtutor's sandbox: `.item()` returns 0.0 (learning rates are exact)";
        if !self.rt.notes.iter().any(|n| n == note) {
            self.rt.notes.push(note.to_string());
        }
        let _ = v;
        Ok(V::Float(0.0))
    }

    fn new_optimizer(&mut self, kind: &'static optimizer::OptKind, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let qual = format!("{}.__init__", kind.name);
        let mut pos = pos.into_iter();
        let params = match pos.next() {
            Some(p) => p,
            None => match kw.iter().find(|(k, _)| &**k == "params") {
                Some((_, p)) => p.clone(),
                None => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!("{qual}() missing 1 required positional argument: 'params'"),
                    );
                }
            },
        };
        self.no_tensor_rate(&kw)?;
        let mut args: Vec<(String, Value)> = Vec::new();
        for (name, v) in kind.positional.iter().zip(pos.by_ref()) {
            args.push((name.to_string(), super::call::to_engine_value(self.rt, &v)));
        }
        let extra = pos.count();
        if extra > 0 {
            let total = kind.positional.len() + 2;
            return raise(
                self.rt,
                "TypeError",
                format!(
                    "{qual}() takes from 2 to {total} positional arguments but {} were given",
                    total + extra
                ),
            );
        }
        for (k, v) in &kw {
            if &**k == "params" {
                continue;
            }
            if !kind.positional.contains(&&**k) && !kind.keyword_only.contains(&&**k) {
                return raise(
                    self.rt,
                    "TypeError",
                    format!("{qual}() got an unexpected keyword argument '{k}'"),
                );
            }
            if args.iter().any(|(n, _)| n == &**k) {
                return raise(
                    self.rt,
                    "TypeError",
                    format!("{qual}() got multiple values for argument '{k}'"),
                );
            }
            args.push((k.to_string(), super::call::to_engine_value(self.rt, v)));
        }
        let groups = self.param_groups_of(&params)?;
        let opt =
            Optimizer::new(kind, groups, &args).map_err(|e| super::from_engine(self.rt, e))?;
        let id = self.engine()?.add_optimizer(opt);
        self.rt.last_opt = Some(id);
        Ok(V::Optimizer(id))
    }

    /// The param groups an optimizer is given: parameters, or dicts with `params` and overrides.
    fn param_groups_of(&mut self, params: &V) -> Ex<Vec<ParamGroup>> {
        if let V::Tensor(_) = params {
            return raise(
                self.rt,
                "TypeError",
                "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor",
            );
        }
        let items = self.iterate(params)?;
        if items.is_empty() {
            return raise(
                self.rt,
                "ValueError",
                "optimizer got an empty parameter list",
            );
        }
        if !matches!(items[0], V::Dict(_)) {
            return Ok(vec![ParamGroup::new(vec![(
                "params".into(),
                Value::Params(items.len()),
            )])]);
        }
        let mut groups = Vec::with_capacity(items.len());
        for it in &items {
            let mut entries = Vec::new();
            for (k, v) in self.dict_items(it)? {
                let V::Str(key) = k else { continue };
                let value = if &*key == "params" {
                    let n = match &v {
                        V::Tensor(_) => 1,
                        other => self.iterate(other)?.len(),
                    };
                    Value::Params(n)
                } else {
                    super::call::to_engine_value(self.rt, &v)
                };
                entries.push((key.to_string(), value));
            }
            groups.push(ParamGroup::new(entries));
        }
        Ok(groups)
    }

    /// A call's arguments as the engine takes them.
    pub(super) fn engine_args(&mut self, pos: &[V], kw: &Kw) -> CallArgs {
        let positional = pos
            .iter()
            .map(|v| super::call::to_engine_value(self.rt, v))
            .collect();
        let keywords = kw
            .iter()
            .map(|(k, v)| (k.to_string(), super::call::to_engine_value(self.rt, v)))
            .collect();
        CallArgs {
            positional,
            keywords,
        }
    }

    fn new_scheduler(&mut self, class: Class, pos: Vec<V>, kw: Kw) -> Ex<V> {
        if class.is_composite() {
            self.refuse_custom_children(class, &pos, &kw)?;
        }
        let args = self.engine_args(&pos, &kw);
        let result = self.with_engine(|e, host| e.new_scheduler(class, args, host))?;
        self.collect_warnings(class);
        match result {
            Ok(id) => {
                let opt = self.engine()?.scheduler(id).opt;
                self.record("scheduler.init", opt, Some(class.name()));
                Ok(V::Scheduler(id))
            }
            Err((e, failure)) => Err(self.engine_error(e, failure)),
        }
    }

    /// Runs an engine call with learner callbacks available; returns the engine's result and,
    /// on failure, the exception a callback raised.
    #[allow(clippy::type_complexity)]
    pub(super) fn with_engine<T>(
        &mut self,
        f: impl FnOnce(&mut Engine, &mut Callbacks) -> crate::engine::PyResult<T>,
    ) -> Ex<Result<T, (crate::engine::PyErr, Option<Box<super::Raised>>)>> {
        let module = self.module;
        let Some(engine) = self.engine.as_deref_mut() else {
            return raise(
                self.rt,
                "SandboxError",
                "a scheduler callback cannot use optimizers or schedulers in lrtutor's sandbox",
            );
        };
        let mut host = Callbacks {
            rt: self.rt,
            module,
            failure: None,
        };
        let r = f(engine, &mut host);
        let failure = host.failure.take();
        Ok(r.map_err(|e| (e, failure)))
    }

    /// Moves the engine's warnings to the run's list, with the line CPython would report.
    /// `class` is the scheduler whose call raised them: a composite's warnings come from its
    /// children, inside PyTorch.
    pub(super) fn collect_warnings(&mut self, class: Class) {
        let nested = class.is_composite();
        let Some(engine) = self.engine.as_deref_mut() else {
            return;
        };
        let line = self.rt.line;
        let taken = engine.take_warnings();
        for w in taken {
            if self.warning_ignored(w.category, &w.message) {
                continue;
            }
            if self.rt.warnings.len() >= self.rt.limits.max_warnings {
                self.rt.warnings_dropped += 1;
                continue;
            }
            let from_torch = nested || w.message == GET_LR_WARNING;
            self.rt.warnings.push(RunWarning {
                category: w.category.to_string(),
                message: w.message.to_string(),
                line: if from_torch { None } else { Some(line) },
                origin: from_torch.then(|| class.name()),
                at: self.rt.out.len(),
            });
        }
    }

    /// Marks the end of one pass of the outermost loop with the current learning rates.
    pub fn epoch_end(&mut self) {
        if let Some(opt) = self.rt.last_opt {
            self.record("epoch.end", opt, None);
        }
    }

    pub(super) fn record(
        &mut self,
        kind: &'static str,
        opt: OptId,
        scheduler: Option<&'static str>,
    ) {
        self.rt.last_opt = Some(opt);
        let Some(engine) = self.engine.as_deref() else {
            return;
        };
        let groups = &engine.optimizer(opt).groups;
        // The trace is lrtutor's own record, held within the run's memory: cap its events and
        // its values (thousands of groups per event add up).
        let values = self.rt.trace_values + groups.len();
        if self.rt.trace.len() >= self.rt.limits.max_trace || values > MAX_TRACE_VALUES {
            self.rt.trace_dropped += 1;
            return;
        }
        self.rt.trace_values = values;
        let lr = groups
            .iter()
            .map(|g| g.lr().map_or(f64::NAN, Num::f))
            .collect();
        let momentum = groups.iter().map(|g| g.momentum().map(Num::f)).collect();
        self.rt.trace.push(TraceEvent {
            kind,
            optimizer_steps: self.rt.optimizer_steps,
            line: self.rt.line,
            scheduler,
            lr,
            momentum,
        });
    }

    pub fn scheduler_is(&mut self, id: SchedId, class: &str) -> bool {
        let name = self
            .engine
            .as_deref()
            .map_or("", |e| e.scheduler(id).class.name());
        // `_LRScheduler` is a subclass of `LRScheduler` that no built-in scheduler extends.
        class == "LRScheduler" || name == class
    }

    pub fn torch_attr(&mut self, o: &V, attr: &str) -> Ex<V> {
        match o {
            V::Optimizer(id) => self.optimizer_attr(*id, attr),
            V::Scheduler(id) => self.scheduler_attr(*id, attr),
            V::Tensor(t) => match attr {
                "shape" => Ok(super::modules::size(&t.shape)),
                "requires_grad" => Ok(V::Bool(t.requires_grad)),
                "grad" | "data" => Ok(V::None),
                _ => Ok(V::Method(Rc::new((o.clone(), Rc::from(attr))))),
            },
            V::NnModule(m) if m.kind == "AveragedModel" => self.averaged_attr(o, m, attr),
            V::NnModule(m) => match self.module_member(m, attr) {
                Some(v) => Ok(v),
                None => Ok(V::Method(Rc::new((o.clone(), Rc::from(attr))))),
            },
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{attr}'", o.type_name()),
            ),
        }
    }

    fn optimizer_attr(&mut self, id: OptId, attr: &str) -> Ex<V> {
        const METHODS: &[&str] = &[
            "step",
            "zero_grad",
            "state_dict",
            "load_state_dict",
            "add_param_group",
        ];
        match attr {
            "param_groups" => Ok(V::ParamGroups(id)),
            "defaults" => {
                let d = self.engine()?.optimizer(id).defaults.clone();
                Ok(V::dict_of(
                    d.iter()
                        .map(|(k, v)| (V::str(k), super::call::from_engine_value(v)))
                        .collect(),
                ))
            }
            "state" => self.optimizer_state(id),
            m if METHODS.contains(&m) => Ok(V::Method(Rc::new((V::Optimizer(id), Rc::from(m))))),
            _ => {
                let name = self.engine()?.optimizer(id).kind.name;
                raise(
                    self.rt,
                    "AttributeError",
                    format!("'{name}' object has no attribute '{attr}'"),
                )
            }
        }
    }

    fn scheduler_attr(&mut self, id: SchedId, attr: &str) -> Ex<V> {
        const METHODS: &[&str] = &[
            "step",
            "get_last_lr",
            "get_lr",
            "state_dict",
            "load_state_dict",
        ];
        if METHODS.contains(&attr) {
            return Ok(V::Method(Rc::new((V::Scheduler(id), Rc::from(attr)))));
        }
        self.scheduler_data_attr(id, attr)
    }

    /// An engine value, with function handles mapped back to the learner's callables.
    pub(super) fn engine_value(&mut self, v: &Value) -> V {
        match v {
            Value::Func(f) => self
                .rt
                .callbacks
                .get(f.0 as usize)
                .cloned()
                .unwrap_or(V::None),
            Value::List(items) => V::list(items.iter().map(|x| self.engine_value(x)).collect()),
            other => super::call::from_engine_value(other),
        }
    }

    pub fn torch_set_attr(&mut self, o: &V, attr: &str, v: V) -> Ex<()> {
        match o {
            V::Scheduler(id) => self.scheduler_set_attr(*id, attr, v),
            _ => raise(
                self.rt,
                "AttributeError",
                format!("can't set attribute '{attr}'"),
            ),
        }
    }

    pub fn torch_method(&mut self, recv: &V, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match recv {
            V::Optimizer(id) => self.optimizer_method(*id, name, pos),
            V::Scheduler(id) => self.scheduler_method(*id, name, pos, kw),
            V::ParamGroup(..) => self.group_method(recv, name, pos),
            V::Tensor(t) => match name {
                "item" => self.tensor_item(recv),
                "backward" => {
                    self.rt.grads = true;
                    Ok(V::None)
                }
                "zero_" => Ok(V::None),
                "size" => self.tensor_size(t, &pos),
                "to" | "cuda" | "cpu" => self.move_to_device(recv, &pos),
                "dim" => Ok(V::Int(t.shape.len() as i64)),
                "numel" => Ok(V::Int(
                    t.shape
                        .iter()
                        .try_fold(1_i64, |n, d| n.checked_mul(*d))
                        .unwrap_or(i64::MAX),
                )),
                "tolist" => raise(
                    self.rt,
                    "SandboxError",
                    "lrtutor's sandbox does not compute tensor values",
                ),
                _ => Ok(recv.clone()),
            },
            V::NnModule(m) => match name {
                "parameters" => Ok(V::Params(Rc::new(RefCell::new(Some(
                    all_params(m)
                        .into_iter()
                        .map(|(_, t)| V::Tensor(t))
                        .collect(),
                ))))),
                "named_parameters" => Ok(V::iter(
                    all_params(m)
                        .into_iter()
                        .map(|(n, t)| V::tuple(vec![V::str(&n), V::Tensor(t)]))
                        .collect(),
                )),
                "zero_grad" => {
                    self.rt.grads = false;
                    Ok(V::None)
                }
                "update_parameters" if m.kind == "AveragedModel" => Ok(self.averaged_update()),
                "forward" => Ok(self.call_module(m, pos)),
                "children" | "modules" => Ok(V::iter(
                    m.children.iter().map(|c| V::NnModule(c.clone())).collect(),
                )),
                "to" | "cuda" | "cpu" => self.move_to_device(recv, &pos),
                _ => Ok(recv.clone()),
            },
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", recv.type_name()),
            ),
        }
    }

    fn optimizer_method(&mut self, id: OptId, name: &str, pos: Vec<V>) -> Ex<V> {
        match name {
            "step" => {
                let groups = self.engine()?.optimizer(id).groups.len() as u64;
                self.charge(groups)?;
                // The rates this step trains with: what an exercise is graded on.
                self.record("optimizer.step", id, None);
                self.engine()?.optimizer_step(id);
                self.note_state(id)?;
                self.rt.optimizer_steps += 1;
                self.rt.last_opt = Some(id);
                Ok(V::None)
            }
            "zero_grad" => {
                self.rt.grads = false;
                Ok(V::None)
            }
            "add_param_group" => {
                let groups = self.param_groups_of(&V::list(pos))?;
                for g in groups {
                    let r = self.engine()?.optimizer_mut(id).add_param_group(g);
                    r.map_err(|e| super::from_engine(self.rt, e))?;
                }
                Ok(V::None)
            }
            "state_dict" => self.optimizer_state_dict(id),
            _ => {
                let sd = state_dict_arg(self.rt, &pos)?.clone();
                self.optimizer_load_state_dict(id, &sd).map(|()| V::None)
            }
        }
    }

    fn scheduler_method(&mut self, id: SchedId, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        self.sync_live()?;
        match name {
            "step" => {
                let work = self.engine()?.step_work(id);
                self.charge(work)?;
                let r = if pos.is_empty() && kw.is_empty() {
                    self.with_engine(|e, host| e.step(id, None, host))?
                } else {
                    let args = self.engine_args(&pos, &kw);
                    self.with_engine(|e, host| e.step_call(id, args, host))?
                };
                let (class, opt) = {
                    let s = self.engine()?.scheduler(id);
                    (s.class, s.opt)
                };
                self.collect_warnings(class);
                self.record("scheduler.step", opt, Some(class.name()));
                self.prune_live()?;
                r.map(|()| V::None)
                    .map_err(|(e, f)| self.engine_error(e, f))
            }
            "get_last_lr" => {
                let lrs = self.engine()?.get_last_lr(id).to_vec();
                Ok(V::list(lrs.into_iter().map(V::from_num).collect()))
            }
            "get_lr" => {
                let before = self.rt.warnings.len();
                let r = self.with_engine(|e, host| e.get_lr(id, host))?;
                let class = self.engine()?.scheduler(id).class;
                self.collect_warnings(class);
                self.swalr_warning_lines(id, before)?;
                r.map(|lrs| V::list(lrs.into_iter().map(V::from_num).collect()))
                    .map_err(|(e, f)| self.engine_error(e, f))
            }
            "state_dict" => self.scheduler_state_dict(id),
            _ => {
                let sd = state_dict_arg(self.rt, &pos)?.clone();
                self.scheduler_load_state_dict(id, &sd).map(|()| V::None)
            }
        }
    }

    fn group_method(&mut self, recv: &V, name: &str, pos: Vec<V>) -> Ex<V> {
        let items = self.torch_group_items(recv)?;
        match name {
            "keys" => Ok(V::list(items.into_iter().map(|(k, _)| k).collect())),
            "values" => Ok(V::list(items.into_iter().map(|(_, v)| v).collect())),
            "items" => Ok(V::list(
                items
                    .into_iter()
                    .map(|(k, v)| V::tuple(vec![k, v]))
                    .collect(),
            )),
            "get" => {
                let key = pos.first().cloned().unwrap_or(V::None);
                Ok(items
                    .into_iter()
                    .find(|(k, _)| crate::sandbox::value::py_eq(k, &key))
                    .map_or_else(|| pos.get(1).cloned().unwrap_or(V::None), |(_, v)| v))
            }
            "update" => {
                for (k, v) in self.dict_items(pos.first().unwrap_or(&V::None))? {
                    self.torch_set_item(recv, k, v)?;
                }
                Ok(V::None)
            }
            "setdefault" => {
                let key = pos.first().cloned().unwrap_or(V::None);
                match items
                    .into_iter()
                    .find(|(k, _)| crate::sandbox::value::py_eq(k, &key))
                {
                    Some((_, v)) => Ok(v),
                    None => {
                        let v = pos.get(1).cloned().unwrap_or(V::None);
                        self.torch_set_item(recv, key, v.clone())?;
                        Ok(v)
                    }
                }
            }
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'dict' object has no attribute '{name}'"),
            ),
        }
    }

    pub fn torch_group_items(&mut self, v: &V) -> Ex<Vec<(V, V)>> {
        let V::ParamGroup(id, i) = v else {
            return Ok(Vec::new());
        };
        let Some(g) = self.engine()?.optimizer(*id).groups.get(*i).cloned() else {
            return raise(self.rt, "IndexError", "list index out of range");
        };
        Ok(g.entries()
            .iter()
            .map(|(k, v)| (V::str(k), super::call::from_engine_value(v)))
            .collect())
    }

    pub fn torch_get_item(&mut self, o: &V, i: &V) -> Ex<V> {
        match (o, i) {
            (V::ParamGroups(id), _) => {
                let n = self.engine()?.optimizer(*id).groups.len();
                let k = self.index(i, n, "list")?;
                Ok(V::ParamGroup(*id, k))
            }
            // `param_groups[i]["lr"]`, read in many training loops: one key, nothing copied.
            (V::ParamGroup(id, g), V::Str(key)) => {
                let Some(group) = self.engine()?.optimizer(*id).groups.get(*g) else {
                    return raise(self.rt, "IndexError", "list index out of range");
                };
                match group.get(key) {
                    Some(v) => Ok(super::call::from_engine_value(v)),
                    None => {
                        let r = self.repr(i)?;
                        raise(self.rt, "KeyError", r)
                    }
                }
            }
            _ => {
                let items = self.torch_group_items(o)?;
                match items
                    .into_iter()
                    .find(|(k, _)| crate::sandbox::value::py_eq(k, i))
                {
                    Some((_, v)) => Ok(v),
                    None => {
                        let r = self.repr(i)?;
                        raise(self.rt, "KeyError", r)
                    }
                }
            }
        }
    }

    pub fn torch_set_item(&mut self, o: &V, key: V, v: V) -> Ex<()> {
        let V::ParamGroup(id, i) = o else {
            return raise(
                self.rt,
                "TypeError",
                "object does not support item assignment",
            );
        };
        let V::Str(k) = key else {
            return raise(
                self.rt,
                "TypeError",
                "param group keys must be strings in lrtutor's sandbox",
            );
        };
        let value = super::call::to_engine_value(self.rt, &v);
        let (id, i) = (*id, *i);
        if let Some(g) = self.engine()?.optimizer_mut(id).groups.get_mut(i) {
            g.set(&k, value);
        }
        if &*k == "lr" {
            self.record("lr.set", id, None);
        }
        Ok(())
    }

    pub fn torch_iterate(&mut self, v: &V) -> Ex<Vec<V>> {
        match v {
            V::ParamGroups(id) => {
                let n = self.engine()?.optimizer(*id).groups.len();
                Ok((0..n).map(|i| V::ParamGroup(*id, i)).collect())
            }
            V::ParamGroup(..) => Ok(self
                .torch_group_items(v)?
                .into_iter()
                .map(|(k, _)| k)
                .collect()),
            V::NnModule(m) if m.kind == "ModuleDict" => {
                Ok(m.names.iter().map(|n| V::str(n)).collect())
            }
            V::NnModule(m) if m.kind == "Sequential" || m.kind == "ModuleList" => {
                Ok(m.children.iter().map(|c| V::NnModule(c.clone())).collect())
            }
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not iterable", v.type_name()),
            ),
        }
    }

    pub fn torch_len(&mut self, v: &V) -> Ex<V> {
        match v {
            V::ParamGroups(id) => {
                let n = self.engine()?.optimizer(*id).groups.len();
                Ok(V::Int(n as i64))
            }
            V::ParamGroup(..) => Ok(V::Int(self.torch_group_items(v)?.len() as i64)),
            V::Tensor(t) => Ok(V::Int(t.shape.first().copied().unwrap_or(0))),
            V::NnModule(m) => Ok(V::Int(m.children.len() as i64)),
            _ => raise(
                self.rt,
                "TypeError",
                format!("object of type '{}' has no len()", v.type_name()),
            ),
        }
    }

    pub fn torch_repr(&mut self, v: &V) -> Ex<String> {
        match v {
            V::Optimizer(id) => Ok(self.engine()?.optimizer(*id).repr()),
            V::Scheduler(id) => {
                let class = self.engine()?.scheduler(*id).class;
                Ok(format!(
                    "<{}.{} object at 0x7f3a2c1b4040>",
                    class.module(),
                    class.name()
                ))
            }
            V::ParamGroups(_) => {
                let items = self.torch_iterate(v)?;
                let mut parts = Vec::new();
                for it in &items {
                    parts.push(self.repr(it)?);
                }
                Ok(format!("[{}]", parts.join(", ")))
            }
            V::Tensor(t) if t.requires_grad => Ok("Parameter containing:\ntensor(...)".into()),
            V::Tensor(_) => Ok("tensor(...)".into()),
            V::NnModule(m) => match super::modules::nn_repr::module_repr(m) {
                Ok(s) => Ok(s),
                Err(kind) => raise(
                    self.rt,
                    "SandboxError",
                    format!(
                        "printing this {kind} (with these arguments) is not modelled in lrtutor's sandbox (line {})",
                        self.rt.line
                    ),
                ),
            },
            V::Params(_) => Ok("<generator object Module.parameters at 0x7f3a2c1b4040>".into()),
            other => Ok(format!("<{} object>", other.type_name())),
        }
    }
}

const MATH_FUNCS: &[&str] = &[
    "math.cos",
    "math.sin",
    "math.tan",
    "math.exp",
    "math.log",
    "math.log2",
    "math.log10",
    "math.sqrt",
    "math.floor",
    "math.ceil",
    "math.trunc",
    "math.isclose",
    "math.fabs",
    "math.pow",
    "math.isfinite",
    "math.isnan",
    "math.isinf",
    "math.radians",
    "math.degrees",
];

/// The `state_dict` argument of `load_state_dict`, or Python's TypeError when it is missing.
fn state_dict_arg<'v>(rt: &super::Runtime, pos: &'v [V]) -> Ex<&'v V> {
    match pos.first() {
        Some(sd) => Ok(sd),
        None => raise(
            rt,
            "TypeError",
            "load_state_dict() missing 1 required positional argument: 'state_dict'",
        ),
    }
}

/// The modules a snippet may import, by qualified name.
fn known_module(path: &str) -> Option<&'static str> {
    super::modules::known(path).or_else(|| known_torch_module(path))
}

fn known_torch_module(path: &str) -> Option<&'static str> {
    [
        "torch",
        "torch.nn",
        "torch.optim",
        "torch.optim.lr_scheduler",
        "torch.optim.swa_utils",
        "torch.nn.functional",
        "math",
    ]
    .into_iter()
    .find(|m| *m == path)
}

/// The static name of an `nn` class (every class the facade builds is in `NN_CLASSES`).
fn static_name(name: &str) -> &'static str {
    NN_CLASSES
        .iter()
        .find(|n| **n == name)
        .copied()
        .unwrap_or("Module")
}

fn tensor_shape(v: Option<&V>) -> Vec<i64> {
    match v {
        Some(V::Tensor(t)) => t.shape.clone(),
        _ => Vec::new(),
    }
}

fn int_arg(pos: &[V], kw: &Kw, i: usize, name: &str) -> i64 {
    pos.get(i)
        .or_else(|| kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v))
        .and_then(super::builtins::int_of)
        .unwrap_or(1)
}

fn flag(kw: &Kw, name: &str, default: bool) -> bool {
    kw.iter()
        .find(|(k, _)| &**k == name)
        .map_or(default, |(_, v)| v.truthy())
}

fn param(shape: Vec<i64>) -> Rc<Tensor> {
    Rc::new(Tensor {
        shape,
        requires_grad: true,
        is_loss: false,
    })
}

/// A layer with the parameters PyTorch gives it.
fn nn_module(kind: &str, pos: &[V], kw: &Kw) -> NnModule {
    let a = int_arg(pos, kw, 0, "in_features");
    let b = int_arg(pos, kw, 1, "out_features");
    let bias = flag(kw, "bias", true);
    let mut params: Vec<(String, Rc<Tensor>)> = Vec::new();
    match kind {
        "Linear" | "Conv1d" | "Conv2d" | "Conv3d" | "ConvTranspose2d" | "Bilinear" => {
            params.push(("weight".into(), param(vec![b, a])));
            if bias {
                params.push(("bias".into(), param(vec![b])));
            }
        }
        "BatchNorm1d" | "BatchNorm2d" | "LayerNorm" | "GroupNorm" => {
            params.push(("weight".into(), param(vec![a])));
            params.push(("bias".into(), param(vec![a])));
        }
        "Embedding" => params.push(("weight".into(), param(vec![a, b]))),
        "LSTM" | "GRU" | "RNN" => {
            let layers = pos
                .get(2)
                .or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "num_layers")
                        .map(|(_, v)| v)
                })
                .and_then(super::builtins::int_of)
                .unwrap_or(1);
            for l in 0..layers {
                for w in ["weight_ih", "weight_hh"] {
                    params.push((format!("{w}_l{l}"), param(vec![b, a])));
                }
                if bias {
                    for w in ["bias_ih", "bias_hh"] {
                        params.push((format!("{w}_l{l}"), param(vec![b])));
                    }
                }
            }
        }
        _ => {}
    }
    NnModule {
        kind: static_name(kind),
        params,
        is_loss: is_loss(kind),
        children: Vec::new(),
        text: super::modules::nn_repr::layer_text(kind, pos, kw),
        names: Vec::new(),
    }
}

/// All named parameters of a module, children included.
fn all_params(m: &NnModule) -> Vec<(String, Rc<Tensor>)> {
    m.params.clone()
}
