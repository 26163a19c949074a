//! Markdown tables: columns fitted to the width (`wrap::column_widths`), cells wrapped inside
//! them, box-drawing borders, the header row in bold.

use super::{Renderer, Table};
use crate::tui::wrap::{self, Frag};
use ratatui::style::{Modifier, Style};

impl Renderer<'_> {
    pub(super) fn table_lines(&mut self, t: &Table) {
        let natural: Vec<Vec<usize>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| wrap::frags_width(c)).collect())
            .collect();
        let widths = wrap::column_widths(&natural, self.room());
        if widths.is_empty() {
            return;
        }
        let b = self.theme.border;
        let rule = |l: &str, m: &str, r: &str| -> Vec<Frag> {
            let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            vec![(format!("{l}{}{r}", inner.join(m)), b)]
        };
        self.emit(rule("┌", "┬", "┐"));
        for (i, row) in t.rows.iter().enumerate() {
            if i == t.head && i > 0 {
                self.emit(rule("├", "┼", "┤"));
            }
            let strong = i < t.head;
            let cells: Vec<Vec<Vec<Frag>>> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let mut cell = row.get(c).cloned().unwrap_or_default();
                    if strong {
                        for f in &mut cell {
                            f.1 = f.1.add_modifier(Modifier::BOLD);
                        }
                    }
                    wrap::wrap(&cell, *w)
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let mut line: Vec<Frag> = vec![("│".into(), b)];
                for (c, w) in widths.iter().enumerate() {
                    let part = cells[c].get(k).cloned().unwrap_or_default();
                    let pad = w.saturating_sub(wrap::frags_width(&part));
                    line.push((" ".into(), Style::new()));
                    line.extend(part);
                    line.push((" ".repeat(pad + 1), Style::new()));
                    line.push(("│".into(), b));
                }
                self.emit(line);
            }
        }
        self.emit(rule("└", "┴", "┘"));
    }
}
