//! `lrtutor watch FILE.py [--against REF.py]`: rustlings' watch mode for schedulers. The file
//! is run on every save (see [`files`]) and the screen redrawn with its output, its explained
//! mistakes and its LR chart — under `--against`, the reference's curve and the grader's
//! verdict too.
//!
//! A run becomes a [`Report`] (plain data, no terminal), which [`view`] draws full-screen and
//! the command line prints in line mode. The full-screen loop ([`main`]) keeps runs off the UI
//! thread: keys are read while a snippet runs, and a save during a run queues one more run.

pub mod files;
mod view;

pub use view::draw;

use super::chart::ChartModel;
use super::runner::{self, Outcome};
use super::terminal;
use super::theme::Theme;
use crate::explain::compare::{self, Grade};
use crate::sandbox::{self, Limits, RunResult};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// Reads a file's text, or says why it cannot (the command line's reader: regular files of a
/// bounded size).
pub type Reader = fn(&Path) -> Result<String, String>;

/// What to watch.
#[derive(Debug, Clone)]
pub struct Target {
    pub file: PathBuf,
    pub against: Option<PathBuf>,
    pub read: Reader,
}

/// The grader's side of a report.
#[derive(Debug, Clone)]
pub enum Against {
    /// The attempt graded against the reference.
    Graded(Box<Grade>),
    /// The reference could not be read or did not run cleanly: why.
    Unusable(String),
}

/// One run of the watched file, ready to draw or print.
#[derive(Debug, Clone)]
pub struct Report {
    /// 1 for the first run, then one more per save.
    pub number: u64,
    /// The file's name as given (for headers).
    pub file: String,
    /// The file could not be read: why (nothing ran).
    pub unreadable: Option<String>,
    /// The run's output and mistakes (None when the file could not be read).
    pub outcome: Option<Outcome>,
    pub against: Option<Against>,
    pub chart: ChartModel,
}

impl Report {
    /// Reads and runs the target (and its reference) on this thread: give it
    /// [`sandbox::STACK_BYTES`] of stack (as [`spawn_report`] does).
    pub fn make(target: &Target, number: u64) -> Report {
        let file = super::sanitize::line(&target.file.display().to_string());
        let code = match (target.read)(&target.file) {
            Ok(code) => code,
            Err(e) => {
                return Report {
                    number,
                    file,
                    unreadable: Some(e),
                    outcome: None,
                    against: None,
                    chart: ChartModel::of_run(&RunResult::default()),
                };
            }
        };
        let outcome = runner::execute(&code);
        let (against, chart) = match &target.against {
            None => (None, ChartModel::of_run(&outcome.result)),
            Some(path) => match reference(target.read, path) {
                Ok(want) => {
                    let grade = compare::grade(&outcome.result, &want, compare::epochs(&want));
                    let chart = ChartModel::of_grade(&outcome.result, &want, &grade);
                    (Some(Against::Graded(Box::new(grade))), chart)
                }
                Err(why) => (
                    Some(Against::Unusable(why)),
                    ChartModel::of_run(&outcome.result),
                ),
            },
        };
        Report {
            number,
            file,
            unreadable: None,
            outcome: Some(outcome),
            against,
            chart,
        }
    }
}

/// Runs the reference solution; an error says what is wrong with it.
fn reference(read: Reader, path: &Path) -> Result<RunResult, String> {
    let name = super::sanitize::line(&path.display().to_string());
    let code = read(path).map_err(|e| format!("cannot read the reference {name}: {e}"))?;
    let program = sandbox::compile(&code).map_err(|e| {
        format!(
            "the reference {name} is not valid Python: {}: {} (line {})",
            e.kind,
            e.message,
            e.line.unwrap_or(0)
        )
    })?;
    let want = sandbox::run_program(&program, &Limits::default());
    if let Some(e) = &want.error {
        return Err(format!(
            "the reference {name} raised {}: {} (line {})",
            e.kind,
            e.message,
            e.line.unwrap_or(0)
        ));
    }
    if let Some(problem) = compare::reference_problems(&want).into_iter().next() {
        return Err(format!("{name}: {problem}"));
    }
    Ok(want)
}

/// Makes a report on a thread with the sandbox's stack and returns it. A thread that cannot
/// be made, or a run that panics, gives a report saying so.
pub fn report(target: &Target, number: u64) -> Report {
    let name = target.file.display().to_string();
    let failed = |why: &str| Report {
        number,
        file: super::sanitize::line(&name),
        unreadable: Some(why.to_string()),
        outcome: None,
        against: None,
        chart: ChartModel::of_run(&RunResult::default()),
    };
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("lrtutor-watch-run".into())
            .stack_size(sandbox::STACK_BYTES)
            .spawn_scoped(s, || Report::make(target, number));
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| failed("the sandbox failed on this file")),
            Err(_) => failed("no thread could be started to run the file"),
        }
    })
}

