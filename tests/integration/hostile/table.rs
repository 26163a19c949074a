//! The hostile-input table (`tests/fixtures/hostile/cases.json`) and what runs it: one `lrtutor`
//! process per case, bounded in time and memory, judged against the expected outcome.
//! Shared by the integration test (`hostile.rs`, debug binary) and `benches/hostile.rs` (release
//! binary, which adds the wall-time limit), so both judge a case the same way.

use serde::Deserialize;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Where the table and its inputs live, relative to the project folder (the children's cwd).
pub const FIXTURES: &str = "tests/fixtures/hostile";
/// Peak resident set size a case may reach (the limit).
pub const MAX_RSS_KB: u64 = 300 * 1024;
/// A child above this is killed at once, so a runaway case cannot take the shared machine down.
const KILL_RSS_KB: u64 = 1024 * 1024;
/// Bytes of stdout/stderr kept per stream (the rest is counted, not stored).
const KEEP_BYTES: usize = 16 << 20;

/// One hostile input: the command line and the outcomes that count as right (any one of them).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub class: String,
    /// Arguments after `lrtutor`. `@/x` is `tests/fixtures/hostile/x`; `{fifo}` and
    /// `{fifo_course}` are a FIFO and a course folder holding one, made by the harness.
    pub args: Vec<String>,
    /// A file connected to the child's stdin (`@/` as in `args`); none means empty stdin.
    #[serde(default)]
    pub stdin: Option<String>,
    pub expect: Vec<Expect>,
    /// Where the expected outcome comes from (CPython, PyTorch, or lrtutor's own limit).
    pub truth: String,
}

/// One acceptable outcome. `json` means stdout is `run --json` or `simulate --json` output, so
/// the error and the snippet's stdout are compared field by field.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub exit: i32,
    #[serde(default)]
    pub json: bool,
    /// The error's type (the JSON `error.type`; without `json`, text in the output).
    pub error_type: Option<String>,
    /// The exact error message (JSON only).
    pub error_message: Option<String>,
    /// Text in the error message (without `json`: in the output).
    pub error_contains: Option<String>,
    /// The snippet's exact stdout (the JSON `stdout` with `json`, else the process's).
    pub stdout: Option<String>,
    /// With `json` on simulate output: no scenario may report an error.
    #[serde(default)]
    pub no_error: bool,
    /// Texts that must appear in stdout or stderr, as raw text.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Texts that must not appear in stdout or stderr (raw control characters, wrong advice).
    #[serde(default)]
    pub absent: Vec<String>,
    /// The most stdout + stderr bytes the case may write.
    pub max_output_bytes: Option<u64>,
}

/// What one run of a case did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The exit code, or None when a signal ended it (a crash, or our kill).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Bytes written to stdout + stderr, including those not kept.
    pub output_bytes: u64,
    pub wall: Duration,
    /// Killed by the harness: the reason (time or memory).
    pub killed: Option<String>,
    /// Peak RSS in KiB: the larger of the child's last polled high-water mark and its rusage.
    pub rss_kb: u64,
    pub setup_error: Option<String>,
}

/// Reads the table.
pub fn load() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("cases.json");
    let text = std::fs::read_to_string(&path).expect("read cases.json");
    serde_json::from_str(&text).expect("cases.json matches the Case format")
}

/// The FIFOs some cases name, made once per harness run in a fresh temporary folder.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new() -> Result<Scratch, String> {
        let dir = std::env::temp_dir().join(format!("lrtutor-hostile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("course/lessons")).map_err(|e| e.to_string())?;
        // A real lesson beside the FIFO, so the course is not empty and only the FIFO is wrong.
        let lesson = "---\nid: real\ntitle: A lesson\norder: 1\n---\n# Title\n\nText.\n";
        std::fs::write(dir.join("course/lessons/00-real.md"), lesson).map_err(|e| e.to_string())?;
        for fifo in [
            dir.join("hostile.md"),
            dir.join("course/lessons/01-fifo.md"),
        ] {
            // `mkfifo` the program: the crate forbids unsafe code, so no libc call here.
            let ok = Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Err(format!("mkfifo {} failed", fifo.display()));
            }
        }
        Ok(Scratch { dir })
    }

    fn arg(&self, a: &str) -> String {
        if let Some(rest) = a.strip_prefix("@/") {
            return format!("{FIXTURES}/{rest}");
        }
        match a {
            "{fifo}" => self.dir.join("hostile.md").display().to_string(),
            "{fifo_course}" => self.dir.join("course").display().to_string(),
            _ => a.to_string(),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The largest RSS (KiB) of any child this process has waited for. Monotonic: a case that does
/// not raise it stayed at or below the earlier peak.
pub fn children_max_rss_kb() -> u64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0, |u| u.max_rss().max(0) as u64)
}

