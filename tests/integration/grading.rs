//! Exercise grading on a labelled set: wrong attempts over several exercises, each with the
//! classes it must get, and right attempts written differently from the reference that must pass
//! (`tests/fixtures/exercises/attempts/<exercise>/labels.tsv`). The labels come from what each
//! attempt does wrong by construction, checked against PyTorch 2.15 when the set was written.

use super::process::lrtutor;
use lrtutor::explain::catalog;
use lrtutor::explain::compare::{self, Difference};
use lrtutor::sandbox::{self, Limits};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exercises/attempts")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(attempt file, label)` rows of a `labels.tsv`.
type Labels = Vec<(String, String)>;

/// Every exercise folder with its reference source and its labelled attempts.
fn exercises() -> Vec<(String, String, Labels)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .expect("attempts folder")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let labels = read(&dir.join("labels.tsv"))
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| {
                    let (file, label) = l.split_once('\t').expect("file<TAB>label");
                    (file.to_string(), label.to_string())
                })
                .collect();
            (name, read(&dir.join("reference.py")), labels)
        })
        .collect()
}

#[test]
fn every_attempt_gets_its_class_and_every_right_attempt_passes() {
    let limits = Limits::default();
    let (mut wrong, mut right, mut failures) = (0, 0, Vec::new());
    let mut exercises_with_wrong = 0;
    for (exercise, reference_src, labels) in exercises() {
        let reference = sandbox::run(&reference_src, &limits);
        assert!(reference.error.is_none(), "{exercise}: the reference runs");
        assert!(
            compare::reference_problems(&reference).is_empty(),
            "{exercise}: the reference is fit to grade with"
        );
        let epochs = compare::epochs(&reference);
        let self_grade = compare::grade(&reference, &reference, epochs);
        assert!(self_grade.passed(), "{exercise}: the reference passes");
        // Every attempt in the folder is labelled.
        let dir = root().join(&exercise);
        for entry in std::fs::read_dir(&dir).expect("folder") {
            let file = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if file.ends_with(".py") && file != "reference.py" {
                assert!(
                    labels.iter().any(|(f, _)| *f == file),
                    "{exercise}/{file} has no label"
                );
            }
        }
        let mut has_wrong = false;
        for (file, label) in labels {
            let src = read(&dir.join(&file));
            let grade = compare::grade(&sandbox::run(&src, &limits), &reference, epochs);
            let got: Vec<&str> = grade.classes.iter().map(|c| c.difference.id()).collect();
            if label == "pass" {
                right += 1;
                assert_ne!(
                    src, reference_src,
                    "{exercise}/{file} is written differently"
                );
                if !grade.passed() {
                    failures.push(format!(
                        "{exercise}/{file}: should pass, got {got:?} {:?}",
                        grade.classes
                    ));
                }
                continue;
            }
            wrong += 1;
            has_wrong = true;
            let want: Vec<&str> = label.split(',').collect();
            if got != want {
                failures.push(format!(
                    "{exercise}/{file}: want {want:?}, got {got:?} ({:?})",
                    grade.classes.iter().map(|c| &c.detail).collect::<Vec<_>>()
                ));
            }
            // A named mistake is explained from the catalog; a plain difference says where.
            for c in &grade.classes {
                if let Some(id) = c.difference.mistake_id() {
                    assert!(catalog::get(id).is_some(), "{id} is in the catalog");
                }
                assert!(
                    !c.detail.is_empty(),
                    "{exercise}/{file}: {c:?} has a detail"
                );
            }
            if got == ["difference"] {
                assert!(grade.first.is_some(), "{exercise}/{file}: where it differs");
            }
        }
        exercises_with_wrong += usize::from(has_wrong);
    }
    assert!(
        failures.is_empty(),
        "{} misgraded:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(wrong >= 40, "{wrong} wrong attempts");
    assert!(right >= 10, "{right} right attempts");
    assert!(
        exercises_with_wrong >= 5,
        "{exercises_with_wrong} exercises"
    );
}

#[test]
fn every_class_has_an_id_a_description_and_at_most_a_real_catalog_entry() {
    let all = Difference::ALL;
    let mut ids: Vec<&str> = all.iter().map(|d| d.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    for d in all {
        assert!(!d.describe().is_empty());
        if let Some(m) = d.mistake_id() {
            assert!(catalog::get(m).is_some(), "{d:?} -> {m}");
        }
    }
}

const SWAPPED: &str = "tests/fixtures/exercises/attempts/halve/swapped_order.py";
const REFERENCE: &str = "tests/fixtures/exercises/attempts/halve/reference.py";
const WARNING: &str =
    "UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`.";

#[test]
fn the_swapped_order_fails_with_pytorchs_warning_shown() {
    let (code, out, _) = lrtutor(&["run", SWAPPED, "--against", REFERENCE], "");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(&format!(
            "✗ {SWAPPED}: scheduler.step() ran before optimizer.step()\n    PyTorch warned about it on line 7.\n  First difference in the rate optimizer.step() trained with in epoch 9 (counting from 0) (param group 0):\n    yours  0.05\n    target 0.1\n  Your run warned:\n    line 7: {WARNING}"
        )),
        "{out}"
    );
    assert!(
        out.contains("\nscheduler.step() ran before optimizer.step()\nSince PyTorch 1.1"),
        "{out}"
    );
    assert!(
        out.contains("epoch 0") && out.contains("◦ target   • yours"),
        "{out}"
    );
}

#[test]
fn json_has_the_verdict_the_classes_and_both_trajectories() {
    let (code, out, _) = lrtutor(&["run", SWAPPED, "--against", REFERENCE, "--json"], "");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["epochs"], 40);
    assert_eq!(v["classes"][0]["id"], "step-order");
    assert_eq!(v["classes"][0]["mistake"], "scheduler-before-optimizer");
    assert_eq!(v["first_difference"]["kind"], "used");
    assert_eq!(v["first_difference"]["epoch"], 9);
    assert_eq!(v["first_difference"]["yours"], 0.05);
    assert_eq!(v["first_difference"]["target"], 0.1);
    assert!(
        v["warnings"][0]["message"]
            .as_str()
            .is_some_and(|m| WARNING.contains(&m[..40]))
    );
    // Both trajectories: 41 rows after each epoch (start included), 40 rates used in training.
    for side in ["yours", "target"] {
        assert_eq!(
            v[side]["epochs"].as_array().map(Vec::len),
            Some(41),
            "{side}"
        );
        assert_eq!(v[side]["used"].as_array().map(Vec::len), Some(40), "{side}");
        assert_eq!(v[side]["used_epoch"][39], 39);
    }
    // The schedule is MultiStepLR([10, 20, 25, 30, 35], 0.5) from 0.1: the target trains epoch
    // 10 with 0.05, the swapped attempt already epoch 9; after each epoch both agree.
    assert_eq!(v["target"]["used"][10][0], 0.05);
    assert_eq!(v["yours"]["used"][9][0], 0.05);
    assert_eq!(v["yours"]["epochs"], v["target"]["epochs"]);
    let (code, out, _) = lrtutor(&["run", REFERENCE, "--against", REFERENCE, "--json"], "");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["verdict"], "pass");
    assert_eq!(v["classes"], serde_json::json!([]));
    assert_eq!(v["first_difference"], serde_json::Value::Null);
}

