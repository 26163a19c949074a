//! The lesson reader's state: the lesson rendered for the current width (see `markdown`),
//! scrolling, jumps between headings, `/` search, the table of contents, and runs of the
//! lesson's Python blocks (`r` runs the block at the top of the view, or the one after it; the
//! output appears under the block).

use super::search::Search;
use super::{Ctx, quiz_screen};
use crate::content::Course;
use crate::content::lesson::Run;
use crate::tui::app::Step;
use crate::tui::layout;
use crate::tui::markdown::{self, Doc};
use crate::tui::record::Location;
use crate::tui::runner::{JobId, Outcome};
use crate::tui::sanitize;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The keys of the reader.
pub const KEYS: &[(&str, &str)] = &[
    ("↑ ↓ / j k", "scroll a line"),
    ("PgUp PgDn / Space", "scroll a page"),
    ("Home End / g G", "top, end"),
    ("] [ / n p", "next, previous heading"),
    ("/", "search; Enter keeps it, then n N next, previous match"),
    (
        "t / Tab",
        "table of contents; Tab moves between it and the text",
    ),
    ("b / B", "select the next, previous Python block"),
    ("r", "run the selected block (▶); output shows under it"),
    ("Enter", "at the end: take the lesson's quiz"),
    ("?", "this help"),
    ("Esc / q", "back to the course map"),
    (
        "e",
        "edit a copy of the Python block in view in the playground",
    ),
];

/// A run of one of the lesson's blocks.
#[derive(Debug, Clone)]
pub enum BlockRun {
    Running(JobId),
    Done(Box<Outcome>),
}

/// Which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    Toc,
}

/// The reader.
pub struct Reader {
    /// `course.lessons[index]`.
    pub index: usize,
    pub id: String,
    pub title: String,
    /// The lesson's quiz, by position in `course.quizzes`, and its title.
    pub quiz: Option<usize>,
    quiz_title: Option<String>,
    body: String,
    blocks: Vec<(usize, Run, String)>,
    /// Runs of `blocks`, by block index.
    pub runs: Vec<Option<BlockRun>>,
    /// The rendered lesson at `width` columns.
    pub doc: Doc,
    pub width: u16,
    /// The screen's body the reader was laid out in.
    pub area: Rect,
    /// Rows of text on screen.
    pub height: u16,
    /// First line shown.
    pub top: usize,
    /// The line to scroll to once the size is known (the saved position).
    pending_top: usize,
    pub search: Search,
    /// The block chosen with `b`/`B` (a position in `doc.blocks`).
    selected: Option<usize>,
    pub toc_open: bool,
    pub focus: Focus,
    /// The heading selected in the table of contents.
    pub toc_selected: usize,
    theme: Theme,
    /// Reached the end of the lesson.
    pub finished: bool,
}