/// Runs `bin PRE... ARGS...` for one case, killing it after `timeout` or above 1 GiB of RSS.
/// `pre` is empty for the test; the benchmark starts `lrtutor` through a probe process of its
/// own, which measures that one child exactly.
pub fn run_via(
    bin: &str,
    pre: &[String],
    case: &Case,
    scratch: &Scratch,
    timeout: Duration,
) -> Outcome {
    let mut args = pre.to_vec();
    args.extend(case.args.iter().map(|a| scratch.arg(a)));
    let stdin = match &case.stdin {
        None => Stdio::null(),
        Some(p) => match File::open(scratch.arg(p)) {
            Ok(f) => Stdio::from(f),
            Err(e) => return setup_failed(format!("stdin {p}: {e}")),
        },
    };
    let before = children_max_rss_kb();
    let start = Instant::now();
    let spawned = Command::new(bin)
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // Hostile quiz answers are not the learner's progress.
        .env("LRTUTOR_NO_PROGRESS", "1")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return setup_failed(format!("spawn {bin}: {e}")),
    };
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let (code, killed, polled) = watch(&mut child, start, timeout);
    let wall = start.elapsed();
    let (stdout, n_out) = out.join().unwrap_or_default();
    let (stderr, n_err) = err.join().unwrap_or_default();
    let after = children_max_rss_kb();
    // The rusage peak rose during this case, so it is this child's (the cases run one at a time).
    let rss_kb = if after > before { after } else { 0 }.max(polled);
    Outcome {
        code,
        stdout,
        stderr,
        output_bytes: n_out + n_err,
        wall,
        killed,
        rss_kb,
        setup_error: None,
    }
}

fn setup_failed(msg: String) -> Outcome {
    Outcome {
        setup_error: Some(msg),
        ..Outcome::default()
    }
}

/// Reads a stream to its end on a thread (so a full pipe never blocks the child), keeping the
/// first `KEEP_BYTES` and counting all.
fn drain<R: Read + Send + 'static>(r: Option<R>) -> JoinHandle<(String, u64)> {
    std::thread::spawn(move || {
        let Some(mut r) = r else {
            return (String::new(), 0);
        };
        let (mut kept, mut total, mut buf) = (Vec::new(), 0u64, vec![0u8; 64 << 10]);
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n as u64;
            let room = KEEP_BYTES.saturating_sub(kept.len()).min(n);
            kept.extend_from_slice(&buf[..room]);
        }
        (String::from_utf8_lossy(&kept).into_owned(), total)
    })
}

