//! Whole sessions: key sequences from Home, and what the screen and the record show after.

use super::*;
use crossterm::event::KeyCode;
use lrtutor::tui::app::{Effect, Screen};

/// The learner's path through the fixture course, one step at a time: (keys, what the screen
/// must show after them). Each step continues the previous one.
#[test]
fn home_lesson_run_quiz_wrong_answer_feedback_retry_score() {
    let steps: &[(&str, &[&str])] = &[
        ("", &["course map", "1. Every element of a lesson"]),
        ("\n", &["lesson · Every element of a lesson", "• StepLR"]),
        // Select the first block and run it: its real output appears under it.
        (
            "br",
            &["▶ python · r runs it", "↳ output", "[0.010000000000000002]"],
        ),
        // The end of the lesson offers its quiz; Enter takes it.
        (
            "G",
            &["End of the lesson · Enter takes the quiz “The features quiz”"],
        ),
        ("\n", &["Question 1 of 3", "○ a) [0.010000000000000002]"]),
        // A wrong answer: b). Feedback at once.
        ("b\n", &["✗ Not quite", "Why not b)", "✗ b) [0.1]"]),
        // Run the question's code to see the proof.
        (
            "r",
            &[
                "↳ output (real, from the engine)",
                "  [0.010000000000000002]",
            ],
        ),
        // Next: the multi question, answered right.
        ("\n", &["Question 2 of 3", "☐ a) StepLR"]),
        ("ab", &["▣ a) StepLR", "▣ b) MultiStepLR", "☐ c) LinearLR"]),
        ("\n", &["✓ Right"]),
        // The exercise: skipped with n. Then the score.
        ("\n", &["Question 3 of 3", "An exercise: Enter opens it"]),
        ("n", &["Score: 1 of 3 right", "R: retry the 2 missed"]),
        // Retry the missed questions: the first is question 1 again, now answered right.
        (
            "R",
            &["Question 1 of 2 · retry", "○ a) [0.010000000000000002]"],
        ),
        ("a\n", &["✓ Right"]),
        ("\n", &["Question 2 of 2 · retry", "An exercise"]),
        ("n", &["Score: 2 of 3 right", "R: retry the 1 missed"]),
        // Back on Home, the map shows it all.
        ("\n\u{1b}", &["course map", "✓ read", "score 2 of 3"]),
    ];
    let mut a = fixture();
    let mut done = String::new();
    for (k, want) in steps {
        done.push_str(k);
        let t = drive(&mut a, 80, 24, keys(k));
        let s = text(&t);
        for w in *want {
            assert!(s.contains(w), "after {done:?}, missing {w:?} in\n{s}");
        }
    }
    assert!(!a.quit);
    // q on Home quits.
    drive(&mut a, 80, 24, keys("q"));
    assert!(a.quit);
}

#[test]
fn esc_and_q_go_back_one_screen_and_q_on_home_quits() {
    // (keys, screens on the stack after them, quit)
    let table: &[(&str, usize, bool)] = &[
        ("\n", 2, false),
        ("\n\u{1b}", 1, false),
        ("\nq", 1, false),
        ("\nqq", 1, true),
        ("j\n\u{1b}", 1, false),
        // The exercise opens in the playground's editor, where `q` is a letter; Esc leaves.
        ("jj\nq", 2, false),
        ("jj\n\u{1b}", 1, false),
        // `q` typed into the search box is a letter, not "back".
        ("\n/q", 2, false),
        ("\n/q\u{1b}\u{1b}", 1, false),
    ];
    for (k, depth, quit) in table {
        let mut a = fixture();
        drive(&mut a, 80, 24, keys(k));
        assert_eq!((a.stack().len(), a.quit), (*depth, *quit), "{k:?}");
    }
}

