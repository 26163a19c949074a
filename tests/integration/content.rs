//! Course content: one bad course per failure kind (`tests/fixtures/content/<case>/`), each with
//! the exact message and location `check` must report; the bundled course passes and fails when
//! a keyed answer is broken.

use lrtutor::content::{self, check};
use std::path::Path;

/// Loads a fixture course with paths relative to its folder (`quizzes/q.yaml`).
fn load_case(case: &str) -> content::Course {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/content")
        .join(case);
    let mut files = Vec::new();
    for sub in ["lessons", "quizzes"] {
        let Ok(entries) = std::fs::read_dir(root.join(sub)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            files.push((
                format!("{sub}/{n}"),
                std::fs::read_to_string(root.join(sub).join(&n)).expect("read"),
            ));
        }
    }
    content::load(&files)
}

fn diagnostics(case: &str) -> Vec<String> {
    check::check(&load_case(case), check::Options { run_code: true })
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn every_failure_kind_has_its_exact_message_and_location() {
    let table: &[(&str, &[&str])] = &[
        (
            "yaml_syntax",
            &["quizzes/q.yaml:4:10: error: illegal placement of ':' indicator"],
        ),
        (
            "unknown_field",
            &[
                "quizzes/q.yaml:7:5: error: unknown field `promt`, expected one of `id`, `type`, `prompt`, `code`, `verify`, `options`, `solution`, `quick_check`, `mistakes`, `starter`, `reference`, `compare`, `hints`",
            ],
        ),
        (
            "missing_field",
            &["quizzes/q.yaml:5:5: error: missing field `prompt`"],
        ),
        (
            "wrong_type",
            &[
                "quizzes/q.yaml:6:11: error: unknown variant `essay`, expected one of `choice`, `multi`, `exercise`",
            ],
        ),
        (
            "format_version",
            &["quizzes/q.yaml:1:9: error: unknown quiz format 2; this lrtutor reads format 1"],
        ),
        (
            "duplicate_question_id",
            &["quizzes/q.yaml:12:9: error: duplicate question id 'a' (first on line 5)"],
        ),
        (
            "duplicate_quiz_id",
            &["quizzes/q2.yaml:2:5: error: duplicate quiz id 'same' (also in quizzes/q1.yaml)"],
        ),
        (
            "choice_two_correct",
            &[
                "quizzes/q.yaml:6:11: error: question 'a' is `choice` but has 2 correct options; mark exactly one `correct: true` (or use `multi`)",
            ],
        ),
        (
            "multi_none_correct",
            &[
                "quizzes/q.yaml:6:11: error: question 'a' is `multi` but no option is `correct: true`",
            ],
        ),
        (
            "dangling_lesson",
            &["quizzes/q.yaml:4:9: error: lesson 'nowhere' does not exist in this course"],
        ),
        (
            "dangling_quiz",
            &["lessons/01-l.md:5:7: error: quiz 'nowhere' does not exist in this course"],
        ),
        (
            "dangling_mistake",
            &[
                "quizzes/q.yaml:12:18: error: mistake 'not-a-mistake' is not in the catalog (assets/mistakes.yaml)",
            ],
        ),
        (
            "front_matter_missing",
            &[
                "lessons/01-l.md:1:1: error: a lesson starts with YAML front matter between two `---` lines (id, title, order, quiz)",
            ],
        ),
        (
            "block_raises",
            &[
                "lessons/01-l.md:10:1: error: this python block raises ZeroDivisionError: division by zero (block line 1); fix it, or mark the fence `python raises=ZeroDivisionError` or `python norun`",
            ],
        ),
        (
            "block_does_not_raise",
            &[
                "lessons/01-l.md:10:1: error: this block is declared `raises=TypeError` but raises nothing",
            ],
        ),
        (
            "keyed_wrong",
            &[
                "quizzes/q.yaml:14:15: error: the keyed answer '0.1' disagrees with the engine, which gives '0.010000000000000002'",
                "quizzes/q.yaml:16:15: error: option '0.01' is marked wrong but is what the engine computes",
            ],
        ),
        (
            "distractor_right",
            &[
                "quizzes/q.yaml:16:15: error: option '0.01' is marked wrong but is what the engine computes",
            ],
        ),
        (
            "exercise_reference_fails",
            &[
                "quizzes/q.yaml:11:7: error: the reference solution raises TypeError: StepLR.__init__() got an unexpected keyword argument 'milestones' (its line 4)",
            ],
        ),
        (
            "alias_bomb",
            &["quizzes/q.yaml:9:19: error: expected a mapping (`key: value` lines), found a list"],
        ),
        (
            "deep_nesting",
            &[
                "quizzes/q.yaml:2:69: error: nested more than 64 levels deep; a course file needs a handful",
            ],
        ),
        (
            "control_chars",
            &["quizzes/q.yaml:2:5: error: unexpected character: `\\u{1b}'"],
        ),
    ];
    for (case, want) in table {
        assert_eq!(diagnostics(case), *want, "{case}");
    }
}

#[test]
fn a_broken_file_does_not_stop_the_rest_of_the_course_from_loading() {
    let good = "format: 1\nid: good\ntitle: t\nquestions:\n  - id: a\n    type: choice\n    prompt: p\n    options:\n      - text: x\n        correct: true\n      - text: y\n";
    let files = vec![
        ("quizzes/bad.yaml".to_string(), "format: [".to_string()),
        ("quizzes/good.yaml".to_string(), good.to_string()),
    ];
    let course = content::load(&files);
    assert_eq!(course.quizzes.len(), 1);
    assert_eq!(course.diagnostics.len(), 1);
    assert!(course.diagnostics[0].path == "quizzes/bad.yaml");
}

#[test]
fn the_bundled_course_passes_and_a_wrong_key_fails_at_its_line() {
    let report = check::check(&content::bundled(), check::Options { run_code: true });
    let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        report.summary.verified >= 3 && report.summary.questions >= 5,
        "{:?}",
        report.summary
    );

    let mut files: Vec<(String, String)> = ["lessons/01-steplr.md", "quizzes/01-steplr.yaml"]
        .iter()
        .map(|p| {
            (
                p.to_string(),
                std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(p))
                    .expect("read"),
            )
        })
        .collect();
    // Key the distractor 0.010000000000000002 instead of the real answer.
    let quiz = &mut files[1].1;
    *quiz = quiz.replacen("      - text: \"0.0010000000000000002\"\n        correct: true\n      - text: \"0.010000000000000002\"\n", "      - text: \"0.0010000000000000002\"\n      - text: \"0.010000000000000002\"\n        correct: true\n", 1);
    let line = quiz
        .lines()
        .position(|l| l.contains("text: \"0.010000000000000002\""))
        .expect("option")
        + 1;
    let report = check::check(&content::load(&files), check::Options { run_code: true });
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert!(errors.iter().any(|e| e.starts_with(&format!("quizzes/01-steplr.yaml:{line}:15: error: the keyed answer '0.010000000000000002' disagrees"))), "{errors:?}");
}
