//! The playground and exercise screen: the editor (coloured from Ruff's tokens, line numbers,
//! the error's line marked), the exercise (verdict, prompt, hints, reference), the output, the
//! explained mistakes and the learning-rate chart. Drawing only; the editor's scroll position
//! is kept in `Cell`s of the state so the cursor stays in sight.

use crate::explain::compare::{self, At, Mismatch};
use crate::tui::app::App;
use crate::tui::chart::LrChart;
use crate::tui::highlight;
use crate::tui::markdown::{self, Blocks};
use crate::tui::runner::Part;
use crate::tui::sanitize;
use crate::tui::screens::playground::{Focus, Playground, RunState};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthChar;

/// The panes of the screen in `body`.
struct Panes {
    task: Option<Rect>,
    editor: Rect,
    chart: Rect,
    output: Rect,
    mistakes: Rect,
}

fn panes(body: Rect, exercise: bool) -> Panes {
    let wide = body.width >= 120;
    let left_share = if wide { 55 } else { 58 };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(left_share), Constraint::Min(20)]).areas(body);
    let (task, editor) = if exercise {
        let h = if wide { left.height * 2 / 5 } else { 8 };
        let [t, e] = Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(left);
        (Some(t), e)
    } else {
        (None, left)
    };
    let chart_h = if wide { right.height * 9 / 20 } else { 8 };
    let rest = right.height.saturating_sub(chart_h);
    let [chart, output, mistakes] = Layout::vertical([
        Constraint::Length(chart_h),
        Constraint::Length(rest * 2 / 5),
        Constraint::Fill(1),
    ])
    .areas(right);
    Panes {
        task,
        editor,
        chart,
        output,
        mistakes,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let panes = panes(area, p.task.is_some());
    if let Some(t) = panes.task {
        draw_task(frame, t, app, p);
    }
    draw_editor(frame, panes.editor, app, p);
    draw_chart(frame, panes.chart, app, p);
    draw_output(frame, panes.output, app, p);
    draw_mistakes(frame, panes.mistakes, app, p);
}

/// A pane's frame: its title, the focus colour when it has the focus.
fn pane<'a>(title: String, focused: bool, t: &Theme) -> Block<'a> {
    let border = if focused { t.border_focus } else { t.border };
    Block::bordered()
        .border_style(border)
        .title(Span::styled(title, t.title))
}

fn draw_editor(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let t = &app.theme;
    let focused = p.focus == Focus::Editor;
    let lines = p.editor.lines();
    let (row, col) = p.editor.cursor();
    let title = format!(" Code · line {}/{} ", row + 1, lines.len());
    let block = pane(title, focused, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height.max(1));
    p.rows.set(height);
    let gutter = lines.len().to_string().len().max(2) + 2;
    let width = usize::from(inner.width).saturating_sub(gutter).max(1);
    // Scroll just enough to keep the cursor in the window.
    let mut top = p.top.get();
    top = top.min(row).max((row + 1).saturating_sub(height));
    p.top.set(top);
    let mut left = p.left.get();
    left = left.min(col).max((col + 1).saturating_sub(width));
    p.left.set(left);
    let coloured = coloured(p, lines, top + height, t);
    let error = p.error_line().map(|l| l as usize);
    let marked: Vec<usize> = p
        .mistakes()
        .iter()
        .filter_map(|m| m.line.map(|l| l as usize))
        .collect();
    let selection = p.editor.selection();
    let mut out = Vec::with_capacity(height);
    for (i, line) in coloured.iter().enumerate().skip(top).take(height) {
        let n = i + 1;
        let (mark, style) = if error == Some(n) {
            ("▶", t.error.add_modifier(Modifier::BOLD))
        } else if marked.contains(&n) {
            ("!", t.warning)
        } else {
            (" ", t.dim)
        };
        let mut spans = vec![Span::styled(
            format!("{mark}{n:>w$} ", w = gutter - 2),
            style,
        )];
        let base = if error == Some(n) {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        };
        spans.extend(visible(line, i, left, width, base, selection, t.selected));
        out.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(out), inner);
    if focused {
        let prefix: usize = lines
            .get(row)
            .map(|l| {
                l.chars()
                    .skip(left)
                    .take(col - left)
                    .map(|c| c.width().unwrap_or(0))
                    .sum()
            })
            .unwrap_or(0);
        let x = inner.x + u16::try_from(gutter + prefix).unwrap_or(0);
        let y = inner.y + u16::try_from(row - top).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
}

/// The coloured lines down to row `bottom` (the tokens of a line depend only on the text
/// before it, so the rows below the window need no lexing). Kept between frames while the
/// text is the same (cursor moves, scrolling, the spinner).
fn coloured(p: &Playground, lines: &[String], bottom: usize, t: &Theme) -> Vec<Line<'static>> {
    use std::hash::{Hash, Hasher};
    let upto = &lines[..bottom.min(lines.len())];
    let mut h = std::collections::hash_map::DefaultHasher::new();
    upto.hash(&mut h);
    let key = h.finish();
    let mut cache = p.colours.borrow_mut();
    if let Some((k, c)) = cache.as_ref()
        && *k == key
    {
        return c.clone();
    }
    let c = highlight::python_lines(&upto.join("\n"), t);
    *cache = Some((key, c.clone()));
    c
}

