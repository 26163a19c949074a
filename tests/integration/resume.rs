//! Resuming from a checkpoint, for every scheduler (`tests/fixtures/resume/cases.json`): each
//! case is a training script that runs N+M epochs, then N epochs, saves
//! `{'epoch', 'optimizer': optimizer.state_dict(), 'scheduler': scheduler.state_dict()}`, builds a
//! fresh optimizer and scheduler (several with other constructor arguments, which the checkpoint
//! must override), loads both and runs M more. The sandbox must print what CPython 3.11 +
//! PyTorch 2.15 printed (recorded by the oracle), and the resumed epochs must equal the
//! uninterrupted ones.

use lrtutor::sandbox::{self, Limits};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;

/// `tag epoch rest` lines of one tag, by epoch.
fn rows<'a>(stdout: &'a str, tag: &str) -> BTreeMap<u64, &'a str> {
    stdout
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ' ');
            (parts.next()? == tag).then_some(())?;
            Some((parts.next()?.parse().ok()?, parts.next()?))
        })
        .collect()
}

#[test]
fn every_scheduler_resumes_from_a_checkpoint_exactly_like_pytorch() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resume/cases.json");
    let fixture: Json =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let cases = fixture["cases"].as_array().expect("cases");
    let classes = [
        "LambdaLR",
        "MultiplicativeLR",
        "StepLR",
        "MultiStepLR",
        "ConstantLR",
        "LinearLR",
        "ExponentialLR",
        "SequentialLR",
        "CosineAnnealingLR",
        "ChainedScheduler",
        "ReduceLROnPlateau",
        "CyclicLR",
        "CosineAnnealingWarmRestarts",
        "OneCycleLR",
        "PolynomialLR",
        "SWALR",
    ];
    for class in classes {
        assert!(
            cases.iter().any(|c| c["source"]
                .as_str()
                .is_some_and(|s| s.contains(&format!("{class}(")))),
            "no resume case for {class}"
        );
    }
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let (n, m) = (
            case["n"].as_u64().unwrap_or(0),
            case["m"].as_u64().unwrap_or(0),
        );
        let got = sandbox::run(case["source"].as_str().unwrap_or(""), &Limits::default());
        if let Some(e) = &got.error {
            failures.push(format!("{name}: raised {}: {}", e.kind, e.message));
            continue;
        }
        let (full, resumed) = (rows(&got.stdout, "full"), rows(&got.stdout, "resumed"));
        let expected_epochs: Vec<u64> = (n..n + m).collect();
        if resumed.keys().copied().collect::<Vec<_>>() != expected_epochs {
            failures.push(format!("{name}: resumed epochs {:?}", resumed.keys()));
            continue;
        }
        if let Some((e, row)) = resumed.iter().find(|(e, row)| full.get(e) != Some(row)) {
            failures.push(format!(
                "{name}: epoch {e} resumed {row} but uninterrupted {:?}",
                full.get(e)
            ));
            continue;
        }
        let want = case["stdout"].as_str().unwrap_or("");
        if got.stdout != want {
            let line = want
                .lines()
                .zip(got.stdout.lines())
                .find(|(a, b)| a != b)
                .map_or_else(
                    || "(length differs)".to_string(),
                    |(a, b)| format!("want {a}\n got {b}"),
                );
            failures.push(format!("{name}: stdout differs from PyTorch's: {line}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
