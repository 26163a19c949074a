//! The course map: lessons with their quizzes and exercises and what the learner did there,
//! the files that did not load, and the selected row's details at the bottom.

use crate::content::Course;
use crate::tui::app::App;
use crate::tui::record::Record;
use crate::tui::sanitize;
use crate::tui::screens::home::{Home, Row};
use crate::tui::theme::Theme;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, home: &Home) {
    let t = &app.theme;
    let [top, list, details] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(4),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(summary(app)), top);
    let width = usize::from(list.width);
    let items: Vec<ListItem> = home
        .rows
        .iter()
        .map(|r| ListItem::new(row_line(*r, &app.course, app.record.as_ref(), t, width)))
        .collect();
    let mut state = ListState::default().with_selected(Some(home.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(t.selected),
        list,
        &mut state,
    );
    let block = Block::new().borders(Borders::TOP).border_style(t.border);
    let text = home
        .rows
        .get(home.selected)
        .map(|r| details_text(*r, &app.course, t))
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
        details,
    );
}

/// The lines above the map: the course's size, what is done, reviews due.
fn summary(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let c = &app.course;
    let read = c
        .lessons
        .iter()
        .filter(|l| app.record.lesson(&l.meta.id.value).read)
        .count();
    let title = Line::from(Span::styled(
        " Learn PyTorch's learning-rate schedulers",
        t.title,
    ));
    let mut spans = vec![Span::styled(
        format!(
            " {read} of {} lessons read · {} quizzes",
            c.lessons.len(),
            c.quizzes.len()
        ),
        t.dim,
    )];
    let due = app.record.reviews_due();
    if due > 0 {
        spans.push(Span::styled(format!(" · {due} to review"), t.warning));
        spans.push(Span::styled(" (", t.dim));
        spans.push(Span::styled("r", t.key));
        spans.push(Span::styled(" starts)", t.dim));
    }
    vec![title, Line::from(spans)]
}

/// One row: its text on the left, the learner's status on the right.
fn row_line(row: Row, c: &Course, rec: &dyn Record, t: &Theme, width: usize) -> Line<'static> {
    let (text, style, status, status_style): (String, Style, String, Style) = match row {
        Row::Lesson(i) => {
            let l = &c.lessons[i];
            let s = rec.lesson(&l.meta.id.value);
            let status = if s.read {
                "✓ read"
            } else if s.line > 0 {
                "started"
            } else {
                ""
            };
            (
                format!(" {:>2}. {}", i + 1, sanitize::line(&l.meta.title)),
                t.strong,
                status.to_string(),
                t.correct,
            )
        }
        Row::Quiz { quiz, nested } => {
            let q = &c.quizzes[quiz].quiz;
            let indent = if nested { "      " } else { "  " };
            let status = rec
                .score(&q.id.value)
                .map(|s| format!("score {} of {}", s.right, s.total))
                .unwrap_or_default();
            (
                format!(
                    "{indent}Quiz: {} ({} questions)",
                    sanitize::line(&q.title),
                    q.questions.len()
                ),
                t.text,
                status,
                t.correct,
            )
        }
        Row::Exercise { quiz, question } => {
            let q = &c.quizzes[quiz].quiz;
            let x = &q.questions[question];
            let solved = rec.solved(&q.id.value, &x.id.value);
            (
                format!("        Exercise: {}", sanitize::line(&x.id.value)),
                t.text,
                if solved {
                    "✓ solved".into()
                } else {
                    String::new()
                },
                t.correct,
            )
        }
        Row::Problem(i) => {
            let d = &c.diagnostics[i];
            (
                format!(" ✗ {}:{}: {}", d.path, d.line, d.message),
                t.error,
                String::new(),
                t.error,
            )
        }
    };
    let text = sanitize::line(&text);
    let status_w = status.chars().count();
    let room = width.saturating_sub(status_w + 2);
    let shown = wrap::fit(&text, room);
    let pad = width.saturating_sub(wrap::width(&shown) + status_w + 1);
    Line::from(vec![
        Span::styled(shown, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(status, status_style),
    ])
}

/// The selected row in full (a file's whole error, a lesson's quiz and blocks).
fn details_text(row: Row, c: &Course, t: &Theme) -> Vec<Line<'static>> {
    let text = match row {
        Row::Lesson(i) => {
            let l = &c.lessons[i];
            let runnable = l
                .blocks
                .iter()
                .filter(|b| b.run != crate::content::lesson::Run::NoRun)
                .count();
            format!(
                "{} — {} runnable Python blocks. Enter reads it; r runs a block in the reader.",
                l.meta.title, runnable
            )
        }
        Row::Quiz { quiz, .. } => {
            let q = &c.quizzes[quiz].quiz;
            format!(
                "{} — {} questions, one at a time, with feedback after each. Enter starts it.",
                q.title,
                q.questions.len()
            )
        }
        Row::Exercise { quiz, question } => {
            let x = &c.quizzes[quiz].quiz.questions[question];
            let first = x.prompt.lines().next().unwrap_or("");
            format!("Exercise: {first}")
        }
        Row::Problem(i) => format!("{} — this file did not load.", c.diagnostics[i]),
    };
    vec![Line::from(Span::styled(sanitize::line(&text), t.dim))]
}
