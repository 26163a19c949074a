//! Benchmark: nanoseconds per `scheduler.step()` for every scheduler class, with 1 and 8 param
//! groups. Prints the median of several timed runs per case (machines here are noisy).
//! Run: `cargo bench --bench engine_step`.

use lrtutor::engine::optimizer::{self, Optimizer, ParamGroup};
use lrtutor::engine::{CallArgs, Class, Engine, FnId, Host, OptId, PyResult, SchedId, Value};
use std::hint::black_box;
use std::time::Instant;

/// Answers LambdaLR/MultiplicativeLR callbacks with a constant factor, as `lambda e: 0.99999` would
/// (close to 1, so 200,000 multiplicative steps stay clear of subnormal floats).
struct Constant;

impl Host for Constant {
    fn call(&mut self, _f: FnId, _arg: Value) -> PyResult<Value> {
        Ok(Value::Float(0.99999))
    }
}

fn kw(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn i(x: i64) -> Value {
    Value::Int(x)
}

/// The arguments each class is benchmarked with (long schedules, so no case runs out of steps).
fn kwargs(class: Class, e: &mut Engine, opt: OptId) -> Vec<(String, Value)> {
    let child = |e: &mut Engine, class: Class, args: Vec<(String, Value)>| {
        let id = e
            .new_scheduler(
                class,
                CallArgs {
                    positional: vec![Value::Optimizer(opt)],
                    keywords: args,
                },
                &mut Constant,
            )
            .expect("child");
        Value::Scheduler(id)
    };
    match class {
        Class::LambdaLR | Class::MultiplicativeLR => kw(&[("lr_lambda", Value::Func(FnId(0)))]),
        Class::StepLR => kw(&[("step_size", i(30)), ("gamma", f(0.1))]),
        Class::MultiStepLR => kw(&[
            ("milestones", Value::List(vec![i(30), i(80), i(120)])),
            ("gamma", f(0.1)),
        ]),
        Class::ConstantLR => kw(&[("factor", f(0.5)), ("total_iters", i(100))]),
        Class::LinearLR => kw(&[("start_factor", f(0.1)), ("total_iters", i(1_000_000))]),
        Class::ExponentialLR => kw(&[("gamma", f(0.999999))]),
        Class::PolynomialLR => kw(&[("total_iters", i(300_000))]),
        Class::CosineAnnealingLR => kw(&[("T_max", i(1_000_000_000))]),
        Class::CyclicLR => kw(&[
            ("base_lr", f(0.001)),
            ("max_lr", f(0.1)),
            ("step_size_up", i(500)),
        ]),
        Class::CosineAnnealingWarmRestarts => kw(&[("T_0", i(100)), ("T_mult", i(2))]),
        Class::OneCycleLR => kw(&[("max_lr", f(0.1)), ("total_steps", i(1_000_000_000))]),
        Class::ReduceLROnPlateau => kw(&[("patience", i(5))]),
        Class::SequentialLR => {
            let a = child(
                e,
                Class::LinearLR,
                kw(&[("start_factor", f(0.1)), ("total_iters", i(5))]),
            );
            let b = child(e, Class::ExponentialLR, kw(&[("gamma", f(0.999999))]));
            kw(&[
                ("schedulers", Value::List(vec![a, b])),
                ("milestones", Value::List(vec![i(5)])),
            ])
        }
        Class::ChainedScheduler => {
            let a = child(
                e,
                Class::ConstantLR,
                kw(&[("factor", f(0.5)), ("total_iters", i(10))]),
            );
            let b = child(e, Class::ExponentialLR, kw(&[("gamma", f(0.999999))]));
            kw(&[("schedulers", Value::List(vec![a, b]))])
        }
        Class::SWALR => kw(&[("swa_lr", f(0.05)), ("anneal_epochs", i(100))]),
        Class::LRScheduler => Vec::new(),
    }
}

fn setup(case: &Case) -> (Engine, OptId, SchedId) {
    let (class, groups) = (case.class, case.groups);
    let mut e = if case.general {
        Engine::general_only()
    } else {
        Engine::new()
    };
    let kind = optimizer::kind("SGD").expect("SGD");
    let gs = (0..groups)
        .map(|g| {
            ParamGroup::new(vec![
                ("params".into(), Value::Params(1)),
                ("lr".into(), f(0.1 / (g + 1) as f64)),
            ])
        })
        .collect();
    let opt =
        e.add_optimizer(Optimizer::new(kind, gs, &kw(&[("momentum", f(0.9))])).expect("optimizer"));
    let args = case
        .custom
        .clone()
        .unwrap_or_else(|| kwargs(class, &mut e, opt));
    let positional = if class == Class::ChainedScheduler {
        vec![]
    } else {
        vec![Value::Optimizer(opt)]
    };
    let id = e
        .new_scheduler(
            class,
            CallArgs {
                positional,
                keywords: args,
            },
            &mut Constant,
        )
        .expect("scheduler");
    e.optimizer_step(opt);
    (e, opt, id)
}

/// One benchmark case: a scheduler class, its group count and (optionally) its arguments.
struct Case {
    label: String,
    class: Class,
    groups: usize,
    custom: Option<Vec<(String, Value)>>,
    /// Run on `Engine::general_only()`, to show what the fast step path saves.
    general: bool,
}

/// ns per step of one timed run of `n` steps.
fn sample(case: &Case, n: usize) -> f64 {
    let (mut e, _opt, id) = setup(case);
    let metric = Value::Float(1.0);
    let start = Instant::now();
    for _ in 0..n {
        let r = if case.class == Class::ReduceLROnPlateau {
            e.plateau_step(id, &metric, None)
        } else {
            e.step(id, None, &mut Constant)
        };
        black_box(r).expect("step");
    }
    let ns = start.elapsed().as_nanos() as f64 / n as f64;
    black_box(e.get_last_lr(id));
    ns
}

/// Median ns per step of every case. Runs are interleaved (each round times every case once) so
/// that a slow spell of this shared machine spreads over all cases instead of hitting one.
fn medians(cases: &[Case], n: usize, runs: usize) -> Vec<f64> {
    let mut samples = vec![Vec::with_capacity(runs); cases.len()];
    for _ in 0..runs {
        for (case, out) in cases.iter().zip(samples.iter_mut()) {
            out.push(sample(case, n));
        }
    }
    samples
        .into_iter()
        .map(|mut v| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        })
        .collect()
}

