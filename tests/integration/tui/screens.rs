//! Every screen drawn on `TestBackend`, at 80×24 and 160×48.

use super::*;
use crossterm::event::KeyCode;
use lrtutor::tui::theme::Theme;

/// A lesson whose text carries escape sequences and control characters.
const HOSTILE_LESSON: &str = "---\nid: hostile\ntitle: \"Evil \\e[2J title\"\norder: 1\n---\n# Clear \u{1b}[2J screen\n\nText \u{1b}]0;pwned\u{7} and \u{9b}31m red \u{8}.\n\n```python\nprint('\\x1b[31m')  # \u{1b}[5m\n```\n";

#[test]
fn escape_sequences_in_content_never_reach_the_buffer() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(course(&[("lessons/01-hostile.md", HOSTILE_LESSON)]));
        // Home, then the lesson, then its code run (the output prints an escape too).
        for actions in [vec![], keys("\n"), keys("\nr")] {
            let t = drive(
                &mut app(course(&[("lessons/01-hostile.md", HOSTILE_LESSON)])),
                w,
                h,
                actions,
            );
            let b = t.backend().buffer();
            for cell in &b.content {
                assert!(
                    !cell.symbol().chars().any(|c| c.is_control()),
                    "a control character reached the buffer at {w}×{h}: {:?}\n{}",
                    cell.symbol(),
                    text(&t)
                );
            }
        }
        let t = drive(&mut a, w, h, keys("\n"));
        assert!(
            text(&t).contains("Clear \u{fffd}[2J screen"),
            "{}",
            text(&t)
        );
    }
}

#[test]
fn a_window_below_80_by_24_says_how_big_it_must_be() {
    for (w, h) in [(79, 24), (80, 23), (40, 10), (10, 3)] {
        let mut a = bundled();
        let t = drive(&mut a, w, h, keys("\n"));
        let s = text(&t).replace('\n', " ");
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if w >= 40 {
            assert!(s.contains("at least 80×24"), "{w}×{h}: {s}");
            assert!(s.contains(&format!("this one is {w}×{h}")), "{w}×{h}: {s}");
        } else {
            assert!(s.starts_with("lrtutor needs"), "{w}×{h}: {s}");
        }
    }
}

#[test]
fn ctrl_c_quits_from_any_screen() {
    let mut a = bundled();
    let mut actions = keys("\n");
    actions.push(ctrl('c'));
    actions.extend(keys("j"));
    drive(&mut a, 80, 24, actions);
    assert!(a.quit);
}

/// The sizes every screen is drawn at.
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Asserts that each of `want` appears on the screen.
#[track_caller]
fn shows(t: &Terminal<TestBackend>, want: &[&str]) {
    let s = text(t);
    for w in want {
        assert!(s.contains(w), "missing {w:?} in\n{s}");
    }
}

#[test]
fn home_maps_the_course_with_quizzes_and_exercises() {
    // The question count comes from the quiz file, so adding a question does not break this.
    let steplr = lrtutor::content::bundled()
        .quiz("steplr")
        .map_or(0, |q| q.quiz.questions.len());
    assert!(steplr > 0, "the bundled course has the steplr quiz");
    let steplr_row = format!("Quiz: StepLR and MultiStepLR ({steplr} questions)");
    for (w, h) in SIZES {
        let t = drive(&mut bundled(), w, h, vec![]);
        shows(
            &t,
            &[
                "course map",
                " 1. Step decay with StepLR and MultiStepLR",
                &steplr_row,
                "Exercise: build-the-schedule",
                " 2. Where the scheduler goes in the training loop",
                "0 of 12 lessons read",
                " q quit",
            ],
        );
    }
}

