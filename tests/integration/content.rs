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
                "quizzes/q.yaml:7:5: error: unknown field `promt` in a question: did you mean `prompt`?",
            ],
        ),
        (
            "missing_field",
            &["quizzes/q.yaml:5:5: error: missing field `prompt`"],
        ),
        (
            "wrong_type",
            &["quizzes/q.yaml:6:11: error: `essay` is not one of `choice`, `multi`, `exercise`"],
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
            // Each aliased node is checked once per shape: seven problems, not millions.
            &[
                "quizzes/q.yaml:9:19: error: expected a mapping (`key: value` lines), found a list",
                "quizzes/q.yaml:10:19: error: expected text, found a list",
                "quizzes/q.yaml:11:18: error: expected a mapping (`key: value` lines), found a list",
                "quizzes/q.yaml:12:8: error: expected a mapping (`key: value` lines), found a list",
                "quizzes/q.yaml:13:8: error: expected a mapping (`key: value` lines), found a list",
                "quizzes/q.yaml:14:8: error: expected a mapping (`key: value` lines), found a list",
                "quizzes/q.yaml:15:5: error: expected a mapping (`key: value` lines), found a list",
            ],
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

/// `check` certifies only what is exactly true: keyed answers and distractors against the exact
/// printed text, tolerance only where a question asks for it, every Python fence run, real
/// exception names, every schema problem of a file at once, and no errors about files that
/// exist but failed to load.
#[test]
fn check_certifies_only_what_is_exactly_true() {
    let block_raises = "lessons/01-l.md:10:1: error: this python block raises ZeroDivisionError: division by zero (block line 1); fix it, or mark the fence `python raises=ZeroDivisionError` or `python norun`";
    let table: &[(&str, &[&str])] = &[
        // `0.01` is not what Python prints for 0.1 * 0.1; a distractor `0.01` is fine then.
        ("exact_key_passes", &[]),
        (
            "keyed_not_exact",
            &[
                "quizzes/q.yaml:14:15: error: the keyed answer '0.01' disagrees with the engine, which gives '0.010000000000000002'; a keyed answer must be the printed text exactly (or give the question a `tolerance:`)",
            ],
        ),
        (
            "distractor_exact",
            &[
                "quizzes/q.yaml:17:15: error: option '0.010000000000000002' is marked wrong but is what the engine computes",
            ],
        ),
        (
            "distractor_within_tolerance",
            &[
                "quizzes/q.yaml:17:15: error: option '0.01' is marked wrong but is what the engine computes (within the question's `tolerance`)",
            ],
        ),
        (
            "tolerance_out_of_range",
            &[
                "quizzes/q.yaml:13:16: error: `tolerance: -1` must be a relative tolerance from 0 up to (not including) 1, such as 1e-9",
            ],
        ),
        (
            "tolerance_not_a_number",
            &["quizzes/q.yaml:13:16: error: expected a number, found `small`"],
        ),
        (
            "tolerance_without_verify",
            &[
                "quizzes/q.yaml:8:16: error: question 'a' has `tolerance` but no printed answer to compare (`verify` with `output_line`); remove it",
            ],
        ),
        ("fence_python3", &[block_raises]),
        ("fence_py", &[block_raises]),
        (
            "raises_not_an_exception",
            &[
                "lessons/01-l.md:10:11: error: `raises=TypeErorr`: `TypeErorr` is not a Python exception class; did you mean `TypeError`?",
            ],
        ),
        (
            "verify_raises_not_an_exception",
            &[
                "quizzes/q.yaml:11:15: error: `raises: ZeroDivision`: `ZeroDivision` is not a Python exception class; did you mean `ZeroDivisionError`?",
            ],
        ),
        (
            "enum_misspelt",
            &[
                "quizzes/q.yaml:6:11: error: `mutli` is not one of `choice`, `multi`, `exercise`; did you mean `multi`?",
            ],
        ),
        (
            "all_schema_errors",
            &[
                "quizzes/q.yaml:4:1: error: unknown field `colour` in the quiz, expected one of `format`, `id`, `title`, `lesson`, `shuffle`, `questions`",
                "quizzes/q.yaml:7:11: error: `mutli` is not one of `choice`, `multi`, `exercise`; did you mean `multi`?",
                "quizzes/q.yaml:8:5: error: unknown field `promt` in a question: did you mean `prompt`?",
                "quizzes/q.yaml:11:18: error: expected true or false, found `maybe`",
                "quizzes/q.yaml:12:9: error: unknown field `txt` in an option: did you mean `text`?",
                "quizzes/q.yaml:13:5: error: missing field `prompt`",
                "quizzes/q.yaml:15:14: error: expected a list (`- item` lines or `[a, b]`), found `none`",
                "quizzes/q.yaml:16:16: error: expected text, found a list",
            ],
        ),
        (
            "front_matter_errors",
            &[
                "lessons/01-l.md:3:1: error: unknown field `titel` in the front matter: did you mean `title`?",
                "lessons/01-l.md:4:8: error: expected a whole number, found `first`",
            ],
        ),
        // The lesson names quiz `q`, which exists but does not load: only the quiz's own error.
        (
            "no_cascade_quiz",
            &[
                "quizzes/q.yaml:7:11: error: `mutli` is not one of `choice`, `multi`, `exercise`; did you mean `multi`?",
            ],
        ),
        (
            "no_cascade_lesson",
            &["lessons/01-l.md:4:8: error: expected a whole number, found `one`"],
        ),
        (
            "no_cascade_syntax",
            &["quizzes/q.yaml:3:14: error: mapping values are not allowed in this context"],
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
