//! Writing a scheduler's attributes: `scheduler.<name> = value` and `load_state_dict`, which in
//! PyTorch is `self.__dict__.update(state_dict)` plus each class's own fix-ups (ReduceLROnPlateau
//! re-checks its mode, CyclicLR rebinds its scale function). A name the class does not have is
//! kept as an extra attribute, as Python keeps it in `__dict__`.

use super::onecycle::phases_from;
use super::{Class, Kind, Scheduler};
use crate::engine::Engine;
use crate::engine::error::{ErrKind, PyErr, PyResult};
use crate::engine::num::Num::{self, Float};
use crate::engine::value::{SchedId, Value};

/// What `load_state_dict` does to the caller's dict besides reading it: the key it pops before
/// the update (a KeyError when missing) and whether it puts that key back (at the end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoppedKey {
    pub key: &'static str,
    pub put_back: bool,
}

/// The key `Class.load_state_dict` pops from the caller's dict, if any. LambdaLR,
/// MultiplicativeLR and the composites put theirs back (so it moves to the end); CyclicLR does
/// not (its `_scale_fn_custom` is gone from the dict afterwards).
pub fn popped_key(class: Class) -> Option<PoppedKey> {
    let (key, put_back) = match class {
        Class::LambdaLR | Class::MultiplicativeLR => ("lr_lambdas", true),
        Class::SequentialLR | Class::ChainedScheduler => ("_schedulers", true),
        Class::CyclicLR => ("_scale_fn_custom", false),
        _ => return None,
    };
    Some(PoppedKey { key, put_back })
}

/// The value as a number, or lrtutor's own error: the engine stores schedule parameters as numbers.
fn num(name: &str, v: &Value) -> PyResult<Num> {
    v.num().ok_or_else(|| {
        PyErr::new(
            ErrKind::SandboxError,
            format!(
                "lrtutor's engine models '{name}' only as a number, not {}",
                v.type_name()
            ),
        )
    })
}

fn nums(name: &str, v: &Value) -> PyResult<Vec<Num>> {
    match v {
        Value::List(items) | Value::Tuple(items) => items.iter().map(|x| num(name, x)).collect(),
        other => Err(PyErr::new(
            ErrKind::SandboxError,
            format!(
                "lrtutor's engine models '{name}' only as a list of numbers, not {}",
                other.type_name()
            ),
        )),
    }
}

fn string(name: &str, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(PyErr::new(
            ErrKind::SandboxError,
            format!(
                "lrtutor's engine models '{name}' only as a str, not {}",
                other.type_name()
            ),
        )),
    }
}

/// Writes the attributes every `LRScheduler` has; `false` when `name` is not one of them.
/// ReduceLROnPlateau and the composites do not run `LRScheduler.__init__`, so they only have
/// `last_epoch` and `_last_lr`.
fn set_base(s: &mut Scheduler, name: &str, v: &Value) -> PyResult<bool> {
    let full = !matches!(
        s.kind,
        Kind::Plateau(_) | Kind::Sequential { .. } | Kind::Chained { .. }
    );
    match name {
        "last_epoch" if !matches!(s.kind, Kind::Chained { .. }) => s.last_epoch = num(name, v)?,
        "_last_lr" => s.last_lr = nums(name, v)?,
        "base_lrs" if full => s.base_lrs = nums(name, v)?,
        "_step_count" if full => s.step_count = num(name, v)?.trunc()?.f() as i64,
        "_is_initial" if full => s.is_initial = v.truthy(),
        "_get_lr_called_within_step" if full => s.in_step = v.truthy(),
        _ => return Ok(false),
    }
    Ok(true)
}

