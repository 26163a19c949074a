//! The playground and exercise screen on `TestBackend` at 80×24 and 160×48: an editor with a
//! syntax error (its line marked), a run with two explained mistakes, an exercise mismatch with
//! the first differing step marked on the chart; the exercise flow (wrong scheduler → mistake
//! and two curves → fix → solved); editing keys, hints, reset, save, the external editor.
//!
//! Expected facts come from Python and PyTorch, not from lrtutor: CPython reports a missing `:`
//! as a SyntaxError on that line; PyTorch warns when `scheduler.step()` runs before
//! `optimizer.step()`; StepLR(step_size=5, gamma=0.5) first changes the rate at epoch 5.

use super::{SEED, app, bundled, course, ctrl, key, keys, text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lrtutor::tui::app::{Action, App, Screen};
use lrtutor::tui::run::{self, Script};
use lrtutor::tui::screens::playground::Playground;
use lrtutor::tui::theme::{Kind, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

const QUIZ: &str = r#"format: 1
id: px
title: Playground exercises
questions:
  - id: halve
    type: exercise
    prompt: Start at lr 0.1 and halve the rate every 5 epochs, for 20 epochs.
    starter: |
      import torch
      opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
      sched = ...
      for epoch in range(20):
          opt.step()
          sched.step()
    reference: |
      import torch
      opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
      sched = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5)
      for epoch in range(20):
          opt.step()
          sched.step()
    compare: {steps: 20}
    hints:
      - StepLR takes step_size and gamma.
      - gamma=0.5 halves the rate.
"#;

const TWO_MISTAKES: &str = "import torch
opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.1)
for epoch in range(30):
    sched.step()
    opt.step()
    opt.param_groups[0]['lr'] = 0.1
print(sched.get_last_lr())
";

fn exercise_app() -> App {
    let c = course(&[("quizzes/px.yaml", QUIZ)]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let mut a = app(c);
    a.open_exercise("px", "halve").expect("the exercise opens");
    a
}

fn file_app(code: &str) -> App {
    let mut a = bundled();
    a.open_playground(Some(("snippet.py".into(), code.to_string())));
    a
}

fn playground(a: &App) -> &Playground {
    match a.screen() {
        Screen::Playground(p) => p,
        _ => panic!("the playground is not on top"),
    }
}

fn alt(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// Typed text (no special keys).
fn typed(s: &str) -> Vec<Action> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}

fn drive_with(
    a: &mut App,
    w: u16,
    h: u16,
    actions: Vec<Action>,
    editor: Option<&str>,
) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    let mut script = Script::new(actions);
    script.editor = editor.map(str::to_string);
    run::run(&mut t, a, &mut script).expect("the loop runs");
    t
}

fn drive(a: &mut App, w: u16, h: u16, actions: Vec<Action>) -> Terminal<TestBackend> {
    drive_with(a, w, h, actions, None)
}

/// The (x, y) of the first cell showing `symbol`.
fn find(t: &Terminal<TestBackend>, symbol: &str) -> Option<(u16, u16)> {
    let b = t.backend().buffer();
    (0..b.area.height)
        .flat_map(|y| (0..b.area.width).map(move |x| (x, y)))
        .find(|&(x, y)| b[(x, y)].symbol() == symbol)
}

#[test]
fn a_syntax_error_marks_its_line_in_the_editor() {
    let dark = Theme::new(Kind::Dark);
    for (w, h) in SIZES {
        let mut a = file_app("import torch\nfor i in range(3)\n    print(i)\n");
        let t = drive(&mut a, w, h, vec![key(KeyCode::F(5))]);
        let s = text(&t);
        assert!(s.contains("SyntaxError on line 2"), "{w}×{h}\n{s}");
        let (x, y) = find(&t, "▶").unwrap_or_else(|| panic!("no error marker at {w}×{h}\n{s}"));
        let row: String = (x..w.min(x + 30))
            .map(|x| t.backend().buffer()[(x, y)].symbol().to_string())
            .collect();
        assert!(row.starts_with("▶ 2 for i in range(3)"), "{row:?}");
        assert_eq!(
            t.backend().buffer()[(x, y)].fg,
            dark.error.fg.unwrap_or_default()
        );
        assert_eq!(find(&t, "▶").map(|p| p.1), Some(y), "one marked line");
    }
}

