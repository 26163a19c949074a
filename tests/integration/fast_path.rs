//! The engine's fast step path (`src/engine/sched/fast.rs`) must be invisible: on random
//! scenarios of the schedulers it serves (int and float rates and arguments, odd values that make
//! PyTorch raise, `step(epoch)` calls) the default engine and `Engine::general_only()` give the
//! same rates, momenta, errors and warnings, bit for bit.

use lrtutor::engine::Engine;
use lrtutor::engine::scenario;
use proptest::prelude::*;
use serde_json::{Value as Json, json};

fn number() -> impl Strategy<Value = Json> {
    prop_oneof![
        (-2i64..40).prop_map(Json::from),
        prop::sample::select(vec![
            0.0, 0.05, 0.1, 0.5, 0.9, 1.0, 1.5, 2.0, 3.0, -0.5, 1e-300
        ])
        .prop_map(Json::from),
        (0.0f64..3.0).prop_map(Json::from),
    ]
}

/// One scheduler with a few of its own arguments, drawn around sensible values.
fn scheduler() -> impl Strategy<Value = Json> {
    let kw = |names: &'static [&'static str]| {
        prop::collection::vec((prop::sample::select(names), number()), 0..4).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<serde_json::Map<_, _>>()
        })
    };
    prop_oneof![
        kw(&["step_size", "gamma"]).prop_map(|mut k| {
            k.entry("step_size").or_insert(json!(3));
            json!({"type": "StepLR", "kwargs": k})
        }),
        (kw(&["gamma"]), prop::collection::vec(0i64..12, 0..4)).prop_map(|(k, m)| {
            let mut k = k;
            k.insert("milestones".into(), json!(m));
            json!({"type": "MultiStepLR", "kwargs": k})
        }),
        kw(&["factor", "total_iters"]).prop_map(|k| json!({"type": "ConstantLR", "kwargs": k})),
        kw(&["start_factor", "end_factor", "total_iters"])
            .prop_map(|k| json!({"type": "LinearLR", "kwargs": k})),
        kw(&["gamma"]).prop_map(|mut k| {
            k.entry("gamma").or_insert(json!(0.9));
            json!({"type": "ExponentialLR", "kwargs": k})
        }),
        kw(&["total_iters", "power"]).prop_map(|k| json!({"type": "PolynomialLR", "kwargs": k})),
        kw(&["pct_start", "div_factor", "final_div_factor", "three_phase"]).prop_map(|mut k| {
            k.insert("max_lr".into(), json!(0.5));
            k.insert("total_steps".into(), json!(30));
            json!({"type": "OneCycleLR", "kwargs": k})
        }),
    ]
}

fn scenario() -> impl Strategy<Value = Json> {
    (
        scheduler(),
        prop::sample::select(vec!["SGD", "Adam", "RMSprop"]),
        prop::collection::vec(number(), 1..4),
        0u64..40,
        prop::option::of(prop::collection::vec(number(), 0..30)),
    )
        .prop_map(|(sched, opt, lrs, steps, epochs)| {
            let groups: Vec<Json> = lrs.into_iter().map(|lr| json!({"lr": lr})).collect();
            let mut sc = json!({
                "id": "fast-vs-general",
                "optimizer": {"type": opt, "defaults": {"lr": 0.1, "momentum": 0.9},
                              "param_groups": groups},
                "scheduler": sched,
                "steps": steps,
            });
            if opt == "Adam" {
                sc["optimizer"]["defaults"] = json!({"lr": 0.1});
            }
            if let Some(e) = epochs {
                sc["step_epochs"] = Json::from(e);
            }
            sc
        })
}

/// 2,000 random scenarios through both paths. Also counts the scenarios that stepped at least
/// five times without an error, so the comparison cannot pass on inputs that all fail early.
#[test]
fn fast_and_general_paths_agree() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    // A fixed seed: the same 2,000 scenarios on every run.
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let mut stepped = 0;
    for _ in 0..2000 {
        let sc = strategy
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        let fast = scenario::run_on(Engine::new(), &sc);
        let general = scenario::run_on(Engine::general_only(), &sc);
        // Debug output shows ints as ints and floats with every significant digit.
        assert_eq!(format!("{fast:?}"), format!("{general:?}"), "scenario {sc}");
        if let Ok(o) = &fast
            && o.error.is_none()
            && o.lr.len() > 5
        {
            stepped += 1;
        }
    }
    assert!(
        stepped > 600,
        "only {stepped} of 2000 scenarios ran cleanly"
    );
}
