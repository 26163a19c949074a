//! Drawing, and nothing else: each screen's view reads the [`App`] and draws into a frame.
//! Every string from the course or a run is sanitised before it reaches a span.

mod help;
mod home;
mod lesson;
mod playground;
mod quiz;
mod review;

use super::app::{App, Screen};
use super::layout;
use super::sanitize;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the whole app.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if !layout::fits(area) {
        too_small(frame, area, &app.theme);
        return;
    }
    let (header, body, footer) = layout::frame(area);
    draw_header(frame, header, app);
    match app.screen() {
        Screen::Home(h) => home::draw(frame, body, app, h),
        Screen::Lesson(r) => lesson::draw(frame, body, app, r),
        Screen::Quiz(q) => quiz::draw(frame, body, app, q),
        Screen::Playground(p) => playground::draw(frame, body, app, p),
        Screen::Review(r) => review::draw(frame, body, app, r),
    }
    draw_footer(frame, footer, app);
    if app.help {
        help::draw(frame, area, app);
    }
}

/// The message shown instead of the app in a window below the minimum size.
fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!(
        "lrtutor needs a terminal of at least {}×{}; this one is {}×{}. Make the window bigger (q quits).",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.warning)).wrap(Wrap { trim: true }),
        area,
    );
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut left = vec![Span::styled(" lrtutor ", t.title)];
    let place = match app.screen() {
        Screen::Home(_) => "course map".to_string(),
        Screen::Lesson(r) => format!("lesson · {}", sanitize::line(&r.title)),
        Screen::Quiz(q) => format!("quiz · {}", sanitize::line(&q.title)),
        Screen::Playground(p) => sanitize::line(&p.title()),
        Screen::Review(_) => "review".to_string(),
    };
    left.push(Span::styled(format!("· {place}"), t.text));
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    if app.running > 0 {
        const SPIN: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];
        let s = format!("{} running… ", SPIN[(app.ticks % 4) as usize]);
        frame.render_widget(
            Paragraph::new(Span::styled(s, t.warning)).alignment(Alignment::Right),
            area,
        );
    }
}

fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let line = if let Some(msg) = &app.status {
        Line::from(Span::styled(format!(" {}", sanitize::line(msg)), t.warning))
    } else if let Some(l) = screen_footer(app) {
        l
    } else {
        let leave = if app.stack().len() == 1 {
            ("q", "quit")
        } else {
            ("Esc", "back")
        };
        hints(app.screen().keys(), leave, t)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A screen's own footer (the reader's search box, the end of a lesson).
fn screen_footer(app: &App) -> Option<Line<'static>> {
    match app.screen() {
        Screen::Lesson(r) => lesson::footer(r, app),
        Screen::Playground(p) => Some(playground::footer(p, &app.theme)),
        Screen::Review(r) => review::footer(r, &app.theme),
        _ => None,
    }
}

/// The footer's key hints: `?`, how to leave, then the screen's first keys (the line is cut at
/// the window's edge, so the first ones always show).
fn hints(keys: &[(&str, &str)], leave: (&str, &str), t: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let first = [("?", "keys"), leave];
    for (k, what) in first.iter().chain(keys.iter().take(3)) {
        spans.push(Span::styled(format!(" {k}"), t.key));
        spans.push(Span::styled(format!(" {what} "), t.dim));
    }
    Line::from(spans)
}