#[test]
fn c_continues_where_the_learner_stopped() {
    let mut a = fixture();
    // Nothing read yet: c opens the first unread lesson.
    let t = drive(&mut a, 80, 24, keys("c"));
    assert!(text(&t).contains("lesson · Every element of a lesson"));
    // Go to the quiz's second question, leave, continue: back on that question.
    drive(&mut a, 80, 24, keys("\u{1b}j\na\n\n"));
    let t = drive(&mut a, 80, 24, keys("\u{1b}c"));
    assert!(text(&t).contains("Question 2 of 3"), "{}", text(&t));
    // A lesson is reopened at the line the reader was at.
    let mut a = fixture();
    drive(&mut a, 80, 24, keys("\n]]]\u{1b}"));
    let t = drive(&mut a, 80, 24, keys("c"));
    let first = text(&t)
        .lines()
        .nth(1)
        .unwrap_or("")
        .trim_end_matches(['║', '█', ' '])
        .trim()
        .to_string();
    assert_eq!(first, "Run it", "{}", text(&t));
}

#[test]
fn open_goes_straight_to_a_lesson_or_a_quiz_and_names_the_ids_otherwise() {
    let mut a = fixture();
    a.open("features-quiz").expect("the quiz opens");
    let t = drive(&mut a, 80, 24, vec![]);
    assert!(text(&t).contains("Question 1 of 3"));
    let mut a = fixture();
    a.open("features").expect("the lesson opens");
    assert!(matches!(a.screen(), Screen::Lesson(_)));
    let err = fixture().open("nope\u{1b}").expect_err("an unknown id");
    assert_eq!(
        err,
        "no lesson or quiz 'nope\u{fffd}' in this course; ids: features, features-quiz"
    );
}

#[test]
fn a_run_never_blocks_the_update_and_shows_running_until_it_ends() {
    let mut a = fixture();
    drive(&mut a, 80, 24, keys("\nb"));
    // `r` queues the run and returns at once; the screen says it is running.
    a.update(key(KeyCode::Char('r')));
    let effects = a.take_effects();
    assert!(
        matches!(effects.as_slice(), [Effect::Run { .. }]),
        "{effects:?}"
    );
    assert_eq!(a.running, 1);
    // A frame drawn while it runs (no actions: the effect is not carried out).
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("a terminal");
    t.draw(|f| lrtutor::tui::draw(f, &a)).expect("a frame");
    let s = text(&t);
    assert!(s.contains("⋯ running…") && s.contains("running… "), "{s}");
    // The outcome arrives as an action, whenever the run ends.
    let Some(Effect::Run { job, code }) = effects.into_iter().next() else {
        panic!("one run expected");
    };
    let (tx, rx) = std::sync::mpsc::channel();
    lrtutor::tui::runner::spawn(code, move |o| {
        let _ = tx.send(o);
    });
    let outcome = rx.recv().expect("the run reports back");
    a.update(Action::RunDone(job, Box::new(outcome)));
    assert_eq!(a.running, 0);
    t.draw(|f| lrtutor::tui::draw(f, &a)).expect("a frame");
    assert!(text(&t).contains("↳ output"), "{}", text(&t));
}

#[test]
fn a_snippet_that_raises_shows_its_error_under_the_block() {
    let lesson = "---\nid: raises\ntitle: Raises\norder: 1\n---\n# Raises\n\n```python raises=ZeroDivisionError\nprint('before')\n1 / 0\n```\n";
    let mut a = app(course(&[("lessons/01-raises.md", lesson)]));
    let t = drive(&mut a, 80, 24, keys("\nr"));
    let s = text(&t);
    assert!(s.contains("  before"), "{s}");
    assert!(
        s.contains("  ZeroDivisionError: division by zero (line 2)"),
        "{s}"
    );
}