/// The part of coloured line `row` from column `left` on, `width` characters wide, with the
/// selection and `base` laid over the colours.
fn visible(
    line: &Line<'static>,
    row: usize,
    left: usize,
    width: usize,
    base: Style,
    selection: Option<((usize, usize), (usize, usize))>,
    selected: Style,
) -> Vec<Span<'static>> {
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let picked = |c: usize| selection.is_some_and(|(a, b)| (row, c) >= a && (row, c) < b);
    let mut out: Vec<Span<'static>> = Vec::new();
    for (c, (ch, style)) in cells.into_iter().enumerate().skip(left).take(width) {
        let mut style = style.patch(base);
        if picked(c) {
            style = style.patch(selected);
        }
        match out.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(ch),
            _ => out.push(Span::styled(ch.to_string(), style)),
        }
    }
    out
}

fn draw_output(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let t = &app.theme;
    let (title, lines) = match &p.run {
        RunState::Idle => (
            " Output ".to_string(),
            vec![Line::from(Span::styled(
                "Ctrl-R or F5 runs the code",
                t.dim,
            ))],
        ),
        RunState::Running(_) => (
            " Output · running… ".to_string(),
            vec![Line::from(Span::styled("running…", t.warning))],
        ),
        RunState::Ran(o) => {
            let title = match &o.result.error {
                Some(e) if e.kind == "TimeoutError" => " Output · step limit reached ".to_string(),
                Some(e) => format!(
                    " Output · {}{} ",
                    sanitize::line(&e.kind),
                    e.line.map(|l| format!(" on line {l}")).unwrap_or_default()
                ),
                None => " Output · ran ".to_string(),
            };
            let lines = o
                .lines()
                .into_iter()
                .map(|(part, text)| {
                    let style = match part {
                        Part::Stdout => t.text,
                        Part::Warning => t.warning,
                        Part::Error => t.error,
                        Part::Note => t.dim,
                    };
                    Line::from(Span::styled(sanitize::line(&text), style))
                })
                .collect();
            (title, lines)
        }
    };
    let block = pane(title, p.focus == Focus::Output, t);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((p.output_scroll, 0)),
        area,
    );
}

