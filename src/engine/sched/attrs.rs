//! The public attributes learners read from a scheduler (`last_epoch`, `base_lrs`, `milestones`,
//! `T_cur`, `num_bad_epochs`, ...) and `state_dict()` in PyTorch's key order.

use super::onecycle::phases_value;
use super::{Kind, Scheduler};
use crate::engine::Engine;
use crate::engine::error::{ErrKind, PyErr, PyResult};
use crate::engine::num::Num;
use crate::engine::value::{SchedId, Value};

fn nums(v: &[Num]) -> Value {
    Value::List(v.iter().map(|n| (*n).into()).collect())
}

fn opt_num(n: Option<Num>) -> Value {
    n.map_or(Value::None, Value::from)
}

/// The class's own attributes, in the order its `__init__` creates them.
fn own_attrs(s: &Scheduler) -> Vec<(&'static str, Value)> {
    match &s.kind {
        Kind::Step {
            step_size, gamma, ..
        } => vec![
            ("step_size", (*step_size).into()),
            ("gamma", (*gamma).into()),
        ],
        Kind::MultiStep { milestones, gamma } => vec![
            ("milestones", Value::Counter(milestones.counts().to_vec())),
            ("gamma", (*gamma).into()),
        ],
        Kind::Constant {
            factor,
            total_iters,
        } => vec![
            ("factor", (*factor).into()),
            ("total_iters", (*total_iters).into()),
        ],
        Kind::Linear {
            start,
            end,
            total_iters,
        } => vec![
            ("start_factor", (*start).into()),
            ("end_factor", (*end).into()),
            ("total_iters", (*total_iters).into()),
        ],
        Kind::Exponential { gamma } => vec![("gamma", (*gamma).into())],
        Kind::Polynomial { total_iters, power } => vec![
            ("total_iters", (*total_iters).into()),
            ("power", (*power).into()),
        ],
        Kind::Cosine { t_max, eta_min, .. } => {
            vec![("T_max", (*t_max).into()), ("eta_min", (*eta_min).into())]
        }
        Kind::WarmRestarts(w) => vec![
            ("T_0", w.t_0.into()),
            ("T_i", w.t_i.into()),
            ("T_mult", w.t_mult.into()),
            ("eta_min", w.eta_min.into()),
            ("T_cur", w.t_cur.into()),
        ],
        Kind::Cyclic(c) => {
            let mut v = vec![
                ("max_lrs", nums(&c.max_lrs)),
                ("total_size", c.total_size.into()),
                ("step_ratio", c.step_ratio.into()),
                ("mode", Value::Str(c.mode.clone())),
                ("gamma", c.gamma.into()),
                ("scale_mode", Value::Str(c.scale_mode.clone())),
                ("cycle_momentum", Value::Bool(c.cycle_momentum)),
            ];
            if c.momentum_attrs {
                v.extend([
                    ("use_beta1", Value::Bool(c.use_beta1)),
                    ("base_momentums", nums(&c.base_momentums)),
                    ("max_momentums", nums(&c.max_momentums)),
                ]);
            }
            v
        }
        Kind::OneCycle(c) => {
            let mut v = vec![
                ("total_steps", c.total_steps.into()),
                ("_schedule_phases", phases_value(&c.phases)),
                ("_anneal_func_type", Value::Str(c.anneal.clone())),
                ("cycle_momentum", Value::Bool(c.cycle_momentum)),
            ];
            if c.momentum_attrs {
                v.push(("use_beta1", Value::Bool(c.use_beta1)));
            }
            v
        }
        Kind::Swa(w) => vec![
            ("_anneal_strategy", Value::Str(w.strategy.clone())),
            ("anneal_epochs", w.anneal_epochs.into()),
        ],
        _ => Vec::new(),
    }
}

/// The attributes every `LRScheduler.__init__` creates, after the class's own.
fn base_attrs(s: &Scheduler) -> Vec<(&'static str, Value)> {
    vec![
        ("base_lrs", nums(&s.base_lrs)),
        ("last_epoch", s.last_epoch.into()),
        ("_step_count", Value::Int(s.step_count)),
        ("_is_initial", Value::Bool(s.is_initial)),
        ("_get_lr_called_within_step", Value::Bool(s.in_step)),
        ("_last_lr", nums(&s.last_lr)),
    ]
}

