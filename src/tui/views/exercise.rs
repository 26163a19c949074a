//! The exercise screen until the playground takes it over: prompt, the starter (coloured),
//! the hints shown so far, and how to get an attempt graded.

use crate::tui::app::App;
use crate::tui::highlight;
use crate::tui::markdown::{self, Blocks};
use crate::tui::sanitize;
use crate::tui::screens::exercise::Exercise;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, x: &Exercise) {
    let t = &app.theme;
    let q = &app.course.quizzes[x.quiz].quiz.questions[x.question];
    let width = area.width.saturating_sub(2);
    let mut lines = markdown::render(&q.prompt, width, t, Blocks::default()).lines;
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Starter code", t.h3)));
    for l in highlight::python_lines(x.code.trim_end(), t) {
        let mut spans = vec![Span::styled("  ", t.code_block)];
        spans.extend(
            l.spans
                .into_iter()
                .map(|s| Span::styled(s.content, t.code_block.patch(s.style))),
        );
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    for (k, hint) in q.hints.iter().take(x.hints).enumerate() {
        lines.push(Line::from(Span::styled(
            format!("Hint {}", k + 1),
            t.strong,
        )));
        lines.extend(markdown::render(hint, width, t, Blocks::default()).lines);
    }
    if x.hints < q.hints.len() {
        lines.push(Line::from(Span::styled(
            format!("h shows a hint ({} of {} shown)", x.hints, q.hints.len()),
            t.dim,
        )));
    }
    lines.push(Line::default());
    let how = [
        "Solve it in the playground screen when it lands; until then, from a shell:".to_string(),
        format!(
            "  lrtutor quiz {} --plain      (paste your code at this question)",
            sanitize::line(&x.quiz_id)
        ),
        "  lrtutor run attempt.py --against reference.py   (with a reference of your own)"
            .to_string(),
    ];
    for h in how {
        lines.push(Line::from(Span::styled(h, t.dim)));
    }
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(
            format!(" Exercise {} ", sanitize::line(&x.question_id)),
            t.title,
        ));
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(area.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((x.scroll.min(max), 0)),
        area,
    );
}
