//! `torch.optim` optimizers as data: each kind's constructor signature, its defaults in the order
//! PyTorch 2.15 stores them in every param group, the checks its constructor makes, and the
//! bookkeeping of `optimizer.step()` that schedulers read (the step-order warning).

use super::error::{PyErr, PyResult};
use super::num::Num;
use super::value::Value;

/// A param-group default as written in the optimizer's signature.
#[derive(Clone, Copy, Debug)]
pub enum Dflt {
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    Pair(f64, f64),
}

impl Dflt {
    fn value(self) -> Value {
        match self {
            Dflt::Int(i) => Value::Int(i),
            Dflt::Float(x) => Value::Float(x),
            Dflt::Bool(b) => Value::Bool(b),
            Dflt::None => Value::None,
            Dflt::Pair(a, b) => Value::Tuple(vec![Value::Float(a), Value::Float(b)]),
        }
    }
}

/// One optimizer class: its name, positional parameters after `params`, keyword-only ones, and
/// its defaults in param-group order.
#[derive(Debug)]
pub struct OptKind {
    pub name: &'static str,
    pub positional: &'static [&'static str],
    pub keyword_only: &'static [&'static str],
    pub defaults: &'static [(&'static str, Dflt)],
}

use Dflt::{Bool as B, Float as F, Int as I, None as N, Pair as P};

