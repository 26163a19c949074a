//! `lrtutor simulate` as a process: output shapes, and bad input answered with one line naming the
//! file, the scenario and the field, exit 2, never a panic.

use super::process::lrtutor;

const STEP: &str = r#"{"id": "s", "optimizer": {"type": "SGD", "defaults": {"lr": 0.1}, "param_groups": [{"lr": 0.1}]},
 "scheduler": {"type": "StepLR", "kwargs": {"step_size": 2, "gamma": 0.1}}, "steps": 4}"#;

#[test]
fn json_output_of_one_scenario_is_one_object_in_python_repr() {
    let (code, out, err) = lrtutor(&["simulate", "--json", "-"], STEP);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        r#"{"id": "s", "lr": [[0.1], [0.1], [0.010000000000000002], [0.010000000000000002], [0.0010000000000000002]], "momentum": null, "error": null, "warnings": []}"#
    );
}

#[test]
fn several_scenarios_give_an_array_and_yaml_is_accepted() {
    let yaml = "scenarios:\n  - id: a\n    optimizer: {type: Adam, defaults: {lr: 0.001}, param_groups: [{lr: 0.001}]}\n    scheduler: {type: ExponentialLR, kwargs: {gamma: 0.5}}\n    steps: 2\n  - id: b\n    optimizer: {type: SGD, defaults: {lr: 1.0}}\n    scheduler: {type: ConstantLR, kwargs: {factor: 0.5, total_iters: 1}}\n    steps: 1\n";
    let path = std::env::temp_dir().join(format!("lrtutor-sim-{}.yaml", std::process::id()));
    std::fs::write(&path, yaml).expect("write");
    let (code, out, err) = lrtutor(&["simulate", "--json", path.to_str().expect("utf8")], "");
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v[0]["lr"],
        serde_json::json!([[0.001], [0.0005], [0.00025]])
    );
    assert_eq!(v[1]["lr"], serde_json::json!([[0.5], [1.0]]));
}

#[test]
fn the_readable_report_has_a_table_and_a_plot() {
    let (code, out, _) = lrtutor(&["simulate", "-"], STEP);
    assert_eq!(code, 0);
    assert!(out.contains("== s =="), "{out}");
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with('2') && l.contains("0.010000000000000002")),
        "{out}"
    );
    assert!(out.contains('└') && out.contains('•'), "{out}");
}

#[test]
fn bad_input_names_file_scenario_and_field() {
    let table: &[(&str, &str)] = &[
        ("{not json", "-: 1:2: invalid JSON"),
        (
            r#"{"id": "x", "optimizer": {"type": "Sgd"}, "scheduler": {"type": "StepLR"}}"#,
            "scenario 'x': optimizer.type: unknown optimizer 'Sgd'",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "StepLr"}}"#,
            "scenario 'x': scheduler.type: unknown scheduler 'StepLr'; did you mean 'StepLR'? (known: ",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "StepLR", "kwargs": {"gamma": "0.1"}}}"#,
            "scenario 'x': scheduler.kwargs.gamma: has the wrong type (string)",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "CosineAnnealingWarmRestarts", "kwargs": {"T_0": 3, "eta_min": "x"}}}"#,
            "scenario 'x': scheduler.kwargs.eta_min: has the wrong type (string)",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "StepLR"}, "steps": -1}"#,
            "scenario 'x': steps: must be a whole number",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD", "param_groups": [{"lr": "a"}]}, "scheduler": {"type": "StepLR"}}"#,
            "scenario 'x': optimizer.param_groups[0].lr: must be a number",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "ReduceLROnPlateau"}, "steps": 3, "metrics": [1.0]}"#,
            "scenario 'x': metrics: has 1 values but steps is 3",
        ),
        (
            r#"{"scenarios": [{"optimizer": {"type": "SGD"}, "scheduler": {"type": "SequentialLR", "kwargs": {"schedulers": [{"type": "Nope"}]}}}]}"#,
            "scenario #1: scheduler.kwargs.schedulers[0].type: unknown scheduler 'Nope'",
        ),
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "LambdaLR", "kwargs": {"lr_lambda": "e: 0.9"}}}"#,
            "scheduler.kwargs.lr_lambda: LambdaLR needs a Python function",
        ),
        ("[1, 2]", "optimizer: must be an object"),
        (
            r#"{"id": "x", "optimizer": {"type": "SDG"}, "scheduler": {"type": "StepLR"}, "steps": 2}"#,
            "scenario 'x': optimizer.type: unknown optimizer 'SDG'; did you mean 'SGD'?",
        ),
        // A forgotten `steps` is an error naming the field, not a run of 0 steps.
        (
            r#"{"id": "x", "optimizer": {"type": "SGD"}, "scheduler": {"type": "StepLR", "kwargs": {"step_size": 2}}}"#,
            "scenario 'x': steps: missing: say how many times to call optimizer.step() then scheduler.step()",
        ),
        (
            "import torch\nprint(1)\n",
            "not a scenario file: simulate reads scheduler scenarios in JSON or YAML",
        ),
    ];
    for (input, want) in table {
        let (code, out, err) = lrtutor(&["simulate", "--json", "-"], input);
        assert_eq!(code, 2, "input {input}: stdout {out}");
        assert_eq!(err.lines().count(), 1, "one line for {input}: {err}");
        assert!(err.starts_with("lrtutor simulate: -: "), "{err}");
        assert!(err.contains(want), "input {input}\nwant {want}\ngot  {err}");
        assert!(out.is_empty());
    }
}

#[test]
fn a_python_file_is_not_a_scenario_file() {
    let file = "tests/fixtures/explain/per_batch_a.py";
    let (code, out, err) = lrtutor(&["simulate", file], "");
    assert_eq!(code, 2, "{out}");
    assert!(
        err.starts_with(&format!(
            "lrtutor simulate: {file}: this is a Python file, not a scenario file: run a snippet with `lrtutor run {file}`;"
        )),
        "{err}"
    );
    assert!(!err.contains("invalid YAML"), "{err}");
}

#[test]
fn an_unreadable_file_is_a_usage_error() {
    let (code, _, err) = lrtutor(&["simulate", "/nonexistent/scenarios.json"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("/nonexistent/scenarios.json: cannot read the file"),
        "{err}"
    );
}
