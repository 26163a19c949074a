//! `lrtutor check` and `--course` as a process: the summary counts in the right grammatical
//! number, and `--course` is accepted only where a course is read.

use super::process::lrtutor;

#[test]
fn the_summary_says_one_quiz_and_one_error() {
    // The fixture holds one quiz with one question, whose key is not the printed text.
    let (code, out, _) = lrtutor(&["check", "tests/fixtures/content/keyed_not_exact"], "");
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().last(),
        Some(
            "checked 0 lessons, 1 quiz (1 question, 0 exercises); 0 verified on the engine; 1 error, 0 warnings"
        ),
        "{out}"
    );
}

#[test]
fn course_is_offered_only_where_a_course_is_read() {
    let dir = "tests/fixtures/content/exact_key_passes";
    let table: &[(&[&str], i32, &str)] = &[
        // Where it works it keeps working, before or after the command name.
        (&["check", "--course", dir], 0, ""),
        (&["--course", dir, "check"], 0, ""),
        // Where it would do nothing it is refused, naming the reason.
        (
            &["--course", dir, "run", "x.py"],
            2,
            "--course tests/fixtures/content/exact_key_passes does nothing for `run`, which reads no course",
        ),
        (
            &["--course", dir, "simulate", "x.json"],
            2,
            "does nothing for `simulate`, which reads no course",
        ),
        (
            &["run", "--course", dir, "x.py"],
            2,
            "unexpected argument '--course'",
        ),
        (
            &["check", "--course", dir, "quizzes/01-steplr.yaml"],
            2,
            "--course tests/fixtures/content/exact_key_passes and PATHs name two courses",
        ),
    ];
    for (args, want_code, want_err) in table {
        let (code, out, err) = lrtutor(args, "");
        assert_eq!(code, *want_code, "{args:?}: {out}{err}");
        assert!(err.contains(want_err), "{args:?}: {err}");
    }
    for cmd in ["run", "simulate"] {
        let (_, help, _) = lrtutor(&[cmd, "--help"], "");
        assert!(
            !help.contains("--course"),
            "{cmd} --help offers --course:\n{help}"
        );
    }
    let (_, help, _) = lrtutor(&["quiz", "--help"], "");
    assert!(help.contains("--course"), "{help}");
}

#[test]
fn a_quiz_that_fails_to_load_is_not_called_missing() {
    let (code, _, err) = lrtutor(
        &[
            "quiz",
            "q",
            "--plain",
            "--course",
            "tests/fixtures/content/enum_misspelt",
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("quizzes/q.yaml:6:11: error: `mutli` is not one of `choice`, `multi`, `exercise`; did you mean `multi`?"),
        "{err}"
    );
    assert!(
        err.contains("quiz 'q' is in a file with the errors above"),
        "{err}"
    );
    assert!(!err.contains("no quiz 'q'"), "{err}");
}