#[test]
fn a_run_with_two_mistakes_lists_both_and_enter_goes_to_the_line() {
    for (w, h) in SIZES {
        let mut a = file_app(TWO_MISTAKES);
        let t = drive(&mut a, w, h, vec![ctrl('r')]);
        let s = text(&t);
        assert!(s.contains("Mistakes (2)"), "{w}×{h}\n{s}");
        assert!(s.contains("line 5: scheduler.step() ran"), "{s}");
        assert!(s.contains("line 7: The learning rate is"), "{s}");
        assert!(s.contains("UserWarning: Detected call of"), "{s}");
        // Both lines are flagged in the gutter.
        let gutters: Vec<&str> = s.lines().filter(|l| l.contains("│! ")).collect();
        assert_eq!(gutters.len(), 2, "{s}");
        // Mistakes pane (F6 twice: output, then mistakes), the second one, Enter: line 7.
        let t = drive(
            &mut a,
            w,
            h,
            vec![
                key(KeyCode::F(6)),
                key(KeyCode::F(6)),
                key(KeyCode::Down),
                key(KeyCode::Enter),
            ],
        );
        assert!(text(&t).contains("Code · line 7/8"), "{}", text(&t));
        assert_eq!(playground(&a).editor.cursor(), (6, 0));
    }
}

#[test]
fn the_mistakes_pane_opens_the_lesson_that_teaches_the_mistake() {
    let mut a = file_app(TWO_MISTAKES);
    let t = drive(
        &mut a,
        100,
        30,
        vec![
            ctrl('r'),
            key(KeyCode::F(6)),
            key(KeyCode::F(6)),
            key(KeyCode::Char('l')),
        ],
    );
    assert!(matches!(a.screen(), Screen::Lesson(_)), "{}", text(&t));
}

#[test]
fn an_exercise_mismatch_marks_the_first_differing_step_on_the_chart() {
    for (w, h) in SIZES {
        let mut a = exercise_app();
        let mut actions = vec![key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::End)];
        actions.extend(std::iter::repeat_n(key(KeyCode::Backspace), 3));
        actions.extend(typed(
            "torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.1)",
        ));
        actions.push(ctrl('r'));
        let t = drive(&mut a, w, h, actions);
        let s = text(&t);
        assert!(s.contains("✗ "), "{w}×{h}\n{s}");
        // The chart's caption and the verdict: StepLR(gamma=0.1) gives 0.1 * 0.1 after epoch 5
        // (Python: 0.010000000000000002), the reference 0.1 * 0.5 = 0.05.
        assert!(s.contains("│ step 5: wrong-gamma"), "{w}×{h}\n{s}");
        assert!(s.contains("yours 0.010000000000000002, target 0.05"), "{s}");
        let p = playground(&a);
        let chart = p.chart.as_ref().expect("a chart");
        assert_eq!(chart.first_difference.as_ref().map(|d| d.step), Some(5));
        assert!(chart.reference.as_ref().is_some_and(|r| r.len() == 20));
        assert_eq!(chart.yours.len(), 20);
        assert!(!p.task.as_ref().is_some_and(|t| t.solved));
    }
}

#[test]
fn flow_wrong_scheduler_then_fixed_is_solved() {
    let mut a = exercise_app();
    // Line 3 holds `sched = ...`: replace the `...` with a scheduler that decays too much.
    let mut actions = vec![key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::End)];
    actions.extend(std::iter::repeat_n(key(KeyCode::Backspace), 3));
    actions.extend(typed(
        "torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.1)",
    ));
    actions.push(ctrl('r'));
    let t = drive(&mut a, 160, 48, actions);
    let s = text(&t);
    assert!(s.contains("✗ "), "{s}");
    assert!(s.contains("gamma"), "{s}");
    assert!(s.contains("First difference"), "{s}");
    let chart = playground(&a).chart.clone().expect("a chart");
    assert!(!chart.yours.is_empty() && chart.reference.as_ref().is_some_and(|r| !r.is_empty()));
    // The fix: gamma 0.5, then run again.
    let mut fix: Vec<Action> = std::iter::repeat_n(key(KeyCode::Backspace), 4).collect();
    fix.extend(typed("0.5)"));
    fix.push(key(KeyCode::F(5)));
    let t = drive(&mut a, 160, 48, fix);
    let s = text(&t);
    assert!(s.contains("✓ solved"), "{s}");
    assert!(a.record.solved("px", "halve"));
    assert!(
        a.record
            .saved_code("px", "halve")
            .is_some_and(|c| c.contains("gamma=0.5"))
    );
    // Solved: the reference may be shown (F6 to the exercise pane, `a`).
    let t = drive(
        &mut a,
        160,
        48,
        vec![key(KeyCode::F(6)), key(KeyCode::Char('a'))],
    );
    assert!(text(&t).contains("Reference solution"), "{}", text(&t));
}