fn draw_mistakes(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let t = &app.theme;
    let ms = p.mistakes();
    let focused = p.focus == Focus::Mistakes;
    let title = match ms.len() {
        0 => " Mistakes ".to_string(),
        n => format!(" Mistakes ({n}) · Enter: go to line · l: lesson "),
    };
    let block = pane(title, focused, t);
    let width = block.inner(area).width;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if ms.is_empty() {
        let msg = if p.outcome().is_some() {
            "no known mistake found in this run"
        } else {
            "explained mistakes appear here after a run"
        };
        lines.push(Line::from(Span::styled(msg, t.dim)));
    }
    // Every title first (so none is hidden in a short pane), then the selected one in full.
    let chosen = p.selected.min(ms.len().saturating_sub(1));
    for (i, m) in ms.iter().enumerate() {
        let on = i == chosen;
        let at = m.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        let style = if on && focused { t.selected } else { t.strong };
        lines.push(Line::from(vec![
            Span::styled(if on { "▸ " } else { "  " }, style),
            Span::styled(format!("{at}{}", sanitize::line(&m.title)), style),
        ]));
    }
    if let Some(m) = ms.get(chosen) {
        lines.push(Line::default());
        lines.extend(details(m, width, t));
    }
    let scroll = p.mistakes_scroll;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The selected mistake's explanation, fix and lesson.
fn details(m: &crate::explain::Mistake, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let mut out = markdown::render(&m.explanation, width, t, Blocks::default()).lines;
    if let Some(fix) = &m.fix {
        out.push(Line::from(Span::styled("Fix:", t.strong)));
        out.extend(
            highlight::python_lines(fix.trim_end(), t)
                .into_iter()
                .map(|l| {
                    let mut spans = vec![Span::raw("  ")];
                    spans.extend(l.spans);
                    Line::from(spans)
                }),
        );
    }
    if let Some(lesson) = crate::explain::catalog::get(m.id).and_then(|e| e.lesson.as_ref()) {
        out.push(Line::from(Span::styled(
            format!("Lesson: {} (l opens it)", sanitize::line(lesson)),
            t.link,
        )));
    }
    out
}

fn draw_task(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let t = &app.theme;
    let Some(task) = &p.task else { return };
    let block = pane(
        format!(" Exercise {} ", sanitize::line(&task.question_id)),
        p.focus == Focus::Task,
        t,
    );
    let width = block.inner(area).width;
    let mut lines = verdict(p, t);
    lines.extend(markdown::render(&task.prompt, width, t, Blocks::default()).lines);
    for (k, hint) in task.hints.iter().take(task.shown).enumerate() {
        lines.push(Line::from(Span::styled(
            format!("Hint {}", k + 1),
            t.strong,
        )));
        lines.extend(markdown::render(hint, width, t, Blocks::default()).lines);
    }
    let left = task.hints.len() - task.shown;
    if left > 0 {
        lines.push(Line::from(Span::styled(
            format!("h: a hint ({} of {} shown)", task.shown, task.hints.len()),
            t.dim,
        )));
    }
    match (&task.reference, task.show_reference) {
        (Some(r), true) => {
            lines.push(Line::from(Span::styled("Reference solution", t.strong)));
            lines.extend(highlight::python_lines(r.trim_end(), t));
        }
        (Some(_), false) if task.may_show_reference() => lines.push(Line::from(Span::styled(
            "a: show the reference solution",
            t.dim,
        ))),
        _ => {}
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The exercise's verdict: solved, or what differs and where it first does.
fn verdict(p: &Playground, t: &Theme) -> Vec<Line<'static>> {
    let Some(task) = &p.task else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match task.last.as_deref() {
        Some(c) if c.passed() => out.push(Line::from(Span::styled(
            format!(
                "✓ solved: the learning rate matches the target in all {} epochs",
                c.grade.as_ref().map_or(0, |g| g.epochs)
            ),
            t.correct.add_modifier(Modifier::BOLD),
        ))),
        Some(c) => match &c.grade {
            Err(e) => out.push(Line::from(Span::styled(sanitize::line(e), t.error))),
            Ok(g) => {
                for (i, class) in g.classes.iter().enumerate() {
                    let lead = if i == 0 { "✗ " } else { "  and " };
                    out.push(Line::from(Span::styled(
                        format!("{lead}{}", class.difference.describe()),
                        t.wrong.add_modifier(Modifier::BOLD),
                    )));
                    out.push(Line::from(Span::styled(
                        format!("  {}", sanitize::line(&class.detail)),
                        t.text,
                    )));
                }
                // A run that stopped has no rates past its error (a syntax error none at
                // all): the error says it, as `run --against` does.
                let error = c.outcome.result.error.as_ref();
                let broken = error.is_some_and(|e| {
                    matches!(
                        e.kind.as_str(),
                        "SyntaxError" | "IndentationError" | "TabError"
                    )
                });
                let shown = g
                    .first
                    .as_ref()
                    .filter(|m| !(broken || error.is_some() && m.got.is_none()));
                if let Some(m) = shown {
                    out.push(Line::from(Span::styled(
                        first_difference_text(m),
                        t.warning,
                    )));
                }
            }
        },
        None if task.solved => out.push(Line::from(Span::styled(
            "✓ solved before; Ctrl-R checks again",
            t.correct,
        ))),
        None => out.push(Line::from(Span::styled(
            "Ctrl-R checks your code against the reference",
            t.dim,
        ))),
    }
    out
}

/// The chart of the last run (`chart::LrChart`), with the reference's curve after a check.
fn draw_chart(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let t = &app.theme;
    let block = pane(" Learning rate ".into(), false, t);
    match &p.chart {
        Some(model) => frame.render_widget(LrChart::new(model, t).block(block), area),
        None => frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                "the learning rate per step appears here after a run",
                t.dim,
            )))
            .block(block)
            .wrap(Wrap { trim: false }),
            area,
        ),
    }
}

/// Where the two runs first part, in words.
fn first_difference_text(m: &Mismatch) -> String {
    let v = |x: Option<f64>| x.map_or("—".into(), crate::engine::repr::float_repr);
    let at = match m.at {
        At::After(i) => compare::after_text(i),
        At::Used { epoch: Some(e), .. } => {
            format!("in epoch {e} (from 0), as optimizer.step() used it")
        }
        At::Used { step, .. } => format!("at optimizer.step() number {}", step + 1),
    };
    format!(
        "First difference {at}, group {}: yours {}, target {}",
        m.group,
        v(m.got),
        v(m.want)
    )
}

/// The footer: the run key first, then what leaves and moves; the keys that apply in the
/// focused pane (in the code `?` and `q` are letters, so help is `F1` and leaving is `Esc`).
pub fn footer(p: &Playground, t: &Theme) -> Line<'static> {
    let mut keys: Vec<(&str, &str)> = vec![("Ctrl-R/F5", "run"), ("F6", "pane")];
    if p.focus == Focus::Editor {
        keys.extend([("Esc", "back"), ("F1", "keys"), ("Ctrl-S", "save")]);
        keys.push(("Ctrl-G", "$EDITOR"));
    } else {
        keys.extend([("Esc", "code"), ("?", "keys"), ("q", "back")]);
    }
    match (p.task.is_some(), p.focus == Focus::Editor) {
        (true, true) => keys.push(("Alt-H", "hint")),
        (true, false) => keys.extend([("h", "hint"), ("a", "answer"), ("R", "reset")]),
        _ => {}
    }
    if p.focus == Focus::Mistakes {
        keys.extend([("Enter", "go to line"), ("l", "lesson")]);
    }
    let mut spans = Vec::new();
    for (k, what) in keys {
        spans.push(Span::styled(format!(" {k}"), t.key));
        spans.push(Span::styled(format!(" {what} "), t.dim));
    }
    Line::from(spans)
}
