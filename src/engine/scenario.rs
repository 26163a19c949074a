//! Scheduler scenarios (the format of the reference `engine-vectors.json`): build an optimizer and
//! a scheduler spec, step it, and record what PyTorch records: every group's lr (and momentum)
//! after construction and after each step, the error, the distinct warnings. Input arrives as
//! parsed `serde_json::Value`s; reading files is the caller's job.

use super::args::CallArgs;
use super::error::PyErr;
use super::num::Num;
use super::optimizer::{self, Optimizer, ParamGroup};
use super::value::{OptId, SchedId, Value};
use super::{Class, Engine, NoHost};
use serde_json::Value as Json;

/// What was wrong with a scenario's input: the field (a dotted path) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InputError {
    pub field: String,
    pub message: String,
}

fn bad(field: &str, message: impl Into<String>) -> InputError {
    InputError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// How one scenario ran.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub id: String,
    /// Every group's lr after construction, then after each step.
    pub lr: Vec<Vec<Num>>,
    /// Momentum (or beta1) rows, when a scheduler moved them.
    pub momentum: Option<Vec<Vec<Option<Num>>>>,
    pub error: Option<PyErr>,
    /// Distinct warnings as `Category: message`, sorted.
    pub warnings: Vec<String>,
}

/// How the scenario steps its scheduler.
enum Stepping {
    Plain,
    Metrics(Vec<Value>),
    Epochs(Vec<Num>),
}

/// Scenario data once checked.
struct Plan {
    id: String,
    /// `None` when the scenario does not say (an error, reported after the specs are checked).
    steps: Option<usize>,
    stepping: Stepping,
}

/// Upper bound on `steps`, so a typo cannot make `simulate` run for hours.
pub const MAX_STEPS: u64 = 10_000_000;

/// Runs one scenario. `Err` means the input itself is malformed (not a PyTorch error).
pub fn run(sc: &Json) -> Result<Outcome, InputError> {
    run_on(Engine::new(), sc)
}

/// Runs one scenario on the given (fresh) engine.
pub fn run_on(mut engine: Engine, sc: &Json) -> Result<Outcome, InputError> {
    let plan = plan(sc)?;
    let opt = build_optimizer(sc.get("optimizer").unwrap_or(&Json::Null))?;
    let spec = sc
        .get("scheduler")
        .ok_or_else(|| bad("scheduler", "missing"))?;
    check_spec(spec, "scheduler")?;
    // Running 0 steps for a forgotten `steps` would look like a schedule that never moves.
    let steps = plan.steps.ok_or_else(|| {
        bad(
            "steps",
            "missing: say how many times to call optimizer.step() then scheduler.step() (e.g. \"steps\": 10)",
        )
    })?;
    let opt = match opt {
        Ok(o) => engine.add_optimizer(o),
        Err(e) => {
            return Ok(Outcome {
                id: plan.id,
                error: Some(e),
                ..Outcome::default()
            });
        }
    };
    let mut out = Outcome {
        id: plan.id.clone(),
        ..Outcome::default()
    };
    let mut momentum = Vec::new();
    let sched = build_scheduler(&mut engine, opt, spec);
    if let Ok(id) = sched {
        check_budget(&engine, id, steps)?;
    }
    // Warnings are gathered as they come, once each: a warning raised at every one of ten
    // million steps is one line, not ten million kept until the end.
    let mut warnings = std::collections::BTreeSet::new();
    let result = sched.and_then(|sched| {
        record(&engine, opt, &mut out.lr, &mut momentum)?;
        for k in 0..steps {
            engine.optimizer_step(opt);
            let stepped = step_once(&mut engine, sched, &plan.stepping, k);
            gather(&mut engine, &mut warnings);
            stepped?;
            record(&engine, opt, &mut out.lr, &mut momentum)?;
        }
        Ok(())
    });
    gather(&mut engine, &mut warnings);
    out.error = result.err();
    if momentum.iter().any(|row| !same_row(row, &momentum[0])) {
        out.momentum = Some(momentum);
    }
    out.warnings = warnings.into_iter().collect();
    Ok(out)
}