/// Waits for the child, polling its memory; returns its exit code, why it was killed if it
/// was, and the last high-water mark of its RSS read from /proc (KiB; 0 where there is none).
pub fn watch(
    child: &mut Child,
    start: Instant,
    timeout: Duration,
) -> (Option<i32>, Option<String>, u64) {
    let status_path = format!("/proc/{}/status", child.id());
    let (mut hwm, mut killed) = (0u64, None);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return (status.code(), killed, hwm),
            Ok(None) => {}
            Err(e) => return (None, Some(format!("wait failed: {e}")), hwm),
        }
        let (peak, now) = proc_rss_kb(&status_path);
        hwm = hwm.max(peak);
        if killed.is_none() {
            if now > KILL_RSS_KB {
                killed = Some(format!("killed at {} MiB of RSS", now / 1024));
            } else if start.elapsed() > timeout {
                killed = Some(format!("killed after {} s", timeout.as_secs()));
            }
            if killed.is_some() {
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// (VmHWM, VmRSS) in KiB from a /proc status file; zeros when it cannot be read.
fn proc_rss_kb(path: &str) -> (u64, u64) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (0, 0);
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Judges an outcome: Ok when it matches one of the expected outcomes and stayed under the
/// RSS limit; else every reason it did not.
pub fn judge(case: &Case, o: &Outcome) -> Result<(), String> {
    if let Some(e) = &o.setup_error {
        return Err(format!("harness: {e}"));
    }
    if let Some(k) = &o.killed {
        return Err(format!("{k} (hang or runaway){}", tail(o)));
    }
    if o.code.is_none() {
        return Err(format!("ended by a signal (a crash){}", tail(o)));
    }
    if o.rss_kb > MAX_RSS_KB {
        return Err(format!("peak RSS {} MiB > 300 MiB", o.rss_kb / 1024));
    }
    let mut why = Vec::new();
    for (i, e) in case.expect.iter().enumerate() {
        match matches(e, o) {
            Ok(()) => return Ok(()),
            Err(w) => why.push(format!("[alternative {}] {w}", i + 1)),
        }
    }
    Err(format!("{}{}", why.join("; "), tail(o)))
}

/// The start of what the child wrote, for a failure message.
fn tail(o: &Outcome) -> String {
    let cut = |s: &str| s.chars().take(300).collect::<String>();
    format!(
        "\n      exit {:?}; stdout: {:?}\n      stderr: {:?}",
        o.code,
        cut(&o.stdout),
        cut(&o.stderr)
    )
}

fn matches(e: &Expect, o: &Outcome) -> Result<(), String> {
    if o.code != Some(e.exit) {
        return Err(format!("exit {:?}, want {}", o.code, e.exit));
    }
    let all = format!("{}{}", o.stdout, o.stderr);
    for t in &e.contains {
        if !all.contains(t.as_str()) {
            return Err(format!("output lacks {t:?}"));
        }
    }
    for t in &e.absent {
        if all.contains(t.as_str()) {
            return Err(format!("output has {t:?}"));
        }
    }
    if let Some(max) = e.max_output_bytes
        && o.output_bytes > max
    {
        return Err(format!("{} bytes of output > {max}", o.output_bytes));
    }
    if e.json {
        json_matches(e, &o.stdout)
    } else {
        text_matches(e, o, &all)
    }
}

fn text_matches(e: &Expect, o: &Outcome, all: &str) -> Result<(), String> {
    for t in [&e.error_type, &e.error_contains].into_iter().flatten() {
        if !all.contains(t.as_str()) {
            return Err(format!("output lacks {t:?}"));
        }
    }
    match &e.stdout {
        Some(want) if *want != o.stdout => Err(format!("stdout {:?}, want {want:?}", o.stdout)),
        _ => Ok(()),
    }
}

/// `run --json` is one object with `stdout` and `error`; `simulate --json` is one outcome or
/// a list of them, each with `error`; the first outcome with an error is the one judged.
fn json_matches(e: &Expect, stdout: &str) -> Result<(), String> {
    let v: serde_json::Value =
        serde_json::from_str(stdout).map_err(|err| format!("stdout is not JSON: {err}"))?;
    let outcomes = v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]);
    let error = outcomes
        .iter()
        .map(|o| &o["error"])
        .find(|x| !x.is_null())
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    if e.no_error && !error.is_null() {
        return Err(format!("error {error}, want none"));
    }
    if let Some(t) = &e.error_type
        && error["type"].as_str() != Some(t)
    {
        return Err(format!("error type {}, want {t}", error["type"]));
    }
    let message = error["message"].as_str().unwrap_or("");
    if let Some(m) = &e.error_message
        && message != m
    {
        return Err(format!("error message {message:?}, want {m:?}"));
    }
    if let Some(m) = &e.error_contains
        && !message.contains(m.as_str())
    {
        return Err(format!("error message {message:?} lacks {m:?}"));
    }
    if e.error_type.is_none() && e.error_message.is_none() && !e.no_error && !error.is_null() {
        return Err(format!("error {error}, want none"));
    }
    match (&e.stdout, v["stdout"].as_str()) {
        (Some(want), got) if got != Some(want.as_str()) => {
            Err(format!("JSON stdout {got:?}, want {want:?}"))
        }
        _ => Ok(()),
    }
}
