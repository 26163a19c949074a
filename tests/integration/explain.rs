//! The explainer on snippets written for it (`tests/fixtures/explain/*.py`, each starting with
//! `# expect: id, id` or `# expect: none`; a correct program that looks like a mistake says so on
//! its second line, `# look-alike: id, id`). Exercise grading has its own set (`grading.rs`).

use lrtutor::explain::{catalog, diagnose};
use lrtutor::sandbox::{self, Limits};
use std::collections::BTreeMap;
use std::path::Path;

fn fixture(dir: &str, name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(dir)
            .join(name),
    )
    .expect("fixture")
}

fn mistakes_of(source: &str) -> Vec<&'static str> {
    let program = sandbox::compile(source);
    let result = match &program {
        Ok(p) => sandbox::run_program(p, &Limits::default()),
        Err(e) => sandbox::RunResult {
            error: Some(e.clone()),
            ..Default::default()
        },
    };
    diagnose(program.as_ref().ok(), &result)
        .iter()
        .map(|m| m.id)
        .collect()
}

#[test]
fn each_snippet_gets_exactly_the_expected_mistakes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explain");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut look_alikes: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for f in &files {
        let source = std::fs::read_to_string(f).expect("read");
        if let Some(ids) = source
            .lines()
            .nth(1)
            .and_then(|l| l.strip_prefix("# look-alike: "))
        {
            assert!(
                source.starts_with("# expect: none\n"),
                "{f:?}: a look-alike is a correct program"
            );
            for id in ids.split(", ") {
                assert!(
                    catalog::get(id).is_some(),
                    "{f:?}: {id} is not in the catalog"
                );
                *look_alikes.entry(id.to_string()).or_default() += 1;
            }
        }
        let header = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("every fixture starts with # expect:");
        let want: Vec<&str> = if header == "none" {
            Vec::new()
        } else {
            header.split(", ").collect()
        };
        let got = mistakes_of(&source);
        for id in &got {
            *seen.entry(id.to_string()).or_default() += 1;
        }
        if got != want {
            failures.push(format!(
                "{}: want {want:?} got {got:?}",
                f.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let detectable = [
        "steplr-milestones",
        "multisteplr-step-size",
        "step-size-not-int",
        "milestones-not-list",
        "unknown-argument",
        "missing-argument",
        "scheduler-before-optimizer",
        "get-lr-outside-step",
        "step-with-epoch",
        "per-batch-stepping",
        "sequential-restarts-lr",
        "missing-import",
        "resume-without-initial-lr",
        "plateau-without-metric",
        "onecycle-overrun",
        "manual-decay",
        "milestones-unsorted",
        "gamma-out-of-range",
        "zero-step-size",
        "polynomial-no-end-lr",
        "combined-different-optimizers",
        "restarts-whole-numbers",
        "cyclic-momentum-unsupported",
        "linearlr-start-zero",
        "lr-lambdas-count",
        "lambda-undefined-at-zero",
    ];
    for id in detectable {
        assert!(
            seen.get(id).copied().unwrap_or(0) >= 2,
            "{id} is detected on fewer than two snippets"
        );
        assert!(catalog::get(id).is_some(), "{id} is not in the catalog");
        // Explanations never fire on a right program: each detector stays silent on at least
        // two correct programs that resemble its mistake.
        assert!(
            look_alikes.get(id).copied().unwrap_or(0) >= 2,
            "{id} has fewer than two correct look-alike snippets"
        );
    }
}

#[test]
fn explanations_name_the_line_and_carry_a_fix() {
    let src = fixture("explain", "steplr_milestones_a.py");
    let program = sandbox::compile(&src).expect("compiles");
    let result = sandbox::run_program(&program, &Limits::default());
    let m = diagnose(Some(&program), &result);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].line, Some(7));
    assert!(
        m[0].explanation
            .starts_with("Line 7: `StepLR` was given `milestones`"),
        "{}",
        m[0].explanation
    );
    assert!(
        m[0].fix
            .as_deref()
            .is_some_and(|f| f.contains("MultiStepLR(optimizer, milestones=[10, 20]"))
    );
}

#[test]
fn the_closest_parameter_is_suggested_for_a_typo() {
    let src = "import torch\nfrom torch.optim.lr_scheduler import StepLR\nopt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters())\ns = StepLR(opt, step_size=3, gama=0.5)\n";
    let program = sandbox::compile(src).expect("compiles");
    let m = diagnose(
        Some(&program),
        &sandbox::run_program(&program, &Limits::default()),
    );
    assert!(
        m[0].explanation.contains("did you mean `gamma`?"),
        "{}",
        m[0].explanation
    );
}