#[test]
fn home_lists_files_that_did_not_load_with_path_and_line() {
    let broken = "---\nid: broken\ntitle: [unclosed\norder: 2\n---\nbody\n";
    let c = course(&[
        (
            "lessons/01-features.md",
            "---\nid: ok\ntitle: Fine\norder: 1\n---\n# Fine\n",
        ),
        ("lessons/02-broken.md", broken),
    ]);
    assert!(!c.diagnostics.is_empty());
    let d = c.diagnostics[0].clone();
    for (w, h) in SIZES {
        let t = drive(
            &mut app(course(&[
                (
                    "lessons/01-features.md",
                    "---\nid: ok\ntitle: Fine\norder: 1\n---\n# Fine\n",
                ),
                ("lessons/02-broken.md", broken),
            ])),
            w,
            h,
            keys("jj"),
        );
        shows(
            &t,
            &[" 1. Fine", &format!("✗ lessons/02-broken.md:{}:", d.line)],
        );
        // The details under the map show the whole diagnostic.
        shows(
            &t,
            &[&format!(
                "lessons/02-broken.md:{}:{}: error:",
                d.line, d.col
            )],
        );
    }
}

#[test]
fn home_shows_what_the_learner_did() {
    for (w, h) in SIZES {
        let mut a = fixture();
        // Read the lesson to its end, back; then the quiz: a right, multi wrong, skip the exercise.
        let t = drive(&mut a, w, h, keys("\nG\u{1b}j\na\n\nb\n\nn\n"));
        shows(
            &t,
            &[
                "course map",
                "✓ read",
                "score 1 of 3",
                "1 of 1 lessons read",
                "1 to review",
            ],
        );
    }
}

#[test]
fn the_reader_renders_tables_nested_lists_quotes_and_links() {
    for (w, h) in SIZES {
        let t = drive(&mut fixture(), w, h, keys("\n"));
        shows(
            &t,
            &[
                "lesson · Every element of a lesson",
                "• StepLR",
                "  ◦ drops every step_size epochs",
                "    1. first drop at epoch 30",
                "    2. second drop at epoch 60",
                "• MultiStepLR",
                "│ A quote: schedulers change the rate",
                "links to",
                "<https://pytorch.org/docs/stable/optim.html>",
                "┌─────────────┬",
                "│ scheduler   │",
            ],
        );
        // No line is wider than the text area: the table is fitted, its borders aligned.
        let s = text(&t);
        let rows: Vec<&str> = s
            .lines()
            .filter(|l| l.contains('│') && !l.contains("quote"))
            .collect();
        assert!(!rows.is_empty());
        for r in &rows {
            assert!(r.chars().count() <= usize::from(w), "{r}");
        }
    }
}

#[test]
fn a_long_code_block_is_coloured_cut_and_runs_under_itself() {
    for (w, h) in SIZES {
        let mut a = fixture();
        // Select the second block (`b` twice from the top), run it.
        let t = drive(&mut a, w, h, keys("\nbbr"));
        shows(
            &t,
            &[
                "python · r runs it",
                "  scheduler = MultiStepLR(optimizer, milestones=[2, 4,",
                "↳ output",
                "  0 0.1",
                "  1 0.05",
            ],
        );
        let s = text(&t);
        if w == 80 {
            // The line longer than the screen continues on the next row, indented.
            assert!(
                s.contains("\n     8, 20, 22, 24, 26, 28], gamma=0.5)"),
                "{s}"
            );
        }
        // Python is coloured from its tokens: `for` has the keyword style.
        let theme = &a.theme;
        let buf = t.backend().buffer();
        let kw = (0..buf.area.height).find_map(|y| {
            let row: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            row.find("for epoch")
                .map(|i| (row[..i].chars().count() as u16, y))
        });
        let (x, y) = kw.expect("a for loop on screen");
        assert_eq!(buf[(x, y)].fg, theme.keyword.fg.unwrap_or_default());
        assert_eq!(buf[(x, y)].bg, theme.code_block.bg.unwrap_or_default());
    }
}

