//! The app's state and its one entry for change: [`App::update`] takes an [`Action`] (a key, a
//! resize, a finished run, a quit signal) and changes the state; it never draws and never does
//! I/O. Side effects it wants (start a snippet run) are queued as [`Effect`]s for the main loop
//! to carry out. Screens form a stack: Home at the bottom, `Esc`/`q` pops.
//!
//! Each screen lives in `screens/` (state + key handling) and draws in `views/` (drawing only).
//! A screen's key handler returns a [`Step`] telling the app what follows (push a screen, go
//! back, run code, ...). To add a screen: a `Screen` variant, its arms in `Screen::handle`,
//! `Screen::keys` and `views::draw`.

use super::layout;

mod play;
use super::record::{Location, Record};
use super::runner::{JobId, Outcome};
use super::screens::{Ctx, home, lesson, playground, quiz, review};
use super::theme::Theme;
use crate::content::Course;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Bracketed paste.
    Paste(String),
    Resize(u16, u16),
    /// Time passed with nothing else happening (animates "running…").
    Tick,
    /// A run started with [`Effect::Run`] finished.
    RunDone(JobId, Box<Outcome>),
    /// Ctrl-C, SIGTERM, SIGHUP: leave now.
    Quit,
    /// An exercise check started with [`Effect::Check`] finished.
    Checked(JobId, Box<super::grader::Checked>),
    /// The learner's own editor closed ([`Effect::Edit`]): the file's text, or why not.
    Edited(JobId, Result<String, String>),
    /// A file write ([`Effect::Save`]) finished: the message for the status line.
    Saved(String),
}

/// Work the main loop does for the app, outside `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run `code` off the UI thread; answer with [`Action::RunDone`] carrying `job`.
    Run { job: JobId, code: String },
    /// Run `code` and grade it against `reference` over `epochs`; answer with [`Action::Checked`].
    Check {
        job: JobId,
        code: String,
        reference: String,
        epochs: usize,
    },
    /// Write `code` to `path` (else a file `name`.py under the data directory), suspend the
    /// app, open `$VISUAL`/`$EDITOR` on it; answer with [`Action::Edited`].
    Edit {
        job: JobId,
        path: Option<std::path::PathBuf>,
        name: String,
        code: String,
    },
    /// Write `code` to `path` (`lrtutor play FILE` saving); answer with [`Action::Saved`].
    Save {
        path: std::path::PathBuf,
        code: String,
    },
}

/// What a screen's key handler asks of the app.
pub enum Step {
    /// Nothing more (the key was used, or ignored on purpose).
    Stay,
    /// The screen did not use the key: the app's own keys (`?`, `q`, `Esc`) apply.
    Unhandled,
    /// Open a screen on top.
    Push(Screen),
    /// Replace this screen with another (a lesson's end opens its quiz).
    Replace(Screen),
    /// Close this screen.
    Back,
    /// Run code; the screen keeps `job` to recognise the outcome.
    Run { job: JobId, code: String },
    /// Any other effect (an exercise check, the external editor, a file write).
    Effect(Effect),
}

/// One screen of the stack.
pub enum Screen {
    Home(home::Home),
    Lesson(Box<lesson::Reader>),
    Quiz(Box<quiz::QuizScreen>),
    /// The playground: free, on a file, a lesson block's copy, or an exercise.
    Playground(Box<playground::Playground>),
    /// A session of the questions due for spaced review.
    Review(Box<review::Review>),
}

