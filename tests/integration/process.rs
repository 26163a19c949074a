//! Runs the `lrtutor` binary as a process for the CLI tests.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `lrtutor ARGS` in the project folder with `stdin` as its input; returns the exit code,
/// stdout and stderr.
pub fn lrtutor(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrtutor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // Progress goes to a folder of this test run, never the learner's data directory.
        .env("LRTUTOR_HOME", scratch_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lrtutor");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A progress folder for the CLI tests of this test run (under the system's temp folder).
pub fn scratch_home() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("lrtutor-test-home-{}", std::process::id()))
}
