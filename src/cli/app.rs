//! `lrtutor` with no command and `lrtutor open ID`: the full-screen app when standard input
//! and output are terminals; otherwise (a pipe, a script, CI) the overview, so nothing hangs.

use std::io::IsTerminal;
use std::path::Path;

/// Whether standard input and output are both terminals (the app can run).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Runs the app (on `open`, straight on that lesson or quiz); returns the exit code.
pub fn run(course_dir: Option<&Path>, theme: Option<String>, open: Option<String>) -> i32 {
    if !interactive() {
        if let Some(id) = &open {
            errln!(
                "lrtutor open {}: not a terminal, so the app cannot open; `lrtutor quiz ID --plain` works in a pipe",
                crate::content::clean(id)
            );
            return 2;
        }
        out!("{}", super::overview());
        return 0;
    }
    start(course_dir, theme, open.map_or(Start::Home, Start::Open))
}

/// Where the app starts.
pub(super) enum Start {
    Home,
    /// A lesson or quiz id.
    Open(String),
    /// The playground, on a file and its code or the free one.
    Play(Option<(std::path::PathBuf, String)>),
    /// The review session (its shuffle seeded by `--seed`).
    Review(Option<u64>),
}

/// Loads the course and hands the terminal to the app, on `at`; the exit code.
pub(super) fn start(course_dir: Option<&Path>, theme: Option<String>, at: Start) -> i32 {
    let Some(course) = super::check::course_for("lrtutor", course_dir) else {
        return 2;
    };
    let (open, play, review, seed) = match at {
        Start::Home => (None, None, false, None),
        Start::Open(id) => (Some(id), None, false, None),
        Start::Play(file) => (None, Some(file), false, None),
        Start::Review(seed) => (None, None, true, seed),
    };
    crate::tui::main(crate::tui::Options {
        course,
        theme,
        open,
        seed,
        play,
        review,
    })
}
