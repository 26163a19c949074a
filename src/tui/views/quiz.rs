//! A quiz: the question pane (prompt, code, its run, the options) and, once answered, the
//! feedback pane (right or wrong, why the picked distractor is wrong with its catalog mistake,
//! the worked solution, the quick check, the question's common mistakes). Side by side from 120
//! columns, one above the other below that. At the end, the score.

use crate::content::quiz::{Kind, Question};
use crate::content::session::{self, Grade};
use crate::explain::catalog;
use crate::tui::app::App;
use crate::tui::highlight;
use crate::tui::markdown::{self, Blocks, Output};
use crate::tui::sanitize;
use crate::tui::screens::lesson::BlockRun;
use crate::tui::screens::quiz::{Pane, Phase, QuizScreen};
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, Frag};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use std::cell::Cell;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &QuizScreen) {
    let t = &app.theme;
    let quiz = &app.course.quizzes[s.quiz].quiz;
    let Some(i) = s.current() else {
        return draw_done(frame, area, app, s);
    };
    let q = &quiz.questions[i];
    let feedback = matches!(s.phase, Phase::Feedback { .. });
    let (qa, fa) = if !feedback {
        (area, None)
    } else if area.width >= 120 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(area);
        (a, Some(b))
    } else {
        let [a, b] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
        (a, Some(b))
    };
    let title = match &s.review {
        Some(turn) => format!(" {} ", sanitize::line(&turn.label)),
        None => format!(
            " Question {} of {}{} ",
            s.pos + 1,
            s.queue.len(),
            if s.retry { " · retry" } else { "" }
        ),
    };
    let inner = usize::from(qa.width.saturating_sub(2));
    let (lines, cursor, options) = question_lines(q, &s.orders[i], s, t, inner);
    // Keep the options in view: after an answer, from their first line; while asking, the
    // cursor's. PgUp/PgDn move from there.
    let rows = usize::from(qa.height.saturating_sub(2));
    let anchor = if feedback {
        options.saturating_sub(2)
    } else {
        (cursor + 2).saturating_sub(rows)
    };
    let scroll = Scroll {
        anchor,
        offset: s.scroll_question,
        range: &s.range_question,
    };
    pane(
        frame,
        qa,
        title,
        lines,
        scroll,
        s.focus == Pane::Question,
        t,
    );
    if let (Some(fa), Phase::Feedback { grade, picked }) = (fa, &s.phase) {
        let inner = usize::from(fa.width.saturating_sub(2));
        let lines = feedback_lines(q, &s.orders[i], grade, picked, t, inner);
        let title = if grade.correct {
            " ✓ Right "
        } else {
            " ✗ Not quite "
        };
        pane(
            frame,
            fa,
            title.to_string(),
            lines,
            Scroll {
                anchor: 0,
                offset: s.scroll_feedback,
                range: &s.range_feedback,
            },
            s.focus == Pane::Feedback,
            t,
        );
    }
}

/// Where a pane is scrolled: `offset` lines from `anchor`; `range` gets the offsets that keep
/// the pane within its text, for the screen's next PgUp/PgDn.
struct Scroll<'a> {
    anchor: usize,
    offset: i32,
    range: &'a Cell<(i32, i32)>,
}

/// A bordered pane of pre-wrapped lines, scrolled (and the scroll kept within the text).
fn pane(
    frame: &mut Frame,
    area: Rect,
    title: String,
    lines: Vec<Line<'static>>,
    scroll: Scroll,
    focus: bool,
    t: &Theme,
) {
    let rows = area.height.saturating_sub(2);
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(rows);
    let anchor = i32::try_from(scroll.anchor).unwrap_or(i32::MAX);
    scroll
        .range
        .set((-anchor, i32::from(max).saturating_sub(anchor)));
    let top = anchor
        .saturating_add(scroll.offset)
        .clamp(0, i32::from(max));
    let border = if focus { t.border_focus } else { t.border };
    let more = if max > 0 { " PgUp PgDn scroll " } else { "" };
    let block = Block::bordered()
        .border_style(border)
        .title(Span::styled(title, t.title))
        .title_bottom(Span::styled(more, t.dim));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(top).unwrap_or(0), 0)),
        area,
    );
}

/// Markdown text as lines of `width`.
fn md(text: &str, width: usize, t: &Theme) -> Vec<Line<'static>> {
    markdown::render(text, width as u16, t, Blocks::default()).lines
}

