//! Hostile inputs (issue 9) against the debug binary: every case in
//! `tests/fixtures/hostile/cases.json` must end with its expected exit status, error type and
//! text, and a peak RSS under 300 MiB (the child's rusage). Wall time is not asserted here (debug
//! builds are slow; `benches/hostile.rs` checks < 2 s on the release binary), but a child still
//! running after `HOSTILE_TIMEOUT_SECS` (default 60) is killed and counted as a failure.
//! `HOSTILE_CASES=text` runs only the cases whose name contains `text`.

mod table;

use std::collections::BTreeMap;
use std::time::Duration;
use table::{Case, Expect, Outcome};

/// The issue's classes; each must have several cases.
const CLASSES: &[&str] = &[
    "self-reference",
    "memory",
    "quadratic",
    "engine-work",
    "output",
    "check-budget",
    "non-regular-file",
    "integer-edge",
    "control-chars",
    "type-call",
];

#[test]
fn the_table_covers_every_class_with_several_cases() {
    let cases = table::load();
    let mut per_class: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &cases {
        assert!(
            CLASSES.contains(&c.class.as_str()),
            "{}: unknown class {}",
            c.name,
            c.class
        );
        assert!(!c.expect.is_empty(), "{}: no expected outcome", c.name);
        assert!(
            !c.truth.is_empty(),
            "{}: say where the expectation comes from",
            c.name
        );
        *per_class.entry(c.class.as_str()).or_default() += 1;
    }
    for class in CLASSES {
        let n = per_class.get(class).copied().unwrap_or(0);
        assert!(n >= 3, "class {class} has {n} cases, want at least 3");
    }
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
}

/// Runs the cases one at a time (so the rusage peak names its case) and reports every failure.
#[test]
fn hostile_inputs_end_in_the_expected_error_within_the_memory_limit() {
    let timeout = std::env::var("HOSTILE_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let filter = std::env::var("HOSTILE_CASES").unwrap_or_default();
    let scratch = table::Scratch::new().expect("make the FIFOs");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in table::load().iter().filter(|c| c.name.contains(&filter)) {
        let o = table::run_via(
            env!("CARGO_BIN_EXE_lrtutor"),
            &[],
            case,
            &scratch,
            Duration::from_secs(timeout),
        );
        let verdict = table::judge(case, &o);
        eprintln!(
            "hostile {:<32} {:>7} ms {:>6} MiB  {}",
            case.name,
            o.wall.as_millis(),
            o.rss_kb / 1024,
            if verdict.is_ok() { "ok" } else { "FAIL" }
        );
        if let Err(why) = verdict {
            failures.push(format!(
                "{} (lrtutor {}; truth: {}): {why}",
                case.name,
                case.args.join(" "),
                case.truth
            ));
        }
        ran += 1;
    }
    assert!(ran > 0, "no case matches HOSTILE_CASES={filter:?}");
    // The rusage peak covers every waited child: a spike too short for the polling still shows.
    let peak = table::children_max_rss_kb();
    if failures.is_empty() && peak > table::MAX_RSS_KB {
        failures.push(format!(
            "a child peaked at {} MiB (rusage), over 300 MiB",
            peak / 1024
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} hostile cases failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// The judge itself can fail: wrong exit, wrong message, raw control characters, too much
/// memory, a kill — each outcome below is rejected.
#[test]
fn the_judge_rejects_wrong_outcomes() {
    let case = Case {
        name: "x".into(),
        class: "memory".into(),
        args: vec![],
        stdin: None,
        expect: vec![Expect {
            exit: 1,
            json: true,
            error_type: Some("MemoryError".into()),
            error_contains: Some("memory budget".into()),
            absent: vec!["\u{9b}".into()],
            ..Expect::default()
        }],
        truth: String::new(),
    };
    let json = |t: &str, m: &str| {
        format!(r#"{{"stdout": "", "error": {{"type": "{t}", "message": "{m}"}}}}"#)
    };
    let good = Outcome {
        code: Some(1),
        stdout: json("MemoryError", "over the memory budget"),
        rss_kb: 10 << 10,
        ..Outcome::default()
    };
    assert_eq!(table::judge(&case, &good), Ok(()));
    let bad = [
        Outcome {
            code: Some(134),
            ..Outcome::default()
        },
        Outcome {
            stdout: json("MemoryError", "no"),
            ..clone(&good)
        },
        Outcome {
            stdout: json("RecursionError", "memory budget"),
            ..clone(&good)
        },
        Outcome {
            stdout: json("MemoryError", "memory budget \u{9b}"),
            ..clone(&good)
        },
        Outcome {
            rss_kb: 301 << 10,
            ..clone(&good)
        },
        Outcome {
            killed: Some("killed after 60 s".into()),
            ..clone(&good)
        },
    ];
    for (i, o) in bad.iter().enumerate() {
        assert!(table::judge(&case, o).is_err(), "bad outcome {i} accepted");
    }
}

fn clone(o: &Outcome) -> Outcome {
    Outcome {
        code: o.code,
        stdout: o.stdout.clone(),
        stderr: o.stderr.clone(),
        rss_kb: o.rss_kb,
        ..Outcome::default()
    }
}
