//! Every scenario recorded from real PyTorch 2.15 (`tests/fixtures/engine/*.json`: the reference
//! vectors, two more random seeds, and hand-picked edge cases) must come out of the engine bit for
//! bit: lr and momentum rows (int stays int, float bits equal), error type and message, warnings.

use lrtutor::engine::scenario::{self, Outcome};
use lrtutor::engine::{Engine, Num};
use serde_json::Value as Json;
use std::path::Path;

fn fixtures() -> Vec<(String, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let doc: Json = serde_json::from_str(&std::fs::read_to_string(&f).expect("read"))
            .expect("fixture is JSON");
        let name = f.file_name().expect("name").to_string_lossy().to_string();
        for sc in doc["scenarios"].as_array().expect("scenarios") {
            out.push((name.clone(), sc.clone()));
        }
    }
    out
}

/// A recorded number equals an engine number when both are ints with the same value, or both
/// floats with the same bits.
fn same_num(want: &Json, got: Option<Num>) -> bool {
    match (want, got) {
        (Json::Null, None) => true,
        (Json::Number(n), Some(Num::Int(i))) => n.as_i64() == Some(i) && !n.is_f64(),
        (Json::Number(n), Some(Num::Float(x))) => {
            n.is_f64() && n.as_f64().map(f64::to_bits) == Some(x.to_bits())
        }
        _ => false,
    }
}

fn same_rows(want: &Json, got: &[Vec<Option<Num>>]) -> bool {
    let Some(rows) = want.as_array() else {
        return false;
    };
    rows.len() == got.len()
        && rows.iter().zip(got).all(|(w, g)| {
            let w = w.as_array().map(Vec::as_slice).unwrap_or(&[]);
            w.len() == g.len() && w.iter().zip(g).all(|(a, b)| same_num(a, *b))
        })
}

fn mismatch(exp: &Json, got: &Outcome) -> Option<String> {
    let lr: Vec<Vec<Option<Num>>> = got
        .lr
        .iter()
        .map(|r| r.iter().map(|x| Some(*x)).collect())
        .collect();
    if !same_rows(&exp["lr"], &lr) {
        return Some(format!(
            "lr rows differ: want {} got {:?}",
            exp["lr"], got.lr
        ));
    }
    match (&exp["momentum"], &got.momentum) {
        (Json::Null, None) => {}
        (want, Some(rows)) if same_rows(want, rows) => {}
        (want, other) => return Some(format!("momentum differs: want {want} got {other:?}")),
    }
    let want_err = exp["error"].as_object().map(|e| {
        (
            e["type"].as_str().unwrap_or(""),
            e["message"].as_str().unwrap_or(""),
        )
    });
    let got_err = got
        .error
        .as_ref()
        .map(|e| (e.kind.name(), e.message.as_str()));
    if want_err != got_err {
        return Some(format!("error differs: want {want_err:?} got {got_err:?}"));
    }
    let want_w: Vec<&str> = exp["warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    if want_w != got.warnings {
        return Some(format!(
            "warnings differ: want {want_w:?} got {:?}",
            got.warnings
        ));
    }
    None
}

/// Runs every scenario on engines made by `engine` and lists the differences from PyTorch.
fn failures_with(engine: fn() -> Engine) -> (usize, Vec<String>) {
    let all = fixtures();
    assert!(
        all.len() >= 182 + 214,
        "fixtures missing: only {} scenarios",
        all.len()
    );
    let mut failures = Vec::new();
    for (file, sc) in &all {
        let id = sc["id"].as_str().unwrap_or("?");
        match scenario::run_on(engine(), sc) {
            Err(e) => failures.push(format!("{file} {id}: input rejected: {e}")),
            Ok(got) => {
                if let Some(why) = mismatch(&sc["expected"], &got) {
                    failures.push(format!("{file} {id}: {why}"));
                }
            }
        }
    }
    (all.len(), failures)
}

/// The default engine (fast step path on) and the general path alone must both match, so the
/// fast path is checked against PyTorch and cannot hide a bug in the general one.
#[test]
fn every_recorded_scenario_matches_pytorch_bit_for_bit() {
    for (label, engine) in [
        ("default", Engine::new as fn() -> Engine),
        ("general path only", Engine::general_only),
    ] {
        let (n, failures) = failures_with(engine);
        assert!(
            failures.is_empty(),
            "{label}: {} of {n} scenarios differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn the_reference_file_is_complete() {
    let n = fixtures()
        .iter()
        .filter(|(f, _)| f == "reference-vectors.json")
        .count();
    assert_eq!(n, 182);
}