#[test]
fn options_come_in_the_order_quiz_plain_shows_for_the_same_seed() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lrtutor"))
        .args(["quiz", "steplr", "--plain", "--seed", &SEED.to_string()])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("lrtutor quiz runs");
    let plain = String::from_utf8_lossy(&out.stdout);
    // The first question's options: "  a) text" up to the answer prompt. The app renders the
    // Markdown, so compare without backticks.
    let want: Vec<String> = plain
        .lines()
        .take_while(|l| !l.starts_with("Your answer"))
        .filter(|l| l.len() > 5 && l.starts_with("  ") && &l[3..5] == ") ")
        .map(|l| l.trim().replace('`', ""))
        .collect();
    assert_eq!(want.len(), 4, "{plain}");
    let mut a = bundled();
    let t = drive(&mut a, 160, 48, keys("j\n"));
    let got: Vec<String> = text(&t)
        .lines()
        .filter_map(|l| {
            let l = l.trim_start_matches('│').trim_end_matches('│').trim();
            l.strip_prefix("○ ").map(str::to_string)
        })
        .collect();
    assert_eq!(got, want, "{}", text(&t));
}

#[test]
fn the_mouse_wheel_scrolls_the_lesson_and_moves_the_selection_on_home() {
    use crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let wheel = |kind| {
        Action::Mouse(MouseEvent {
            kind,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut a = fixture();
    drive(&mut a, 80, 24, vec![wheel(MouseEventKind::ScrollDown)]);
    let t = drive(&mut a, 80, 24, keys("\n"));
    assert!(
        text(&t).contains("quiz · The features quiz"),
        "{}",
        text(&t)
    );
    let mut a = fixture();
    let t = drive(&mut a, 80, 24, keys("\n"));
    let before = text(&t);
    let t = drive(&mut a, 80, 24, vec![wheel(MouseEventKind::ScrollDown)]);
    // Three lines down: the old fourth line is now the first.
    let bare = |l: &str| l.trim_end_matches(['║', '█', ' ']).to_string();
    let old: Vec<String> = before.lines().map(bare).collect();
    let new = text(&t);
    assert_eq!(new.lines().nth(1).map(bare), old.get(4).cloned(), "{new}");
}

/// Spaced review in the app: a missed question is due (in a session record, until it is
/// answered right); `r` on Home asks it with the usual feedback, a right answer asks how it
/// went, and the session ends with its result. Nothing due: `r` says so and stays on Home.
#[test]
fn review_asks_what_was_missed_then_how_it_went() {
    let steps: &[(&str, &[&str])] = &[
        ("r", &["course map", "nothing to review now"]),
        // Miss question 1 of the quiz, and leave it.
        ("j\n", &["Question 1 of 3"]),
        ("b\n", &["✗ Not quite"]),
        ("\u{1b}", &["course map", "1 to review (r starts)"]),
        (
            "r",
            &[
                "review",
                "Review 1 of 1 · The features quiz",
                "○ a) [0.010000000000000002]",
            ],
        ),
        (
            "a\n",
            &[
                "✓ Right",
                "How did it go?",
                "h hard",
                "Enter good",
                "e easy",
            ],
        ),
        ("e", &["Review done: 1 of 1 right."]),
        ("\n", &["course map"]),
    ];
    let mut a = fixture();
    let mut done = String::new();
    for (k, want) in steps {
        done.push_str(k);
        let s = text(&drive(&mut a, 80, 24, keys(k)));
        for w in *want {
            assert!(s.contains(w), "after {done:?}, missing {w:?} in\n{s}");
        }
    }
    assert!(!text(&drive(&mut a, 80, 24, vec![])).contains("to review"));
    assert!(a.record.due().is_empty(), "{:?}", a.record.due());
}

/// A review answer given and then left without rating it still counts (as "good").
#[test]
fn leaving_a_review_keeps_the_answer_given() {
    let mut a = fixture();
    drive(&mut a, 80, 24, keys("j\nb\n\u{1b}"));
    assert_eq!(a.record.due().len(), 1);
    // Answer right in review, then leave before rating.
    drive(&mut a, 80, 24, keys("ra\n\u{1b}"));
    assert!(matches!(a.screen(), Screen::Home(_)));
    assert!(a.record.due().is_empty(), "{:?}", a.record.due());
}
