//! Benchmark of the terminal app. Run: `cargo bench --bench tui` (`-- --quick` for fewer runs).
//!
//! - First frame: the release binary is started on a pseudo-terminal of 100×30 and the time
//!   from spawning it to the first frame's text (`course map`) arriving on the terminal is
//!   measured, with the bundled course (target ≤ 50 ms). The word is `course` of the header's
//!   `course map`: a frame is written cell by cell, and blank cells are skipped.
//! - Re-render: the longest bundled lesson, and a long lesson made of all of them, drawn at
//!   200×60 frame after frame while scrolling, on crossterm's backend writing to a sink (so
//!   the escape sequences are produced as for a real terminal); plus the cost of laying a
//!   lesson out again for a new width (target ≤ 2 ms per frame).
//! - Peak RSS: the app's VmHWM after a session on the pseudo-terminal (home, the longest
//!   lesson read to the end, a block run, a quiz answered) (target ≤ 30 MiB).

use lrtutor::content;
use lrtutor::tui::app::{Action, App};
use lrtutor::tui::record::Session;
use lrtutor::tui::theme::{Kind, Theme};
use nix::pty::{Winsize, openpty};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The app started on a pseudo-terminal; what it writes is read on a thread.
struct Pty {
    child: Child,
    master: std::fs::File,
    out: Receiver<Vec<u8>>,
    seen: Vec<u8>,
}

impl Pty {
    fn spawn(bin: &str, args: &[&str]) -> (Pty, Instant) {
        let size = Winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(&size, None).expect("a pseudo-terminal");
        let slave = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("a slave fd"));
        let start = Instant::now();
        let child = Command::new(bin)
            .args(args)
            .stdin(slave(&pty.slave))
            .stdout(slave(&pty.slave))
            .stderr(slave(&pty.slave))
            .env("TERM", "xterm-256color")
            .spawn()
            .expect("the app starts");
        drop(pty.slave);
        let master = std::fs::File::from(pty.master);
        let mut reader = master.try_clone().expect("a master fd");
        let (tx, out) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let p = Pty {
            child,
            master,
            out,
            seen: Vec::new(),
        };
        (p, start)
    }

    /// Waits for `text` to appear in the output (after what was already matched).
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(i) = find(&self.seen, text.as_bytes()) {
                self.seen.drain(..i + text.len());
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok(chunk) => self.seen.extend(chunk),
                Err(_) => panic!("no {text:?} on the terminal after 20 s"),
            }
        }
    }

    fn keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).expect("keys typed");
        // Let the app take each key in turn, as a person would type.
        std::thread::sleep(Duration::from_millis(30));
    }

    /// The app's peak resident set (VmHWM), in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc status");
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM");
        kb / 1024.0
    }

    fn quit(mut self) {
        for _ in 0..6 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            self.keys("q");
        }
        let status = self.child.wait().expect("the app ends");
        assert!(status.success(), "{status}");
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Milliseconds from spawning the binary to its first frame on the terminal, and the CPU time
/// of the whole run (start, first frame, `q`): wall time on a busy machine includes waiting for
/// a core, the CPU time does not.
fn first_frame_ms(bin: &str) -> (f64, f64) {
    let before = children_cpu_ms();
    let (mut p, start) = Pty::spawn(bin, &[]);
    // Unchanged cells are skipped, so words arrive one by one: wait for the first frame's word.
    p.wait_for("course");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    p.quit();
    (ms, children_cpu_ms() - before)
}

/// User + system time of the children waited for so far, in milliseconds.
fn children_cpu_ms() -> f64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0.0, |u| {
        let ms =
            |t: nix::sys::time::TimeVal| t.tv_sec() as f64 * 1000.0 + t.tv_usec() as f64 / 1000.0;
        ms(u.user_time()) + ms(u.system_time())
    })
}

/// Peak RSS after a session: the longest lesson to its end with a block run, then its quiz.
fn session_rss(bin: &str, longest: &str) -> f64 {
    let (mut p, _) = Pty::spawn(bin, &["open", longest]);
    p.wait_for("lesson");
    for _ in 0..3 {
        p.keys("b");
        p.keys("r");
    }
    // Later frames are diffs (a word may arrive cut), so the session waits by time, not text.
    std::thread::sleep(Duration::from_millis(1500));
    p.keys("G");
    p.keys("\r");
    std::thread::sleep(Duration::from_millis(300));
    p.keys("a");
    p.keys("\r");
    std::thread::sleep(Duration::from_millis(200));
    let rss = p.peak_rss_mib();
    p.quit();
    rss
}