/// Every optimizer the engine knows, as PyTorch 2.15 defines them.
pub static OPTIMIZERS: &[OptKind] = &[
    OptKind {
        name: "SGD",
        positional: &["lr", "momentum", "dampening", "weight_decay", "nesterov"],
        keyword_only: &["maximize", "foreach", "differentiable", "fused"],
        defaults: &[
            ("lr", F(0.001)),
            ("momentum", I(0)),
            ("dampening", I(0)),
            ("weight_decay", I(0)),
            ("nesterov", B(false)),
            ("maximize", B(false)),
            ("foreach", N),
            ("differentiable", B(false)),
            ("fused", N),
        ],
    },
    OptKind {
        name: "Adam",
        positional: &["lr", "betas", "eps", "weight_decay", "amsgrad"],
        keyword_only: &[
            "foreach",
            "maximize",
            "capturable",
            "differentiable",
            "fused",
            "decoupled_weight_decay",
        ],
        defaults: &[
            ("lr", F(0.001)),
            ("betas", P(0.9, 0.999)),
            ("eps", F(1e-8)),
            ("weight_decay", I(0)),
            ("amsgrad", B(false)),
            ("maximize", B(false)),
            ("foreach", N),
            ("capturable", B(false)),
            ("differentiable", B(false)),
            ("fused", N),
            ("decoupled_weight_decay", B(false)),
        ],
    },
    OptKind {
        name: "AdamW",
        positional: &["lr", "betas", "eps", "weight_decay", "amsgrad"],
        keyword_only: &[
            "maximize",
            "foreach",
            "capturable",
            "differentiable",
            "fused",
        ],
        defaults: &[
            ("lr", F(0.001)),
            ("betas", P(0.9, 0.999)),
            ("eps", F(1e-8)),
            ("weight_decay", F(0.01)),
            ("amsgrad", B(false)),
            ("maximize", B(false)),
            ("foreach", N),
            ("capturable", B(false)),
            ("differentiable", B(false)),
            ("fused", N),
            ("decoupled_weight_decay", B(true)),
        ],
    },
    OptKind {
        name: "RMSprop",
        positional: &[
            "lr",
            "alpha",
            "eps",
            "weight_decay",
            "momentum",
            "centered",
            "capturable",
            "foreach",
            "maximize",
            "differentiable",
        ],
        keyword_only: &[],
        defaults: &[
            ("lr", F(0.01)),
            ("momentum", I(0)),
            ("alpha", F(0.99)),
            ("eps", F(1e-8)),
            ("centered", B(false)),
            ("weight_decay", I(0)),
            ("capturable", B(false)),
            ("foreach", N),
            ("maximize", B(false)),
            ("differentiable", B(false)),
        ],
    },
    OptKind {
        name: "Adagrad",
        positional: &[
            "lr",
            "lr_decay",
            "weight_decay",
            "initial_accumulator_value",
            "eps",
            "foreach",
        ],
        keyword_only: &["maximize", "differentiable", "fused"],
        defaults: &[
            ("lr", F(0.01)),
            ("lr_decay", I(0)),
            ("eps", F(1e-10)),
            ("weight_decay", I(0)),
            ("initial_accumulator_value", I(0)),
            ("foreach", N),
            ("maximize", B(false)),
            ("differentiable", B(false)),
            ("fused", N),
        ],
    },
    OptKind {
        name: "Adadelta",
        positional: &["lr", "rho", "eps", "weight_decay", "foreach"],
        keyword_only: &["capturable", "maximize", "differentiable"],
        defaults: &[
            ("lr", F(1.0)),
            ("rho", F(0.9)),
            ("eps", F(1e-6)),
            ("weight_decay", I(0)),
            ("maximize", B(false)),
            ("capturable", B(false)),
            ("foreach", N),
            ("differentiable", B(false)),
        ],
    },
    OptKind {
        name: "Adamax",
        positional: &["lr", "betas", "eps", "weight_decay", "foreach"],
        keyword_only: &["maximize", "differentiable", "capturable"],
        defaults: &[
            ("lr", F(0.002)),
            ("betas", P(0.9, 0.999)),
            ("eps", F(1e-8)),
            ("weight_decay", I(0)),
            ("foreach", N),
            ("maximize", B(false)),
            ("differentiable", B(false)),
            ("capturable", B(false)),
        ],
    },
    OptKind {
        name: "NAdam",
        positional: &[
            "lr",
            "betas",
            "eps",
            "weight_decay",
            "momentum_decay",
            "decoupled_weight_decay",
        ],
        keyword_only: &["foreach", "maximize", "capturable", "differentiable"],
        defaults: &[
            ("lr", F(0.002)),
            ("betas", P(0.9, 0.999)),
            ("eps", F(1e-8)),
            ("weight_decay", I(0)),
            ("momentum_decay", F(0.004)),
            ("decoupled_weight_decay", B(false)),
            ("maximize", B(false)),
            ("foreach", N),
            ("capturable", B(false)),
            ("differentiable", B(false)),
        ],
    },
    OptKind {
        name: "RAdam",
        positional: &[
            "lr",
            "betas",
            "eps",
            "weight_decay",
            "decoupled_weight_decay",
        ],
        keyword_only: &["foreach", "maximize", "capturable", "differentiable"],
        defaults: &[
            ("lr", F(0.001)),
            ("betas", P(0.9, 0.999)),
            ("eps", F(1e-8)),
            ("weight_decay", I(0)),
            ("maximize", B(false)),
            ("foreach", N),
            ("capturable", B(false)),
            ("decoupled_weight_decay", B(false)),
            ("differentiable", B(false)),
        ],
    },
    OptKind {
        name: "ASGD",
        positional: &[
            "lr",
            "lambd",
            "alpha",
            "t0",
            "weight_decay",
            "foreach",
            "maximize",
            "differentiable",
            "capturable",
        ],
        keyword_only: &[],
        defaults: &[
            ("lr", F(0.01)),
            ("lambd", F(0.0001)),
            ("alpha", F(0.75)),
            ("t0", F(1000000.0)),
            ("weight_decay", I(0)),
            ("foreach", N),
            ("maximize", B(false)),
            ("differentiable", B(false)),
            ("capturable", B(false)),
        ],
    },
    OptKind {
        name: "Rprop",
        positional: &["lr", "etas", "step_sizes"],
        keyword_only: &["capturable", "foreach", "maximize", "differentiable"],
        defaults: &[
            ("lr", F(0.01)),
            ("etas", P(0.5, 1.2)),
            ("step_sizes", P(1e-6, 50.0)),
            ("foreach", N),
            ("maximize", B(false)),
            ("differentiable", B(false)),
            ("capturable", B(false)),
        ],
    },
];

/// The optimizer class called `name`, if the engine knows it.
pub fn kind(name: &str) -> Option<&'static OptKind> {
    OPTIMIZERS.iter().find(|k| k.name == name)
}

