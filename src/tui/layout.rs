//! The geometry shared by the state (which lays text out for a width) and the views (which
//! draw into the same rectangles): the frame's header, body and footer, and the reader's panes.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the app draws in; below it, a message asks for a bigger one.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Columns of the reader's table of contents.
pub const TOC_WIDTH: u16 = 30;

/// Whether `area` is big enough to draw the app.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

/// (header, body, footer) of the screen.
pub fn frame(area: Rect) -> (Rect, Rect, Rect) {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    (header, body, footer)
}

/// The reader's panes in `body`: (text, scrollbar column, table of contents if open).
pub fn reader(body: Rect, toc_open: bool) -> (Rect, Rect, Option<Rect>) {
    let (main, toc) = if toc_open {
        let [toc, main] =
            Layout::horizontal([Constraint::Length(TOC_WIDTH), Constraint::Min(1)]).areas(body);
        (main, Some(toc))
    } else {
        (body, None)
    };
    // One column of margin on the left, the scrollbar on the right.
    let [_, text, bar] = Layout::horizontal([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(main);
    (text, bar, toc)
}