/// The app on `lesson` at 200×60, drawn on crossterm's backend into a sink.
fn frames_per_ms(course: content::Course, lesson: &str, frames: usize) -> (f64, usize) {
    let mut app = App::new(
        course,
        Box::new(Session::default()),
        Theme::new(Kind::Dark),
        1,
    );
    app.open(lesson).expect("the lesson opens");
    app.update(Action::Resize(200, 60));
    let area = Rect::new(0, 0, 200, 60);
    let mut t = Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .expect("a terminal");
    let lines = match app.screen() {
        lrtutor::tui::app::Screen::Lesson(r) => r.doc.lines.len(),
        _ => 0,
    };
    let down = Action::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('j'),
    ));
    let up = Action::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('k'),
    ));
    let mut samples = Vec::new();
    for i in 0..frames {
        // Scroll down through the lesson and back, one line per frame: every frame changes.
        let key = if (i / lines.max(1)) % 2 == 0 {
            &down
        } else {
            &up
        };
        app.update(key.clone());
        let start = Instant::now();
        t.draw(|f| lrtutor::tui::draw(f, &app)).expect("a frame");
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    (median(samples), lines)
}

/// Milliseconds to lay `lesson` out again for a new width (a resize).
fn relayout_ms(course: content::Course, lesson: &str, runs: usize) -> f64 {
    let mut app = App::new(
        course,
        Box::new(Session::default()),
        Theme::new(Kind::Dark),
        1,
    );
    app.open(lesson).expect("the lesson opens");
    let samples = (0..runs)
        .map(|i| {
            let w = if i % 2 == 0 { 200 } else { 199 };
            let start = Instant::now();
            app.update(Action::Resize(w, 60));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(samples)
}

/// One lesson made of every bundled lesson's body, one after the other.
fn long_course() -> content::Course {
    let bundled = content::bundled();
    let body: String = bundled
        .lessons
        .iter()
        .map(|l| l.body.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let text = format!("---\nid: long\ntitle: All the lessons\norder: 1\n---\n{body}");
    content::load(&[("lessons/01-long.md".to_string(), text)])
}

/// Milliseconds the process spends on its own before the first frame: loading the bundled
/// course and drawing Home (100×30) into a buffer.
fn in_process_first_frame_ms(runs: usize) -> (f64, f64) {
    let mut load = Vec::new();
    let mut total = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let course = content::bundled();
        load.push(start.elapsed().as_secs_f64() * 1000.0);
        let mut app = App::new(
            course,
            Box::new(Session::default()),
            Theme::new(Kind::Dark),
            1,
        );
        app.update(Action::Resize(100, 30));
        let mut t = Terminal::with_options(
            CrosstermBackend::new(std::io::sink()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 100, 30)),
            },
        )
        .expect("a terminal");
        t.draw(|f| lrtutor::tui::draw(f, &app)).expect("a frame");
        total.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    (median(load), median(total))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let bin = env!("CARGO_BIN_EXE_lrtutor");
    let runs = if quick { 5 } else { 31 };
    let samples: Vec<(f64, f64)> = (0..runs).map(|_| first_frame_ms(bin)).collect();
    let first = median(samples.iter().map(|s| s.0).collect());
    let cpu = median(samples.iter().map(|s| s.1).collect());
    println!(
        "first frame after process start (bundled course, 100x30 pty): median {first:.1} ms of {runs} (target <= 50 ms)"
    );
    println!("  CPU time of a whole run (start, first frame, quit): median {cpu:.1} ms");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("  load average while measuring: {}", load.join(" "));

    let (load, total) = in_process_first_frame_ms(if quick { 5 } else { 31 });
    println!("  in process: load the bundled course {load:.2} ms; load + Home drawn {total:.2} ms");

    let bundled = content::bundled();
    let longest = bundled
        .lessons
        .iter()
        .max_by_key(|l| l.body.len())
        .map(|l| l.meta.id.value.clone())
        .expect("a lesson");
    let frames = if quick { 200 } else { 3000 };
    let (ms, lines) = frames_per_ms(content::bundled(), &longest, frames);
    println!(
        "re-render lesson '{longest}' ({lines} lines) at 200x60, scrolling: median {ms:.3} ms per frame (target <= 2 ms)"
    );
    let (ms, lines) = frames_per_ms(long_course(), "long", frames);
    println!(
        "re-render all lessons as one ({lines} lines) at 200x60, scrolling: median {ms:.3} ms per frame (target <= 2 ms)"
    );
    let ms = relayout_ms(long_course(), "long", if quick { 10 } else { 101 });
    println!("  lay that lesson out again for a new width (resize): median {ms:.2} ms");

    let rss = session_rss(bin, &longest);
    println!(
        "peak RSS after a session (home, lesson read with runs, quiz answered): {rss:.1} MiB (target <= 30 MiB)"
    );
}
