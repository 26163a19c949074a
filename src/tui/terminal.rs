//! The real terminal: entering and leaving full-screen mode, and making sure the terminal is
//! restored whatever happens — on quit, on a panic (a hook restores first, then the panic is
//! printed on a usable screen), on Ctrl-C (a key in raw mode, handled by the app) and on
//! SIGTERM, SIGHUP and SIGINT (flags set by `signal-hook`, checked between events, so the loop
//! ends normally and restores). The crossterm event source also lives here.

use super::app::{Action, Effect};
use super::run::Events;
use super::runner;
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// The full-screen terminal; restores the screen when dropped.
pub struct Screen {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Screen {
    /// Switches to the alternate screen in raw mode with mouse and bracketed paste, after
    /// installing the panic hook that undoes it.
    pub fn enter() -> io::Result<Screen> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let mut out = io::stdout();
        let entered = execute!(
            out,
            EnterAlternateScreen,
            event::EnableMouseCapture,
            event::EnableBracketedPaste
        );
        if let Err(e) = entered {
            restore();
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(out)) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(Screen { terminal })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves full-screen mode; safe to call more than once.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn install_panic_hook() {
    chain_panic_hook(restore);
}

/// Puts `undo` in front of the panic hook in place: the screen is usable before the message.
fn chain_panic_hook(undo: fn()) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        undo();
        previous(info);
    }));
}

/// Events from the terminal, finished runs and signals.
pub struct TerminalEvents {
    runs_tx: Sender<Action>,
    runs_rx: Receiver<Action>,
    signalled: Arc<AtomicBool>,
    /// How long to wait for input before a tick.
    tick: Duration,
}

impl TerminalEvents {
    /// Registers SIGTERM, SIGHUP and SIGINT to end the app (cleanly, through the loop).
    pub fn new() -> TerminalEvents {
        let signalled = Arc::new(AtomicBool::new(false));
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            // Without the handler the default action still ends the process; the terminal
            // may then stay raw, which is why registration failing is only a lost nicety.
            let _ = signal_hook::flag::register(sig, Arc::clone(&signalled));
        }
        let (runs_tx, runs_rx) = channel();
        TerminalEvents {
            runs_tx,
            runs_rx,
            signalled,
            tick: Duration::from_millis(100),
        }
    }
}

impl Default for TerminalEvents {
    fn default() -> Self {
        TerminalEvents::new()
    }
}

impl Events for TerminalEvents {
    fn next(&mut self) -> io::Result<Option<Action>> {
        if self.signalled.load(Ordering::Relaxed) {
            return Ok(Some(Action::Quit));
        }
        if let Ok(a) = self.runs_rx.try_recv() {
            return Ok(Some(a));
        }
        if !event::poll(self.tick)? {
            return Ok(Some(Action::Tick));
        }
        Ok(Some(match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => Action::Key(k),
            Event::Mouse(m)
                if matches!(
                    m.kind,
                    MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
                ) =>
            {
                Action::Mouse(m)
            }
            Event::Paste(s) => Action::Paste(s),
            Event::Resize(w, h) => Action::Resize(w, h),
            _ => Action::Tick,
        }))
    }

    fn start(&mut self, effect: Effect) {
        match effect {
            Effect::Run { job, code } => {
                let tx = self.runs_tx.clone();
                runner::spawn(code, move |o| {
                    let _ = tx.send(Action::RunDone(job, Box::new(o)));
                });
            }
            Effect::Check {
                job,
                code,
                reference,
                epochs,
            } => {
                let tx = self.runs_tx.clone();
                super::grader::spawn(code, reference, epochs, move |c| {
                    let _ = tx.send(Action::Checked(job, Box::new(c)));
                });
            }
            Effect::Edit {
                job,
                path,
                name,
                code,
            } => {
                let text = suspended(|| {
                    super::outside::edit(path, &name, &code, &super::outside::editor_command())
                });
                let _ = self.runs_tx.send(Action::Edited(job, text));
            }
            Effect::Save { path, code } => {
                let msg = super::outside::save(&path, &code);
                let _ = self.runs_tx.send(Action::Saved(msg));
            }
        }
    }
}

/// Runs `f` with the terminal given back to the shell (the learner's own editor), then takes
/// full-screen mode again; the main loop redraws everything after it.
fn suspended<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    restore();
    let out = f();
    let _ = terminal::enable_raw_mode();
    let back = execute!(
        io::stdout(),
        EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste
    );
    match back {
        Ok(()) => out,
        Err(e) => Err(format!("the terminal could not be taken back: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::chain_panic_hook;
    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};

    static RESTORED: AtomicBool = AtomicBool::new(false);
    static REPORTED_AFTER_RESTORE: AtomicBool = AtomicBool::new(false);

    /// A panic on any thread runs the restore first, then the hook that prints the message.
    #[test]
    fn a_panic_restores_the_terminal_before_its_message() {
        let original = std::panic::take_hook();
        // Stands for the default hook (the one that prints): it records what it saw.
        std::panic::set_hook(Box::new(|_| {
            REPORTED_AFTER_RESTORE.store(RESTORED.load(SeqCst), SeqCst);
        }));
        chain_panic_hook(|| RESTORED.store(true, SeqCst));
        let outcome = std::thread::spawn(|| panic!("a bug")).join();
        let _ = std::panic::take_hook();
        std::panic::set_hook(original);
        assert!(outcome.is_err());
        assert!(RESTORED.load(SeqCst), "the restore ran");
        assert!(
            REPORTED_AFTER_RESTORE.load(SeqCst),
            "the message came after it"
        );
    }
}
