//! The playground and exercise screen: an editor, a run on `Ctrl-R`/`F5` off the UI thread,
//! the output (stdout, warnings, the error, whose line is marked in the editor), the explained
//! mistakes (selecting one moves the cursor to its line; `l` opens the lesson that teaches it)
//! and the learning-rate chart. As an exercise it also holds the prompt, hints one at a time,
//! the grade against the reference (the grader `run --against` uses) and "solved".
//!
//! Opened from Home (`p`), from a lesson's runnable block (`e` edits a copy), from an exercise
//! question, and by `lrtutor play [FILE.py]`.

pub mod editor;
pub mod task;

use super::Ctx;
use crate::explain::Mistake;
use crate::tui::app::{Effect, Step};
use crate::tui::chart::ChartModel;
use crate::tui::grader::Checked;
use crate::tui::record::Location;
use crate::tui::runner::{JobId, Outcome};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use editor::Editor;
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use task::Task;

/// The keys of the playground.
pub const KEYS: &[(&str, &str)] = &[
    ("Ctrl-R / F5", "run / check"),
    ("F6", "next pane"),
    ("Ctrl-S", "save"),
    ("Ctrl-O", "next pane: editor, exercise, output, mistakes"),
    ("F1", "this help (? works outside the editor)"),
    ("Ctrl-Z / Ctrl-Y", "undo / redo"),
    ("Shift-arrows, Ctrl-A", "select, select all"),
    (
        "Alt-C / Ctrl-X / Ctrl-V",
        "copy / cut / paste the selection",
    ),
    ("Tab / Shift-Tab", "indent 4 spaces / dedent"),
    (
        "Ctrl-G (E in a pane)",
        "edit in $VISUAL / $EDITOR, then run",
    ),
    ("h (Alt-H in the editor)", "next hint"),
    ("a", "show the reference (after solving or every hint)"),
    ("R", "reset to the starter (asks first)"),
    ("↑ ↓ Enter (mistakes)", "pick a mistake, go to its line"),
    ("PgUp PgDn (mistakes)", "scroll its explanation"),
    ("l (mistakes)", "open the lesson that teaches it"),
    ("Esc", "back to the editor; from the editor, leave"),
];

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Editor,
    Task,
    Output,
    Mistakes,
}

/// Where the code came from (what Ctrl-S saves to, what the header says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The free playground.
    Free,
    /// `lrtutor play FILE.py`: Ctrl-S writes the file.
    File(PathBuf),
    /// A copy of a lesson's block.
    Lesson { id: String },
    /// An exercise question.
    Exercise,
}

/// The state of a run.
#[derive(Debug, Clone)]
pub enum RunState {
    Idle,
    Running(JobId),
    Ran(Box<Outcome>),
}

/// The playground's state.
pub struct Playground {
    pub editor: Editor,
    pub origin: Origin,
    pub task: Option<Task>,
    pub focus: Focus,
    pub run: RunState,
    /// The external editor's job, while it is open.
    pub editing: Option<JobId>,
    /// The selected mistake.
    pub selected: usize,
    pub output_scroll: u16,
    /// Lines the mistakes pane is scrolled by (its selected mistake's text can be long).
    pub mistakes_scroll: u16,
    /// `R` was pressed: the next key says whether to reset.
    pub confirm_reset: bool,
    /// The first editor row drawn (the view keeps the cursor in sight).
    pub top: Cell<usize>,
    /// The first column drawn.
    pub left: Cell<usize>,
    /// Editor rows in sight, as last drawn: how far PgUp/PgDn move.
    pub rows: Cell<usize>,
    /// The last run's learning-rate chart (with the reference's curve after a check).
    pub chart: Option<ChartModel>,
    /// The view's coloured lines and a hash of the text they colour.
    pub colours: RefCell<Option<(u64, Vec<ratatui::text::Line<'static>>)>>,
}

impl Playground {
    fn with(code: &str, origin: Origin, task: Option<Task>) -> Playground {
        Playground {
            editor: Editor::new(code),
            origin,
            task,
            focus: Focus::Editor,
            run: RunState::Idle,
            editing: None,
            selected: 0,
            output_scroll: 0,
            mistakes_scroll: 0,
            confirm_reset: false,
            top: Cell::new(0),
            left: Cell::new(0),
            rows: Cell::new(10),
            chart: None,
            colours: RefCell::new(None),
        }
    }

