//! A lesson's Markdown as styled, wrapped terminal lines (pulldown-cmark events → ratatui
//! `Line`s): headings, emphasis, strong, strikethrough, inline code, nested and ordered lists,
//! block quotes, tables (fitted to the width, cells wrapped), links (text, then the URL), rules,
//! and fenced code (Python coloured by `highlight`). The result, a [`Doc`], also says where the
//! headings and the Python blocks are, so the reader can jump to them and run them. It is
//! computed once per width and content change; drawing a frame only slices it.

use super::highlight;
use super::runner::Part;
use super::sanitize;
use super::theme::Theme;
use super::wrap::{self, Frag};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// A Python block's run, as shown under it.
#[derive(Debug, Clone)]
pub enum Output {
    Running,
    Done(Vec<(Part, String)>),
}

/// A heading of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its first line in [`Doc::lines`].
    pub line: usize,
    pub level: u8,
    pub text: String,
}

/// Where a Python block (the `index`-th of the lesson) was drawn, output included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockPos {
    pub index: usize,
    pub first: usize,
    pub last: usize,
    pub runnable: bool,
}

/// A rendered document.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
    pub blocks: Vec<BlockPos>,
}

/// What the renderer knows about the Python blocks, by their order in the lesson.
#[derive(Debug, Default, Clone, Copy)]
pub struct Blocks<'a> {
    /// Whether each block can run (`python norun` cannot).
    pub runnable: &'a [bool],
    pub outputs: &'a [Option<Output>],
}

/// Renders `md` for `width` columns.
pub fn render(md: &str, width: u16, theme: &Theme, blocks: Blocks) -> Doc {
    let mut r = Renderer {
        theme,
        width: usize::from(width).max(20),
        blocks,
        doc: Doc::default(),
        inline: Vec::new(),
        styles: Vec::new(),
        containers: Vec::new(),
        gap: false,
        code: None,
        table: None,
        links: Vec::new(),
        heading: None,
        python: 0,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(md, options) {
        r.event(event);
    }
    r.flush();
    r.doc
}

/// The matches of `query` (already lower-cased) in the document's lines, as (line, first char,
/// end char); case-insensitive.
pub fn find(doc: &Doc, query: &str) -> Vec<(usize, usize, usize)> {
    let q: Vec<char> = query.chars().map(fold).collect();
    let mut out = Vec::new();
    if q.is_empty() {
        return out;
    }
    for (i, line) in doc.lines.iter().enumerate() {
        let text: Vec<char> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars())
            .map(fold)
            .collect();
        let mut at = 0;
        while at + q.len() <= text.len() {
            if text[at..at + q.len()] == q[..] {
                out.push((i, at, at + q.len()));
                at += q.len();
            } else {
                at += 1;
            }
        }
    }
    out
}

/// Lower case, one char for one char (so match positions stay char positions).
fn fold(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

enum Container {
    Quote,
    List(Option<u64>),
    Item { marker: String, used: bool },
}

struct Code {
    python: bool,
    text: String,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<Vec<Frag>>>,
    head: usize,
    in_head: bool,
}

struct Renderer<'a> {
    theme: &'a Theme,
    width: usize,
    blocks: Blocks<'a>,
    doc: Doc,
    /// The paragraph (or heading, or cell) being collected.
    inline: Vec<Frag>,
    styles: Vec<Style>,
    containers: Vec<Container>,
    /// A blank line is due before the next block.
    gap: bool,
    code: Option<Code>,
    table: Option<Table>,
    /// (URL, where the link's text starts in `inline`).
    links: Vec<(String, usize)>,
    heading: Option<u8>,
    /// Python blocks seen so far.
    python: usize,
}

