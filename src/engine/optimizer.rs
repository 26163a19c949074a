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

/// One entry of `optimizer.param_groups`: a dict with insertion order.
#[derive(Clone, Debug, Default)]
pub struct ParamGroup {
    pub entries: Vec<(String, Value)>,
}

impl ParamGroup {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// `group[key] = value`: replaces in place or appends, like a dict.
    pub fn set(&mut self, key: &str, value: Value) {
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key.to_string(), value)),
        }
    }

    /// `group.setdefault(key, value)`.
    pub fn set_default(&mut self, key: &str, value: Value) {
        if self.get(key).is_none() {
            self.entries.push((key.to_string(), value));
        }
    }

    /// `group[key]` as a number; a missing key is Python's KeyError, a non-number a TypeError.
    pub fn num(&self, key: &str) -> PyResult<Num> {
        match self.get(key) {
            None => Err(PyErr::key_error(key)),
            Some(v) => v.num().ok_or_else(|| {
                PyErr::type_error(format!(
                    "param group '{key}' holds a {}, not a number",
                    v.type_name()
                ))
            }),
        }
    }

    pub fn lr(&self) -> PyResult<Num> {
        self.num("lr")
    }

    /// The momentum a cyclic scheduler moves: `momentum`, else `betas[0]`.
    pub fn momentum(&self) -> Option<Num> {
        if let Some(v) = self.get("momentum") {
            return v.num();
        }
        match self.get("betas") {
            Some(Value::Tuple(b) | Value::List(b)) => b.first().and_then(Value::num),
            _ => None,
        }
    }

    /// Sets `momentum`, or `betas = (m, *betas[1:])` for the Adam family.
    pub fn set_momentum(&mut self, m: Num, use_beta1: bool) {
        if !use_beta1 {
            self.set("momentum", m.into());
            return;
        }
        let mut betas = match self.get("betas") {
            Some(Value::Tuple(b) | Value::List(b)) => b.clone(),
            _ => vec![Value::None],
        };
        match betas.first_mut() {
            Some(first) => *first = m.into(),
            None => betas.push(m.into()),
        }
        self.set("betas", Value::Tuple(betas));
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
        validate(self.kind, &group.entries)?;
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