/// The param-group keys schedulers touch on every step: their positions are remembered so the hot
/// path never compares strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hot {
    Lr,
    Momentum,
    Betas,
    InitialLr,
    MaxLr,
    MinLr,
    MaxMomentum,
    BaseMomentum,
}

impl Hot {
    const ALL: [Hot; 8] = [
        Hot::Lr,
        Hot::Momentum,
        Hot::Betas,
        Hot::InitialLr,
        Hot::MaxLr,
        Hot::MinLr,
        Hot::MaxMomentum,
        Hot::BaseMomentum,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Hot::Lr => "lr",
            Hot::Momentum => "momentum",
            Hot::Betas => "betas",
            Hot::InitialLr => "initial_lr",
            Hot::MaxLr => "max_lr",
            Hot::MinLr => "min_lr",
            Hot::MaxMomentum => "max_momentum",
            Hot::BaseMomentum => "base_momentum",
        }
    }

    pub(crate) fn of(key: &str) -> Option<Hot> {
        Hot::ALL.into_iter().find(|h| h.name() == key)
    }
}

const ABSENT: u8 = u8::MAX;

/// One entry of `optimizer.param_groups`: a dict with insertion order. Keys are never removed, so
/// the remembered positions of the hot keys stay valid.
#[derive(Clone, Debug)]
pub struct ParamGroup {
    entries: Vec<(String, Value)>,
    hot: [u8; 8],
}

impl Default for ParamGroup {
    fn default() -> Self {
        ParamGroup {
            entries: Vec::new(),
            hot: [ABSENT; 8],
        }
    }
}

impl ParamGroup {
    /// A group from `(key, value)` pairs; a repeated key keeps its first position, last value.
    pub fn new(pairs: Vec<(String, Value)>) -> ParamGroup {
        let mut g = ParamGroup::default();
        for (k, v) in pairs {
            g.set(&k, v);
        }
        g
    }

    /// The entries in insertion order.
    pub fn entries(&self) -> &[(String, Value)] {
        &self.entries
    }

    fn push(&mut self, key: &str, value: Value) {
        if let Some(h) = Hot::of(key) {
            self.hot[h as usize] = u8::try_from(self.entries.len()).unwrap_or(ABSENT);
        }
        self.entries.push((key.to_string(), value));
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match Hot::of(key) {
            Some(h) => self.get_hot(h),
            None => self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        }
    }

    #[inline]
    pub fn get_hot(&self, h: Hot) -> Option<&Value> {
        match self.hot[h as usize] {
            ABSENT => self
                .entries
                .iter()
                .find(|(k, _)| k == h.name())
                .map(|(_, v)| v),
            i => self.entries.get(usize::from(i)).map(|(_, v)| v),
        }
    }

    #[inline]
    fn slot_hot(&mut self, h: Hot) -> Option<&mut Value> {
        match self.hot[h as usize] {
            ABSENT => self
                .entries
                .iter_mut()
                .find(|(k, _)| k == h.name())
                .map(|(_, v)| v),
            i => self.entries.get_mut(usize::from(i)).map(|(_, v)| v),
        }
    }

