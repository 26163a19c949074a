//! The review session: the current question as the quiz view draws it, then the session's
//! result. The footer asks how a right answer went.

use super::quiz;
use crate::tui::app::App;
use crate::tui::screens::review::Review;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, r: &Review) {
    match &r.current {
        Some(q) => quiz::draw(frame, area, app, q),
        None => draw_done(frame, area, r, &app.theme),
    }
}

fn draw_done(frame: &mut Frame, area: Rect, r: &Review, t: &Theme) {
    let n = r.items.len();
    let lines = vec![
        Line::from(Span::styled(
            format!("Review done: {} of {n} right.", r.right),
            t.title,
        )),
        Line::from(""),
        Line::from(Span::styled(
            "A question you missed comes back within a day; one you got right comes back later, \
             further apart each time it stays right (spaced repetition, FSRS).",
            t.text,
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled("Enter", t.key),
            Span::styled(" or ", t.dim),
            Span::styled("q", t.key),
            Span::styled(": back to the course map", t.dim),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().border_style(t.border)),
        area,
    );
}

/// The footer while a question waits to be rated or passed.
pub fn footer(r: &Review, t: &Theme) -> Option<Line<'static>> {
    let key = |k: &str| Span::styled(format!(" {k}"), t.key);
    let what = |w: &str| Span::styled(format!(" {w} "), t.dim);
    match r.answered()? {
        true => Some(Line::from(vec![
            Span::styled(" How did it go?", t.text),
            key("h"),
            what("hard"),
            key("Enter"),
            what("good"),
            key("e"),
            what("easy"),
        ])),
        false => Some(Line::from(vec![
            key("Enter"),
            what("next question (this one comes back within a day)"),
        ])),
    }
}