impl Reader {
    pub fn new(course: &Course, index: usize, line: usize) -> Reader {
        let lesson = &course.lessons[index];
        let id = lesson.meta.id.value.clone();
        let wanted = lesson.meta.quiz.as_ref().map(|q| q.value.as_str());
        let quiz = course.quizzes.iter().position(|f| {
            Some(f.quiz.id.value.as_str()) == wanted
                || f.quiz.lesson.as_ref().is_some_and(|l| l.value == id)
        });
        let blocks: Vec<(usize, Run, String)> = lesson
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (i, b.run.clone(), b.code.clone()))
            .collect();
        let quiz_title = quiz.map(|q| course.quizzes[q].quiz.title.clone());
        Reader {
            quiz_title,
            index,
            title: lesson.meta.title.clone(),
            id,
            quiz,
            body: lesson.body.clone(),
            runs: vec![None; blocks.len()],
            blocks,
            doc: Doc::default(),
            width: 0,
            area: Rect::default(),
            height: 0,
            top: 0,
            pending_top: line,
            search: Search::default(),
            selected: None,
            toc_open: false,
            focus: Focus::Text,
            toc_selected: 0,
            theme: Theme::new(crate::tui::theme::Kind::Plain),
            finished: false,
        }
    }

    /// Lays the lesson out for the screen's body `body` (called on every resize).
    pub fn layout(&mut self, body: Rect, theme: &Theme) {
        self.area = body;
        let (text, _, _) = layout::reader(body, self.toc_open);
        let (width, height) = (text.width, text.height);
        let first = self.width == 0;
        // Keep the same heading-relative place across a re-layout: remember the line's share.
        let share = if self.doc.lines.is_empty() {
            0.0
        } else {
            self.top as f64 / self.doc.lines.len() as f64
        };
        self.width = width;
        self.height = height;
        self.theme = theme.clone();
        self.render();
        self.top = if first {
            self.pending_top
        } else {
            (share * self.doc.lines.len() as f64) as usize
        };
        self.clamp();
        self.find();
    }

    fn render(&mut self) {
        let outputs: Vec<Option<markdown::Output>> = self
            .runs
            .iter()
            .map(|r| match r {
                None => None,
                Some(BlockRun::Running(_)) => Some(markdown::Output::Running),
                Some(BlockRun::Done(o)) => Some(markdown::Output::Done(o.lines())),
            })
            .collect();
        let runnable: Vec<bool> = self.blocks.iter().map(|b| b.1 != Run::NoRun).collect();
        let blocks = markdown::Blocks {
            runnable: &runnable,
            outputs: &outputs,
        };
        self.doc = markdown::render(&self.body, self.width, &self.theme, blocks);
        let end = match &self.quiz_title {
            Some(t) => format!("── End of the lesson · Enter takes the quiz “{t}” ──"),
            None => "── End of the lesson ──".to_string(),
        };
        self.doc.lines.push(Line::default());
        self.doc.lines.push(Line::from(Span::styled(
            crate::tui::wrap::fit(&sanitize::line(&end), usize::from(self.width)),
            self.theme.correct,
        )));
    }

    /// The last line the view can start at.
    fn max_top(&self) -> usize {
        self.doc
            .lines
            .len()
            .saturating_sub(usize::from(self.height.max(1)))
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
        if self.top >= self.max_top() && self.width > 0 {
            self.finished = true;
        }
    }

    fn scroll(&mut self, by: isize) {
        self.top = self.top.saturating_add_signed(by);
        self.clamp();
    }

    fn page(&self) -> isize {
        self.height.max(2) as isize - 1
    }

    /// Pasted text goes into the search box while it is open.
    pub fn paste(&mut self, text: &str) {
        if self.search.editing {
            let line = text.lines().next().unwrap_or("");
            self.search.query.push_str(&sanitize::line(line));
            self.find();
        }
    }

    /// Whether the search box takes the keys.
    pub fn typing(&self) -> bool {
        self.search.editing
    }

    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        if self.search.editing {
            self.search_key(key);
            return Step::Stay;
        }
        if self.focus == Focus::Toc
            && let Some(step) = self.toc_key(key)
        {
            return step;
        }
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.scroll(1),
            KeyCode::Up | KeyCode::Char('k') => self.scroll(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll(self.page()),
            KeyCode::PageUp => self.scroll(-self.page()),
            KeyCode::Home | KeyCode::Char('g') => self.top = 0,
            KeyCode::End | KeyCode::Char('G') => {
                self.top = self.max_top();
                self.clamp();
            }
            KeyCode::Char(']') => self.heading(true),
            KeyCode::Char('[') => self.heading(false),
            KeyCode::Char('n') if self.search.matches.is_empty() => self.heading(true),
            KeyCode::Char('p') => self.heading(false),
            KeyCode::Char('n') => self.next_match(true),
            KeyCode::Char('N') => self.next_match(false),
            KeyCode::Char('/') => self.search = Search::open(),
            KeyCode::Char('t') => self.toggle_toc(),
            KeyCode::Tab | KeyCode::BackTab if self.toc_open => self.focus = Focus::Toc,
            KeyCode::Char('r') => return self.run(ctx),
            KeyCode::Char('e') => return self.edit_copy(ctx),
            KeyCode::Char('b') => self.select_block(true),
            KeyCode::Char('B') => self.select_block(false),
            KeyCode::Enter if self.at_end() => return self.take_quiz(ctx),
            KeyCode::Esc if !self.search.matches.is_empty() => {
                self.search = Search::default();
            }
            _ => return Step::Unhandled,
        }
        Step::Stay
    }

    fn toggle_toc(&mut self) {
        self.toc_open = !self.toc_open;
        let theme = self.theme.clone();
        self.layout(self.area, &theme);
        self.focus = if self.toc_open {
            Focus::Toc
        } else {
            Focus::Text
        };
        self.toc_selected = self
            .doc
            .headings
            .iter()
            .rposition(|h| h.line <= self.top)
            .unwrap_or(0);
    }

    /// Keys of the table of contents; None passes the key on to the text.
    fn toc_key(&mut self, key: KeyEvent) -> Option<Step> {
        let last = self.doc.headings.len().saturating_sub(1);
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.toc_selected = (self.toc_selected + 1).min(last);
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.toc_selected = self.toc_selected.saturating_sub(1);
            }
            KeyCode::Enter => {
                if let Some(h) = self.doc.headings.get(self.toc_selected) {
                    self.top = h.line;
                    self.clamp();
                }
                self.focus = Focus::Text;
            }
            KeyCode::Tab | KeyCode::BackTab => self.focus = Focus::Text,
            KeyCode::Esc => {
                self.toc_open = false;
                self.focus = Focus::Text;
            }
            _ => return None,
        }
        Some(Step::Stay)
    }

    fn heading(&mut self, forward: bool) {
        let lines = self.doc.headings.iter().map(|h| h.line);
        let target = if forward {
            lines.clone().find(|&l| l > self.top)
        } else {
            lines.clone().rev().find(|&l| l < self.top)
        };
        if let Some(l) = target {
            self.top = l;
        } else if !forward {
            self.top = 0;
        }
        self.clamp();
    }

    fn search_key(&mut self, key: KeyEvent) {
        if self.search.key(key) {
            self.find();
        }
    }

    /// Finds the query in the rendered lines and shows the first match at or after the view.
    fn find(&mut self) {
        self.search.find(&self.doc, self.top);
        self.show_match();
    }

    fn next_match(&mut self, forward: bool) {
        self.search.step(forward);
        self.show_match();
    }

    fn show_match(&mut self) {
        if let Some(line) = self.search.line() {
            let h = usize::from(self.height.max(1));
            if line < self.top || line >= self.top + h {
                self.top = line.saturating_sub(h / 3);
                self.clamp();
            }
        }
    }

    /// Whether block position `p` (in `doc.blocks`) is at least partly on screen.
    fn in_view(&self, p: usize) -> bool {
        let bottom = self.top + usize::from(self.height.max(1));
        self.doc
            .blocks
            .get(p)
            .is_some_and(|b| b.last >= self.top && b.first < bottom)
    }

    /// The block `r` runs: the selected one while it is on screen, else the first runnable
    /// block on screen.
    fn block_in_view(&self) -> Option<usize> {
        if let Some(p) = self.selected.filter(|&p| self.in_view(p)) {
            return Some(p);
        }
        (0..self.doc.blocks.len()).find(|&p| self.doc.blocks[p].runnable && self.in_view(p))
    }

    /// The block `r` would run, as a position in `doc.blocks` (the view marks it).
    pub fn current_block(&self) -> Option<usize> {
        self.block_in_view()
    }

    /// `b` / `B`: selects the next (previous) runnable block and scrolls to it.
    fn select_block(&mut self, forward: bool) {
        let n = self.doc.blocks.len();
        let from = self.block_in_view();
        let runnable = |p: &usize| self.doc.blocks[*p].runnable;
        let next = match (from, forward) {
            (Some(f), true) => (f + 1..n).find(runnable),
            (Some(f), false) => (0..f).rev().find(runnable),
            (None, true) => (0..n).find(|&p| runnable(&p) && self.doc.blocks[p].first >= self.top),
            (None, false) => (0..n)
                .rev()
                .find(|&p| runnable(&p) && self.doc.blocks[p].first < self.top),
        };
        if let Some(p) = next {
            self.selected = Some(p);
            let b = self.doc.blocks[p];
            let h = usize::from(self.height.max(1));
            if b.first < self.top || b.last >= self.top + h {
                self.top = b.first.saturating_sub(1);
                self.clamp();
            }
        }
    }

    fn run(&mut self, ctx: &mut Ctx) -> Step {
        let Some(i) = self.block_in_view().map(|p| self.doc.blocks[p].index) else {
            *ctx.status =
                Some("no runnable Python block in view: scroll to one, then press r".into());
            return Step::Stay;
        };
        if matches!(self.runs[i], Some(BlockRun::Running(_))) {
            return Step::Stay;
        }
        let code = self.blocks[i].2.clone();
        let (job, step) = ctx.run(&code);
        self.runs[i] = Some(BlockRun::Running(job));
        self.relayout();
        step
    }

    /// `e`: a copy of the block in view, in the playground (the lesson stays as written).
    fn edit_copy(&mut self, ctx: &mut Ctx) -> Step {
        let Some(i) = self.block_in_view().map(|p| self.doc.blocks[p].index) else {
            *ctx.status =
                Some("no runnable Python block in view: scroll to one, then press e".into());
            return Step::Stay;
        };
        let p = super::playground::Playground::lesson_copy(&self.id, &self.blocks[i].2);
        Step::Push(crate::tui::app::Screen::Playground(Box::new(p)))
    }

    /// Takes a finished run of one of this lesson's blocks.
    pub fn run_done(&mut self, job: JobId, outcome: &Outcome) -> bool {
        let Some(i) = self
            .runs
            .iter()
            .position(|r| matches!(r, Some(BlockRun::Running(j)) if *j == job))
        else {
            return false;
        };
        self.runs[i] = Some(BlockRun::Done(Box::new(outcome.clone())));
        self.relayout();
        // Show the output: scroll down until its end is on screen, but never past the block's
        // first line.
        if let Some(b) = self.doc.blocks.iter().find(|b| b.index == i) {
            let h = usize::from(self.height.max(1));
            let want = (b.last + 1).saturating_sub(h).min(b.first);
            if want > self.top {
                self.top = want;
                self.clamp();
            }
        }
        true
    }

    fn relayout(&mut self) {
        let top = self.top;
        self.render();
        self.top = top;
        self.clamp();
        self.find_keep();
    }

    /// Re-finds matches after the text changed, keeping the view where it is.
    fn find_keep(&mut self) {
        let top = self.top;
        self.find();
        self.top = top;
    }

    /// The view shows the last line.
    pub fn at_end(&self) -> bool {
        self.width > 0 && self.top >= self.max_top()
    }

    fn take_quiz(&mut self, ctx: &mut Ctx) -> Step {
        self.finished = true;
        match self.quiz {
            Some(q) => Step::Push(quiz_screen(ctx, q, None)),
            None => Step::Unhandled,
        }
    }

    pub fn mouse(&mut self, m: MouseEvent) {
        match m.kind {
            MouseEventKind::ScrollDown => self.scroll(3),
            MouseEventKind::ScrollUp => self.scroll(-3),
            _ => {}
        }
    }

    /// (id, line, read to the end) for the record.
    pub fn position(&self) -> (&str, usize, bool) {
        (&self.id, self.top, self.finished)
    }

    pub fn location(&self) -> Location {
        Location::Lesson {
            id: self.id.clone(),
            line: self.top,
        }
    }

    /// Which of the lesson's blocks can run (for the view's hints).
    pub fn runnable(&self, block: usize) -> bool {
        self.blocks.get(block).is_some_and(|b| b.1 != Run::NoRun)
    }
}