    /// `group[key] = value`: replaces in place or appends, like a dict.
    pub fn set(&mut self, key: &str, value: Value) {
        let slot = match Hot::of(key) {
            Some(h) => self.slot_hot(h),
            None => self
                .entries
                .iter_mut()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v),
        };
        match slot {
            Some(slot) => *slot = value,
            None => self.push(key, value),
        }
    }

    pub fn set_hot(&mut self, h: Hot, value: Value) {
        match self.slot_hot(h) {
            Some(slot) => *slot = value,
            None => self.push(h.name(), value),
        }
    }

    /// `group.setdefault(key, value)`.
    pub fn set_default(&mut self, key: &str, value: Value) {
        if self.get(key).is_none() {
            self.push(key, value);
        }
    }

    /// `group[key]` as a number; a missing key is Python's KeyError, a non-number a TypeError.
    pub fn num(&self, key: &str) -> PyResult<Num> {
        as_num(key, self.get(key))
    }

    #[inline]
    pub fn num_hot(&self, h: Hot) -> PyResult<Num> {
        match self.get_hot(h) {
            Some(Value::Float(x)) => Ok(Num::Float(*x)),
            other => as_num(h.name(), other),
        }
    }

    /// `group[key] = n` for a hot key, in place when the old value is a number of the same type.
    #[inline]
    fn set_num_hot(&mut self, h: Hot, n: Num) {
        match (self.slot_hot(h), n) {
            (Some(Value::Float(x)), Num::Float(new)) => *x = new,
            (Some(Value::Int(x)), Num::Int(new)) => *x = new,
            _ => self.set_hot(h, n.into()),
        }
    }

    #[inline]
    pub fn lr(&self) -> PyResult<Num> {
        match self.get_hot(Hot::Lr) {
            Some(Value::Float(x)) => Ok(Num::Float(*x)),
            other => as_num("lr", other),
        }
    }

    /// A hot key's value when it is a float (the common case the fast step path handles).
    #[inline]
    pub(crate) fn float_hot(&self, h: Hot) -> Option<f64> {
        match self.get_hot(h) {
            Some(Value::Float(x)) => Some(*x),
            _ => None,
        }
    }

    /// A hot key's float, to overwrite in place.
    #[inline]
    pub(crate) fn float_hot_mut(&mut self, h: Hot) -> Option<&mut f64> {
        match self.slot_hot(h) {
            Some(Value::Float(x)) => Some(x),
            _ => None,
        }
    }

    /// `group['lr'] = lr`, overwriting a number in place (the common case) without drop glue.
    #[inline]
    pub fn set_lr(&mut self, lr: Num) {
        self.set_num_hot(Hot::Lr, lr);
    }

    /// The momentum a cyclic scheduler moves: `momentum`, else `betas[0]`.
    pub fn momentum(&self) -> Option<Num> {
        if let Some(v) = self.get_hot(Hot::Momentum) {
            return v.num();
        }
        match self.get_hot(Hot::Betas) {
            Some(Value::Tuple(b) | Value::List(b)) => b.first().and_then(Value::num),
            _ => None,
        }
    }

    /// Sets `momentum`, or `betas = (m, *betas[1:])` for the Adam family.
    #[inline]
    pub fn set_momentum(&mut self, m: Num, use_beta1: bool) {
        if use_beta1 {
            self.set_beta1(m);
        } else {
            self.set_num_hot(Hot::Momentum, m);
        }
    }

    /// `betas = (m, *betas[1:])`, in place when it is already a tuple of floats.
    fn set_beta1(&mut self, m: Num) {
        match self.slot_hot(Hot::Betas) {
            Some(Value::Tuple(b)) if !b.is_empty() => match (&mut b[0], m) {
                (Value::Float(x), Num::Float(new)) => *x = new,
                (first, _) => *first = m.into(),
            },
            Some(slot) => {
                let rest = match slot {
                    Value::List(b) => b.iter().skip(1).cloned().collect(),
                    _ => Vec::new(),
                };
                *slot = Value::Tuple(std::iter::once(m.into()).chain(rest).collect());
            }
            None => self.push("betas", Value::Tuple(vec![m.into()])),
        }
    }
}

fn as_num(key: &str, v: Option<&Value>) -> PyResult<Num> {
    match v {
        None => Err(PyErr::key_error(key)),
        Some(v) => v.num().ok_or_else(|| {
            PyErr::type_error(format!(
                "param group '{key}' holds a {}, not a number",
                v.type_name()
            ))
        }),
    }
}

/// An optimizer: its class, `defaults`, `param_groups`, and what schedulers observe of `step()`.
#[derive(Clone, Debug)]
pub struct Optimizer {
    pub kind: &'static OptKind,
    pub defaults: Vec<(String, Value)>,
    pub groups: Vec<ParamGroup>,
    /// A scheduler has wrapped `optimizer.step` (PyTorch patches it on scheduler creation).
    pub step_wrapped: bool,
    /// `optimizer._opt_called`: `step()` ran after a scheduler wrapped it.
    pub opt_called: bool,
    /// How many times `optimizer.step()` ran.
    pub steps: u64,
}