impl Renderer<'_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.code.as_mut() {
                Some(c) => c.text.push_str(&t),
                None => self.text(&t, self.style()),
            },
            Event::Code(t) => self.text(&t, self.style().patch(self.theme.code_inline)),
            Event::Html(t) | Event::InlineHtml(t) => {
                for (i, l) in t.lines().enumerate() {
                    if i > 0 {
                        self.flush();
                    }
                    self.text(l, self.theme.dim);
                }
            }
            Event::SoftBreak => self.text(" ", self.style()),
            Event::HardBreak => {
                if self.table.is_some() {
                    self.text(" ", self.style());
                } else {
                    self.flush();
                }
            }
            Event::Rule => {
                self.block_start();
                let w = self.room();
                self.emit(vec![("─".repeat(w), self.theme.rule)]);
                self.gap = true;
            }
            Event::FootnoteReference(n) => self.text(&format!("[^{n}]"), self.theme.dim),
            Event::TaskListMarker(done) => {
                self.text(if done { "[x] " } else { "[ ] " }, self.style());
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, self.style()),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.block_start(),
            Tag::Heading { level, .. } => {
                self.block_start();
                let level = heading_level(level);
                self.heading = Some(level);
                self.styles.push(self.theme.heading(level));
            }
            Tag::BlockQuote(_) => {
                self.block_start();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.block_start();
                let python = match kind {
                    CodeBlockKind::Fenced(info) => matches!(
                        info.split_whitespace().next(),
                        Some("python" | "python3" | "py")
                    ),
                    CodeBlockKind::Indented => false,
                };
                self.code = Some(Code {
                    python,
                    text: String::new(),
                });
            }
            Tag::List(start) => {
                self.flush();
                if !self.in_item() {
                    self.block_start();
                }
                self.containers.push(Container::List(start));
            }
            Tag::Item => {
                self.flush();
                let marker = self.next_marker();
                self.containers.push(Container::Item {
                    marker,
                    used: false,
                });
            }
            Tag::Table(_) => {
                self.block_start();
                self.table = Some(Table::default());
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strike),
            Tag::Link { dest_url, .. } => {
                self.links.push((dest_url.to_string(), self.inline.len()));
                self.push_style(self.theme.link);
            }
            Tag::Image { dest_url, .. } => {
                self.links.push((dest_url.to_string(), self.inline.len()));
                self.text("[image: ", self.theme.dim);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                self.gap = true;
            }
            TagEnd::Heading(_) => {
                let text: String = self.inline.iter().map(|(t, _)| t.as_str()).collect();
                let level = self.heading.take().unwrap_or(1);
                self.doc.headings.push(Heading {
                    line: self.doc.lines.len(),
                    level,
                    text,
                });
                self.flush();
                self.styles.pop();
                self.gap = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
                self.gap = true;
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.code_block(code);
                }
                self.gap = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.containers.pop();
                if !self.in_item() {
                    self.gap = true;
                }
            }
            TagEnd::Item => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = false;
                    t.head = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_lines(&t);
                }
                self.gap = true;
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                self.link_end("");
            }
            TagEnd::Image => self.link_end("]"),
            _ => {}
        }
    }

    /// After a link's text: the URL, unless the text already is the URL.
    fn link_end(&mut self, close: &str) {
        let Some((url, from)) = self.links.pop() else {
            return;
        };
        if !close.is_empty() {
            self.text(close, self.theme.dim);
        }
        let shown: String = self.inline[from.min(self.inline.len())..]
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        if !url.is_empty() && shown.trim() != url {
            self.text(&format!(" <{url}>"), self.theme.dim);
        }
    }

    fn style(&self) -> Style {
        self.styles
            .iter()
            .fold(self.theme.text, |acc, s| acc.patch(*s))
    }

    fn push_style(&mut self, s: Style) {
        let top = self.style().patch(s);
        self.styles.push(top);
    }

    fn text(&mut self, t: &str, style: Style) {
        let clean = sanitize::line(t);
        if !clean.is_empty() {
            self.inline.push((clean, style));
        }
    }

    fn in_item(&self) -> bool {
        self.containers
            .iter()
            .any(|c| matches!(c, Container::Item { .. }))
    }

    /// The marker of the next item of the innermost list: `• `/`◦ ` by depth, or `3. `.
    fn next_marker(&mut self) -> String {
        let depth = self
            .containers
            .iter()
            .filter(|c| matches!(c, Container::List(_)))
            .count();
        match self.containers.last_mut() {
            Some(Container::List(Some(n))) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            _ => ["• ", "◦ ", "▪ "][depth.saturating_sub(1) % 3].to_string(),
        }
    }

    /// A blank line before a block, when one is due.
    fn block_start(&mut self) {
        self.flush();
        if self.gap && !self.doc.lines.is_empty() {
            let quote = self.quote_prefix();
            self.doc.lines.push(Line::from(wrap::spans(quote)));
        }
        self.gap = false;
    }

    fn quote_prefix(&self) -> Vec<Frag> {
        self.containers
            .iter()
            .filter(|c| matches!(c, Container::Quote))
            .map(|_| ("│ ".to_string(), self.theme.quote))
            .collect()
    }

    /// The prefix of the next line: quote bars and list markers (a marker only on its item's
    /// first line, spaces after).
    fn prefix(&self) -> Vec<Frag> {
        let mut out = Vec::new();
        for c in &self.containers {
            match c {
                Container::Quote => out.push(("│ ".to_string(), self.theme.quote)),
                Container::Item { marker, used } => {
                    let m = if *used {
                        " ".repeat(wrap::width(marker))
                    } else {
                        marker.clone()
                    };
                    out.push((m, self.theme.dim));
                }
                Container::List(_) => {}
            }
        }
        out
    }

    /// Columns left after the prefix.
    fn room(&self) -> usize {
        self.width
            .saturating_sub(wrap::frags_width(&self.prefix()))
            .max(10)
    }

    /// Adds a line after the prefix.
    fn emit(&mut self, content: Vec<Frag>) {
        let mut line = self.prefix();
        line.extend(content);
        self.doc.lines.push(Line::from(wrap::spans(line)));
        for c in &mut self.containers {
            if let Container::Item { used, .. } = c {
                *used = true;
            }
        }
    }

    /// Wraps and emits the collected inline text.
    fn flush(&mut self) {
        if self.inline.is_empty() || self.table.is_some() {
            return;
        }
        let frags = std::mem::take(&mut self.inline);
        for line in wrap::wrap(&frags, self.room()) {
            self.emit(line);
        }
    }

    fn code_block(&mut self, code: Code) {
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

    fn table_lines(&mut self, t: &Table) {
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

/// A code line indented by two columns, in the block's background.
fn indent(mut line: Vec<Frag>, bg: Style) -> Vec<Frag> {
    line.insert(0, ("  ".into(), bg));
    line
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text of a line (for tests and search).
pub fn line_text(line: &Line) -> String {
    line.spans
        .iter()
        .map(|s: &Span| s.content.as_ref())
        .collect()
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