/// [`report`] on its own thread, handing the report to `done`, so the caller keeps drawing.
/// Errs when no thread can be started (the caller then runs [`report`] itself).
pub fn spawn_report(
    target: Target,
    number: u64,
    done: impl FnOnce(Report) + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("lrtutor-watch-wait".into())
        .spawn(move || done(report(&target, number)))
        .map(drop)
}

/// The full-screen watch: the state [`view::draw`] reads.
#[derive(Debug, Clone)]
pub struct Screen {
    pub report: Option<Report>,
    /// A run is under way.
    pub running: bool,
    /// The notifier's trouble, if it reported any.
    pub trouble: Option<String>,
    /// Lines scrolled down in the mistakes pane.
    pub scroll: u16,
    /// Lines scrolled back from the end of the output (which shows its end: the error).
    pub output_back: u16,
}

impl Screen {
    pub fn new() -> Screen {
        Screen {
            report: None,
            running: true,
            trouble: None,
            scroll: 0,
            output_back: 0,
        }
    }
}

impl Default for Screen {
    fn default() -> Self {
        Screen::new()
    }
}

/// Watches in the full-screen terminal until `q`, Ctrl-C or a signal; returns the exit code.
pub fn main(target: Target, theme: &Theme) -> i32 {
    let paths: Vec<&Path> = std::iter::once(target.file.as_path())
        .chain(target.against.as_deref())
        .collect();
    let watch = match files::watch(&paths) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("lrtutor watch: {e}");
            return 2;
        }
    };
    let mut screen = match terminal::Screen::enter() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lrtutor watch: cannot start the full-screen view: {e}");
            return 2;
        }
    };
    let result = watch_loop(&mut screen.terminal, &target, theme, &watch.changes);
    drop(screen);
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lrtutor watch: the terminal failed: {e}");
            1
        }
    }
}

/// What a key asks of the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Quit,
    Rerun,
    /// The state changed (a scroll): draw again.
    Redraw,
    Ignore,
}

/// The watch screen's keys: `q`, `Esc` and Ctrl-C quit, `r` and F5 re-run, ↑↓ (`k`/`j`) scroll
/// the mistakes, PgUp/PgDn the output.
pub fn on_key(state: &mut Screen, k: event::KeyEvent) -> Step {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Char('c') if ctrl => Step::Quit,
        KeyCode::Char('q') | KeyCode::Esc => Step::Quit,
        KeyCode::Char('r') | KeyCode::F(5) => Step::Rerun,
        KeyCode::Down | KeyCode::Char('j') => {
            state.scroll = state.scroll.saturating_add(1);
            Step::Redraw
        }
        KeyCode::Up | KeyCode::Char('k') => {
            state.scroll = state.scroll.saturating_sub(1);
            Step::Redraw
        }
        KeyCode::PageUp => {
            state.output_back = state.output_back.saturating_add(5);
            Step::Redraw
        }
        KeyCode::PageDown => {
            state.output_back = state.output_back.saturating_sub(5);
            Step::Redraw
        }
        _ => Step::Ignore,
    }
}

/// Waits for a key, a save, a finished run or a signal, and draws again only when something
/// changed (an idle watch costs next to nothing); repeats until asked to quit.
fn watch_loop<B: ratatui::backend::Backend>(
    term: &mut ratatui::Terminal<B>,
    target: &Target,
    theme: &Theme,
    changes: &Receiver<files::Change>,
) -> std::io::Result<()> {
    let io = |e: B::Error| std::io::Error::other(e.to_string());
    let signalled = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        let _ = signal_hook::flag::register(sig, Arc::clone(&signalled));
    }
    let (done_tx, done_rx) = channel::<Report>();
    let mut state = Screen::new();
    let (mut number, mut queued, mut dirty) = (0, true, true);
    loop {
        if queued && (!state.running || number == 0) {
            queued = false;
            number += 1;
            (state.running, dirty) = (true, true);
            let tx = done_tx.clone();
            let spawned = spawn_report(target.clone(), number, move |r| {
                let _ = tx.send(r);
            });
            if spawned.is_err() {
                let _ = done_tx.send(report(target, number));
            }
        }
        if dirty {
            term.draw(|f| view::draw(f, &state, theme)).map_err(io)?;
            dirty = false;
        }
        if signalled.load(Ordering::Relaxed) {
            return Ok(());
        }
        if let Ok(r) = done_rx.try_recv() {
            state.report = Some(r);
            state.running = false;
            (state.scroll, state.output_back, dirty) = (0, 0, true);
            continue;
        }
        match changes.try_recv() {
            Ok(files::Change::Saved) => queued = true,
            Ok(files::Change::Trouble(t)) => (state.trouble, dirty) = (Some(t), true),
            Err(_) => {}
        }
        if !event::poll(Duration::from_millis(50))? {
            continue;
        }
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match on_key(&mut state, k) {
                Step::Quit => return Ok(()),
                Step::Rerun => queued = true,
                Step::Redraw => dirty = true,
                Step::Ignore => {}
            },
            Event::Resize(..) => {
                term.autoresize().map_err(io)?;
                dirty = true;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