#[test]
fn the_table_of_contents_and_search_matches_show() {
    for (w, h) in SIZES {
        let mut a = fixture();
        let t = drive(&mut a, w, h, keys("\nt"));
        shows(
            &t,
            &[
                "Contents",
                "Every element of a lesson",
                "  Lists",
                "  A table",
                "  Run it",
                "  A long block",
            ],
        );
        let mut a = fixture();
        let t = drive(&mut a, w, h, keys("\n/drop\n"));
        shows(&t, &["/drop", "1 of 3", "n N next, previous"]);
        // The current match is drawn in its own style.
        let buf = t.backend().buffer();
        let current = a.theme.matched_current.bg.unwrap_or_default();
        let marked: String = buf
            .content
            .iter()
            .filter(|c| c.bg == current)
            .map(|c| c.symbol().to_string())
            .collect();
        assert_eq!(marked, "drop");
    }
}

#[test]
fn help_names_the_keys_of_each_screen() {
    // (keys to reach the screen, what its help must name)
    let table: &[(&str, &[&str])] = &[
        (
            "?",
            &[
                "Keys",
                "q",
                "quit",
                "Enter",
                "c",
                "continue where you stopped",
                "Ctrl-C",
            ],
        ),
        (
            "\n?",
            &[
                "scroll a line",
                "/",
                "search",
                "r",
                "run the selected block",
                "b / B",
                "Esc / q",
                "back",
            ],
        ),
        (
            "j\n?",
            &["a b c", "pick an option by its letter", "Space", "retry"],
        ),
    ];
    for (w, h) in SIZES {
        for (k, want) in table {
            let t = drive(&mut fixture(), w, h, keys(k));
            shows(&t, want);
            shows(&t, &["Esc, q or ? closes this help"]);
        }
        // Every key of every screen is listed in full, even at 80 columns.
        use lrtutor::tui::screens::{home, lesson, playground, quiz, review};
        // An exercise opens in the playground, whose editor takes `?` as a letter: F1 there.
        let mut exercise = keys("jj\n");
        exercise.push(key(KeyCode::F(1)));
        type Keys = &'static [(&'static str, &'static str)];
        // A review session: a missed question is due in the session's record.
        let review_help = keys("j\nb\n\u{1b}r?");
        let screens: [(Vec<Action>, Keys); 5] = [
            (keys("?"), home::KEYS),
            (keys("\n?"), lesson::KEYS),
            (keys("j\n?"), quiz::KEYS),
            (exercise, playground::KEYS),
            (review_help, review::KEYS),
        ];
        for (k, list) in screens {
            let t = drive(&mut fixture(), w, h, k);
            for (key, what) in list {
                shows(&t, &[&format!(" {key}"), what]);
            }
        }
        // `?` again closes it.
        let t = drive(&mut fixture(), w, h, keys("??"));
        assert!(!text(&t).contains("closes this help"));
    }
}

#[test]
fn a_wrong_answer_gets_its_why_its_catalog_mistake_and_the_solution() {
    let mistake = lrtutor::explain::catalog::get("steplr-milestones").expect("a catalog entry");
    for (w, h) in SIZES {
        let mut a = fixture();
        // Open the quiz, pick b) (wrong), submit.
        let t = drive(&mut a, w, h, keys("j\nb\n"));
        shows(
            &t,
            &[
                "Question 1 of 3",
                "✗ Not quite",
                "Not quite. The answer:",
                "a) [0.010000000000000002]",
                "✗ b) [0.1]",
                "Why not b)",
                "The drop happens when the epoch count reaches step_size",
                &format!("Common mistake: {}", mistake.title),
            ],
        );
        if h >= 48 {
            shows(
                &t,
                &[
                    "Worked solution",
                    "1. Count the steps",
                    "Quick check",
                    "Common mistakes here",
                    "• float precision",
                ],
            );
        }
        // Scrolling the feedback reaches the solution at 80×24 too.
        let t = drive(
            &mut fixture(),
            w,
            h,
            keys("j\nb\n")
                .into_iter()
                .chain([key(KeyCode::PageDown), key(KeyCode::PageDown)])
                .collect(),
        );
        shows(&t, &["Quick check"]);
    }
}

