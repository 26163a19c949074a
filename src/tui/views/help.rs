//! `?`: the keys of the current screen, over it.

use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Keys that work everywhere, after the screen's own.
const EVERYWHERE: &[(&str, &str)] = &[("Ctrl-C", "quit lrtutor from any screen")];

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let keys = app.screen().keys();
    let key_col = keys
        .iter()
        .chain(EVERYWHERE)
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4);
    let what_col = keys
        .iter()
        .chain(EVERYWHERE)
        .map(|(_, w)| w.chars().count())
        .max()
        .unwrap_or(20);
    // " key  what" plus a space of margin.
    let width = (key_col + what_col + 4).clamp(30, usize::from(area.width.saturating_sub(4)));
    let mut lines: Vec<Line> = Vec::new();
    for (k, what) in keys.iter().chain(EVERYWHERE) {
        lines.push(Line::from(vec![
            Span::styled(format!(" {k:<key_col$}  "), t.key),
            Span::styled(what.to_string(), t.text),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Esc, q or ? closes this help",
        t.dim,
    )));
    let height = (lines.len() + 2).min(usize::from(area.height));
    let [popup] = Layout::horizontal([Constraint::Length(width as u16 + 4)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height as u16)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(" Keys ", t.title));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