impl Engine {
    /// `scheduler.state_dict()`: every attribute but the optimizer, in PyTorch's order.
    pub fn state_dict(&self, id: SchedId) -> Value {
        let s = self.scheduler(id);
        let mut items: Vec<(&str, Value)> = match &s.kind {
            Kind::Sequential {
                children,
                milestones,
            } => vec![
                ("_milestones", nums(milestones)),
                ("last_epoch", s.last_epoch.into()),
                ("_last_lr", nums(&s.last_lr)),
                (
                    "_schedulers",
                    Value::List(children.iter().map(|c| self.state_dict(*c)).collect()),
                ),
            ],
            Kind::Chained { children } => vec![
                ("_last_lr", nums(&s.last_lr)),
                (
                    "_schedulers",
                    Value::List(children.iter().map(|c| self.state_dict(*c)).collect()),
                ),
            ],
            Kind::Plateau(p) => vec![
                ("factor", p.factor.into()),
                ("default_min_lr", opt_num(p.default_min_lr)),
                ("min_lrs", nums(&p.min_lrs)),
                ("patience", p.patience.into()),
                ("cooldown", p.cooldown.into()),
                ("eps", p.eps.into()),
                ("last_epoch", s.last_epoch.into()),
                ("_last_lr", nums(&s.last_lr)),
                ("mode_worse", p.mode_worse.into()),
                ("mode", Value::Str(p.mode.clone())),
                ("threshold", p.threshold.into()),
                ("threshold_mode", Value::Str(p.threshold_mode.clone())),
                ("best", p.best.into()),
                ("cooldown_counter", p.cooldown_counter.into()),
                ("num_bad_epochs", p.num_bad_epochs.into()),
            ],
            _ => {
                let mut v = own_attrs(s);
                v.extend(base_attrs(s));
                v
            }
        };
        // Attributes added later sit after the class's own; the keys PyTorch moves to the end of
        // its state dict (`lr_lambdas`, `_scale_fn_custom`, `_schedulers`) come last.
        let children = match items.last() {
            Some(("_schedulers", _)) => items.pop(),
            _ => None,
        };
        items.extend(s.extra.iter().map(|(k, v)| (k.as_str(), v.clone())));
        items.extend(children);
        match &s.kind {
            Kind::Lambda { lambdas } | Kind::Multiplicative { lambdas } => {
                items.push(("lr_lambdas", Value::List(vec![Value::None; lambdas.len()])))
            }
            Kind::Cyclic(_) => items.push(("_scale_fn_custom", Value::None)),
            _ => {}
        }
        Value::Dict(
            items
                .into_iter()
                .map(|(k, v)| (Value::Str(k.to_owned()), v))
                .collect(),
        )
    }

    /// `scheduler.<name>` for the data attributes; AttributeError (Python's text) otherwise.
    pub fn attr(&self, id: SchedId, name: &str) -> PyResult<Value> {
        let s = self.scheduler(id);
        let found = match (&s.kind, name) {
            (Kind::Plateau(p), "in_cooldown") => {
                Some(Value::Bool(p.cooldown_counter.gt(Num::Int(0))))
            }
            (Kind::Sequential { .. } | Kind::Chained { .. }, "_schedulers") => Some(Value::List(
                s.children().iter().map(|c| Value::Scheduler(*c)).collect(),
            )),
            (Kind::Lambda { lambdas } | Kind::Multiplicative { lambdas }, "lr_lambdas") => {
                Some(Value::List(lambdas.clone()))
            }
            (Kind::Cyclic(c), "scale_fn") => c.scale_fn.clone(),
            (_, "optimizer") => Some(Value::Optimizer(s.opt)),
            _ => None,
        };
        if let Some(v) = found {
            return Ok(v);
        }
        if let Value::Dict(items) = self.state_dict(id) {
            for (k, v) in items {
                if matches!(&k, Value::Str(s) if s == name) && name != "_schedulers" {
                    return Ok(v);
                }
            }
        }
        Err(PyErr::new(
            ErrKind::AttributeError,
            format!("'{}' object has no attribute '{name}'", s.class.name()),
        ))
    }

    /// The list-of-numbers attributes the schedule reads (`base_lrs`, `min_lrs`, `max_lrs`,
    /// `base_momentums`, `max_momentums`, `_milestones`), borrowed: the sandbox compares a
    /// learner's live list with them before each use without building a state dict.
    pub fn list_attr(&self, id: SchedId, name: &str) -> Option<&[Num]> {
        let s = self.scheduler(id);
        match (&s.kind, name) {
            (Kind::Plateau(p), "min_lrs") => Some(&p.min_lrs),
            (Kind::Plateau(_) | Kind::Sequential { .. } | Kind::Chained { .. }, "base_lrs") => None,
            (_, "base_lrs") => Some(&s.base_lrs),
            (Kind::Cyclic(c), "max_lrs") => Some(&c.max_lrs),
            (Kind::Cyclic(c), "base_momentums") if c.momentum_attrs => Some(&c.base_momentums),
            (Kind::Cyclic(c), "max_momentums") if c.momentum_attrs => Some(&c.max_momentums),
            (Kind::Sequential { milestones, .. }, "_milestones") => Some(milestones),
            _ => None,
        }
    }
}