/// Scrolling stops at the end of the text (one PgUp after many PgDn moves the pane at once),
/// and after an answer the question pane scrolls back up to the prompt above the options.
#[test]
fn scrolling_a_quiz_pane_stays_within_its_text() {
    let answered = |then: &[(KeyCode, usize)]| {
        let mut k = keys("j\nb\n");
        for &(code, n) in then {
            k.extend(std::iter::repeat_n(key(code), n));
        }
        k
    };
    let (w, h) = (80, 24);
    let screen = |then: &[(KeyCode, usize)]| text(&drive(&mut fixture(), w, h, answered(then)));
    let bottom = screen(&[(KeyCode::PageDown, 40)]);
    let back = screen(&[(KeyCode::PageDown, 40), (KeyCode::PageUp, 1)]);
    assert!(bottom.contains("float precision"), "{bottom}");
    assert_ne!(bottom, back, "PgUp after PgDn x40 scrolls back at once");
    let prompt = "What does the code print after 30 epochs?";
    let answered_screen = screen(&[]);
    assert!(!answered_screen.contains(prompt), "{answered_screen}");
    // The answer gives the feedback the focus; Tab gives it to the question.
    let up = screen(&[(KeyCode::Tab, 1), (KeyCode::PageUp, 3)]);
    assert!(up.contains(prompt), "{up}");
}

#[test]
fn a_question_runs_its_code_and_shows_the_real_output() {
    for (w, h) in SIZES {
        let t = drive(&mut fixture(), w, h, keys("j\nr"));
        shows(
            &t,
            &[
                "↳ output (real, from the engine)",
                "  [0.010000000000000002]",
            ],
        );
    }
}

#[test]
fn the_end_of_a_quiz_shows_the_score_and_offers_a_retry() {
    for (w, h) in SIZES {
        let t = drive(&mut fixture(), w, h, keys("j\nb\n\nab\n\nn"));
        shows(
            &t,
            &[
                "The features quiz · done",
                "Score: 1 of 3 right",
                "✗ 1. What does the code print",
                "✓ 2. Which schedulers",
                "✗ 3. Build a StepLR",
                "R: retry the 2 missed",
            ],
        );
    }
}

#[test]
fn an_exercise_shows_its_starter_hints_and_how_to_grade_it() {
    // The exercise opens in the playground (issue 14): the starter in the editor, `h` in the
    // exercise pane (F6 moves there) shows a hint, `?` the keys (a letter in the editor: F1).
    for (w, h) in SIZES {
        let mut actions = keys("jj\n");
        actions.extend([key(KeyCode::F(6)), key(KeyCode::Char('h'))]);
        let t = drive(&mut fixture(), w, h, actions);
        shows(
            &t,
            &[
                "Exercise build-it",
                "Build a StepLR that drops by 10x",
                "scheduler = ...",
                "Hint 1",
                "step_size is 30.",
                "Ctrl-R checks your code",
            ],
        );
        let mut actions = keys("jj\n");
        actions.push(key(KeyCode::F(1)));
        let t = drive(&mut fixture(), w, h, actions);
        shows(
            &t,
            &["Ctrl-R / F5", "next hint", "Esc, q or ? closes this help"],
        );
    }
}

#[test]
fn a_resize_lays_the_lesson_out_again() {
    let mut a = fixture();
    drive(&mut a, 160, 48, keys("\n"));
    // The same app in a narrower terminal: the loop sends the new size first.
    let t = drive(&mut a, 80, 24, vec![key(KeyCode::Char('j'))]);
    let s = text(&t);
    assert!(s.lines().all(|l| l.chars().count() <= 80));
    shows(
        &t,
        &["A lesson uses emphasis, strong text, struck words, inline code and links to"],
    );
}

#[test]
fn no_color_draws_without_any_colour() {
    let mut a = fixture();
    a.theme = Theme::choose(None, Some("1"), None).expect("a theme");
    for k in ["", "\n]]]]r", "j\nb\n", "?"] {
        let mut a = fixture();
        a.theme = Theme::choose(None, Some("1"), None).expect("a theme");
        let t = drive(&mut a, 80, 24, keys(k));
        for c in &t.backend().buffer().content {
            assert_eq!(
                (c.fg, c.bg),
                (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
                "{k:?} {:?}",
                c.symbol()
            );
        }
    }
}