#[test]
fn hints_come_one_at_a_time_and_the_reference_waits_for_the_last() {
    let mut a = exercise_app();
    let t = drive(
        &mut a,
        160,
        48,
        vec![key(KeyCode::F(6)), key(KeyCode::Char('a'))],
    );
    assert!(!text(&t).contains("Reference solution"));
    assert!(
        a.status.as_deref().is_some_and(|s| s.contains("2 left")),
        "{:?}",
        a.status
    );
    let t = drive(&mut a, 160, 48, vec![key(KeyCode::Char('h'))]);
    let s = text(&t);
    assert!(
        s.contains("StepLR takes step_size") && !s.contains("halves the rate."),
        "{s}"
    );
    let t = drive(&mut a, 160, 48, vec![alt('h'), key(KeyCode::Char('a'))]);
    let s = text(&t);
    assert!(
        s.contains("gamma=0.5 halves the rate.") && s.contains("Reference solution"),
        "{s}"
    );
}

#[test]
fn reset_asks_first_and_restores_the_starter() {
    let mut a = exercise_app();
    let starter = playground(&a).editor.text();
    let mut actions = typed("x = 1");
    actions.extend([
        key(KeyCode::F(6)),
        key(KeyCode::Char('R')),
        key(KeyCode::Char('n')),
    ]);
    drive(&mut a, 80, 24, actions);
    assert_ne!(playground(&a).editor.text(), starter, "n keeps the code");
    drive(
        &mut a,
        80,
        24,
        vec![key(KeyCode::Char('R')), key(KeyCode::Char('y'))],
    );
    assert_eq!(playground(&a).editor.text(), starter);
}

#[test]
fn the_editor_indents_pastes_and_undoes() {
    let mut a = bundled();
    a.open_playground(None);
    let mut actions = typed("for e in range(2):");
    actions.push(key(KeyCode::Enter));
    actions.extend(typed("print(e)"));
    actions.push(Action::Paste("\r\nprint('a')\r\nprint('b')".into()));
    drive(&mut a, 80, 24, actions);
    assert_eq!(
        playground(&a).editor.text(),
        "for e in range(2):\n    print(e)\nprint('a')\nprint('b')\n"
    );
    let t = drive(&mut a, 80, 24, vec![ctrl('z'), key(KeyCode::F(5))]);
    assert_eq!(
        playground(&a).editor.text(),
        "for e in range(2):\n    print(e)\n"
    );
    let s = text(&t);
    assert!(s.contains("│0") && s.contains("│1"), "{s}");
    // `q` and `?` are letters in the editor.
    drive(&mut a, 80, 24, keys("q?"));
    assert!(matches!(a.screen(), Screen::Playground(_)));
    assert!(!a.help);
}

/// PgDn/PgUp in the code move the cursor a window's height (the rows the editor shows), the
/// line in sight; Shift selects.
#[test]
fn page_keys_move_the_cursor_by_the_window_height() {
    let code: String = (0..120).map(|i| format!("x_{i} = {i}\n")).collect();
    for (w, h) in SIZES {
        let mut a = file_app(&code);
        drive(&mut a, w, h, vec![]);
        let rows = playground(&a).rows.get();
        assert!(rows > 5 && rows < usize::from(h), "{rows} rows at {w}x{h}");
        let t = drive(
            &mut a,
            w,
            h,
            vec![key(KeyCode::PageDown), key(KeyCode::PageDown)],
        );
        assert_eq!(playground(&a).editor.cursor(), (2 * rows, 0));
        let line = format!("x_{} = {}", 2 * rows, 2 * rows);
        assert!(text(&t).contains(&line), "{}", text(&t));
        drive(&mut a, w, h, vec![key(KeyCode::PageUp)]);
        assert_eq!(playground(&a).editor.cursor(), (rows, 0));
        let shift = |c| Action::Key(KeyEvent::new(c, KeyModifiers::SHIFT));
        drive(&mut a, w, h, vec![shift(KeyCode::PageDown)]);
        assert_eq!(
            playground(&a).editor.selection(),
            Some(((rows, 0), (2 * rows, 0)))
        );
        // At the ends the cursor stops on the first and last lines.
        let many = std::iter::repeat_n(key(KeyCode::PageDown), 20).collect();
        drive(&mut a, w, h, many);
        assert_eq!(playground(&a).editor.cursor().0, 119);
        let many = std::iter::repeat_n(key(KeyCode::PageUp), 20).collect();
        drive(&mut a, w, h, many);
        assert_eq!(playground(&a).editor.cursor(), (0, 0));
    }
}