#[test]
fn steps_beyond_the_reference_or_too_big_to_parse_are_usage_errors() {
    let table: &[(&str, &str)] = &[
        (
            "41",
            "--steps 41 is more than the 40 epochs the reference tests/fixtures/exercises/attempts/halve/reference.py records; use --steps 40 or fewer",
        ),
        (
            "18446744073709551615",
            "--steps 18446744073709551615 is more than the 40 epochs",
        ),
        (
            "0",
            "--steps 0 compares nothing; give a number of epochs from 1 to 40",
        ),
        (
            "99999999999999999999999",
            "number too large to fit in target type",
        ),
        ("-1", "unexpected argument '-1'"),
    ];
    for (steps, message) in table {
        let (code, out, err) = lrtutor(
            &["run", SWAPPED, "--against", REFERENCE, "--steps", steps],
            "",
        );
        assert_eq!(code, 2, "{steps}: {out}{err}");
        assert!(err.contains(message), "{steps}: {err}");
        assert!(out.is_empty(), "{steps}: {out}");
    }
    let (code, out, _) = lrtutor(
        &["run", SWAPPED, "--against", REFERENCE, "--steps", "9"],
        "",
    );
    assert_eq!(code, 0, "the swap shows from epoch 9 on: {out}");
    assert!(
        out.starts_with("✓") && out.contains("every one of 9 epochs"),
        "{out}"
    );
}

