//! `lrtutor watch` in line mode (stdout is a pipe), as a child process: it runs the file,
//! runs it again after each save, says so when the file disappears and keeps watching, and
//! under `--against` grades each save. Every wait is bounded, and the child is killed on the
//! way out, so a broken watch fails the test instead of hanging CI.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How long one report may take to appear (runs are milliseconds; builds share 2 cores).
const PATIENCE: Duration = Duration::from_secs(30);

/// The watching child; killed when dropped.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: String,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lrtutor"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn lrtutor watch");
        let out = child.stdout.take().expect("stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Watching {
            child,
            lines,
            seen: String::new(),
        }
    }

    /// Reads output until `done` holds for what came after `from` (a byte offset into all
    /// output); returns that part. Fails after `PATIENCE`.
    fn until(&mut self, from: usize, done: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + PATIENCE;
        while !done(&self.seen[from..]) {
            let left = end
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("timed out; the watch printed:\n{}", self.seen));
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push_str(&l);
                    self.seen.push('\n');
                }
                Err(_) => panic!("no more output; the watch printed:\n{}", self.seen),
            }
        }
        self.seen[from..].to_string()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrtutor-it-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The start of the report of run `n`.
fn rule(n: u32) -> String {
    format!("── run {n} · a.py ─")
}

#[test]
fn watch_runs_the_file_again_after_each_save_and_survives_its_removal() {
    let dir = scratch("saves");
    let file = dir.join("a.py");
    std::fs::write(&file, "print('first', 6 * 7)\n").expect("write");
    let mut w = Watching::start(&dir, &["a.py"]);
    let first = w.until(0, |s| s.contains("first 42"));
    assert!(first.starts_with(&rule(1)), "{first}");
    let at = w.seen.len();
    std::fs::write(&file, "print('second', 2 ** 10)\n").expect("write");
    let second = w.until(at, |s| s.contains("second 1024"));
    assert!(second.starts_with(&rule(2)), "{second}");
    assert!(!second.contains("first"), "{second}");
    // Gone: the report says it cannot read the file, and the watch goes on.
    let at = w.seen.len();
    std::fs::remove_file(&file).expect("remove");
    let gone = w.until(at, |s| s.contains("still watching"));
    assert!(
        gone.starts_with(&rule(3)) && gone.contains("cannot read a.py"),
        "{gone}"
    );
    let at = w.seen.len();
    std::fs::write(&file, "print('back', 1 / 4)\n").expect("write");
    let back = w.until(at, |s| s.contains("back 0.25"));
    assert!(back.contains("── run "), "{back}");
    drop(w);
    let _ = std::fs::remove_dir_all(&dir);
}

const HEAD: &str = "import torch\nfrom torch.optim.lr_scheduler import StepLR\nopt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n";

fn steplr(gamma: &str) -> String {
    format!(
        "{HEAD}sched = StepLR(opt, step_size=10, gamma={gamma})\nfor epoch in range(30):\n    opt.step()\n    sched.step()\n"
    )
}

#[test]
fn watch_against_grades_each_save_until_it_matches() {
    let dir = scratch("against");
    std::fs::write(dir.join("ref.py"), steplr("0.5")).expect("write");
    std::fs::write(dir.join("a.py"), steplr("0.1")).expect("write");
    let mut w = Watching::start(&dir, &["a.py", "--against", "ref.py"]);
    // Dividing by 10 instead of 2 at epoch 10: the 11th optimizer.step (step 10) trains with
    // 0.01 where the reference has 0.05.
    let wrong = w.until(0, |s| s.contains("│ step 10: wrong-gamma"));
    assert!(
        wrong.contains("✗ a.py:") && wrong.contains("lr (log scale)"),
        "{wrong}"
    );
    let at = w.seen.len();
    std::fs::write(dir.join("a.py"), steplr("0.5")).expect("write");
    let right = w.until(at, |s| s.contains("✓ a.py"));
    assert!(
        right.starts_with(&rule(2)) && !right.contains("wrong-gamma"),
        "{right}"
    );
    drop(w);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A tmux server of our own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "w"]).stdout).into()
    }

    /// Waits until the pane shows something `done` accepts; fails after `PATIENCE`.
    fn until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + PATIENCE;
        loop {
            let s = self.screen();
            if done(&s) {
                return s;
            }
            assert!(
                Instant::now() < end,
                "timed out waiting for {what}; the pane shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
fn watch_full_screen_in_tmux_reruns_on_save_and_restores_the_terminal_on_quit() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the full-screen watch test did not run");
        return;
    }
    // Each way to quit: the key, and Ctrl-C (a key in raw mode, not a signal).
    for (k, quit) in ["q", "C-c"].into_iter().enumerate() {
        in_tmux(k, quit);
    }
}

fn in_tmux(k: usize, quit: &str) {
    let dir = scratch(&format!("tmux{k}"));
    std::fs::write(dir.join("a.py"), "print('first', 6 * 7)\n").expect("write");
    let tmux = Tmux {
        socket: format!("lrtutor-watch-test-{}-{k}", std::process::id()),
    };
    // After the watch ends, the shell prints its exit code on the restored normal screen.
    let script = format!(
        "'{}' watch a.py; echo \"watch ended: $?\"; sleep 60",
        env!("CARGO_BIN_EXE_lrtutor")
    );
    let started = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "100",
        "-y",
        "30",
        "-c",
        dir.to_str().expect("a UTF-8 path"),
        &script,
    ]);
    assert!(started.status.success(), "{started:?}");
    let first = tmux.until("the first run", |s| s.contains("first 42"));
    assert!(
        first.contains("lrtutor watch a.py · run 1 · ran"),
        "{first}"
    );
    std::fs::write(dir.join("a.py"), "print('second', 2 ** 10)\n").expect("write");
    let second = tmux.until("the second run", |s| s.contains("second 1024"));
    assert!(
        second.contains("· run 2 ·") && !second.contains("first 42"),
        "{second}"
    );
    let _ = tmux.cmd(&["send-keys", "-t", "w", quit]);
    let after = tmux.until("the watch to end", |s| s.contains("watch ended:"));
    assert!(after.contains("watch ended: 0"), "{quit}: {after}");
    assert!(
        !after.contains("Learning rate"),
        "the full screen is gone:\n{after}"
    );
    drop(tmux);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_refuses_what_it_cannot_watch() {
    let table: &[(&[&str], &str)] = &[
        (
            &["watch", "no/such/folder/a.py"],
            "lrtutor watch: cannot watch the folder no/such/folder: there is no such folder",
        ),
        (
            &["--course", "x", "watch", "a.py"],
            "does nothing for `watch`",
        ),
        (&["watch"], "<FILE>"),
        (&["watch", "-"], "`-` (standard input) cannot be watched"),
        (&["watch", "a.py", "--against", "-"], "cannot be watched"),
    ];
    for (args, says) in table {
        let (code, out, err) = crate::process::lrtutor(args, "");
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