    /// The free playground: the code saved last time, else an empty buffer.
    pub fn free(ctx: &Ctx) -> Playground {
        let code = ctx.record.saved_code("", "playground").unwrap_or_default();
        Playground::with(&code, Origin::Free, None)
    }

    /// `lrtutor play FILE.py`: the file's code, saved back to it.
    pub fn file(path: PathBuf, code: &str) -> Playground {
        Playground::with(code, Origin::File(path), None)
    }

    /// A copy of a lesson's block.
    pub fn lesson_copy(lesson: &str, code: &str) -> Playground {
        Playground::with(
            code,
            Origin::Lesson {
                id: lesson.to_string(),
            },
            None,
        )
    }

    /// Exercise `question` of quiz `quiz`: the learner's saved code, else the starter.
    pub fn exercise(ctx: &Ctx, quiz: usize, question: usize) -> Playground {
        let task = Task::new(ctx, quiz, question);
        let code = ctx
            .record
            .saved_code(&task.quiz_id, &task.question_id)
            .unwrap_or_else(|| task.starter.clone());
        Playground::with(&code, Origin::Exercise, Some(task))
    }

    /// The last run's outcome (an exercise's check included).
    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.run {
            RunState::Ran(o) => Some(o),
            _ => None,
        }
    }

    /// The mistakes of the last run.
    pub fn mistakes(&self) -> &[Mistake] {
        self.outcome().map_or(&[], |o| &o.mistakes)
    }

    /// The editor line (1-based) of the last run's error.
    pub fn error_line(&self) -> Option<u32> {
        self.outcome()?.result.error.as_ref()?.line
    }

    pub fn running(&self) -> bool {
        matches!(self.run, RunState::Running(_))
    }

