//! Every screen drawn on `TestBackend`, at 80×24 and 160×48.

use super::*;

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