/// Writes one of the class's own attributes; `false` when the class has no such attribute.
fn set_own(kind: &mut Kind, name: &str, v: &Value) -> PyResult<bool> {
    match (name, kind) {
        ("gamma", Kind::Step { gamma, odd, .. }) => {
            *gamma = num(name, v)?;
            odd[1] = None;
        }
        ("step_size", Kind::Step { step_size, odd, .. }) => {
            *step_size = num(name, v)?;
            odd[0] = None;
        }
        ("gamma", Kind::MultiStep { gamma, .. } | Kind::Exponential { gamma }) => {
            *gamma = num(name, v)?
        }
        ("milestones", Kind::MultiStep { milestones, .. }) => match v {
            Value::Counter(c) => *milestones = c.clone().into(),
            other => {
                return Err(PyErr::new(
                    ErrKind::SandboxError,
                    format!(
                        "lrtutor's engine models MultiStepLR.milestones only as a Counter, not {}",
                        other.type_name()
                    ),
                ));
            }
        },
        ("factor", Kind::Constant { factor, .. }) => *factor = num(name, v)?,
        (
            "total_iters",
            Kind::Constant { total_iters, .. }
            | Kind::Linear { total_iters, .. }
            | Kind::Polynomial { total_iters, .. },
        ) => *total_iters = num(name, v)?,
        ("start_factor", Kind::Linear { start, .. }) => *start = num(name, v)?,
        ("end_factor", Kind::Linear { end, .. }) => *end = num(name, v)?,
        ("power", Kind::Polynomial { power, .. }) => *power = num(name, v)?,
        ("T_max", Kind::Cosine { t_max, .. }) => *t_max = num(name, v)?,
        ("eta_min", Kind::Cosine { eta_min, .. }) => *eta_min = num(name, v)?,
        ("_milestones", Kind::Sequential { milestones, .. }) => *milestones = nums(name, v)?,
        ("anneal_epochs", Kind::Swa(w)) => w.anneal_epochs = num(name, v)?,
        ("_anneal_strategy", Kind::Swa(w)) => w.strategy = string(name, v)?,
        (_, Kind::WarmRestarts(w)) => {
            let slot = match name {
                "T_0" => &mut w.t_0,
                "T_i" => &mut w.t_i,
                "T_mult" => &mut w.t_mult,
                "eta_min" => &mut w.eta_min,
                "T_cur" => &mut w.t_cur,
                _ => return Ok(false),
            };
            *slot = num(name, v)?;
        }
        (_, Kind::Plateau(p)) => match name {
            "default_min_lr" => {
                p.default_min_lr = if v.is_none() {
                    None
                } else {
                    Some(num(name, v)?)
                }
            }
            "min_lrs" => p.min_lrs = nums(name, v)?,
            "mode" => p.mode = string(name, v)?,
            "threshold_mode" => p.threshold_mode = string(name, v)?,
            _ => {
                let slot = match name {
                    "factor" => &mut p.factor,
                    "patience" => &mut p.patience,
                    "cooldown" => &mut p.cooldown,
                    "eps" => &mut p.eps,
                    "mode_worse" => &mut p.mode_worse,
                    "threshold" => &mut p.threshold,
                    "best" => &mut p.best,
                    "cooldown_counter" => &mut p.cooldown_counter,
                    "num_bad_epochs" => &mut p.num_bad_epochs,
                    _ => return Ok(false),
                };
                *slot = num(name, v)?;
            }
        },
        (_, Kind::Cyclic(c)) => match name {
            "max_lrs" => c.max_lrs = nums(name, v)?,
            "total_size" => c.total_size = num(name, v)?,
            "step_ratio" => c.step_ratio = num(name, v)?,
            "mode" => c.mode = string(name, v)?,
            "gamma" => c.gamma = num(name, v)?,
            "scale_mode" => c.scale_mode = string(name, v)?,
            "cycle_momentum" => c.cycle_momentum = v.truthy(),
            "use_beta1" if c.momentum_attrs => c.use_beta1 = v.truthy(),
            "base_momentums" if c.momentum_attrs => c.base_momentums = nums(name, v)?,
            "max_momentums" if c.momentum_attrs => c.max_momentums = nums(name, v)?,
            "_scale_fn_custom" => c.scale_fn = (!v.is_none()).then(|| v.clone()),
            _ => return Ok(false),
        },
        (_, Kind::OneCycle(c)) => match name {
            "total_steps" => c.total_steps = num(name, v)?,
            "_schedule_phases" => c.phases = phases_from(v)?,
            "_anneal_func_type" => {
                let anneal = string(name, v)?;
                if anneal != "cos" && anneal != "linear" {
                    return Err(PyErr::new(
                        ErrKind::SandboxError,
                        format!(
                            "lrtutor's engine models OneCycleLR's _anneal_func_type 'cos' and 'linear' only, not {anneal:?}"
                        ),
                    ));
                }
                c.cosine = anneal == "cos";
                c.anneal = anneal;
            }
            "cycle_momentum" => c.cycle_momentum = v.truthy(),
            "use_beta1" if c.momentum_attrs => c.use_beta1 = v.truthy(),
            _ => return Ok(false),
        },
        _ => return Ok(false),
    }
    Ok(true)
}

