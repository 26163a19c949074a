//! The terminal app on ratatui's `TestBackend`: every screen at 80×24 and 160×48, key flows
//! through whole sessions, and the app in a real terminal (tmux).

mod e2e;
mod flows;
mod playground;
mod screens;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lrtutor::content::{self, Course};
use lrtutor::tui::app::{Action, App};
use lrtutor::tui::record::Session;
use lrtutor::tui::run::{self, Script};
use lrtutor::tui::theme::{Kind, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The seed every test shuffles options with.
pub const SEED: u64 = 7;

/// An app on the bundled course.
pub fn bundled() -> App {
    app(content::bundled())
}

pub fn app(course: Course) -> App {
    App::new(
        course,
        Box::new(Session::default()),
        Theme::new(Kind::Dark),
        SEED,
    )
}

/// The course of `tests/fixtures/tui/course`: a lesson with every Markdown element, and a
/// quiz (options in written order) with a code question, a multi question and an exercise.
pub fn fixture() -> App {
    let mut files = Vec::new();
    for dir in ["lessons", "quizzes"] {
        let path = format!(
            "{}/tests/fixtures/tui/course/{dir}",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut names: Vec<_> = std::fs::read_dir(&path)
            .expect("the fixture course")
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for p in names {
            let text = std::fs::read_to_string(&p).expect("a fixture file");
            files.push((
                format!(
                    "{dir}/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                ),
                text,
            ));
        }
    }
    app(content::load(&files))
}

/// A course made of `(path, text)` files.
pub fn course(files: &[(&str, &str)]) -> Course {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    content::load(&files)
}

/// Runs `actions` on `app` in a `width` × `height` terminal; the terminal after the last frame.
pub fn drive(
    app: &mut App,
    width: u16,
    height: u16,
    actions: Vec<Action>,
) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    run::run(&mut t, app, &mut Script::new(actions)).expect("the loop runs");
    t
}

/// The screen as text, one line per row, trailing spaces removed.
pub fn text(t: &Terminal<TestBackend>) -> String {
    buffer_text(t.backend().buffer())
}

pub fn buffer_text(b: &Buffer) -> String {
    let w = usize::from(b.area.width);
    let mut out = String::new();
    for row in b.content.chunks(w.max(1)) {
        let mut line = String::new();
        for cell in row {
            line.push_str(cell.symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Key presses, one per char (`\n` is Enter, `\x1b` Esc, `\t` Tab).
pub fn keys(s: &str) -> Vec<Action> {
    s.chars()
        .map(|c| match c {
            '\n' => key(KeyCode::Enter),
            '\u{1b}' => key(KeyCode::Esc),
            '\t' => key(KeyCode::Tab),
            c => key(KeyCode::Char(c)),
        })
        .collect()
}

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}