/// Code with colour, on the code background, plus its run when there is one.
fn code_lines(code: &str, run: Option<&BlockRun>, t: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for l in highlight::python_lines(code.trim_end(), t) {
        let frags: Vec<Frag> = std::iter::once(("  ".to_string(), t.code_block))
            .chain(
                l.spans
                    .into_iter()
                    .map(|s| (s.content.into_owned(), t.code_block.patch(s.style))),
            )
            .collect();
        for part in wrap::wrap(&frags, width) {
            out.push(Line::from(wrap::spans(part)));
        }
    }
    let output = match run {
        Some(BlockRun::Running(_)) => Some(Output::Running),
        Some(BlockRun::Done(o)) => Some(Output::Done(o.lines())),
        None => None,
    };
    match output {
        Some(Output::Running) => out.push(Line::from(Span::styled("⋯ running…", t.dim))),
        Some(Output::Done(lines)) => {
            out.push(Line::from(Span::styled(
                "↳ output (real, from the engine)",
                t.dim,
            )));
            for (part, text) in lines {
                let style = match part {
                    crate::tui::runner::Part::Stdout => t.text,
                    crate::tui::runner::Part::Warning => t.warning,
                    crate::tui::runner::Part::Error => t.error,
                    crate::tui::runner::Part::Note => t.dim,
                };
                let frags = vec![(format!("  {}", sanitize::line(&text)), style)];
                out.extend(
                    wrap::wrap(&frags, width)
                        .into_iter()
                        .map(|l| Line::from(wrap::spans(l))),
                );
            }
        }
        None => out.push(Line::from(Span::styled("r runs this code", t.dim))),
    }
    out
}

/// The question pane's lines, the line of the option under the cursor and the line where
/// the options start (the pane scrolls to keep them in view).
fn question_lines(
    q: &Question,
    order: &[usize],
    s: &QuizScreen,
    t: &Theme,
    width: usize,
) -> (Vec<Line<'static>>, usize, usize) {
    let mut out = md(&q.prompt, width, t);
    if let Some(code) = &q.code {
        out.push(Line::default());
        out.extend(code_lines(&code.value, s.run.as_ref(), t, width));
    }
    out.push(Line::default());
    if q.kind.value == Kind::Exercise {
        out.push(Line::from(Span::styled(
            "An exercise: Enter opens it (the starter code and hints); n goes on to the next question.",
            t.strong,
        )));
        let n = out.len();
        return (out, n, n);
    }
    let how = match q.kind.value {
        Kind::Multi => "All that apply: Space or the letter toggles, Enter submits.",
        _ => "One answer: its letter, or ↑ ↓ and Enter.",
    };
    out.push(Line::from(Span::styled(how, t.dim)));
    let options_start = out.len();
    let mut cursor_line = out.len();
    let answered = match &s.phase {
        Phase::Feedback { picked, .. } => Some(picked),
        _ => None,
    };
    for (pos, &o) in order.iter().enumerate() {
        let option = &q.options[o];
        let on = s.toggled.get(pos).copied().unwrap_or(false);
        let mark = match (q.kind.value, answered) {
            (_, Some(p)) if option.correct => {
                if p.contains(&o) {
                    "✓"
                } else {
                    "→"
                }
            }
            (_, Some(p)) if p.contains(&o) => "✗",
            (_, Some(_)) => " ",
            (Kind::Multi, None) => {
                if on {
                    "▣"
                } else {
                    "☐"
                }
            }
            _ => {
                if on {
                    "●"
                } else {
                    "○"
                }
            }
        };
        let style = match answered {
            Some(_) if option.correct => t.correct,
            Some(p) if p.contains(&o) => t.wrong,
            _ if pos == s.cursor => t.selected,
            _ => t.text,
        };
        let head = format!(" {mark} {}) ", session::letter(pos));
        if pos == s.cursor && answered.is_none() {
            cursor_line = out.len();
        }
        out.extend(labelled(&head, &option.text.value, style, width, t));
    }
    (out, cursor_line, options_start)
}

/// An option: `head` then its Markdown text wrapped after it, all on `style`.
fn labelled(head: &str, text: &str, style: Style, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let indent = " ".repeat(wrap::width(head));
    let room = width.saturating_sub(indent.len()).max(10);
    md(text, room, t)
        .into_iter()
        .enumerate()
        .map(|(k, l)| {
            let lead = if k == 0 {
                head.to_string()
            } else {
                indent.clone()
            };
            let mut spans = vec![Span::styled(lead, style)];
            spans.extend(
                l.spans
                    .into_iter()
                    .map(|s| Span::styled(s.content, style.patch(s.style))),
            );
            Line::from(spans)
        })
        .collect()
}

