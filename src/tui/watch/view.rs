//! Drawing the watch screen: a header (file, run number, state, keys), the verdict under
//! `--against`, a pane with the run's output and its explained mistakes, and the LR chart —
//! side by side from 120 columns, stacked below that.

use super::{Against, Report, Screen};
use crate::explain::Mistake;
use crate::tui::chart::LrChart;
use crate::tui::markdown::{self, Blocks};
use crate::tui::runner::Part;
use crate::tui::sanitize;
use crate::tui::theme::Theme;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Width from which the text and the chart sit side by side.
const WIDE: u16 = 120;

pub fn draw(frame: &mut Frame, s: &Screen, t: &Theme) {
    let area = frame.area();
    let verdict = s.report.as_ref().map(|r| verdict(r, t)).unwrap_or_default();
    let [head, verdict_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(verdict.len() as u16),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header(s, t)), head);
    frame.render_widget(Paragraph::new(verdict), verdict_area);
    let Some(report) = &s.report else {
        frame.render_widget(
            Paragraph::new(Line::styled("Running for the first time…", t.dim)),
            body,
        );
        return;
    };
    let wide = body.width >= WIDE;
    let text_width = if wide { body.width * 2 / 5 } else { body.width };
    let output = output_lines(report, t, text_width.saturating_sub(2));
    let mistakes = report
        .outcome
        .as_ref()
        .map(|o| mistakes_lines(&o.mistakes, t, text_width.saturating_sub(2)))
        .unwrap_or_default();
    let inner = text_width.saturating_sub(2);
    let (out_h, mis_h) = (output.len() as u16, tall(&mistakes, inner));
    let (column, chart_area) = if wide {
        let [a, b] =
            Layout::horizontal([Constraint::Length(text_width), Constraint::Min(0)]).areas(body);
        (a, b)
    } else {
        // The text takes what it needs, up to 55% of the height; the chart the rest.
        let want = (out_h + 2 + if mis_h > 0 { mis_h + 2 } else { 0 }).min(body.height * 11 / 20);
        let [a, b] = Layout::vertical([Constraint::Length(want), Constraint::Min(0)]).areas(body);
        (a, b)
    };
    // Output above mistakes: the output as tall as it needs, up to 40% of the column when
    // there are mistakes to show.
    let out_want = if mis_h > 0 {
        (out_h + 2).min((column.height * 2 / 5).max(3))
    } else {
        column.height
    };
    let [out_area, mis_area] =
        Layout::vertical([Constraint::Length(out_want), Constraint::Min(0)]).areas(column);
    // The output shows its end (where the error is) unless scrolled back.
    let visible = out_area.height.saturating_sub(2);
    let top = out_h.saturating_sub(visible).saturating_sub(s.output_back);
    frame.render_widget(
        Paragraph::new(output)
            .scroll((top, 0))
            .block(pane(" Output ", t)),
        out_area,
    );
    if mis_area.height > 0 {
        let title = match report.outcome.as_ref().map_or(0, |o| o.mistakes.len()) {
            0 => " No mistakes found ".to_string(),
            n => format!(" Mistakes ({n}) "),
        };
        frame.render_widget(
            Paragraph::new(mistakes)
                .wrap(Wrap { trim: false })
                .scroll((s.scroll, 0))
                .block(pane(&title, t)),
            mis_area,
        );
    }
    let chart = LrChart::new(&report.chart, t).block(pane(" Learning rate ", t));
    frame.render_widget(chart, chart_area);
}

fn pane(title: &str, t: &Theme) -> Block<'static> {
    Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title.to_string(), t.title))
}

/// Rows `lines` take once wrapped to `width` columns.
fn tall(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// `lrtutor watch FILE · run N · state` and the keys.
fn header(s: &Screen, t: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("lrtutor watch ", t.title)];
    if let Some(r) = &s.report {
        spans.push(Span::styled(r.file.clone(), t.strong));
        spans.push(Span::styled(format!(" · run {}", r.number), t.dim));
        let (state, style) = match (&r.unreadable, &r.outcome) {
            (Some(_), _) => ("cannot read", t.error),
            (None, Some(o)) if o.result.error.is_some() => ("raised", t.error),
            (None, Some(o)) if !o.mistakes.is_empty() => ("ran, with mistakes", t.warning),
            _ => ("ran", t.correct),
        };
        spans.push(Span::styled(format!(" · {state}"), style));
    }
    if s.running {
        spans.push(Span::styled(" · running…", t.dim));
    }
    if let Some(trouble) = &s.trouble {
        spans.push(Span::styled(
            format!(" · watch: {}", sanitize::line(trouble)),
            t.warning,
        ));
    }
    spans.push(Span::styled("   q", t.key));
    spans.push(Span::styled(" quit  ", t.dim));
    spans.push(Span::styled("r", t.key));
    spans.push(Span::styled(" re-run  ", t.dim));
    spans.push(Span::styled("↑↓", t.key));
    spans.push(Span::styled(" mistakes  ", t.dim));
    spans.push(Span::styled("PgUp/PgDn", t.key));
    spans.push(Span::styled(" output", t.dim));
    Line::from(spans)
}