impl Screen {
    fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        match self {
            Screen::Home(s) => s.handle(key, ctx),
            Screen::Lesson(s) => s.handle(key, ctx),
            Screen::Quiz(s) => s.handle(key, ctx),
            Screen::Playground(s) => s.handle(key, ctx),
            Screen::Review(s) => s.handle(key, ctx),
        }
    }

    /// The mouse wheel scrolls what the screen scrolls.
    fn mouse(&mut self, m: MouseEvent) {
        let down = match m.kind {
            MouseEventKind::ScrollDown => true,
            MouseEventKind::ScrollUp => false,
            _ => return,
        };
        match self {
            Screen::Home(s) => s.wheel(down),
            Screen::Lesson(s) => s.mouse(m),
            Screen::Quiz(s) => s.wheel(down),
            Screen::Playground(s) => s.wheel(down),
            Screen::Review(s) => s.wheel(down),
        }
    }

    /// Gives a finished run to the screen that started it; false when it is not this one's.
    fn run_done(&mut self, job: JobId, outcome: &Outcome) -> bool {
        match self {
            Screen::Lesson(s) => s.run_done(job, outcome),
            Screen::Quiz(s) => s.run_done(job, outcome),
            Screen::Playground(s) => s.run_done(job, outcome),
            Screen::Review(s) => s.run_done(job, outcome),
            Screen::Home(_) => false,
        }
    }

    /// The keys of this screen, for `?` and the footer: (key, what it does).
    pub fn keys(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Screen::Home(_) => home::KEYS,
            Screen::Lesson(_) => lesson::KEYS,
            Screen::Quiz(_) => quiz::KEYS,
            Screen::Playground(_) => playground::KEYS,
            Screen::Review(_) => review::KEYS,
        }
    }

    /// Whether the screen is reading typed text (search box): then `q` and `?` are letters.
    fn typing(&self) -> bool {
        matches!(self, Screen::Lesson(s) if s.typing())
            || matches!(self, Screen::Playground(s) if s.typing())
    }

    /// Where the learner is, for `c` (continue) on Home.
    fn location(&self) -> Option<Location> {
        match self {
            Screen::Home(_) => None,
            Screen::Lesson(s) => Some(s.location()),
            Screen::Quiz(s) => Some(s.location()),
            Screen::Playground(s) => s.location(),
            // A session is not a place: `c` goes back to where the learner was before it.
            Screen::Review(_) => None,
        }
    }
}

/// The whole state of the app.
pub struct App {
    pub course: Course,
    pub record: Box<dyn Record>,
    pub theme: Theme,
    /// Never empty: Home is at the bottom.
    stack: Vec<Screen>,
    /// The key help of the current screen is shown over it.
    pub help: bool,
    /// A message for the status line (a save that failed, a key that does nothing here).
    pub status: Option<String>,
    /// The app should end after this update.
    pub quit: bool,
    /// Runs not yet finished, for the "running…" indicator.
    pub running: usize,
    /// Counts ticks while something runs (the spinner's phase).
    pub ticks: u64,
    next_job: JobId,
    effects: Vec<Effect>,
    /// The seed of option shuffles (as `quiz --plain --seed`).
    pub seed: u64,
    /// The terminal's size, from the last resize.
    pub size: Rect,
}

impl App {
    /// An app on Home.
    pub fn new(course: Course, record: Box<dyn Record>, theme: Theme, seed: u64) -> App {
        let course = super::variants::for_learner(course, seed);
        let home = home::Home::new(&course);
        App {
            course,
            record,
            theme,
            stack: vec![Screen::Home(home)],
            help: false,
            status: None,
            quit: false,
            running: 0,
            ticks: 0,
            next_job: 1,
            effects: Vec::new(),
            seed,
            size: Rect::new(0, 0, layout::MIN_WIDTH, layout::MIN_HEIGHT),
        }
    }

    /// Opens a lesson or a quiz by id on top of Home (`lrtutor open ID`); Err names the ids.
    pub fn open(&mut self, id: &str) -> Result<(), String> {
        let screen = {
            let mut ctx = self.ctx();
            super::screens::open(id, &mut ctx)
        };
        match screen {
            Some(s) => {
                self.push(s);
                Ok(())
            }
            None => Err(super::screens::unknown_id(&self.course, id)),
        }
    }

    /// The screen on top.
    pub fn screen(&self) -> &Screen {
        // The stack is never empty (Home cannot be popped); the fallback is unreachable.
        self.stack
            .last()
            .unwrap_or_else(|| unreachable!("empty screen stack"))
    }

    /// The screens from Home up.
    pub fn stack(&self) -> &[Screen] {
        &self.stack
    }

