//! Fenced code in a lesson: Python coloured by `highlight`, long lines cut and continued
//! indented, the block's background to the full width, the label that says whether `r` runs it,
//! and the run's output under it.

use super::{BlockPos, Code, Output, Renderer};
use crate::tui::highlight;
use crate::tui::runner::Part;
use crate::tui::sanitize;
use crate::tui::wrap::{self, Frag};
use ratatui::style::Style;

impl Renderer<'_> {
    pub(super) fn code_block(&mut self, code: Code) {
        let text = code.text.strip_suffix('\n').unwrap_or(&code.text);
        let bg = self.theme.code_block;
        let room = self.room();
        let first = self.doc.lines.len();
        let index = self.python;
        let runnable = code.python && self.blocks.runnable.get(index).copied().unwrap_or(false);
        if code.python {
            self.python += 1;
            let label = if runnable {
                "python · r runs it"
            } else {
                "python · shown only"
            };
            self.emit(vec![(label.to_string(), self.theme.dim)]);
        }
        let lines: Vec<Vec<Frag>> = if code.python {
            highlight::python_lines(text, self.theme)
                .into_iter()
                .map(|l| {
                    l.spans
                        .into_iter()
                        .map(|s| (s.content.into_owned(), bg.patch(s.style)))
                        .collect()
                })
                .collect()
        } else {
            text.split('\n')
                .map(|l| vec![(sanitize::line(l), bg.patch(self.theme.text))])
                .collect()
        };
        for line in lines {
            // Long code lines continue on the next row; the block's background fills the width.
            let cont = ("    ".to_string(), bg);
            for mut part in wrap::cut(&indent(line, bg), room, &cont) {
                let pad = room.saturating_sub(wrap::frags_width(&part));
                part.push((" ".repeat(pad), bg));
                self.emit(part);
            }
        }
        if code.python {
            self.output(index);
            self.doc.blocks.push(BlockPos {
                index,
                first,
                last: self.doc.lines.len().saturating_sub(1),
                runnable,
            });
        }
    }

    /// The output of block `index`, when it ran.
    fn output(&mut self, index: usize) {
        let t = self.theme;
        match self.blocks.outputs.get(index) {
            Some(Some(Output::Running)) => self.emit(vec![("⋯ running…".into(), t.dim)]),
            Some(Some(Output::Done(lines))) => {
                self.emit(vec![("↳ output".into(), t.dim)]);
                let room = self.room();
                for (part, text) in lines {
                    let style = match part {
                        Part::Stdout => t.text,
                        Part::Warning => t.warning,
                        Part::Error => t.error,
                        Part::Note => t.dim,
                    };
                    let frags = vec![(format!("  {}", sanitize::line(text)), style)];
                    for l in wrap::wrap(&frags, room) {
                        self.emit(l);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A code line indented by two columns, in the block's background.
fn indent(mut line: Vec<Frag>, bg: Style) -> Vec<Frag> {
    line.insert(0, ("  ".into(), bg));
    line
}
