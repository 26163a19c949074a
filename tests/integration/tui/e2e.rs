//! The app in a real terminal: tmux runs the binary at 100×30 (the release binary when
//! `LRTUTOR_E2E_BIN` names it, as `.ci/run` does; else the test build), the test reads the
//! screen with `capture-pane` and types with `send-keys`. After the app ends, the shell in the
//! pane prints the exit status and `stty -a`, which shows whether the terminal was restored
//! (canonical mode and echo back on, alternate screen left). Needs tmux (`.ci/run` installs it).

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str) -> Tmux {
        Tmux::start_with(name, &[], command)
    }

    /// [`Tmux::start`] with `env` (`NAME=value`) set for the command.
    fn start_with(name: &str, env: &[&str], command: &str) -> Tmux {
        let socket = format!("lrtutor-e2e-{}-{name}", std::process::id());
        let t = Tmux { socket };
        let mut args = vec![
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "30",
        ];
        for e in env {
            args.extend(["-e", e]);
        }
        args.push(command);
        t.run(&args);
        t
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs (install it: `apt-get install tmux`, as .ci/run does)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "e2e", k]);
        }
    }

    /// Waits until the screen contains `want`; panics with the screen after 20 s.
    fn wait_for(&self, want: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(want) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited 20 s for {want:?}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the app: the descendant of the pane's shell named `lrtutor`.
    fn app_pid(&self) -> Option<u32> {
        let shell = self.run(&["display", "-p", "-t", "e2e", "#{pane_pid}"]);
        let mut todo: Vec<String> = vec![shell.trim().to_string()];
        while let Some(pid) = todo.pop() {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            if comm.trim() == "lrtutor" {
                return pid.parse().ok();
            }
            let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
                .unwrap_or_default();
            todo.extend(children.split_whitespace().map(str::to_string));
        }
        None
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

fn binary() -> PathBuf {
    std::env::var_os("LRTUTOR_E2E_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_lrtutor")))
}

fn tmux_present() {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "tmux is needed for the end-to-end test: `apt-get install tmux` (.ci/run does)"
    );
}

/// The pane's command: the app, then its exit status and the terminal's mode.
fn command(args: &str) -> String {
    format!(
        "sh -c '{} {args}; echo \"exit=$?\"; stty -a | tr -s \" ;\" \"\\n\\n\" | grep -x -- \"-*icanon\\|-*echo\" | tr \"\\n\" \" \"; echo e2e-done; sleep 60'",
        binary().display()
    )
}

/// Asserts that the app ended with status 0 and left the terminal as it found it.
#[track_caller]
fn restored(t: &Tmux) {
    let s = t.wait_for("e2e-done");
    assert!(s.contains("exit=0"), "{s}");
    let after = &s[s.find("exit=").unwrap_or(0)..];
    let modes: Vec<&str> = after.split_whitespace().collect();
    assert!(modes.contains(&"icanon"), "raw mode left on:\n{s}");
    assert!(modes.contains(&"echo"), "echo left off:\n{s}");
    let alt = t.run(&["display", "-p", "-t", "e2e", "#{alternate_on}"]);
    assert_eq!(alt.trim(), "0", "still on the alternate screen");
    // The app's screens are gone: the pane shows only what the shell printed.
    assert!(!s.contains("course map"), "{s}");
}

#[test]
fn the_app_runs_in_a_real_terminal_and_restores_it() {
    tmux_present();
    let t = Tmux::start("keys", &command(""));
    let home = t.wait_for("course map");
    assert!(home.contains("StepLR"), "{home}");
    t.keys(&["?"]);
    let help = t.wait_for("closes this help");
    assert!(help.contains("quit"), "{help}");
    t.keys(&["?"]);
    t.keys(&["Enter"]);
    t.wait_for("lesson ·");
    t.keys(&["q"]);
    t.wait_for("course map");
    t.keys(&["j", "Enter"]);
    t.wait_for("Question 1 of");
    t.keys(&["q"]);
    t.wait_for("course map");
    t.keys(&["q"]);
    restored(&t);
}

#[test]
fn sigterm_and_ctrl_c_end_the_app_and_restore_the_terminal() {
    tmux_present();
    let t = Tmux::start("term", &command("open steplr"));
    t.wait_for("lesson ·");
    let pid = t.app_pid().expect("the app's pid");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
    restored(&t);

    let t = Tmux::start("ctrlc", &command(""));
    t.wait_for("course map");
    t.keys(&["Enter"]);
    t.wait_for("lesson ·");
    t.keys(&["C-c"]);
    restored(&t);
}

#[test]
fn without_a_terminal_the_overview_is_printed() {
    let out = Command::new(binary())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("lrtutor — learn PyTorch's learning-rate schedulers"),
        "{s}"
    );
}

/// `lrtutor play FILE` in tmux (issue 14): a snippet typed with send-keys runs on F5 and its
/// printed rate appears (0.1 halved once is 0.05 in Python); Ctrl-G suspends the app for
/// `$VISUAL` (here a `sed` that makes the initial lr 0.5), reloads and runs the result (0.25);
/// Ctrl-S writes the file; the terminal is restored at the end.
#[test]
fn play_runs_typed_code_and_hands_it_to_the_learners_editor() {
    tmux_present();
    let dir = std::env::temp_dir().join(format!("lrtutor-e2e-play-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("mine.py");
    let cmd = command(&format!("play {}", file.display()));
    let t = Tmux::start_with("play", &["VISUAL=sed -i s/0.1/0.5/"], &cmd);
    t.wait_for("Code ·");
    for line in [
        "import torch",
        "opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)",
        "s = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)",
        "opt.step()",
        "s.step()",
        "print('lr', s.get_last_lr())",
    ] {
        t.run(&["send-keys", "-t", "e2e", "-l", line]);
        t.keys(&["Enter"]);
    }
    t.keys(&["F5"]);
    t.wait_for("lr [0.05]");
    t.keys(&["C-g"]);
    t.wait_for("lr [0.25]");
    t.keys(&["C-s"]);
    t.wait_for("saved to");
    let saved = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(saved.contains("lr=0.5)"), "{saved}");
    t.keys(&["Escape"]);
    t.wait_for("course map");
    t.keys(&["q"]);
    restored(&t);
    let _ = std::fs::remove_dir_all(dir);
}