fn case(class: Class, groups: usize) -> Case {
    Case {
        label: class.name().to_string(),
        class,
        groups,
        custom: None,
        general: false,
    }
}

/// Each case measured: every class with 1 and 8 groups and on the general path, plus
/// PolynomialLR with powers other than its default 1.0 (2.0 squares; 0.9 needs a real `pow()`).
fn all_cases() -> Vec<[Case; 3]> {
    let mut rows: Vec<[Case; 3]> = Class::ALL
        .iter()
        .filter(|c| **c != Class::LRScheduler)
        .map(|c| {
            [
                case(*c, 1),
                case(*c, 8),
                Case {
                    general: true,
                    ..case(*c, 1)
                },
            ]
        })
        .collect();
    for p in [2.0, 0.9] {
        let power = |groups, general| Case {
            label: format!("PolynomialLR power={p:?}"),
            class: Class::PolynomialLR,
            groups,
            custom: Some(kw(&[("total_iters", i(300_000)), ("power", f(p))])),
            general,
        };
        rows.push([power(1, false), power(8, false), power(1, true)]);
    }
    rows
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let quick = args.iter().any(|a| a == "--quick");
    let (n, runs) = if quick { (20_000, 3) } else { (100_000, 21) };
    // `--only NAME`: the rows whose label starts with NAME.
    let rows: Vec<[Case; 3]> = all_cases()
        .into_iter()
        .filter(|r| flag("--only").is_none_or(|o| r[0].label.starts_with(o.as_str())))
        .collect();
    if let Some(steps) = flag("--profile").and_then(|n| n.parse().ok()) {
        // One untimed run of one case with 1 group, for instruction counting under callgrind;
        // `--general` profiles the general path instead.
        let k = usize::from(args.iter().any(|a| a == "--general")) * 2;
        if let Some(row) = rows.first() {
            println!("{:.1}", sample(&row[k], steps));
        }
        return;
    }
    let cases: Vec<Case> = rows.into_iter().flatten().collect();
    let m = medians(&cases, n, runs);
    println!("ns per scheduler.step(): median of {runs} interleaved runs x {n} steps");
    println!(
        "{:<28} {:>9} {:>9} {:>22}",
        "scheduler", "1 group", "8 groups", "1 group, general path"
    );
    let mut worst = (0.0, String::new());
    for (row, t) in cases.chunks(3).zip(m.chunks(3)) {
        if t[0] > worst.0 {
            worst = (t[0], row[0].label.clone());
        }
        println!(
            "{:<28} {:>9.1} {:>9.1} {:>22.1}",
            row[0].label, t[0], t[1], t[2]
        );
    }
    println!(
        "slowest with 1 group: {} at {:.1} ns (target <= 50 ns; PyTorch 2.15: ~5500 ns)",
        worst.1, worst.0
    );
}
