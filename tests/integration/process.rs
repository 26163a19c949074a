//! Runs the `lrtutor` binary as a process for the CLI tests.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `lrtutor ARGS` in the project folder with `stdin` as its input; returns the exit code,
/// stdout and stderr. Progress goes to a folder of this test run, never the learner's data
/// directory.
pub fn lrtutor(args: &[&str], stdin: &str) -> (i32, String, String) {
    lrtutor_in(&scratch_home(), &[], args, stdin)
}

/// [`lrtutor`] with progress in `home`, recording on (whatever the environment says), and the
/// extra variables `env`.
pub fn lrtutor_in(
    home: &Path,
    env: &[(&str, &str)],
    args: &[&str],
    stdin: &str,
) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrtutor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LRTUTOR_HOME", home)
        .env_remove("LRTUTOR_NO_PROGRESS")
        .envs(env.iter().copied())
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
