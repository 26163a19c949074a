//! The lesson reader: the visible slice of the rendered lesson with search matches marked, a
//! scrollbar, the table of contents when open, and the footer (search box, end of lesson).

use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::sanitize;
use crate::tui::screens::lesson::{Focus, Reader};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, List, ListItem, ListState, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, r: &Reader) {
    let t = &app.theme;
    let (text, bar, toc) = layout::reader(area, r.toc_open);
    let height = usize::from(text.height);
    let end = (r.top + height).min(r.doc.lines.len());
    let start = r.top.min(end);
    let current = r.current_block().map(|p| r.doc.blocks[p].first);
    let lines: Vec<Line> = (start..end)
        .map(|i| {
            if Some(i) == current {
                // The block `r` runs: its label line is marked.
                let label = crate::tui::markdown::line_text(&r.doc.lines[i]);
                return Line::from(Span::styled(
                    format!("▶ {}", label.trim_start()),
                    t.selected,
                ));
            }
            marked(i, &r.doc.lines[i], r, t)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), text);
    if r.doc.lines.len() > height {
        let mut state = ScrollbarState::new(r.doc.lines.len().saturating_sub(height))
            .position(r.top)
            .viewport_content_length(height);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .thumb_style(t.border_focus)
                .track_style(t.border),
            bar,
            &mut state,
        );
    }
    if let Some(toc) = toc {
        draw_toc(frame, toc, r, t);
    }
}

fn draw_toc(frame: &mut Frame, area: Rect, r: &Reader, t: &Theme) {
    let width = usize::from(area.width.saturating_sub(2));
    let items: Vec<ListItem> = r
        .doc
        .headings
        .iter()
        .map(|h| {
            let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
            let text =
                crate::tui::wrap::fit(&format!("{indent}{}", sanitize::line(&h.text)), width);
            ListItem::new(Span::styled(text, t.heading(h.level.max(2))))
        })
        .collect();
    let border = if r.focus == Focus::Toc {
        t.border_focus
    } else {
        t.border
    };
    let block = Block::bordered()
        .border_style(border)
        .title(Span::styled(" Contents ", t.title));
    let mut state = ListState::default().with_selected(Some(r.toc_selected));
    frame.render_stateful_widget(
        List::new(items).block(block).highlight_style(t.selected),
        area,
        &mut state,
    );
}

/// Line `i` with the search matches on it restyled.
fn marked(i: usize, line: &Line<'static>, r: &Reader, t: &Theme) -> Line<'static> {
    let m = &r.search.matches;
    let first = m.partition_point(|x| x.0 < i);
    let here: Vec<(usize, usize, bool)> = m[first..]
        .iter()
        .enumerate()
        .take_while(|(_, x)| x.0 == i)
        .map(|(k, x)| (x.1, x.2, first + k == r.search.current))
        .collect();
    if here.is_empty() {
        return line.clone();
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut at = 0usize;
    for span in &line.spans {
        let mut piece = String::new();
        let mut piece_style: Option<Style> = None;
        for c in span.content.chars() {
            let hit = here.iter().find(|(a, b, _)| (*a..*b).contains(&at));
            let style = match hit {
                Some((.., true)) => span.style.patch(t.matched_current),
                Some(_) => span.style.patch(t.matched),
                None => span.style,
            };
            if piece_style.is_some_and(|s| s != style) {
                spans.push(Span::styled(
                    std::mem::take(&mut piece),
                    piece_style.unwrap_or(style),
                ));
            }
            piece_style = Some(style);
            piece.push(c);
            at += 1;
        }
        if !piece.is_empty() {
            spans.push(Span::styled(piece, piece_style.unwrap_or(span.style)));
        }
    }
    Line::from(spans)
}

/// The footer while searching, or at the end of the lesson.
pub fn footer(r: &Reader, app: &App) -> Option<Line<'static>> {
    let t = &app.theme;
    if r.search.editing || !r.search.query.is_empty() {
        let count = match r.search.matches.len() {
            0 if r.search.query.is_empty() => String::new(),
            0 => "  no match".to_string(),
            n => format!("  {} of {n}", r.search.current + 1),
        };
        let cursor = if r.search.editing { "▏" } else { "" };
        let help = if r.search.editing {
            "  Enter keep · Esc cancel"
        } else {
            "  n N next, previous · Esc clear"
        };
        return Some(Line::from(vec![
            Span::styled(" /", t.key),
            Span::styled(
                format!("{}{cursor}", sanitize::line(&r.search.query)),
                t.text,
            ),
            Span::styled(count, t.dim),
            Span::styled(help, t.dim),
        ]));
    }
    if r.at_end() {
        let quiz = r.quiz.map(|q| app.course.quizzes[q].quiz.title.as_str());
        let text = match quiz {
            Some(title) => format!(
                " End of the lesson · Enter takes the quiz “{}”",
                sanitize::line(title)
            ),
            None => " End of the lesson · Esc back to the course map".to_string(),
        };
        return Some(Line::from(Span::styled(text, t.correct)));
    }
    None
}
