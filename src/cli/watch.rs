//! `lrtutor watch FILE.py [--against REF.py] [--plain]`: runs the file on every save. On a
//! terminal, the full-screen view (src/tui/watch); otherwise (a pipe, a script, CI) or with
//! `--plain`, line mode: each run's report printed to stdout after a rule — the output, the
//! explained mistakes, under `--against` the verdict of `run --against`, and the LR chart in
//! Braille — until the process is stopped.

use super::against::verdict_text;
use super::run::{clean, read};
use crate::tui::chart::LrChart;
use crate::tui::theme::{Kind, Theme};
use crate::tui::watch::{self, Against, Report, Target, files};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Width of the rule between reports and of the chart in line mode.
const WIDTH: u16 = 72;
/// Height of the chart in line mode.
const CHART_HEIGHT: u16 = 16;

/// Runs the command; returns the exit code (2 when the folder cannot be watched).
pub fn run(file: PathBuf, against: Option<PathBuf>, plain: bool, theme: Option<String>) -> i32 {
    // `run` reads `-` as standard input; a stream has no saves to watch.
    if std::iter::once(&file)
        .chain(&against)
        .any(|p| p.as_os_str() == "-")
    {
        errln!("lrtutor watch: `-` (standard input) cannot be watched; give a file");
        return 2;
    }
    let target = Target {
        file,
        against,
        read,
    };
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if interactive && !plain {
        let theme = match Theme::from_env(theme.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                errln!("lrtutor watch: {e}");
                return 2;
            }
        };
        return watch::main(target, &theme);
    }
    lines(&target)
}

/// Line mode: a report now and after every save, until stopped.
fn lines(target: &Target) -> i32 {
    let paths: Vec<&std::path::Path> = std::iter::once(target.file.as_path())
        .chain(target.against.as_deref())
        .collect();
    // Watching starts before the first run, so a save made once its report is out is seen.
    let w = match files::watch(&paths) {
        Ok(w) => w,
        Err(e) => {
            errln!("lrtutor watch: {}", clean(&e));
            return 2;
        }
    };
    let mut number = 1;
    print(&watch::report(target, number));
    for change in w.changes.iter() {
        match change {
            files::Change::Saved => {
                number += 1;
                print(&watch::report(target, number));
            }
            files::Change::Trouble(t) => errln!("lrtutor watch: {}", clean(&t)),
        }
    }
    errln!("lrtutor watch: the file watcher stopped");
    1
}

fn print(r: &Report) {
    out!("{}", report_text(r));
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
}

/// One run's report as text, after a rule naming the run.
pub fn report_text(r: &Report) -> String {
    let mut s = String::new();
    let head = format!("── run {} · {} ", r.number, r.file);
    let fill = usize::from(WIDTH).saturating_sub(crate::tui::wrap::width(&head));
    let _ = writeln!(s, "{head}{}", "─".repeat(fill));
    if let Some(why) = &r.unreadable {
        let _ = writeln!(s, "cannot read {}: {}", r.file, clean(why));
        let _ = writeln!(s, "(still watching: it runs again when the file is saved)");
        return s;
    }
    let Some(o) = &r.outcome else {
        return s;
    };
    // Python's order: stdout, warnings, the error; then lrtutor's notes.
    for (_, text) in o.lines() {
        let _ = writeln!(s, "{}", clean(&text));
    }
    for m in &o.mistakes {
        let at = m.line.map_or(String::new(), |l| format!(" (line {l})"));
        let _ = writeln!(s, "\n── lrtutor: {} [{}]{at}", m.title, m.id);
        let _ = writeln!(s, "{}", m.explanation.trim_end());
        if let Some(fix) = &m.fix {
            let _ = writeln!(s, "\nFix:");
            for l in fix.trim_end().lines() {
                let _ = writeln!(s, "    {l}");
            }
        }
    }
    match &r.against {
        None => {}
        Some(Against::Unusable(why)) => {
            let _ = writeln!(s, "\ncannot grade: {}", clean(why));
        }
        Some(Against::Graded(g)) => {
            let _ = write!(s, "\n{}", verdict_text(&r.file, g, &o.result));
        }
    }
    let chart = chart_text(r);
    if !chart.is_empty() {
        let _ = write!(s, "\n{chart}");
    }
    s
}

/// The LR chart drawn in Braille without colour, as lines of text (empty when nothing to plot).
fn chart_text(r: &Report) -> String {
    let c = &r.chart;
    if c.yours.is_empty() && c.reference.as_ref().is_none_or(|x| x.is_empty()) {
        return String::new();
    }
    let area = Rect::new(0, 0, WIDTH, CHART_HEIGHT);
    let mut buf = Buffer::empty(area);
    LrChart::new(c, &Theme::new(Kind::Plain)).render(area, &mut buf);
    let mut s = String::new();
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        let _ = writeln!(s, "{}", row.trim_end());
    }
    s
}