impl Optimizer {
    /// Builds an optimizer from its param groups (each a dict holding at least `params`) and the
    /// constructor's other keyword arguments, already bound by name.
    pub fn new(
        kind: &'static OptKind,
        groups: Vec<ParamGroup>,
        args: &[(String, Value)],
    ) -> PyResult<Optimizer> {
        let mut defaults: Vec<(String, Value)> = kind
            .defaults
            .iter()
            .map(|(k, d)| (k.to_string(), d.value()))
            .collect();
        for (name, value) in args {
            match defaults.iter_mut().find(|(k, _)| k == name) {
                Some(slot) => slot.1 = value.clone(),
                None => defaults.push((name.clone(), value.clone())),
            }
        }
        validate(kind, &defaults)?;
        if groups.is_empty() {
            return Err(PyErr::value("optimizer got an empty parameter list"));
        }
        let mut opt = Optimizer {
            kind,
            defaults,
            groups: Vec::new(),
            step_wrapped: false,
            opt_called: false,
            steps: 0,
        };
        for group in groups {
            opt.add_param_group(group)?;
        }
        Ok(opt)
    }

    /// `optimizer.add_param_group(group)`: fills the group's missing keys from the defaults.
    pub fn add_param_group(&mut self, mut group: ParamGroup) -> PyResult<()> {
        if group.get("params").is_none() {
            return Err(PyErr::key_error("params"));
        }
        for (k, v) in &self.defaults {
            group.set_default(k, v.clone());
        }
        validate(self.kind, group.entries())?;
        self.groups.push(group);
        Ok(())
    }

    /// `optimizer.step()`: the engine has no parameters to update, only the bookkeeping.
    pub fn step(&mut self) {
        self.steps += 1;
        if self.step_wrapped {
            self.opt_called = true;
        }
    }

    /// Whether `defaults` has a key (CyclicLR/OneCycleLR ask for `momentum` or `betas`).
    pub fn has_default(&self, key: &str) -> bool {
        self.defaults.iter().any(|(k, _)| k == key)
    }
}

/// The value checks the optimizers' constructors make, in their order, with their messages.
fn validate(kind: &OptKind, entries: &[(String, Value)]) -> PyResult<()> {
    let get = |k: &str| {
        entries
            .iter()
            .find(|(n, _)| n == k)
            .and_then(|(_, v)| v.num())
    };
    let negative = |k: &str| get(k).is_some_and(|n| n.lt(Num::Int(0)));
    if negative("lr") {
        return Err(PyErr::value(format!(
            "Invalid learning rate: {}",
            fmt_opt(get("lr"))
        )));
    }
    for (key, label) in [
        ("eps", "epsilon"),
        ("momentum", "momentum"),
        ("weight_decay", "weight_decay"),
        ("lr_decay", "lr_decay"),
    ] {
        if negative(key) {
            return Err(PyErr::value(format!(
                "Invalid {label} value: {}",
                fmt_opt(get(key))
            )));
        }
    }
    if let Some(Value::Tuple(b) | Value::List(b)) =
        entries.iter().find(|(n, _)| n == "betas").map(|(_, v)| v)
    {
        for (i, beta) in b.iter().enumerate().take(2) {
            if let Some(x) = beta.num()
                && !(x.ge(Num::Int(0)) && x.lt(Num::Int(1)))
            {
                return Err(PyErr::value(format!(
                    "Invalid beta parameter at index {i}: {x}"
                )));
            }
        }
    }
    let truthy = |k: &str| entries.iter().any(|(n, v)| n == k && v.truthy());
    if kind.name == "SGD" && truthy("nesterov") && (!truthy("momentum") || truthy("dampening")) {
        return Err(PyErr::value(
            "Nesterov momentum requires a momentum and zero dampening",
        ));
    }
    Ok(())
}

fn fmt_opt(n: Option<Num>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl Optimizer {
    /// `repr(optimizer)` as PyTorch prints it: class, then each group's keys sorted, without params.
    pub fn repr(&self) -> String {
        let mut out = format!("{} (", self.kind.name);
        for (i, g) in self.groups.iter().enumerate() {
            out.push_str(&format!("\nParameter Group {i}\n"));
            let mut keys: Vec<&(String, Value)> =
                g.entries.iter().filter(|(k, _)| k != "params").collect();
            keys.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in keys {
                out.push_str(&format!("    {k}: {v}\n"));
            }
        }
        out.push(')');
        out
    }
}