/// Moves the engine's new warnings into the set, as `Category: message`.
fn gather(engine: &mut Engine, into: &mut std::collections::BTreeSet<String>) {
    for w in engine.take_warnings() {
        into.insert(format!("{}: {}", w.category, w.message));
    }
}

/// Memory a scenario's results may take (the rates and momenta of every group at every step).
/// (The printed results take about as much again, so a run stays near 300 MB at the most.)
pub const MAX_RESULT_BYTES: u64 = 128 << 20;

/// Scheduler work a scenario may ask for: steps times groups times the schedulers stepped.
pub const MAX_WORK: u64 = 50_000_000;

/// Refuses, before running, a scenario whose results would not fit the memory budget or whose
/// steps would take too long; the message names the sizes so the author can shrink them.
fn check_budget(engine: &Engine, sched: SchedId, steps: usize) -> Result<(), InputError> {
    let opt = engine.scheduler(sched).opt;
    let groups = engine.optimizer(opt).groups.len().max(1) as u64;
    let rows = steps as u64 + 1;
    // Per step: a row of rates and a row of momenta, each a vector with its allocation.
    let per_row = 2 * (24 + (groups * 24 + 16).max(32));
    let bytes = rows.saturating_mul(per_row);
    if bytes > MAX_RESULT_BYTES {
        return Err(bad(
            "steps",
            format!(
                "{steps} steps x {groups} group{} would record about {} MiB of rates, over simulate's budget of {} MiB; use fewer steps or groups",
                if groups == 1 { "" } else { "s" },
                bytes >> 20,
                MAX_RESULT_BYTES >> 20
            ),
        ));
    }
    let per_step = engine.step_work(sched);
    let work = rows.saturating_mul(per_step);
    if work > MAX_WORK {
        return Err(bad(
            "steps",
            format!(
                "{steps} steps of {per_step} group-scheduler updates each is {work} updates, over simulate's limit of {MAX_WORK}; use fewer steps, groups or schedulers"
            ),
        ));
    }
    Ok(())
}

fn same_row(a: &[Option<Num>], b: &[Option<Num>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => x.eq(*y),
            (None, None) => true,
            _ => false,
        })
}

fn step_once(
    engine: &mut Engine,
    sched: SchedId,
    stepping: &Stepping,
    k: usize,
) -> Result<(), PyErr> {
    let args = match stepping {
        Stepping::Plain => CallArgs::default(),
        Stepping::Metrics(m) => CallArgs {
            positional: vec![m[k].clone()],
            keywords: vec![],
        },
        Stepping::Epochs(e) => CallArgs {
            positional: vec![e[k].into()],
            keywords: vec![],
        },
    };
    engine.step_call(sched, args, &mut NoHost)
}

fn record(
    engine: &Engine,
    opt: OptId,
    lr: &mut Vec<Vec<Num>>,
    momentum: &mut Vec<Vec<Option<Num>>>,
) -> Result<(), PyErr> {
    let groups = &engine.optimizer(opt).groups;
    lr.push(
        groups
            .iter()
            .map(ParamGroup::lr)
            .collect::<Result<_, _>>()?,
    );
    momentum.push(groups.iter().map(ParamGroup::momentum).collect());
    Ok(())
}

