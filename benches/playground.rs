//! Benchmark of the playground screen. Run: `cargo bench --bench playground` (`-- --quick` for
//! fewer runs).
//!
//! - Keystroke to redraw: the playground holds a 200-line training script; each sample is one
//!   key (a letter typed mid-file, Enter with its auto-indent, Backspace, arrows, PgDn) taken
//!   by `App::update` and the whole frame drawn on crossterm's backend into a sink, so the
//!   escape sequences are produced as for a real terminal (target ≤ 5 ms), at 80×24 and 160×48.
//! - Run and redraw: the seed snippet in the playground, from `Ctrl-R` to the frame that shows
//!   its output and chart: the run on its own thread with the sandbox's stack (as the app does),
//!   the outcome handed back through a channel, then the frame (target ≤ 20 ms).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lrtutor::content;
use lrtutor::tui::app::{Action, App, Effect};
use lrtutor::tui::record::Session;
use lrtutor::tui::runner;
use lrtutor::tui::theme::{Kind, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Sink;
use std::time::Instant;

const SEED: &str = include_str!("fixtures/seed_multistep_print.py");

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    v[i]
}

/// A training script of `lines` lines, the way real ones look: imports, a config dict, a
/// warmup class, then blocks of loops with prints and comments.
fn long_script(lines: usize) -> String {
    let mut out = vec![
        "import math".to_string(),
        "import torch".to_string(),
        "from torch.optim.lr_scheduler import LambdaLR, StepLR".to_string(),
        String::new(),
        "config = {\"lr\": 0.1, \"warmup\": 5, \"epochs\": 30, \"gamma\": 0.5}".to_string(),
        String::new(),
        "class Warmup:".to_string(),
        "    def __init__(self, warmup):".to_string(),
        "        self.warmup = warmup".to_string(),
        String::new(),
        "    def __call__(self, epoch):".to_string(),
        "        if epoch < self.warmup:".to_string(),
        "            return (epoch + 1) / self.warmup".to_string(),
        "        return 0.5 * (1 + math.cos(math.pi * epoch / 30))".to_string(),
        String::new(),
    ];
    let mut block = 0;
    while out.len() < lines {
        block += 1;
        let body = [
            format!("# run {block}: a fresh model, optimizer and schedule"),
            format!("model_{block} = torch.nn.Linear(10, 2)"),
            format!(
                "opt_{block} = torch.optim.SGD(model_{block}.parameters(), lr=config[\"lr\"], momentum=0.9)"
            ),
            format!("sched_{block} = LambdaLR(opt_{block}, lr_lambda=Warmup(config[\"warmup\"]))"),
            "for epoch in range(config[\"epochs\"]):".to_string(),
            format!("    opt_{block}.step()"),
            format!("    sched_{block}.step()"),
            "    if epoch % 10 == 0:".to_string(),
            format!(
                "        print(f\"run {block} epoch {{epoch}}: {{sched_{block}.get_last_lr()}}\")"
            ),
            String::new(),
        ];
        out.extend(body);
    }
    out.truncate(lines);
    out.join("\n") + "\n"
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::from(code))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn app_with(code: &str, width: u16, height: u16) -> App {
    let mut app = App::new(
        content::bundled(),
        Box::new(Session::default()),
        Theme::new(Kind::Dark),
        1,
    );
    app.open_playground(Some(("bench.py".into(), code.to_string())));
    app.update(Action::Resize(width, height));
    app
}

fn terminal(width: u16, height: u16) -> Terminal<CrosstermBackend<Sink>> {
    Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .expect("a terminal")
}

/// The keys of one editing cycle: they leave the text as it was, so the cycle can repeat for
/// ever on the same 200 lines.
fn editing_cycle() -> Vec<Action> {
    let mut keys = Vec::new();
    keys.extend("lr = 0.05".chars().map(|c| key(KeyCode::Char(c))));
    keys.push(key(KeyCode::Enter));
    keys.extend(std::iter::repeat_n(key(KeyCode::Backspace), 10));
    keys.extend([
        key(KeyCode::Down),
        key(KeyCode::Down),
        key(KeyCode::Right),
        key(KeyCode::End),
        key(KeyCode::PageDown),
        key(KeyCode::PageUp),
        key(KeyCode::Up),
        key(KeyCode::Up),
        key(KeyCode::Home),
    ]);
    keys
}