/// The feedback on an answer, as in `quiz --plain`.
fn feedback_lines(
    q: &Question,
    order: &[usize],
    g: &Grade,
    picked: &[usize],
    t: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let label = |o: usize| {
        let pos = order.iter().position(|&x| x == o).unwrap_or(0);
        format!("{})", session::letter(pos))
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    let para = |out: &mut Vec<Line<'static>>, text: &str, style: Style| {
        for l in wrap::wrap(&[(sanitize::line(text), style)], width) {
            out.push(Line::from(wrap::spans(l)));
        }
    };
    if g.correct {
        para(&mut out, "Right.", t.correct);
    } else {
        para(&mut out, "Not quite. The answer:", t.wrong);
        for o in (0..q.options.len()).filter(|&o| q.options[o].correct) {
            let head = format!("  {} ", label(o));
            out.extend(labelled(
                &head,
                &q.options[o].text.value,
                t.strong,
                width,
                t,
            ));
        }
    }
    for &o in picked.iter().filter(|o| g.wrong.contains(o)) {
        let option = &q.options[o];
        if let Some(why) = &option.why {
            out.push(Line::default());
            para(&mut out, &format!("Why not {}", label(o)), t.h3);
            out.extend(md(why, width, t));
        }
        if let Some(entry) = option.mistake.as_ref().and_then(|m| catalog::get(&m.value)) {
            out.push(Line::default());
            para(
                &mut out,
                &format!("Common mistake: {}", entry.title),
                t.warning,
            );
            out.extend(md(&entry.explanation, width, t));
        }
    }
    if !q.solution.is_empty() {
        out.push(Line::default());
        para(&mut out, "Worked solution", t.h3);
        for (k, step) in q.solution.iter().enumerate() {
            para(&mut out, &format!("{}. {}", k + 1, step.title), t.strong);
            out.extend(md(&step.text, width, t));
        }
    }
    if let Some(check) = &q.quick_check {
        out.push(Line::default());
        para(&mut out, "Quick check", t.h3);
        out.extend(md(check, width, t));
    }
    if !q.mistakes.is_empty() {
        out.push(Line::default());
        para(&mut out, "Common mistakes here", t.h3);
        for m in &q.mistakes {
            match catalog::get(&m.value) {
                Some(e) => para(&mut out, &format!("• {}", e.title), t.text),
                None => para(&mut out, &format!("• {}", m.value), t.text),
            }
        }
    }
    if q.code.is_some() {
        out.push(Line::default());
        para(
            &mut out,
            "r runs the code: its real output proves the answer.",
            t.dim,
        );
    }
    out.push(Line::default());
    para(&mut out, "Enter: next question", t.key);
    out
}

fn draw_done(frame: &mut Frame, area: Rect, app: &App, s: &QuizScreen) {
    let t = &app.theme;
    let quiz = &app.course.quizzes[s.quiz].quiz;
    let score = s.score();
    let mut lines = vec![
        Line::from(Span::styled(
            format!("Score: {} of {} right", score.right, score.total),
            if score.right == score.total {
                t.correct
            } else {
                t.strong
            },
        )),
        Line::default(),
    ];
    for (i, q) in quiz.questions.iter().enumerate() {
        let (mark, style) = match s.results.get(i).copied().flatten() {
            Some(true) => ("✓", t.correct),
            Some(false) => ("✗", t.wrong),
            None => ("–", t.dim),
        };
        let first = q.prompt.lines().next().unwrap_or("");
        let text = crate::tui::wrap::fit(
            &format!(" {mark} {}. {}", i + 1, sanitize::line(first)),
            usize::from(area.width.saturating_sub(2)),
        );
        lines.push(Line::from(Span::styled(text, style)));
    }
    lines.push(Line::default());
    let missed = s.missed().len();
    let next = if missed > 0 {
        format!("R: retry the {missed} missed · Enter or Esc: back")
    } else {
        "All right. Enter or Esc: back".to_string()
    };
    lines.push(Line::from(Span::styled(next, t.key)));
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(
            format!(" {} · done ", sanitize::line(&quiz.title)),
            t.title,
        ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