/// The grader's verdict under `--against`: a tick, or the most certain class and its detail.
fn verdict(r: &Report, t: &Theme) -> Vec<Line<'static>> {
    match &r.against {
        None => Vec::new(),
        Some(Against::Unusable(why)) => vec![Line::styled(
            format!("Cannot grade: {}", sanitize::line(why)),
            t.error,
        )],
        Some(Against::Graded(g)) => match g.classes.first() {
            None => vec![Line::styled(
                format!(
                    "✓ matches the reference: the same learning rate at every optimizer.step() and after each of {} epochs",
                    g.epochs
                ),
                t.correct,
            )],
            Some(c) => {
                let mut head = vec![
                    Span::styled("✗ ", t.wrong),
                    Span::styled(c.difference.describe(), t.wrong),
                ];
                if g.classes.len() > 1 {
                    let more = g.classes.len() - 1;
                    head.push(Span::styled(format!(" (and {more} more)"), t.dim));
                }
                vec![
                    Line::from(head),
                    Line::styled(format!("  {}", sanitize::line(&c.detail)), t.text),
                ]
            }
        },
    }
}

/// The output wrapped to `width` (so its height is known and its end can be shown): stdout,
/// the error (or why the file could not be read), and each warning on one row — the mistakes
/// pane explains them, and line mode prints them whole.
fn output_lines(r: &Report, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(8));
    let wrapped = |text: String, style| {
        wrap::wrap(&[(text, style)], width)
            .into_iter()
            .map(|l| Line::from(wrap::spans(l)))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    if let Some(why) = &r.unreadable {
        let text = format!("Cannot read {}: {}", r.file, sanitize::line(why));
        out.extend(wrapped(text, t.error));
        let still = "Still watching: the file runs again when it is saved.";
        out.extend(wrapped(still.into(), t.dim));
        return out;
    }
    let Some(o) = &r.outcome else {
        return out;
    };
    for (part, text) in o.lines() {
        let text = sanitize::line(&text);
        match part {
            Part::Warning => out.push(Line::styled(cut(&text, width), t.warning)),
            Part::Stdout => out.extend(wrapped(text, t.text)),
            Part::Error => out.extend(wrapped(text, t.error)),
            Part::Note => out.extend(wrapped(text, t.dim)),
        }
    }
    out
}

/// `s` in at most `width` columns, ending in `…` when cut.
fn cut(s: &str, width: usize) -> String {
    if wrap::width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if wrap::width(&out) + wrap::width(c.encode_utf8(&mut [0; 4])) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Each explained mistake: title, explanation, fix.
fn mistakes_lines(mistakes: &[Mistake], t: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (k, m) in mistakes.iter().enumerate() {
        if k > 0 {
            out.push(Line::default());
        }
        out.extend(mistake_lines(m, t, width));
    }
    out
}

fn mistake_lines(m: &Mistake, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let at = m.line.map_or(String::new(), |l| format!(" (line {l})"));
    let mut out = vec![Line::from(vec![
        Span::styled(format!("⚠ {}", sanitize::line(&m.title)), t.wrong),
        Span::styled(format!(" [{}]{at}", m.id), t.dim),
    ])];
    out.extend(markdown::render(&m.explanation, width, t, Blocks::default()).lines);
    if let Some(fix) = &m.fix {
        out.push(Line::styled("Fix:", t.strong));
        for l in crate::tui::highlight::python_lines(fix.trim_end(), t) {
            let mut spans = vec![Span::styled("  ", t.code_block)];
            spans.extend(l.spans);
            out.push(Line::from(spans));
        }
    }
    out
}
