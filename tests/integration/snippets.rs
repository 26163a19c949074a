//! Every snippet recorded from CPython 3.11 + PyTorch 2.15 (`tests/fixtures/snippets/*/`) must
//! run in the sandbox with the same stdout (byte for byte), the same exception (type, message,
//! line) and the same warnings in order (category, message, line).

use lrtutor::sandbox::{self, Limits, RunResult};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn snippets() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snippets");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).expect("snippet dirs") {
        let dir = dir.expect("entry").path();
        for f in std::fs::read_dir(&dir).expect("snippets") {
            let p = f.expect("entry").path();
            if p.extension().is_some_and(|e| e == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn mismatch(exp: &Json, got: &RunResult) -> Option<String> {
    let want_out = exp["stdout"].as_str().unwrap_or("");
    if want_out != got.stdout {
        let (a, b): (Vec<&str>, Vec<&str>) =
            (want_out.lines().collect(), got.stdout.lines().collect());
        let k = (0..a.len().max(b.len()))
            .find(|i| a.get(*i) != b.get(*i))
            .unwrap_or(0);
        return Some(format!(
            "stdout line {}: want {:?} got {:?}",
            k + 1,
            a.get(k),
            b.get(k)
        ));
    }
    let want_err = exp["error"].as_object().map(|e| {
        (
            e["type"].as_str().unwrap_or(""),
            e["message"].as_str().unwrap_or(""),
            e["line"].as_u64(),
        )
    });
    let got_err = got
        .error
        .as_ref()
        .map(|e| (e.kind.as_str(), e.message.as_str(), e.line.map(u64::from)));
    if want_err != got_err {
        return Some(format!("error: want {want_err:?} got {got_err:?}"));
    }
    let want_w: Vec<(&str, &str, Option<u64>)> = exp["warnings"]
        .as_array()
        .map(|ws| {
            ws.iter()
                .map(|w| {
                    (
                        w["category"].as_str().unwrap_or(""),
                        w["message"].as_str().unwrap_or(""),
                        w["line"].as_u64(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let got_w: Vec<(&str, &str, Option<u64>)> = got
        .warnings
        .iter()
        .map(|w| {
            (
                w.category.as_str(),
                w.message.as_str(),
                w.line.map(u64::from),
            )
        })
        .collect();
    if want_w != got_w {
        return Some(format!("warnings: want {want_w:?}\n got {got_w:?}"));
    }
    None
}

#[test]
fn every_recorded_snippet_runs_like_cpython_and_pytorch() {
    let files = snippets();
    assert!(
        files.len() >= 249,
        "snippet fixtures missing: {}",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let source = std::fs::read_to_string(f).expect("read snippet");
        let exp: Json = serde_json::from_str(
            &std::fs::read_to_string(f.with_extension("expected.json")).expect("expected"),
        )
        .expect("json");
        let got = sandbox::run(&source, &Limits::default());
        if let Some(why) = mismatch(&exp, &got) {
            failures.push(format!(
                "{}: {why}",
                f.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snippets differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
