//! `lrtutor quiz ID --plain`: the bundled quiz taken through standard input. Answers are worked
//! out from the quiz file itself (which options are keyed, in the order the seed gives), so the
//! test follows the content instead of hard-coding it.

use super::process::lrtutor;
use lrtutor::content::quiz::Kind;
use lrtutor::content::{self, session};

/// The lines a learner types to answer every question of the bundled `steplr` quiz, right
/// (`right = true`) or by picking a wrong option that has a `why`.
fn answers(seed: u64, right: bool) -> (String, Vec<String>) {
    let course = content::bundled();
    let quiz = &course.quiz("steplr").expect("quiz").quiz;
    let mut lines = String::new();
    let mut whys = Vec::new();
    for q in &quiz.questions {
        if q.kind.value == Kind::Exercise {
            let code = &q.reference.as_ref().expect("reference").value;
            lines.push_str(&format!("{code}\n.\n"));
            continue;
        }
        let order = session::option_order(quiz, q, seed);
        let pick = |want: &dyn Fn(usize) -> bool| -> String {
            order
                .iter()
                .enumerate()
                .filter(|(_, o)| want(**o))
                .map(|(i, _)| session::letter(i).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if right {
            lines.push_str(&pick(&|o| q.options[o].correct));
        } else {
            let wrong = (0..q.options.len())
                .find(|&o| !q.options[o].correct && q.options[o].why.is_some())
                .expect("a distractor with a why");
            whys.push(q.options[wrong].why.clone().expect("why"));
            lines.push_str(&pick(&|o| o == wrong));
        }
        lines.push('\n');
    }
    (lines, whys)
}

#[test]
fn the_right_answers_score_everything() {
    let (typed, _) = answers(42, true);
    let (code, out, err) = lrtutor(&["quiz", "steplr", "--plain", "--seed", "42"], &typed);
    assert_eq!(code, 0, "{err}");
    let n = out.matches("\nQuestion ").count();
    assert!(n >= 6, "{out}");
    assert!(out.contains(&format!("Score: {n} of {n} right.")), "{out}");
    assert!(out.contains("✓ your solution"), "{out}");
    assert!(
        out.contains("Worked solution:") && out.contains("Quick check:"),
        "{out}"
    );
}

#[test]
fn a_wrong_pick_shows_why_and_the_answer() {
    let (typed, whys) = answers(7, false);
    // Only the choice questions, then the input ends.
    let choices: String = typed
        .lines()
        .take(whys.len())
        .map(|l| format!("{l}\n"))
        .collect();
    let (code, out, _) = lrtutor(&["quiz", "steplr", "--plain", "--seed", "7"], &choices);
    assert_eq!(code, 0);
    for why in &whys {
        assert!(out.contains(why.trim_end()), "missing {why:?} in {out}");
    }
    assert!(
        out.contains("Not quite.") && out.contains("The answer: "),
        "{out}"
    );
    // The exercise was never answered: it counts in the total, and the score says so.
    let total = whys.len() + 1;
    assert!(
        out.contains(&format!(
            "Score: 0 of {total} right (1 question not answered)."
        )),
        "{out}"
    );
    // An option written as a sentence does not end in ".:" before its reason.
    assert!(!out.contains(".: "), "{out}");
}

#[test]
fn the_seed_fixes_the_order_and_bad_input_is_asked_again() {
    let first = lrtutor(&["quiz", "steplr", "--plain", "--seed", "3"], "").1;
    assert_eq!(
        first,
        lrtutor(&["quiz", "steplr", "--plain", "--seed", "3"], "").1
    );
    let (_, out, _) = lrtutor(&["quiz", "steplr", "--plain", "--seed", "3"], "zz\n");
    assert!(
        out.contains("Please answer with one letter, a to d."),
        "{out}"
    );
    assert!(out.contains("(input ended)"), "{out}");
}

#[test]
fn an_unknown_quiz_lists_the_ones_there_are() {
    let (code, _, err) = lrtutor(&["quiz", "nope", "--plain"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("no quiz 'nope' in this course (quizzes: ") && err.contains("steplr"),
        "{err}"
    );
}