    /// Whether keys are text (the editor has the focus): then `q` and `?` are letters.
    pub fn typing(&self) -> bool {
        self.focus == Focus::Editor
    }

    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        if self.confirm_reset {
            return self.answer_reset(key, ctx);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::F(5) => return self.start_run(ctx),
            KeyCode::Char('r') if ctrl => return self.start_run(ctx),
            KeyCode::Char('s') if ctrl => return self.save(ctx),
            KeyCode::Char('g') if ctrl => return self.external(ctx),
            KeyCode::F(6) => self.next_pane(),
            KeyCode::Char('o') if ctrl => self.next_pane(),
            KeyCode::Char('h') if alt => self.hint(ctx),
            _ if self.focus == Focus::Editor => return self.editor_key(key, ctx),
            _ => return self.pane_key(key, ctx),
        }
        Step::Stay
    }

    fn editor_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        if key.code == KeyCode::Esc {
            // The app's own Esc does nothing while a screen takes text; here it leaves, keeping
            // the code of an exercise or the free playground in the record (a file given to
            // `lrtutor play` is only written by Ctrl-S).
            self.keep(ctx);
            return Step::Back;
        }
        if let KeyCode::PageDown | KeyCode::PageUp = key.code {
            let rows = self.rows.get().max(1);
            let down = key.code == KeyCode::PageDown;
            self.editor
                .page(rows, down, key.modifiers.contains(KeyModifiers::SHIFT));
            // The window turns a page with the cursor, as in other editors.
            let top = self.top.get();
            self.top.set(if down {
                top + rows
            } else {
                top.saturating_sub(rows)
            });
            return Step::Stay;
        }
        if self.editor.key(key) {
            Step::Stay
        } else {
            Step::Unhandled
        }
    }

    /// Keys of the panes other than the editor.
    fn pane_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        match key.code {
            KeyCode::Esc => self.focus = Focus::Editor,
            KeyCode::Char('q') => {
                self.keep(ctx);
                return Step::Back;
            }
            KeyCode::Char('h') => self.hint(ctx),
            KeyCode::Char('a') => {
                if let Some(t) = &mut self.task
                    && let Err(e) = t.toggle_reference()
                {
                    *ctx.status = Some(e);
                }
            }
            KeyCode::Char('R') if self.task.is_some() => {
                self.confirm_reset = true;
                *ctx.status =
                    Some("reset the code to the starter? y resets (Ctrl-Z undoes it), any other key keeps it".into());
            }
            KeyCode::Char('E') => return self.external(ctx),
            KeyCode::Char('l') if self.focus == Focus::Mistakes => return self.lesson(ctx),
            KeyCode::Enter if self.focus == Focus::Mistakes => self.go_to_mistake(),
            KeyCode::PageDown if self.focus == Focus::Mistakes => {
                self.mistakes_scroll = self.mistakes_scroll.saturating_add(5);
            }
            KeyCode::PageUp if self.focus == Focus::Mistakes => {
                self.mistakes_scroll = self.mistakes_scroll.saturating_sub(5);
            }
            KeyCode::Down | KeyCode::Char('j') => self.move_in_pane(1),
            KeyCode::Up | KeyCode::Char('k') => self.move_in_pane(-1),
            _ => return Step::Unhandled,
        }
        Step::Stay
    }

    fn move_in_pane(&mut self, by: i32) {
        match self.focus {
            Focus::Mistakes => {
                let last = self.mistakes().len().saturating_sub(1);
                self.selected = self.selected.saturating_add_signed(by as isize).min(last);
                self.mistakes_scroll = 0;
            }
            _ => self.output_scroll = self.output_scroll.saturating_add_signed(by as i16),
        }
    }

    fn next_pane(&mut self) {
        self.focus = match self.focus {
            Focus::Editor if self.task.is_some() => Focus::Task,
            Focus::Editor | Focus::Task => Focus::Output,
            Focus::Output => Focus::Mistakes,
            Focus::Mistakes => Focus::Editor,
        };
    }

    fn hint(&mut self, ctx: &mut Ctx) {
        match &mut self.task {
            Some(t) => {
                if let Err(e) = t.hint() {
                    *ctx.status = Some(e);
                }
            }
            None => {
                *ctx.status = Some("hints belong to exercises; this is the free playground".into())
            }
        }
    }

    fn answer_reset(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        self.confirm_reset = false;
        match (&self.task, key.code) {
            (Some(t), KeyCode::Char('y')) => {
                let starter = t.starter.clone();
                self.editor.replace(&starter);
                self.focus = Focus::Editor;
                *ctx.status = Some("reset to the starter (Ctrl-Z brings your code back)".into());
            }
            _ => *ctx.status = Some("kept your code".into()),
        }
        Step::Stay
    }

    /// `Ctrl-R`/`F5`: runs the code, or checks it when this is an exercise with a reference.
    fn start_run(&mut self, ctx: &mut Ctx) -> Step {
        if self.running() {
            *ctx.status = Some("still running the last run".into());
            return Step::Stay;
        }
        let code = self.editor.text();
        let job = ctx.job();
        self.run = RunState::Running(job);
        self.selected = 0;
        self.output_scroll = 0;
        self.mistakes_scroll = 0;
        match self
            .task
            .as_ref()
            .and_then(|t| t.reference.clone().map(|r| (r, t.epochs)))
        {
            Some((reference, epochs)) => Step::Effect(Effect::Check {
                job,
                code,
                reference,
                epochs,
            }),
            None => Step::Run { job, code },
        }
    }

    /// `Ctrl-S`: an exercise's code and the free playground's go to the record; a file given
    /// to `lrtutor play` is written back.
    fn save(&mut self, ctx: &mut Ctx) -> Step {
        let code = self.editor.text();
        let (quiz, question) = match (&self.origin, &self.task) {
            (Origin::File(path), _) => {
                return Step::Effect(Effect::Save {
                    path: path.clone(),
                    code,
                });
            }
            (_, Some(t)) => (t.quiz_id.clone(), t.question_id.clone()),
            _ => (String::new(), "playground".to_string()),
        };
        match ctx.record.save_code(&quiz, &question, &code) {
            Ok(()) => *ctx.status = Some("saved".into()),
            Err(e) => *ctx.status = Some(format!("not saved: {e}")),
        }
        Step::Stay
    }

    /// Keeps the code in the record on leaving (not a file's, which Ctrl-S writes).
    fn keep(&self, ctx: &mut Ctx) {
        let key = match (&self.origin, &self.task) {
            (_, Some(t)) => (t.quiz_id.as_str(), t.question_id.as_str()),
            (Origin::Free, None) => ("", "playground"),
            _ => return,
        };
        let kept = ctx.record.save_code(key.0, key.1, &self.editor.text());
        ctx.kept(kept);
    }

    /// `Ctrl-G`/`E`: the code goes to a file for the learner's own editor.
    fn external(&mut self, ctx: &mut Ctx) -> Step {
        let job = ctx.job();
        self.editing = Some(job);
        let path = match &self.origin {
            Origin::File(p) => Some(p.clone()),
            _ => None,
        };
        let name = match &self.task {
            Some(t) => format!("{}-{}", t.quiz_id, t.question_id),
            None => "playground".into(),
        };
        Step::Effect(Effect::Edit {
            job,
            path,
            name,
            code: self.editor.text(),
        })
    }

    /// The external editor closed: reload its text and run it.
    pub fn edited(&mut self, job: JobId, text: Result<String, String>, ctx: &mut Ctx) -> Step {
        if self.editing != Some(job) {
            return Step::Stay;
        }
        self.editing = None;
        match text {
            Ok(code) => {
                if code != self.editor.text() {
                    self.editor.replace(&code);
                }
                self.start_run(ctx)
            }
            Err(e) => {
                *ctx.status = Some(e);
                Step::Stay
            }
        }
    }

    fn go_to_mistake(&mut self) {
        if let Some(line) = self.mistakes().get(self.selected).and_then(|m| m.line) {
            self.editor.go_to_line(line);
            self.focus = Focus::Editor;
        }
    }

    /// `l`: the lesson that teaches the selected mistake.
    fn lesson(&mut self, ctx: &mut Ctx) -> Step {
        let Some(m) = self.mistakes().get(self.selected) else {
            return Step::Stay;
        };
        let lesson = crate::explain::catalog::get(m.id).and_then(|e| e.lesson.clone());
        let index = lesson.as_ref().and_then(|id| {
            ctx.course
                .lessons
                .iter()
                .position(|l| l.meta.id.value == *id)
        });
        match index {
            Some(i) => {
                let line = ctx.record.lesson(&ctx.course.lessons[i].meta.id.value).line;
                Step::Push(super::lesson_screen(ctx.course, i, line))
            }
            None => {
                *ctx.status = Some("no lesson of this course teaches this mistake".into());
                Step::Stay
            }
        }
    }

    /// A plain run finished.
    pub fn run_done(&mut self, job: JobId, outcome: &Outcome) -> bool {
        if !matches!(self.run, RunState::Running(j) if j == job) {
            return false;
        }
        self.run = RunState::Ran(Box::new(outcome.clone()));
        self.chart = Some(ChartModel::of_run(&outcome.result));
        true
    }

    /// An exercise check finished: solved when the trajectories match.
    pub fn checked(&mut self, job: JobId, checked: Checked, ctx: &mut Ctx) -> bool {
        if !matches!(self.run, RunState::Running(j) if j == job) {
            return false;
        }
        self.run = RunState::Ran(Box::new(checked.outcome.clone()));
        self.chart = Some(checked.chart.clone());
        let passed = checked.passed();
        let code = self.editor.text();
        if let Some(t) = &mut self.task {
            if passed && !t.solved {
                t.solved = true;
                let marked = ctx.record.mark_solved(&t.quiz_id, &t.question_id);
                ctx.kept(marked);
                let kept = ctx.record.save_code(&t.quiz_id, &t.question_id, &code);
                ctx.kept(kept);
            }
            t.last = Some(Box::new(checked));
        }
        true
    }

    /// The mouse wheel: scrolls the focused pane (the code by moving the cursor 3 lines).
    pub fn wheel(&mut self, down: bool) {
        let by: i16 = if down { 3 } else { -3 };
        match self.focus {
            Focus::Output => self.output_scroll = self.output_scroll.saturating_add_signed(by),
            Focus::Mistakes => {
                self.mistakes_scroll = self.mistakes_scroll.saturating_add_signed(by);
            }
            Focus::Editor | Focus::Task => {
                let code = if down { KeyCode::Down } else { KeyCode::Up };
                for _ in 0..3 {
                    self.editor.key(KeyEvent::from(code));
                }
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.focus = Focus::Editor;
        self.editor.paste(text);
    }

    pub fn location(&self) -> Option<Location> {
        match (&self.origin, &self.task) {
            (_, Some(t)) => Some(Location::Exercise {
                quiz: t.quiz_id.clone(),
                question: t.question_id.clone(),
            }),
            (Origin::Free, None) => Some(Location::Playground),
            _ => None,
        }
    }

    /// The header's words for this screen.
    pub fn title(&self) -> String {
        match (&self.origin, &self.task) {
            (_, Some(t)) => format!("exercise · {}", t.question_id),
            (Origin::File(p), None) => format!("playground · {}", p.display()),
            (Origin::Lesson { id }, None) => format!("playground · copy from {id}"),
            _ => "playground".into(),
        }
    }
}
