//! The full-screen terminal app (ratatui + crossterm; the only module that touches either).
//!
//! Architecture (the Elm/ratatui-template shape):
//! - [`app`]: the state ([`app::App`], a stack of [`app::Screen`]s) and its pure
//!   `update(&mut self, Action)`; side effects are queued as [`app::Effect`]s.
//! - `screens/`: each screen's state and key handling; `views/`: each screen's drawing, which
//!   only reads the state.
//! - [`run`]: the main loop, generic over ratatui's `Backend`, so tests drive whole sessions on
//!   `TestBackend` with a [`run::Script`] of actions; [`terminal`] is the real terminal
//!   (crossterm events, restore on quit, panic and signals).
//! - Content helpers: [`markdown`] (lessons → styled lines), [`highlight`] (Python colouring
//!   from Ruff's tokens), [`wrap`], [`sanitize`] (nothing from content drives the terminal),
//!   [`theme`], [`layout`].
//! - [`record`]: what the learner did, behind a trait the progress store implements;
//!   [`runner`]: snippet runs on their own thread.
//!
//! The app calls `content`, `explain` and `sandbox`; none of them knows about the terminal.

pub mod app;
pub mod chart;
pub mod code_files;
pub mod grader;
pub mod highlight;
pub mod layout;
pub mod markdown;
pub mod outside;
pub mod record;
pub mod run;
pub mod runner;
pub mod sanitize;
pub mod screens;
pub mod stored;
pub mod terminal;
pub mod theme;
pub mod variants;
mod views;
pub mod watch;
pub mod wrap;

/// Draws the app into a frame (what the main loop does each frame).
pub use views::draw;

use crate::content::Course;

/// How the app is started.
pub struct Options {
    pub course: Course,
    /// `--theme`.
    pub theme: Option<String>,
    /// `lrtutor open ID`.
    pub open: Option<String>,
    /// Seed of the option shuffles (default: from the clock, so each sitting differs).
    pub seed: Option<u64>,
    /// `lrtutor play [FILE.py]`: open the playground (on the file and its code).
    pub play: Option<Option<(std::path::PathBuf, String)>>,
    /// `lrtutor review` on a terminal: open the review session.
    pub review: bool,
}

/// Builds the app for `opts` (the theme from the flag and the environment, the screen to open).
pub fn build(opts: Options, record: Box<dyn record::Record>) -> Result<app::App, String> {
    let theme = theme::Theme::from_env(opts.theme.as_deref())?;
    let seed = opts.seed.unwrap_or_else(clock_seed);
    let mut app = app::App::new(opts.course, record, theme, seed);
    if let Some(id) = &opts.open {
        app.open(id)?;
    }
    if let Some(file) = opts.play {
        app.open_playground(file);
    }
    if opts.review {
        app.open_review()?;
    }
    Ok(app)
}

/// Runs the app in the terminal; returns the exit code (0, or 2 when it could not start).
pub fn main(opts: Options) -> i32 {
    let (record, notice) = default_record(&opts.course);
    let mut app = match build(opts, record) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("lrtutor: {msg}");
            return 2;
        }
    };
    if let Some(n) = &notice {
        // Also on stderr: the status bar goes when the app does, the message must not.
        eprintln!("lrtutor: {n}");
        app.status = Some(sanitize::line(n));
    }
    let mut screen = match terminal::Screen::enter() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lrtutor: cannot start the full-screen app: {e}");
            return 2;
        }
    };
    let mut events = terminal::TerminalEvents::new();
    let result = run::run(&mut screen.terminal, &mut app, &mut events);
    drop(screen);
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lrtutor: the terminal failed: {e}");
            1
        }
    }
}

fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The record the app keeps: the learner's progress store (`LRTUTOR_HOME` or the data
/// directory), with a message when a damaged file was set aside. Without a data directory, a
/// record in memory (saved code still goes to files when there is a directory for them).
fn default_record(course: &crate::content::Course) -> (Box<dyn record::Record>, Option<String>) {
    match crate::progress::Store::open(Box::new(crate::progress::SystemClock)) {
        Ok(mut store) => {
            let notes: Vec<String> = store.take_notices().iter().map(|n| n.to_string()).collect();
            let notice = (!notes.is_empty()).then(|| notes.join("; "));
            (Box::new(stored::Stored::new(store, course)), notice)
        }
        Err(e) => {
            let session = record::Session::default();
            let notice = Some(format!("progress is kept for this session only: {e}"));
            match outside::data_dir() {
                Some(dir) => (
                    Box::new(code_files::CodeFiles::new(session, dir.join("playground"))),
                    notice,
                ),
                None => (Box::new(session), notice),
            }
        }
    }
}