fn plan(sc: &Json) -> Result<Plan, InputError> {
    let id = match sc.get("id") {
        Some(Json::String(s)) => s.clone(),
        Some(_) => return Err(bad("id", "must be a string")),
        None => "scenario".to_string(),
    };
    let steps = match sc.get("steps") {
        None => None,
        Some(v) => Some(v.as_u64().filter(|n| *n <= MAX_STEPS).ok_or_else(|| {
            bad(
                "steps",
                format!("must be a whole number from 0 to {MAX_STEPS}"),
            )
        })? as usize),
    };
    let needed = steps.unwrap_or(0);
    let stepping = if let Some(m) = sc.get("metrics") {
        let list = m
            .as_array()
            .ok_or_else(|| bad("metrics", "must be a list of numbers"))?;
        if list.len() < needed {
            return Err(bad(
                "metrics",
                format!("has {} values but steps is {needed}", list.len()),
            ));
        }
        Stepping::Metrics(
            list.iter()
                .enumerate()
                .map(|(i, v)| to_value(v, &format!("metrics[{i}]")))
                .collect::<Result<_, _>>()?,
        )
    } else if let Some(e) = sc.get("step_epochs") {
        let list = e
            .as_array()
            .ok_or_else(|| bad("step_epochs", "must be a list of numbers"))?;
        if list.len() < needed {
            return Err(bad(
                "step_epochs",
                format!("has {} values but steps is {needed}", list.len()),
            ));
        }
        Stepping::Epochs(
            list.iter()
                .enumerate()
                .map(|(i, v)| {
                    to_value(v, &format!("step_epochs[{i}]"))?
                        .num()
                        .ok_or_else(|| bad(&format!("step_epochs[{i}]"), "must be a number"))
                })
                .collect::<Result<_, _>>()?,
        )
    } else {
        Stepping::Plain
    };
    Ok(Plan {
        id,
        steps,
        stepping,
    })
}

/// Builds the optimizer; the outer `Err` is bad input, the inner one an error PyTorch raises.
fn build_optimizer(spec: &Json) -> Result<Result<Optimizer, PyErr>, InputError> {
    let obj = spec.as_object().ok_or_else(|| {
        bad(
            "optimizer",
            "must be an object with type, defaults and param_groups",
        )
    })?;
    let name = obj
        .get("type")
        .and_then(Json::as_str)
        .ok_or_else(|| bad("optimizer.type", "missing or not a string"))?;
    let known: Vec<&str> = optimizer::OPTIMIZERS.iter().map(|k| k.name).collect();
    let kind = optimizer::kind(name).ok_or_else(|| {
        bad(
            "optimizer.type",
            format!(
                "unknown optimizer '{name}'{} (known: {})",
                did_you_mean(name, &known),
                known.join(", ")
            ),
        )
    })?;
    let mut args = Vec::new();
    if let Some(d) = obj.get("defaults") {
        let d = d
            .as_object()
            .ok_or_else(|| bad("optimizer.defaults", "must be an object"))?;
        for (k, v) in d {
            if !kind.positional.contains(&k.as_str()) && !kind.keyword_only.contains(&k.as_str()) {
                return Err(bad(
                    &format!("optimizer.defaults.{k}"),
                    format!("{name} has no argument '{k}'"),
                ));
            }
            args.push((k.clone(), to_value(v, &format!("optimizer.defaults.{k}"))?));
        }
    }
    let groups = match obj.get("param_groups") {
        None => vec![Json::Object(Default::default())],
        Some(Json::Array(g)) => g.clone(),
        Some(_) => return Err(bad("optimizer.param_groups", "must be a list of objects")),
    };
    let mut out = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        let field = format!("optimizer.param_groups[{i}]");
        let g = g
            .as_object()
            .ok_or_else(|| bad(&field, "must be an object"))?;
        let mut group = ParamGroup::new(vec![("params".to_string(), Value::Params(1))]);
        for (k, v) in g {
            if k != "params" {
                group.set(k, to_value(v, &format!("{field}.{k}"))?);
            }
        }
        if let Some(v) = group.get("lr")
            && v.num().is_none()
        {
            return Err(bad(&format!("{field}.lr"), "must be a number"));
        }
        out.push(group);
    }
    Ok(Optimizer::new(kind, out, &args))
}

/// "; did you mean 'StepLR'?" for a near miss such as `StepLr`, or nothing.
fn did_you_mean(name: &str, known: &[&str]) -> String {
    crate::suggest::closest(name, known).map_or(String::new(), |k| format!("; did you mean '{k}'?"))
}