#[test]
fn the_untouched_starter_gets_pythons_error() {
    let (code, out, _) = lrtutor(
        &[
            "run",
            "tests/fixtures/exercises/attempts/halve/untouched_starter.py",
            "--against",
            REFERENCE,
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(out.contains("a `...` placeholder is still in your code\n    AttributeError: 'ellipsis' object has no attribute 'step' (line 8)\n"), "{out}");
    assert!(!out.contains("never changes"), "{out}");
}

#[test]
fn check_rejects_a_reference_that_warns() {
    let (code, out, _) = lrtutor(
        &["check", "tests/fixtures/content/exercise_reference_warns"],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("tests/fixtures/content/exercise_reference_warns/quizzes/q.yaml:11:7: error: the reference solution warns (its line 6): UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`."),
        "{out}"
    );
    assert!(
        out.contains("an answer key must run without warnings"),
        "{out}"
    );
}

#[test]
fn a_quiz_exercise_is_graded_the_same_way() {
    let quiz = |file: &str| {
        let code = read(&root().join("halve").join(file));
        lrtutor(
            &[
                "--course",
                "tests/fixtures/exercises/course",
                "quiz",
                "ex",
                "--plain",
            ],
            &format!("{code}.\n"),
        )
    };
    let (code, out, _) = quiz("swapped_order.py");
    assert_eq!(code, 0);
    assert!(
        out.contains("✗ your solution: scheduler.step() ran before optimizer.step()\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("  Your run warned:\n    line 7: {WARNING}")),
        "{out}"
    );
    assert!(out.contains("Score: 0 of 1 right."), "{out}");
    let (_, out, _) = quiz("untouched_starter.py");
    assert!(
        out.contains("AttributeError: 'ellipsis' object has no attribute 'step' (line 8)"),
        "{out}"
    );
    let (_, out, _) = quiz("pass_three_batches.py");
    assert!(
        out.contains("✓ your solution") && out.contains("Score: 1 of 1 right."),
        "{out}"
    );
    // The course itself is fit: its reference runs without warnings.
    let (code, out, _) = lrtutor(&["check", "tests/fixtures/exercises/course"], "");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn run_help_names_every_json_key() {
    let (_, help, _) = lrtutor(&["run", "--help"], "");
    let keys = |args: &[&str]| -> Vec<String> {
        let (_, out, _) = lrtutor(args, "");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        let mut names: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        for nested in ["first_difference", "yours"] {
            if let Some(o) = v.get(nested).and_then(|x| x.as_object()) {
                names.extend(o.keys().cloned());
            }
        }
        if let Some(c) = v["classes"].get(0).and_then(|x| x.as_object()) {
            names.extend(c.keys().cloned());
        }
        names
    };
    let plain = keys(&["run", "--json", REFERENCE]);
    let graded = keys(&["run", "--json", SWAPPED, "--against", REFERENCE]);
    assert!(graded.len() > 20, "{graded:?}");
    for k in plain.iter().chain(&graded) {
        assert!(help.contains(&format!("\"{k}\"")), "run --help lacks {k:?}");
    }
}

/// A random exercise-like program: an optimizer, a scheduler, an epoch loop with batches, the two
/// `step()` calls in either order, per epoch or per batch, sometimes a hand edit of the rate.
/// Also says whether the attempt steps the scheduler first, and whether per batch.
fn attempt() -> impl proptest::strategy::Strategy<Value = (String, bool, bool)> {
    use proptest::prelude::*;
    let scheduler = prop::sample::select(vec![
        "StepLR(opt, step_size=3, gamma=0.5)",
        "StepLR(opt, step_size=2, gamma=0.1)",
        "MultiStepLR(opt, milestones=[2, 5], gamma=0.5)",
        "MultiStepLR(opt, milestones=[3, 5], gamma=0.1)",
        "ExponentialLR(opt, gamma=0.9)",
        "CosineAnnealingLR(opt, T_max=6, eta_min=0.001)",
        "CosineAnnealingLR(opt, T_max=4)",
        "LinearLR(opt, start_factor=0.1, total_iters=3)",
        "SequentialLR(opt, [LinearLR(opt, start_factor=0.1, total_iters=2), CosineAnnealingLR(opt, T_max=5)], milestones=[2])",
        "SequentialLR(opt, [MultiStepLR(opt, [2], 0.5), ExponentialLR(opt, 0.9)], milestones=[4])",
        "ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1)",
        "ReduceLROnPlateau(opt, mode='max', factor=0.5, patience=1)",
        "OneCycleLR(opt, max_lr=0.1, total_steps=40)",
        "LambdaLR(opt, lambda e: 1 / (e + 1))",
        "...",
    ]);
    let lr = prop::sample::select(vec!["0.1", "1", "0.05"]);
    (scheduler, lr, 0usize..9, 1usize..4, any::<[bool; 4]>()).prop_map(
        |(sched, lr, epochs, batches, [sched_first, per_batch, manual, two_groups])| {
            let groups = if two_groups {
                format!("[{{'params': [torch.zeros(1)]}}, {{'params': [torch.zeros(1)], 'lr': {lr} / 10}}]")
            } else {
                "torch.nn.Linear(2, 1).parameters()".to_string()
            };
            let step = if sched.starts_with("ReduceLROnPlateau") {
                "s.step(1.0 / (epoch + 1) if epoch < 3 else 0.5)"
            } else {
                "s.step()"
            };
            let step = |indent: &str| format!("{indent}{step}\n");
            let mut body = String::new();
            if per_batch {
                body += &format!("    for batch in range({batches}):\n");
                if sched_first {
                    body += &step("        ");
                }
                body += "        opt.step()\n";
                if !sched_first {
                    body += &step("        ");
                }
            } else {
                if sched_first {
                    body += &step("    ");
                }
                body += &format!("    for batch in range({batches}):\n        opt.step()\n");
                if !sched_first {
                    body += &step("    ");
                }
            }
            if manual {
                body += "    if epoch == 4:\n        opt.param_groups[0]['lr'] *= 0.5\n";
            }
            let head = "import torch\nfrom torch.optim.lr_scheduler import StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, SequentialLR, ReduceLROnPlateau, OneCycleLR, LambdaLR\n";
            let src = format!("{head}opt = torch.optim.SGD({groups}, lr={lr})\ns = {sched}\nfor epoch in range({epochs}):\n{body}");
            (src, sched_first, per_batch && batches > 1)
        },
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, .. Default::default() })]

    /// Grading never panics; an attempt graded against itself passes exactly when it runs
    /// without an error; a failed grade always names at least one class.
    #[test]
    fn grading_random_attempts_never_panics(
        (x, x_first, x_batch) in attempt(),
        (y, y_first, y_batch) in attempt(),
    ) {
        let limits = Limits { max_steps: 200_000, ..Limits::default() };
        let (rx, ry) = (sandbox::run(&x, &limits), sandbox::run(&y, &limits));
        let own = compare::grade(&rx, &rx, compare::epochs(&rx));
        proptest::prop_assert_eq!(own.passed(), rx.error.is_none(), "{}", x);
        let g = compare::grade(&rx, &ry, compare::epochs(&ry));
        proptest::prop_assert_eq!(g.passed(), g.classes.is_empty());
        if g.first.is_some() || rx.error.is_some() {
            proptest::prop_assert!(!g.passed(), "{}\n---\n{}", x, y);
        }
        // The step order is named only for an attempt that steps the scheduler first, and never
        // against a target that trains with the same order.
        if g.classes.iter().any(|c| c.difference == Difference::StepOrder) {
            proptest::prop_assert!(x_first, "{}\n---\n{}", x, y);
            proptest::prop_assert!(!y_first || compare::epochs(&ry) == 0, "{}\n---\n{}", x, y);
        }
        if g.classes.iter().any(|c| c.difference == Difference::PerBatch) {
            proptest::prop_assert!(x_batch && !y_batch, "{}\n---\n{}", x, y);
        }
        let _ = compare::reference_problems(&ry);
    }
}