    /// Takes the effects queued by the updates so far.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                for i in 0..self.stack.len() {
                    self.lay_out(i);
                }
            }
            Action::Key(_) => {}
            Action::Paste(text) => self.paste(&text),
            Action::Checked(job, c) => self.checked(job, *c),
            Action::Edited(job, text) => self.edited(job, text),
            Action::Saved(msg) => self.status = Some(msg),
            Action::Mouse(m) => {
                if let Some(s) = self.stack.last_mut() {
                    s.mouse(m);
                }
            }
            Action::Tick => self.ticks = self.ticks.wrapping_add(1),
            Action::RunDone(job, outcome) => {
                self.running = self.running.saturating_sub(1);
                // The screen may have been closed meanwhile; then the outcome is dropped.
                for s in self.stack.iter_mut().rev() {
                    if s.run_done(job, &outcome) {
                        break;
                    }
                }
            }
            Action::Quit => self.leave(),
        }
    }

    fn key(&mut self, key: KeyEvent) {
        self.status = None;
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return self.leave();
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('q' | '?') | KeyCode::Enter
            ) {
                self.help = false;
            }
            return;
        }
        let step = {
            let (stack, mut ctx) = self.split();
            match stack.last_mut() {
                Some(s) => s.handle(key, &mut ctx),
                None => Step::Unhandled,
            }
        };
        self.apply(step, key);
    }

    fn apply(&mut self, step: Step, key: KeyEvent) {
        match step {
            Step::Stay => {}
            Step::Push(s) => self.push(s),
            Step::Replace(s) => {
                self.pop();
                self.push(s);
            }
            Step::Back => self.pop(),
            Step::Run { job, code } => {
                self.running += 1;
                self.effects.push(Effect::Run { job, code });
            }
            Step::Effect(e) => {
                if matches!(e, Effect::Check { .. }) {
                    self.running += 1;
                }
                self.effects.push(e);
            }
            Step::Unhandled => self.global_key(key),
        }
    }

    /// The keys every screen shares.
    fn global_key(&mut self, key: KeyEvent) {
        let typing = self.stack.last().is_some_and(Screen::typing);
        match key.code {
            KeyCode::Char('?') if !typing => self.help = true,
            // F1 also in screens where `?` is a letter (the playground's editor).
            KeyCode::F(1) => self.help = true,
            KeyCode::Char('q') if !typing && self.stack.len() == 1 => self.leave(),
            KeyCode::Char('q') | KeyCode::Esc if !typing => self.pop(),
            _ => {}
        }
    }

    fn push(&mut self, s: Screen) {
        self.remember(&s);
        self.stack.push(s);
        self.lay_out(self.stack.len() - 1);
    }

    /// Lays screen `i` out for the terminal's size (text is wrapped once per width, not per
    /// frame).
    fn lay_out(&mut self, i: usize) {
        let (_, body, _) = layout::frame(self.size);
        if let Some(Screen::Lesson(r)) = self.stack.get_mut(i) {
            r.layout(body, &self.theme);
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1
            && let Some(mut s) = self.stack.pop()
        {
            self.settle(&mut s);
            self.remember(&s);
        }
    }

    /// A review answer given but not yet rated is kept as it stands when its screen closes.
    fn settle(&mut self, s: &mut Screen) {
        if let Screen::Review(r) = s
            && let Err(e) = r.settle(crate::tui::record::Ease::Good, self.record.as_mut())
        {
            self.status = Some(e);
        }
    }

    /// Saves where the learner is (for `c`), and a reader's scroll position.
    fn remember(&mut self, s: &Screen) {
        if let Screen::Lesson(r) = s {
            let (id, line, end) = r.position();
            if let Err(e) = self.record.visit_lesson(id, line, end) {
                self.status = Some(e);
            }
        }
        if let Some(Err(e)) = s.location().map(|at| self.record.set_last(at)) {
            self.status = Some(e);
        }
    }

    /// Quits, keeping the current place for next time.
    fn leave(&mut self) {
        // Every open screen's position is kept; the top-most is where `c` continues.
        let mut open: Vec<Screen> = self.stack.drain(1..).collect();
        for s in &mut open {
            self.settle(s);
            self.remember(s);
        }
        if let Some(top) = open.last() {
            self.remember(top);
        }
        self.quit = true;
    }

    fn ctx(&mut self) -> Ctx<'_> {
        self.split().1
    }

    /// The screen stack beside what screens may use: a screen's handler borrows both at once.
    fn split(&mut self) -> (&mut Vec<Screen>, Ctx<'_>) {
        let ctx = Ctx {
            course: &self.course,
            record: self.record.as_mut(),
            next_job: &mut self.next_job,
            seed: self.seed,
            status: &mut self.status,
        };
        (&mut self.stack, ctx)
    }
}