/// Milliseconds from a key to its frame being written, median and 99th percentile.
fn keystroke_ms(width: u16, height: u16, samples: usize) -> (f64, f64, usize) {
    let code = long_script(200);
    let lines = code.lines().count();
    let mut app = app_with(&code, width, height);
    let mut t = terminal(width, height);
    // Put the cursor mid-file, as when a learner edits the middle of a script.
    for _ in 0..100 {
        app.update(key(KeyCode::Down));
    }
    t.draw(|f| lrtutor::tui::draw(f, &app)).expect("a frame");
    let cycle = editing_cycle();
    // Whole cycles only, so the text ends as it began.
    let samples = samples.div_ceil(cycle.len()) * cycle.len();
    let mut times = Vec::with_capacity(samples);
    for action in cycle.iter().cycle().take(samples) {
        let start = Instant::now();
        app.update(action.clone());
        t.draw(|f| lrtutor::tui::draw(f, &app)).expect("a frame");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let after = editor_text(&app);
    let changed: Vec<_> = after
        .lines()
        .zip(code.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .take(3)
        .collect();
    assert!(
        changed.is_empty() && after.lines().count() == lines,
        "the editing cycle leaves the script as it was: {changed:?}"
    );
    (median(times.clone()), percentile(times, 0.99), lines)
}

fn editor_text(app: &App) -> String {
    match app.screen() {
        lrtutor::tui::app::Screen::Playground(p) => p.editor.text().trim_end().to_string(),
        _ => panic!("the playground is not on top"),
    }
}

/// Milliseconds from `Ctrl-R` on the seed snippet to the frame showing its outcome.
fn run_and_redraw_ms(width: u16, height: u16, runs: usize) -> f64 {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut app = app_with(SEED, width, height);
        let mut t = terminal(width, height);
        t.draw(|f| lrtutor::tui::draw(f, &app)).expect("a frame");
        let start = Instant::now();
        app.update(ctrl('r'));
        let Some(Effect::Run { job, code }) = app.take_effects().into_iter().next() else {
            panic!("Ctrl-R asks for a run");
        };
        let (tx, rx) = std::sync::mpsc::channel();
        runner::spawn(code, move |o| {
            let _ = tx.send(o);
        });
        let outcome = rx.recv().expect("the run reports");
        app.update(Action::RunDone(job, Box::new(outcome)));
        t.draw(|f| lrtutor::tui::draw(f, &app)).expect("a frame");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(
            frame_text(&app, width, height).contains("lr = 0.1"),
            "the run's output is on screen"
        );
    }
    median(times)
}

/// The text of the app's frame on a `TestBackend` (to check the run's output is on screen).
fn frame_text(app: &App, width: u16, height: u16) -> String {
    let mut t =
        Terminal::new(ratatui::backend::TestBackend::new(width, height)).expect("a terminal");
    t.draw(|f| lrtutor::tui::draw(f, app)).expect("a frame");
    let buf = t.backend().buffer();
    buf.content().iter().map(|c| c.symbol()).collect()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let samples = if quick { 500 } else { 5000 };
    let runs = if quick { 11 } else { 101 };
    for (w, h) in [(80, 24), (160, 48)] {
        let (med, p99, lines) = keystroke_ms(w, h, samples);
        println!(
            "keystroke to redraw, {lines}-line script at {w}x{h}: median {med:.3} ms, p99 {p99:.3} ms over {samples} keys (target <= 5 ms)"
        );
    }
    for (w, h) in [(80, 24), (160, 48)] {
        let ms = run_and_redraw_ms(w, h, runs);
        println!(
            "Ctrl-R on the seed snippet to its output drawn at {w}x{h}: median {ms:.2} ms of {runs} (target <= 20 ms)"
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("load average while measuring: {}", load.join(" "));
}
