//! `lrtutor run` as a process: Python's layout in plain mode, the JSON contract, exit codes,
//! explanations, and the exercise verdict with `--against`.

use super::process;

fn lrtutor(args: &[&str]) -> (i32, String, String) {
    process::lrtutor(args, "")
}

#[test]
fn plain_mode_prints_stdout_then_traceback_and_explanation() {
    let (code, out, err) = lrtutor(&["run", "tests/fixtures/snippets/reference/step_size_list.py"]);
    assert_eq!(code, 1);
    assert_eq!(out, "constructed [0.1]\n");
    assert!(err.starts_with("Traceback (most recent call last):\n  File \"tests/fixtures/snippets/reference/step_size_list.py\", line 9, in <module>\n    scheduler.step()\nTypeError: unsupported operand type(s) for %: 'int' and 'list'\n"), "{err}");
    assert!(err.contains("[step-size-not-int]"), "{err}");
}

#[test]
fn warnings_print_with_file_and_line() {
    let (code, _, err) = lrtutor(&[
        "run",
        "tests/fixtures/snippets/reference/step_before_optimizer_warning.py",
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("step_before_optimizer_warning.py:9: UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`."), "{err}");
}

#[test]
fn json_mode_has_the_documented_keys() {
    let (code, out, _) = lrtutor(&[
        "run",
        "--json",
        "tests/fixtures/snippets/reference/seed_steplr_milestones_error.py",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["error"]["type"], "TypeError");
    assert_eq!(v["error"]["line"], 6);
    assert_eq!(v["mistakes"][0]["id"], "steplr-milestones");
    assert_eq!(v["mistakes"][0]["line"], 6);
    assert!(v["warnings"].as_array().is_some_and(Vec::is_empty));
    assert!(v["trace"]["events"].is_array());
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = lrtutor(&["run", "/nonexistent.py"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/nonexistent.py: cannot read the file"),
        "{err}"
    );
}

#[test]
fn against_gives_a_verdict_and_exit_code() {
    let (code, out, _) = lrtutor(&[
        "run",
        "tests/fixtures/exercises/attempts/milestones/pass_positional.py",
        "--against",
        "tests/fixtures/exercises/attempts/milestones/reference.py",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("✓"), "{out}");
    let (code, out, _) = lrtutor(&[
        "run",
        "tests/fixtures/exercises/attempts/milestones/milestones_early.py",
        "--against",
        "tests/fixtures/exercises/attempts/milestones/reference.py",
        "--steps",
        "8",
    ]);
    assert_eq!(code, 1);
    // MultiStepLR([2, 5], 0.1) against MultiStepLR([3, 6], 0.1) from 0.1: the attempt trains
    // epoch 2 with 0.01 where the target still uses 0.1.
    assert!(
        out.contains("some of your drops come one epoch early or late\n    your rate drops after 2, 5 epochs; the target's after 3, 6.\n  First difference in the rate after 2 epochs (param group 0):\n    yours  0.010000000000000002\n    target 0.1\n"),
        "{out}"
    );
    assert!(!out.contains("scheduler.step() ran before"), "{out}");
}

/// Python's default warning filter prints a warning once per place it comes from, however often
/// a loop raises it (as CPython 3.11 + PyTorch 2.15 print this file); `--json` keeps every one.
#[test]
fn plain_mode_shows_each_warning_once_per_place() {
    let file = "tests/fixtures/run/warnings_in_loops.py";
    let (code, _, err) = lrtutor(&["run", file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.matches("please use `get_last_lr()`").count(),
        1,
        "{err}"
    );
    assert_eq!(
        err.matches("The epoch parameter in `scheduler.step()`")
            .count(),
        1,
        "{err}"
    );
    let (_, out, _) = lrtutor(&["run", file, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let warnings = v["warnings"].as_array().map_or(0, Vec::len);
    assert_eq!(warnings, 6, "{out}");
}
