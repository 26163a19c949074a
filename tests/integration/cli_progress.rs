//! `lrtutor progress`, `review` and `quiz --plain` as processes, each with its own
//! `LRTUTOR_HOME` in the temp folder.

use super::progress::{answers, open, scratch};
use lrtutor::content::quiz::Kind;
use lrtutor::content::{self, session};
use lrtutor::progress::file::FILE_NAME;
use lrtutor::progress::{Store, TestClock, clock::DAY};
use std::path::Path;

/// Runs `lrtutor ARGS` with progress in `home` (and `env`); returns exit code, stdout, stderr.
fn run(home: &Path, env: &[(&str, &str)], args: &[&str], stdin: &str) -> (i32, String, String) {
    super::process::lrtutor_in(home, env, args, stdin)
}

/// The letters that answer the choice question `key` of the bundled course right with `seed`.
fn right_letters(quiz: &content::quiz::Quiz, q: &content::quiz::Question, seed: u64) -> String {
    session::option_order(quiz, q, seed)
        .iter()
        .enumerate()
        .filter(|(_, o)| q.options[**o].correct)
        .map(|(i, _)| session::letter(i).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits RFC 4180 CSV into records of fields (quoted fields may hold commas, quotes, breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn quiz_answers_are_recorded_unless_disabled_and_csv_lists_every_item() {
    let home = scratch("cli-quiz");
    let course = content::bundled();
    let quiz = &course.quiz("steplr").expect("quiz").quiz;
    let choice: Vec<_> = quiz
        .questions
        .iter()
        .filter(|q| q.kind.value != Kind::Exercise)
        .collect();
    let exercises: Vec<_> = quiz
        .questions
        .iter()
        .filter(|q| q.kind.value == Kind::Exercise)
        .collect();
    assert!(!exercises.is_empty());
    // Every question right: letters, or the reference solution for an exercise.
    let typed: String = quiz
        .questions
        .iter()
        .map(|q| match q.kind.value {
            Kind::Exercise => format!("{}\n.\n", q.reference.as_ref().expect("reference").value),
            _ => right_letters(quiz, q, 3) + "\n",
        })
        .collect();
    let args = ["quiz", "steplr", "--plain", "--seed", "3"];
    let (code, _, err) = run(&home, &[("LRTUTOR_NO_PROGRESS", "1")], &args, &typed);
    assert_eq!(code, 0, "{err}");
    assert!(
        !home.join(FILE_NAME).exists(),
        "LRTUTOR_NO_PROGRESS still wrote progress"
    );
    let (code, out, err) = run(&home, &[], &args, &typed);
    assert_eq!(code, 0, "{err}");
    let n = quiz.questions.len();
    assert!(out.contains(&format!("Score: {n} of {n} right.")), "{out}");
    let store = open(&home.join(FILE_NAME));
    assert_eq!(answers(&store), n);
    for q in &exercises {
        let ex = &store.doc().exercises[&format!("steplr/{}", q.id.value)];
        assert_eq!(ex.attempts.len(), 1);
        assert!(ex.solved_at().is_some());
        let reference = q.reference.as_ref().map(|r| r.value.trim());
        assert_eq!(ex.code.as_deref().map(str::trim), reference);
    }
    for q in &choice {
        let rec = &store.doc().questions[&format!("steplr/{}", q.id.value)];
        assert!(
            rec.answers[0].right && rec.review.is_some(),
            "{}",
            q.id.value
        );
    }

    let (code, csv, err) = run(&home, &[], &["progress", "--format", "csv"], "");
    assert_eq!(code, 0, "{err}");
    assert!(csv.ends_with("\r\n"));
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "kind", "id", "lesson", "title", "status", "attempts", "right", "last", "due"
        ]
    );
    let items = course.lessons.len()
        + course
            .quizzes
            .iter()
            .map(|f| f.quiz.questions.len())
            .sum::<usize>();
    assert_eq!(rows.len(), 1 + items);
    assert!(
        rows.iter().all(|r| r.len() == 9),
        "a row with another number of fields"
    );
    // A title with a comma stays one field.
    let exp = course
        .lessons
        .iter()
        .find(|l| l.meta.title.contains(','))
        .expect("a title with a comma");
    assert!(
        rows.iter()
            .any(|r| r[0] == "lesson" && r[3] == exp.meta.title)
    );
    let first = &rows[1..]
        .iter()
        .find(|r| r[1] == format!("steplr/{}", choice[0].id.value))
        .expect("row");
    assert_eq!(
        (first[4].as_str(), first[5].as_str(), first[6].as_str()),
        ("right", "1", "1")
    );

    let (code, text, _) = run(&home, &[], &["progress"], "");
    assert_eq!(code, 0);
    let line = text
        .lines()
        .find(|l| l.starts_with("steplr "))
        .expect("steplr row");
    let want = format!("{0}/{0}", choice.len());
    let solved = format!("{0}/{0}", exercises.len());
    assert!(line.contains(&want) && line.contains(&solved), "{line}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn an_answer_keeps_its_history_when_the_question_is_reworded() {
    let home = scratch("cli-reword");
    let course = home.join("course");
    std::fs::create_dir_all(course.join("quizzes")).expect("mkdir");
    std::fs::create_dir_all(course.join("lessons")).expect("mkdir");
    let quiz = |prompt: &str, right: &str| {
        format!(
            "format: 1\nid: words\ntitle: Words\nshuffle: false\nquestions:\n  - id: gamma\n    type: choice\n    prompt: {prompt}\n    options:\n      - text: {right}\n        correct: true\n      - text: It adds gamma.\n        why: Gamma multiplies.\n"
        )
    };
    let file = course.join("quizzes/01-words.yaml");
    let dir = course.to_str().expect("utf-8 path");
    std::fs::write(
        &file,
        quiz("What does gamma do?", "It multiplies the rate."),
    )
    .expect("write");
    let (code, out, err) = run(
        &home,
        &[],
        &["quiz", "words", "--plain", "--course", dir],
        "b\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    std::fs::write(
        &file,
        quiz(
            "In StepLR, what is gamma for?",
            "It scales the rate at each step_size.",
        ),
    )
    .expect("write");
    let (code, out, err) = run(
        &home,
        &[],
        &["quiz", "words", "--plain", "--course", dir],
        "a\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Right."), "{out}");
    let store = open(&home.join(FILE_NAME));
    let rec = &store.doc().questions["words/gamma"];
    let got: Vec<(bool, Vec<u32>)> = rec
        .answers
        .iter()
        .map(|a| (a.right, a.chosen.clone()))
        .collect();
    assert_eq!(got, [(false, vec![1]), (true, vec![0])]);
    let (_, csv, _) = run(
        &home,
        &[],
        &["--course", dir, "progress", "--format", "csv"],
        "",
    );
    let rows = parse_csv(&csv);
    let row = rows.iter().find(|r| r[1] == "words/gamma").expect("row");
    assert_eq!(
        (row[3].as_str(), row[4].as_str(), row[5].as_str()),
        ("In StepLR, what is gamma for?", "right", "2")
    );
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn review_asks_the_due_question_and_reschedules_it() {
    let home = scratch("cli-review");
    let course = content::bundled();
    let quiz = &course.quiz("steplr").expect("quiz").quiz;
    let q = &quiz.questions[0];
    // Missed three days ago: due two days ago.
    let now = lrtutor::progress::Clock::now(&lrtutor::progress::SystemClock);
    let mut store = Store::open_at(
        &home.join(FILE_NAME),
        Box::new(TestClock::new(now - 3 * DAY)),
    )
    .expect("open");
    store
        .record_answer("steplr", &q.id.value, &[3], false)
        .expect("save");
    drop(store);
    let (code, out, err) = run(&home, &[], &["review"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Review — 1 question due"), "{out}");
    let typed = format!("{}\ne\n", right_letters(quiz, q, 9));
    let (code, out, err) = run(&home, &[], &["review", "--plain", "--seed", "9"], &typed);
    assert_eq!(code, 0, "{err}");
    for words in [
        "Question 1 of 1 (from StepLR and MultiStepLR)",
        "Right.",
        "How was it?",
        "Reviewed: 1 of 1 right.",
        "Next review due ",
    ] {
        assert!(out.contains(words), "{words}: {out}");
    }
    let store = open(&home.join(FILE_NAME));
    let rec = &store.doc().questions[&format!("steplr/{}", q.id.value)];
    assert_eq!(rec.answers.len(), 2);
    assert_eq!(rec.answers[1].rating, Some(lrtutor::progress::Rating::Easy));
    assert_eq!(store.due_count(store.now()), 0);
    let (_, out, _) = run(&home, &[], &["review", "--plain"], "");
    assert!(out.contains("Nothing to review now."), "{out}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn reset_needs_a_confirmation_and_a_damaged_file_is_named() {
    let home = scratch("cli-reset");
    let path = home.join(FILE_NAME);
    {
        let mut s = open(&path);
        s.record_answer("steplr", "build-steplr", &[0], true)
            .expect("save");
        s.record_answer("cosine", "t-max", &[0], true)
            .expect("save");
    }
    let (code, _, err) = run(&home, &[], &["progress", "--reset"], "yes\n");
    assert_eq!(code, 2);
    assert!(err.contains("add --yes"), "{err}");
    assert_eq!(answers(&open(&path)), 2);
    let (code, out, err) = run(&home, &[], &["progress", "--reset", "steplr", "--yes"], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Reset your progress on 'steplr': 1 record."),
        "{out}"
    );
    assert_eq!(answers(&open(&path)), 1);
    let (code, _, err) = run(&home, &[], &["progress", "--reset", "nowhere", "--yes"], "");
    assert_eq!(code, 2);
    assert!(err.contains("nothing is saved under 'nowhere'"), "{err}");
    let (code, out, _) = run(&home, &[], &["progress", "--reset", "--yes"], "");
    assert_eq!(code, 0);
    assert!(out.contains("Reset all your progress"), "{out}");
    assert_eq!(answers(&open(&path)), 0);

    std::fs::write(&path, b"{\"version\": 1, \"questions\": {\"a\": ").expect("write");
    let (code, _, err) = run(&home, &[], &["progress"], "");
    assert_eq!(code, 0);
    assert!(
        err.contains("is damaged")
            && err.contains("it was moved to")
            && err.contains("progress.json.corrupt-"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&home);
}