#[test]
fn ctrl_s_saves_the_playground_and_a_file_is_written_back() {
    let mut a = bundled();
    a.open_playground(None);
    let mut actions = typed("print(1)");
    actions.push(ctrl('s'));
    drive(&mut a, 80, 24, actions);
    assert_eq!(
        a.record.saved_code("", "playground").as_deref(),
        Some("print(1)\n")
    );

    let dir = std::env::temp_dir().join(format!("lrtutor-play-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("mine.py");
    let mut a = bundled();
    a.open_playground(Some((path.clone(), "x = 1\n".into())));
    let mut actions = vec![ctrl('a')];
    actions.extend(typed("y = 2"));
    actions.push(ctrl('s'));
    let t = drive(&mut a, 80, 24, actions);
    assert_eq!(
        std::fs::read_to_string(&path).ok().as_deref(),
        Some("y = 2\n")
    );
    assert!(text(&t).contains("saved to"), "{}", text(&t));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_external_editor_edits_then_the_code_runs() {
    let dir = std::env::temp_dir().join(format!("lrtutor-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("ext.py");
    let mut a = bundled();
    a.open_playground(Some((path.clone(), "print(0.1 * 0.1)\n".into())));
    let t = drive_with(&mut a, 80, 24, vec![ctrl('g')], Some("sed -i s/0.1/0.5/"));
    // Python prints 0.5 * 0.1 as 0.05.
    assert_eq!(playground(&a).editor.text(), "print(0.5 * 0.1)\n");
    assert!(text(&t).contains("│0.05"), "{}", text(&t));
    let failed = drive_with(&mut a, 80, 24, vec![ctrl('g')], Some("false"));
    assert!(text(&failed).contains("ended with"), "{}", text(&failed));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn home_p_and_a_lesson_block_e_open_the_playground() {
    let mut a = bundled();
    drive(&mut a, 80, 24, keys("p"));
    assert!(matches!(a.screen(), Screen::Playground(_)));
    let mut a = bundled();
    a.open("steplr").expect("the lesson opens");
    drive(&mut a, 80, 24, keys("be"));
    let p = playground(&a);
    assert!(
        p.editor.text().contains("import torch"),
        "{}",
        p.editor.text()
    );
    let _ = SEED;
}

#[test]
fn play_without_a_terminal_is_a_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lrtutor"))
        .arg("play")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lrtutor run FILE.py"));
}

#[test]
fn leaving_keeps_the_code_and_coming_back_restores_it() {
    let mut a = bundled();
    let mut actions = keys("p");
    actions.extend(typed("print('kept')"));
    actions.push(key(KeyCode::Esc));
    drive(&mut a, 80, 24, actions);
    assert_eq!(a.stack().len(), 1, "Esc in the editor leaves");
    drive(&mut a, 80, 24, keys("p"));
    assert_eq!(playground(&a).editor.text(), "print('kept')\n");
    // From a pane, q leaves too (and keeps).
    let mut actions = vec![key(KeyCode::F(6))];
    actions.extend(keys("q"));
    drive(&mut a, 80, 24, actions);
    assert_eq!(a.stack().len(), 1);
}

#[test]
fn a_run_stopped_by_the_step_limit_is_reported_as_such() {
    use lrtutor::sandbox::{self, Limits};
    use lrtutor::tui::app::Effect;
    use lrtutor::tui::runner::Outcome;
    let code = "n = 0\nwhile True:\n    n += 1\n";
    let mut a = file_app(code);
    a.update(Action::Resize(80, 24));
    a.update(key(KeyCode::F(5)));
    let Some(Effect::Run { job, .. }) = a.take_effects().into_iter().next() else {
        panic!("F5 starts a run");
    };
    // The same run under a small step limit (the default takes a second of a release build).
    let limits = Limits {
        max_steps: 10_000,
        ..Limits::default()
    };
    let result = sandbox::run(code, &limits);
    assert_eq!(
        result.error.as_ref().map(|e| e.kind.as_str()),
        Some("TimeoutError")
    );
    a.update(Action::RunDone(
        job,
        Box::new(Outcome {
            result,
            mistakes: Vec::new(),
        }),
    ));
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("a terminal");
    t.draw(|f| lrtutor::tui::draw(f, &a)).expect("a frame");
    let s = text(&t);
    assert!(s.contains("Output · step limit reached"), "{s}");
    assert!(s.contains("TimeoutError: the snippet ran"), "{s}");
}

#[test]
fn a_check_that_stops_on_an_error_shows_the_error_not_a_first_difference() {
    // The untouched starter: Python raises AttributeError ('ellipsis' object has no attribute
    // 'step') at the first sched.step(); a typo'd line is a SyntaxError.
    let table: &[(&[Action], &str)] = &[
        (&[], "AttributeError"),
        (&[key(KeyCode::Char('('))], "SyntaxError"),
    ];
    for (edit, error) in table {
        let mut a = exercise_app();
        let mut actions = edit.to_vec();
        actions.push(ctrl('r'));
        let t = drive(&mut a, 160, 48, actions);
        let s = text(&t);
        assert!(s.contains("✗ ") && s.contains(error), "{error}\n{s}");
        assert!(!s.contains("First difference"), "{error}\n{s}");
    }
}
