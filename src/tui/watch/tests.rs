//! Reports of real runs (files given by a fake reader) and the watch screen on `TestBackend`
//! at 80×24 and 160×48. Expected values come from Python and PyTorch semantics: 90 per-batch
//! steps of StepLR(step_size=10, gamma=0.5) leave 0.1 · 0.5⁹ = 0.0001953125.

use super::*;
use crate::tui::theme::Kind;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const HEAD: &str = "import torch\nfrom torch.optim.lr_scheduler import StepLR\nopt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n";

/// Stepping the scheduler first, and once per batch: two mistakes.
const TWO_MISTAKES: &str = "sched = StepLR(opt, step_size=10, gamma=0.5)\nfor epoch in range(30):\n    for batch in range(3):\n        sched.step()\n        opt.step()\nprint(sched.get_last_lr())\n";
const WRONG_GAMMA: &str = "sched = StepLR(opt, step_size=10, gamma=0.1)\nfor epoch in range(30):\n    opt.step()\n    sched.step()\n";
const REFERENCE: &str = "sched = StepLR(opt, step_size=10, gamma=0.5)\nfor epoch in range(30):\n    opt.step()\n    sched.step()\n";
const RAISES: &str = "1 / 0\n";

/// Files by name, as the command line's reader would give them.
fn fake(p: &Path) -> Result<String, String> {
    let body = match p.to_str() {
        Some("two.py") => TWO_MISTAKES,
        Some("wrong.py") => WRONG_GAMMA,
        Some("ref.py") => REFERENCE,
        Some("raises.py") => return Ok(RAISES.into()),
        _ => return Err("No such file or directory (os error 2)".into()),
    };
    Ok(format!("{HEAD}{body}"))
}

fn target(file: &str, against: Option<&str>) -> Target {
    Target {
        file: file.into(),
        against: against.map(PathBuf::from),
        read: fake,
    }
}

fn screen_of(t: &Target) -> Screen {
    Screen {
        report: Some(report(t, 1)),
        running: false,
        trouble: None,
        scroll: 0,
        output_back: 0,
    }
}

fn draw_text(s: &Screen, w: u16, h: u16) -> String {
    let theme = Theme::new(Kind::Dark);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    term.draw(|f| draw(f, s, &theme)).expect("draws");
    let b = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| b[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reports_say_what_ran_what_was_wrong_and_what_could_not_be_read() {
    let r = report(&target("two.py", None), 1);
    let o = r.outcome.as_ref().expect("ran");
    assert_eq!(o.result.stdout, "[0.0001953125]\n");
    let ids: Vec<&str> = o.mistakes.iter().map(|m| m.id).collect();
    assert_eq!(ids, ["scheduler-before-optimizer", "per-batch-stepping"]);
    assert_eq!(r.chart.yours.len(), 90, "one point per optimizer.step()");
    let gone = report(&target("gone.py", None), 4);
    assert_eq!(gone.number, 4);
    assert!(
        gone.unreadable
            .as_deref()
            .is_some_and(|e| e.contains("No such file"))
    );
    let graded = report(&target("wrong.py", Some("ref.py")), 1);
    let Some(Against::Graded(g)) = &graded.against else {
        panic!("graded: {:?}", graded.against);
    };
    assert_eq!(g.classes[0].difference.id(), "wrong-gamma");
    for (reference, says) in [
        ("raises.py", "raised ZeroDivisionError"),
        ("nope.py", "cannot read the reference nope.py"),
    ] {
        let r = report(&target("wrong.py", Some(reference)), 1);
        let Some(Against::Unusable(why)) = &r.against else {
            panic!("unusable: {:?}", r.against);
        };
        assert!(why.contains(says), "{why}");
        assert!(
            r.chart.reference.is_none(),
            "no reference curve without a reference"
        );
    }
}

#[test]
fn the_screen_shows_output_mistakes_and_chart_at_both_sizes() {
    let s = screen_of(&target("two.py", None));
    for (w, h) in [(80, 24), (160, 48)] {
        let text = draw_text(&s, w, h);
        let head = text.lines().next().unwrap_or_default();
        assert!(
            head.contains("two.py · run 1 · ran, with mistakes"),
            "{text}"
        );
        assert!(head.contains("q quit"), "{text}");
        assert!(text.contains("[0.0001953125]"), "{text}");
        assert!(
            text.contains("⚠ scheduler.step() ran before optimizer.step()"),
            "{text}"
        );
        assert!(
            text.contains("Learning rate") && text.contains("optimizer.step (0 = first)"),
            "{text}"
        );
        // 0.1 down to 0.1 · 0.5⁹: more than a decade, so a log axis.
        assert!(
            text.contains("lr (log scale)") && text.contains("0.0001"),
            "{text}"
        );
        assert!(text.contains("Mistakes (2)"), "{text}");
        if h >= 48 {
            // Side by side, room for both mistakes.
            assert!(text.contains("[per-batch-stepping]"), "{text}");
        }
    }
}

#[test]
fn under_against_the_screen_shows_the_verdict_and_the_marked_difference() {
    let s = screen_of(&target("wrong.py", Some("ref.py")));
    for (w, h) in [(80, 24), (160, 48)] {
        let text = draw_text(&s, w, h);
        let second = text.lines().nth(1).unwrap_or_default();
        assert!(
            second.starts_with("✗ your rate changes at the right epochs but by another factor"),
            "{text}"
        );
        assert!(text.contains("│ step 10: wrong-gamma"), "{text}");
        assert!(
            text.contains("reference") && text.contains("yours"),
            "{text}"
        );
    }
    let fixed = Target {
        file: "ref.py".into(),
        ..target("", Some("ref.py"))
    };
    let text = draw_text(&screen_of(&fixed), 80, 24);
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or_default()
            .starts_with("✓ matches the reference"),
        "{text}"
    );
    assert!(!text.contains("│ step"), "{text}");
}

#[test]
fn an_unreadable_file_and_the_first_run_are_said_plainly() {
    let text = draw_text(&screen_of(&target("gone.py", None)), 80, 24);
    assert!(
        text.contains("cannot read") && text.contains("Cannot read gone.py: No such file"),
        "{text}"
    );
    assert!(text.contains("Still watching"), "{text}");
    let text = draw_text(&Screen::new(), 80, 24);
    assert!(
        text.contains("running…") && text.contains("Running for the first time"),
        "{text}"
    );
}

#[test]
fn keys_quit_rerun_and_scroll() {
    use crossterm::event::KeyEvent;
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let mut s = Screen::new();
    let table = [
        (key(KeyCode::Char('q')), Step::Quit, (0, 0)),
        (key(KeyCode::Esc), Step::Quit, (0, 0)),
        (
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Step::Quit,
            (0, 0),
        ),
        (key(KeyCode::Char('c')), Step::Ignore, (0, 0)),
        (key(KeyCode::Char('r')), Step::Rerun, (0, 0)),
        (key(KeyCode::F(5)), Step::Rerun, (0, 0)),
        (key(KeyCode::Down), Step::Redraw, (1, 0)),
        (key(KeyCode::Char('j')), Step::Redraw, (2, 0)),
        (key(KeyCode::Up), Step::Redraw, (1, 0)),
        (key(KeyCode::PageUp), Step::Redraw, (1, 5)),
        (key(KeyCode::PageDown), Step::Redraw, (1, 0)),
        (key(KeyCode::PageDown), Step::Redraw, (1, 0)),
    ];
    for (k, step, (scroll, back)) in table {
        assert_eq!(on_key(&mut s, k), step, "{k:?}");
        assert_eq!((s.scroll, s.output_back), (scroll, back), "{k:?}");
    }
}
