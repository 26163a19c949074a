//! The bundled course's exercises against wrong-but-plausible attempts
//! (`tests/fixtures/exercises/course/<exercise>/`): every `wrong_*.py` is rejected with the named
//! class its `labels.tsv` gives (the mistake the attempt makes by construction, written on its
//! first line), every `plain_*.py` is rejected as a plain difference (the grader cannot name it
//! for certain and must not guess), every `pass_*.py` passes; each exercise has at least two
//! named rejections. The steps compared are the quiz's `compare.steps`. Also: `check` on the
//! bundled course passes with the sizes the course promises.

use super::process::lrtutor;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exercises/course")
}

/// `(steps, [(attempt, label)])` of one exercise's `labels.tsv`.
fn labels(dir: &Path) -> (String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(dir.join("labels.tsv")).expect("labels.tsv");
    let steps = text
        .lines()
        .find_map(|l| l.strip_prefix("# steps: "))
        .and_then(|s| s.split_whitespace().next())
        .expect("a `# steps: N` line")
        .to_string();
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (file, label) = l.split_once('\t').expect("file<TAB>label");
            (file.to_string(), label.trim().to_string())
        })
        .collect();
    (steps, rows)
}

/// The verdict and class ids `run --against --json` gives an attempt.
fn grade(attempt: &Path, reference: &Path, steps: &str) -> (String, Vec<String>) {
    let args = [
        "run",
        attempt.to_str().expect("path"),
        "--against",
        reference.to_str().expect("path"),
        "--steps",
        steps,
        "--json",
    ];
    let (_, out, err) = lrtutor(&args, "");
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{attempt:?}: {e}: {out}{err}"));
    let ids = v["classes"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (v["verdict"].as_str().unwrap_or("").to_string(), ids)
}

#[test]
fn every_course_attempt_gets_its_class() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .expect("course attempts")
        .map(|e| e.expect("entry").path())
        .filter(|d| d.join("reference.py").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 15, "{} exercises with attempts", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let (steps, rows) = labels(dir);
        let reference = dir.join("reference.py");
        let named = rows
            .iter()
            .filter(|(f, l)| f.starts_with("wrong_") && l != "difference")
            .count();
        if named < 2 {
            failures.push(format!("{dir:?}: {named} named wrong attempts (want >= 2)"));
        }
        for (file, label) in &rows {
            let (verdict, ids) = grade(&dir.join(file), &reference, &steps);
            let ok = match label.as_str() {
                "pass" => verdict == "pass",
                "difference" => verdict == "fail" && ids == ["difference"],
                want => verdict == "fail" && ids.iter().any(|i| i == want),
            };
            if !ok {
                failures.push(format!(
                    "{dir:?}/{file}: want {label}, got {verdict} {ids:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_bundled_course_checks_with_its_promised_sizes() {
    let (code, out, err) = lrtutor(&["check", "--format", "json"], "");
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let s = &v["summary"];
    let n = |k: &str| s[k].as_u64().unwrap_or(0);
    assert!(n("lessons") >= 12, "{s}");
    assert!(n("questions") >= 80, "{s}");
    assert!(n("exercises") >= 15, "{s}");
    assert!(n("verified") >= 60, "{s}");
}