impl Engine {
    /// `scheduler.<name> = value`. The schedule reads the new value from the next step on, as in
    /// PyTorch; a name the class does not have becomes an extra attribute.
    pub fn set_attr(&mut self, id: SchedId, name: &str, value: Value) -> PyResult<()> {
        let s = &mut self.schedulers[id.0 as usize];
        if name == "optimizer" || name == "_schedulers" && s.class.is_composite() {
            return Err(PyErr::new(
                ErrKind::SandboxError,
                format!("lrtutor does not model replacing a scheduler's '{name}'"),
            ));
        }
        if set_base(s, name, &value)? || set_own(&mut s.kind, name, &value)? {
            return Ok(());
        }
        match s.extra.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) => *v = value,
            None => s.extra.push((name.to_owned(), value)),
        }
        Ok(())
    }

    /// `load_state_dict` after the popped key is out (see [`popped_key`]): every entry is written
    /// as an attribute, then the class's fix-ups run. The composites' children are loaded by the
    /// caller, which owns their dicts.
    pub fn load_state(&mut self, id: SchedId, entries: Vec<(String, Value)>) -> PyResult<()> {
        for (k, v) in entries {
            self.set_attr(id, &k, v)?;
        }
        match &mut self.schedulers[id.0 as usize].kind {
            // `_init_is_better(mode, threshold, threshold_mode)`: checks and resets `mode_worse`.
            Kind::Plateau(p) => {
                if p.mode != "min" && p.mode != "max" {
                    return Err(PyErr::value(format!("mode {} is unknown!", p.mode)));
                }
                if p.threshold_mode != "rel" && p.threshold_mode != "abs" {
                    return Err(PyErr::value(format!(
                        "threshold mode {} is unknown!",
                        p.threshold_mode
                    )));
                }
                let inf = if p.mode == "min" {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                };
                p.mode_worse = Float(inf);
            }
            // `_set_anneal_func(self._anneal_strategy)`.
            Kind::Swa(w) => w.cosine = w.strategy == "cos",
            // `_init_scale_fn()`: the built-in modes fix `scale_mode` and bind gamma again.
            Kind::Cyclic(c) if c.scale_fn.is_none() => match c.mode.as_str() {
                "triangular" | "triangular2" => c.scale_mode = "cycle".into(),
                "exp_range" => {
                    c.scale_mode = "iterations".into();
                    c.scale_gamma = c.gamma;
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::args::CallArgs;
    use crate::engine::optimizer::{self, Optimizer, ParamGroup};
    use crate::engine::{NoHost, OptId};

    fn engine_with_sgd() -> (Engine, OptId) {
        let kind = optimizer::kind("SGD").expect("SGD");
        let group = ParamGroup::new(vec![("params".into(), Value::Params(2))]);
        let args = [
            ("lr".to_string(), Value::Float(0.1)),
            ("momentum".to_string(), Value::Float(0.9)),
        ];
        let opt = Optimizer::new(kind, vec![group], &args).expect("optimizer");
        let mut e = Engine::new();
        let id = e.add_optimizer(opt);
        (e, id)
    }

    fn build(e: &mut Engine, opt: OptId, class: Class, kw: &[(&str, Value)]) -> SchedId {
        let args = CallArgs {
            positional: vec![Value::Optimizer(opt)],
            keywords: kw.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        };
        e.new_scheduler(class, args, &mut NoHost)
            .expect("scheduler")
    }

    fn keys(v: &Value) -> Vec<String> {
        match v {
            Value::Dict(items) => items.iter().map(|(k, _)| k.to_string()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_popped_key_of_each_class_is_pytorchs() {
        let table = [
            (Class::LambdaLR, Some(("lr_lambdas", true))),
            (Class::MultiplicativeLR, Some(("lr_lambdas", true))),
            (Class::SequentialLR, Some(("_schedulers", true))),
            (Class::ChainedScheduler, Some(("_schedulers", true))),
            (Class::CyclicLR, Some(("_scale_fn_custom", false))),
            (Class::StepLR, None),
            (Class::ReduceLROnPlateau, None),
            (Class::OneCycleLR, None),
            (Class::SWALR, None),
        ];
        for (class, want) in table {
            let got = popped_key(class).map(|p| (p.key, p.put_back));
            assert_eq!(got, want, "{}", class.name());
        }
    }

    #[test]
    fn unknown_keys_become_attributes_listed_after_the_class_own() {
        let (mut e, opt) = engine_with_sgd();
        let id = build(&mut e, opt, Class::StepLR, &[("step_size", Value::Int(3))]);
        let entries = vec![
            ("best_epoch".to_string(), Value::Int(7)),
            ("gamma".to_string(), Value::Float(0.5)),
        ];
        e.load_state(id, entries).expect("load");
        let sd = e.state_dict(id);
        let k = keys(&sd);
        assert_eq!(k.first().map(String::as_str), Some("step_size"));
        assert_eq!(k.last().map(String::as_str), Some("best_epoch"));
        assert!(matches!(e.attr(id, "gamma"), Ok(Value::Float(g)) if g == 0.5));
        assert!(matches!(e.attr(id, "best_epoch"), Ok(Value::Int(7))));
    }

    #[test]
    fn plateau_load_checks_the_mode_and_resets_mode_worse() {
        let (mut e, opt) = engine_with_sgd();
        let id = build(&mut e, opt, Class::ReduceLROnPlateau, &[]);
        let bad = vec![("mode".to_string(), Value::Str("maximize".into()))];
        let err = e.load_state(id, bad).expect_err("bad mode");
        assert_eq!(err.kind, ErrKind::ValueError);
        assert_eq!(err.message, "mode maximize is unknown!");
        e.load_state(id, vec![("mode".to_string(), Value::Str("max".into()))])
            .expect("load");
        assert!(matches!(e.attr(id, "mode_worse"), Ok(Value::Float(x)) if x == f64::NEG_INFINITY));
    }

    #[test]
    fn exp_range_keeps_its_bound_gamma_until_a_load_rebinds_it() {
        let (mut e, opt) = engine_with_sgd();
        let kw = [
            ("base_lr", Value::Float(0.01)),
            ("max_lr", Value::Float(0.1)),
            ("mode", Value::Str("exp_range".into())),
            ("gamma", Value::Float(0.9)),
        ];
        let id = build(&mut e, opt, Class::CyclicLR, &kw);
        let bound = |e: &Engine| match &e.scheduler(id).kind {
            Kind::Cyclic(c) => c.scale_gamma.f(),
            _ => f64::NAN,
        };
        e.set_attr(id, "gamma", Value::Float(0.5)).expect("set");
        assert_eq!(bound(&e), 0.9);
        e.load_state(id, Vec::new()).expect("load");
        assert_eq!(bound(&e), 0.5);
    }

    #[test]
    fn values_the_engine_cannot_hold_are_named_as_not_modelled() {
        let (mut e, opt) = engine_with_sgd();
        let id = build(
            &mut e,
            opt,
            Class::ExponentialLR,
            &[("gamma", Value::Float(0.9))],
        );
        for (name, value) in [
            ("gamma", Value::Str("fast".into())),
            ("base_lrs", Value::Int(3)),
            ("optimizer", Value::None),
        ] {
            let err = e.set_attr(id, name, value).expect_err(name);
            assert_eq!(err.kind, ErrKind::SandboxError, "{name}");
        }
    }
}