/// Checks a scheduler spec's shape and kwarg types before anything runs.
fn check_spec(spec: &Json, field: &str) -> Result<(), InputError> {
    let obj = spec
        .as_object()
        .ok_or_else(|| bad(field, "must be an object with type and kwargs"))?;
    let name = obj
        .get("type")
        .and_then(Json::as_str)
        .ok_or_else(|| bad(&format!("{field}.type"), "missing or not a string"))?;
    let class = Class::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        bad(
            &format!("{field}.type"),
            format!(
                "unknown scheduler '{name}'{} (known: {})",
                did_you_mean(name, &known),
                known.join(", ")
            ),
        )
    })?;
    let kwargs = match obj.get("kwargs") {
        None => return Ok(()),
        Some(Json::Object(k)) => k,
        Some(_) => return Err(bad(&format!("{field}.kwargs"), "must be an object")),
    };
    for (k, v) in kwargs {
        let f = format!("{field}.kwargs.{k}");
        if k == "schedulers" {
            let list = v
                .as_array()
                .ok_or_else(|| bad(&f, "must be a list of scheduler specs"))?;
            for (i, child) in list.iter().enumerate() {
                check_spec(child, &format!("{f}[{i}]"))?;
            }
            continue;
        }
        check_kwarg_type(class, k, v, &f)?;
    }
    Ok(())
}

/// What type a scheduler argument takes, so a malformed file is reported rather than run.
fn check_kwarg_type(class: Class, name: &str, v: &Json, field: &str) -> Result<(), InputError> {
    let is_num = |v: &Json| v.is_number() || v.is_boolean();
    let ok = match name {
        "mode" | "threshold_mode" | "anneal_strategy" | "scale_mode" => v.is_string(),
        "cycle_momentum" | "three_phase" => v.is_boolean() || v.is_number(),
        "lr_lambda" | "scale_fn" => false,
        "milestones" if class == Class::MultiStepLR => {
            is_num(v) || v.as_array().is_some_and(|a| a.iter().all(is_num))
        }
        "milestones" => v.as_array().is_some_and(|a| a.iter().all(is_num)),
        "step_size_down" | "total_steps" | "epochs" | "steps_per_epoch" => v.is_null() || is_num(v),
        "base_lr" | "max_lr" | "min_lr" | "base_momentum" | "max_momentum" | "swa_lr" => {
            is_num(v) || v.as_array().is_some_and(|a| a.iter().all(is_num))
        }
        _ => is_num(v),
    };
    if ok {
        return Ok(());
    }
    if name == "lr_lambda" || name == "scale_fn" {
        return Err(bad(
            field,
            format!(
                "{} needs a Python function; use `lrtutor run` with a snippet for it",
                class.name()
            ),
        ));
    }
    Err(bad(field, format!("has the wrong type ({})", json_type(v))))
}

fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "list",
        Json::Object(_) => "object",
    }
}

fn build_scheduler(engine: &mut Engine, opt: OptId, spec: &Json) -> Result<SchedId, PyErr> {
    let name = spec.get("type").and_then(Json::as_str).unwrap_or("");
    let class = Class::from_name(name).unwrap_or(Class::LRScheduler);
    let mut keywords = Vec::new();
    if let Some(Json::Object(kwargs)) = spec.get("kwargs") {
        for (k, v) in kwargs {
            let value = if k == "schedulers" {
                let children = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
                let mut ids = Vec::with_capacity(children.len());
                for child in children {
                    ids.push(Value::Scheduler(build_scheduler(engine, opt, child)?));
                }
                Value::List(ids)
            } else {
                to_value(v, k).map_err(|e| PyErr::type_error(e.to_string()))?
            };
            keywords.push((k.clone(), value));
        }
    }
    // Every class but ChainedScheduler takes the optimizer as its first argument.
    let positional = if class == Class::ChainedScheduler {
        vec![]
    } else {
        vec![Value::Optimizer(opt)]
    };
    engine.new_scheduler(
        class,
        CallArgs {
            positional,
            keywords,
        },
        &mut NoHost,
    )
}

/// JSON data as a Python value (`1` an int, `1.0` a float, lists, strings, booleans, null).
fn to_value(v: &Json, field: &str) -> Result<Value, InputError> {
    Ok(match v {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(
                n.as_f64()
                    .ok_or_else(|| bad(field, "number out of range"))?,
            ),
        },
        Json::String(s) => Value::Str(s.clone()),
        Json::Array(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| to_value(x, &format!("{field}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(_) => return Err(bad(field, "an object is not allowed here")),
    })
}
