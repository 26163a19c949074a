//! The classroom (issue 16): exams with results files, variants, class reports, GIFT. Expected
//! values are worked out here from the quiz files and the generated inputs, never copied from
//! lrtutor's output.

mod exam;
mod gift;
mod no_panic;
mod report;

use lrtutor::content::quiz::Quiz;
use lrtutor::content::{self, variant};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs lrtutor with `stdin` and extra environment; (exit code, stdout, stderr).
pub fn lrtutor(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrtutor"))
        .args(args)
        .env_remove("LRTUTOR_CLOCK")
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lrtutor");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A fresh folder for one test, removed when the test ends.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("lrtutor-classroom-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    Scratch(dir)
}

pub fn bundled_quiz(id: &str) -> Quiz {
    content::bundled()
        .quizzes
        .into_iter()
        .find(|q| q.quiz.id.value == id)
        .expect("bundled quiz")
        .quiz
}

pub fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).expect("results file")).expect("json")
}

/// FNV-1a 64, written out here to check the recorded `quiz_hash`.
pub fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// Python's repr of a float in the range these tests use (Rust's shortest digits; Python writes
/// a two-digit exponent).
pub fn py_repr(x: f64) -> String {
    let s = format!("{x:?}");
    match s.split_once("e-") {
        Some((m, e)) if e.len() == 1 => format!("{m}e-0{e}"),
        _ => s,
    }
}

/// A param's value as a float.
pub fn param(v: &variant::Variant, name: &str) -> f64 {
    v.values
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, x)| x.as_f64())
        .expect("param")
}

pub const CLOCK: &str = "1764536400+2";
