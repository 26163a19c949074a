//! Exams: the exact results file, variants by seed proven by `check`, the exam flags, and
//! `check` on variants.

use super::{CLOCK, bundled_quiz, fnv, lrtutor, param, py_repr, read_json, scratch};
use lrtutor::content::quiz::{Kind, Question, Quiz};
use lrtutor::content::{session, variant};
use serde_json::{Value, json};

/// The option texts of the bundled `milestones-variant` for variant `v`, worked out with
/// Python's float arithmetic (MultiStepLR multiplies by gamma once per milestone passed).
fn milestones_texts(q: &Question, v: &variant::Variant) -> Vec<String> {
    let (lr, g) = (param(v, "lr"), param(v, "gamma"));
    let texts = [
        py_repr(lr * g * g),
        py_repr(lr * g),
        py_repr(lr),
        py_repr(lr * g * g * g),
    ];
    assert_eq!(q.options.len(), texts.len(), "the question changed");
    texts.to_vec()
}

#[test]
fn a_plain_exam_writes_the_expected_results_json() {
    let quiz = bundled_quiz("steplr");
    let seed = 11;
    let dir = scratch("exam");
    let results = dir.join("ada.json");
    let mut typed = String::new();
    let mut expected_questions = Vec::new();
    let mut right = 0;
    for (k, q) in quiz.questions.iter().enumerate() {
        if q.kind.value == Kind::Exercise {
            let code = q.reference.as_ref().expect("reference").value.clone();
            typed.push_str(&format!("{code}.\n"));
            right += 1;
            expected_questions.push(json!({
                "id": q.id.value, "type": "exercise", "variant": null, "options": [],
                "chosen": [], "code": code, "answered": true, "correct": true, "seconds": 2.0
            }));
            continue;
        }
        let order = session::option_order(&quiz, q, seed);
        let v = variant::pick(q, seed);
        let texts: Vec<String> = match &v {
            Some(v) => milestones_texts(q, v),
            None => q.options.iter().map(|o| o.text.value.clone()).collect(),
        };
        // Even questions answered right, odd ones with the first wrong option shown; the first
        // answer is preceded by a letter that does not exist, which is asked again.
        let pick = if k % 2 == 0 {
            order.iter().position(|&o| q.options[o].correct)
        } else {
            order.iter().position(|&o| !q.options[o].correct)
        }
        .expect("an option to pick");
        if k == 0 {
            typed.push_str("z\n");
        }
        let letter = session::letter(pick).to_string();
        typed.push_str(&format!("{letter}\n"));
        let correct = k % 2 == 0;
        right += usize::from(correct);
        let options: Vec<Value> = order
            .iter()
            .enumerate()
            .map(|(i, &o)| {
                let opt = &q.options[o];
                json!({
                    "letter": session::letter(i).to_string(), "text": texts[o],
                    "correct": opt.correct, "source": o, "why": opt.why,
                    "mistake": opt.mistake.as_ref().map(|m| m.value.clone())
                })
            })
            .collect();
        let variant = v.as_ref().map(|v| {
            let params: serde_json::Map<String, Value> = v.values.iter().cloned().collect();
            json!({"index": v.index, "params": params})
        });
        expected_questions.push(json!({
            "id": q.id.value, "type": if q.kind.value == Kind::Multi { "multi" } else { "choice" },
            "variant": variant, "options": options, "chosen": [letter], "code": null,
            "answered": true, "correct": correct, "seconds": 2.0
        }));
    }
    let n = quiz.questions.len();
    let args = [
        "quiz",
        "steplr",
        "--plain",
        "--seed",
        "11",
        "--name",
        "Ada Lovelace",
        "--results",
    ];
    let mut args: Vec<&str> = args.to_vec();
    args.push(results.to_str().expect("utf-8 path"));
    let (code, out, err) = lrtutor(&args, &typed, &[("LRTUTOR_CLOCK", CLOCK)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Please answer with one letter"), "{out}");
    assert!(
        out.contains("a) ") && out.contains("Worked solution:"),
        "{out}"
    );
    let source = std::fs::read_to_string("quizzes/01-steplr.yaml").expect("quiz file");
    // Clock readings 2 s apart: the start, then each question shown and answered, then the end.
    let end = 2 * (2 * n + 1);
    let expected = json!({
        "format": 1, "quiz": "steplr", "quiz_title": quiz.title, "quiz_hash": fnv(&source),
        "student": "Ada Lovelace", "seed": 11,
        "started": "2025-11-30T21:00:00.000Z",
        "ended": format!("2025-11-30T21:00:{end:02}.000Z"),
        "seconds": end as f64, "ended_by": "finished", "feedback": true,
        "time_limit_minutes": null, "questions": expected_questions,
        "score": {"right": right, "answered": n, "total": n}
    });
    assert_eq!(read_json(&results), expected);
    assert!(
        out.contains(&format!("Score: {right} of {n} right.")),
        "{out}"
    );
}

/// Types an answer for every question of `quiz`: the first option, or for an exercise its
/// reference solution.
fn first_options(quiz: &Quiz) -> String {
    quiz.questions
        .iter()
        .map(|q| match q.kind.value {
            Kind::Exercise => format!("{}.\n", q.reference.as_ref().expect("reference").value),
            _ => "a\n".to_string(),
        })
        .collect()
}

/// The recorded question `id` of a results file.
fn recorded<'v>(results: &'v Value, id: &str) -> &'v Value {
    results["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["id"] == id))
        .expect("question recorded")
}

#[test]
fn variants_follow_the_seed_and_check_proves_every_students_key() {
    let quiz = bundled_quiz("exponential-lambda");
    let q = quiz
        .questions
        .iter()
        .find(|q| q.params.is_some())
        .expect("a question with params");
    let typed = first_options(&quiz);
    let dir = scratch("variants");
    let take = |seed: u64| {
        let file = dir.join(format!("seed-{seed}.json"));
        let seed_text = seed.to_string();
        let args = [
            "quiz",
            "exponential-lambda",
            "--plain",
            "--seed",
            &seed_text,
            "--results",
            file.to_str().expect("path"),
        ];
        let (code, out, err) = lrtutor(&args, &typed, &[("LRTUTOR_CLOCK", CLOCK)]);
        assert_eq!(code, 0, "{err}");
        (out, read_json(&file))
    };
    let (out_a, first) = take(1);
    let (out_b, again) = take(1);
    assert_eq!(out_a, out_b, "the same seed shows the same quiz");
    assert_eq!(first, again);
    let mut seen = std::collections::HashMap::new();
    for seed in 1..=12 {
        let (_, r) = take(seed);
        let rec = recorded(&r, &q.id.value).clone();
        seen.entry(rec["variant"]["index"].as_u64().expect("index"))
            .or_insert(rec);
    }
    assert!(seen.len() >= 3, "other seeds give other variants: {seen:?}");
    // Each student's options as a fixed question: `check` must agree with the recorded key.
    for (index, rec) in &seen {
        let mut code = q.code.as_ref().expect("code").value.clone();
        for (k, v) in rec["variant"]["params"].as_object().expect("params") {
            code = code.replace(&format!("{{{{{k}}}}}"), &v.to_string());
        }
        let mut yaml = format!(
            "format: 1\nid: proof\ntitle: proof\nquestions:\n  - id: v{index}\n    type: choice\n    prompt: p\n    code: {}\n    verify: {{output_line: -1, after: \"rate:\"}}\n    options:\n",
            serde_json::to_string(&code).expect("json")
        );
        for o in rec["options"].as_array().expect("options") {
            yaml.push_str(&format!(
                "      - text: {}\n        correct: {}\n",
                o["text"], o["correct"]
            ));
        }
        let file = dir.join(format!("proof-{index}.yaml"));
        std::fs::write(&file, yaml).expect("write");
        let (code, out, _) = lrtutor(&["check", file.to_str().expect("path")], "", &[]);
        assert_eq!(code, 0, "variant {index}: {out}");
        assert!(out.contains("1 verified on the engine; 0 errors"), "{out}");
    }
}

/// (extra args, clock, typed, ended_by, answered, right, asked, shown, not shown)
type FlagCase<'a> = (
    &'a [&'a str],
    &'a str,
    &'a str,
    &'a str,
    usize,
    usize,
    usize,
    &'a str,
    &'a str,
);

#[test]
fn exam_flags_no_feedback_subset_time_limit_multi_and_end_of_input() {
    let dir = scratch("flags");
    let course = dir.join("course");
    std::fs::create_dir_all(course.join("quizzes")).expect("dir");
    let mut quiz = String::from("format: 1\nid: t\ntitle: T\nshuffle: false\nquestions:\n");
    for k in 1..=5 {
        quiz.push_str(&format!(
            "  - id: q{k}\n    type: multi\n    prompt: Question {k}\n    options:\n      - text: one\n        correct: true\n      - text: two\n      - text: three\n        correct: true\n"
        ));
    }
    std::fs::write(course.join("quizzes/t.yaml"), quiz).expect("write");
    let c = course.to_str().expect("path");
    let res = dir.join("r.json");
    let r = res.to_str().expect("path");
    // (extra args, clock, typed, ended_by, answered, right, asked, what the output must show,
    // and what it must not)
    let table: &[FlagCase] = &[
        (
            &["--no-feedback"],
            "0+1",
            "c,a\nb\na c\nx\na\nA,C\n",
            "finished",
            5,
            3,
            5,
            "Recorded.",
            "Not quite.",
        ),
        (
            &[],
            "0+1",
            "c,a\nb\n",
            "input-ended",
            2,
            1,
            5,
            "this is a partial attempt",
            "Recorded.",
        ),
        (
            &["--questions", "2"],
            "0+1",
            "a,c\na,c\n",
            "finished",
            2,
            2,
            2,
            "Score: 2 of 2 right.",
            "Question 3",
        ),
        (
            &["--time-limit", "1"],
            "0+10",
            "a,c\na,c\na,c\n",
            "time-limit",
            2,
            2,
            5,
            "Question 2 of 5 (20 s left)",
            "Question 3",
        ),
    ];
    for (extra, clock, typed, ended, answered, right, total, shows, hides) in table {
        let mut args = vec![
            "quiz",
            "t",
            "--plain",
            "--seed",
            "4",
            "--course",
            c,
            "--results",
            r,
        ];
        args.extend(extra.iter());
        let (code, out, err) = lrtutor(&args, typed, &[("LRTUTOR_CLOCK", clock)]);
        assert_eq!(code, 0, "{extra:?}: {err}");
        assert!(out.contains(shows), "{extra:?}: {out}");
        assert!(!out.contains(hides), "{extra:?}: {out}");
        let v = read_json(&res);
        assert_eq!(v["ended_by"], *ended, "{extra:?}");
        let score = &v["score"];
        assert_eq!(
            (
                score["answered"].as_u64(),
                score["right"].as_u64(),
                score["total"].as_u64()
            ),
            (
                Some(*answered as u64),
                Some(*right as u64),
                Some(*total as u64)
            ),
            "{extra:?}"
        );
        assert_eq!(
            v["questions"].as_array().map(Vec::len),
            Some(*total),
            "{extra:?}"
        );
    }
    // The first run: `c,a` is recorded as the letters a and c; the unknown `x` was asked again.
    let (_, out, _) = lrtutor(
        &[
            "quiz",
            "t",
            "--plain",
            "--course",
            c,
            "--results",
            r,
            "--no-feedback",
        ],
        "c,a\nx\nb\n",
        &[("LRTUTOR_CLOCK", "0")],
    );
    assert!(out.contains("Please answer with the letters"), "{out}");
    let v = read_json(&res);
    assert_eq!(v["questions"][0]["chosen"], json!(["a", "c"]));
    assert_eq!(v["questions"][1]["chosen"], json!(["b"]));
}

#[test]
fn check_reports_the_failing_combination_with_its_line() {
    let dir = scratch("check-variant");
    let file = dir.join("v.yaml");
    // Doubling is a fine distractor for squaring, except for lr = 2, where both give 4.
    let yaml = "format: 1\nid: v\ntitle: V\nquestions:\n  - id: square\n    type: choice\n    prompt: What does print({{lr}} ** 2) show?\n    params:\n      lr: [3, 2]\n    code: |\n      print({{lr}} ** 2)\n    verify: {output_line: -1}\n    options:\n      - text: \"{{answer}}\"\n        correct: true\n      - text: \"{{value}}\"\n        value_of: lr * 2\n";
    std::fs::write(&file, yaml).expect("write");
    let (code, out, _) = lrtutor(&["check", file.to_str().expect("path")], "", &[]);
    assert_eq!(code, 1, "{out}");
    let path = file.display();
    for want in [
        format!(
            "{path}:16:15: error: option '4' is marked wrong but is what the engine computes (variant 2 of 2: lr=2)"
        ),
        format!(
            "{path}:16:15: error: options 1 and 2 of question 'square' both show '4'; students could not tell them apart (variant 2 of 2: lr=2)"
        ),
    ] {
        assert!(out.lines().any(|l| l == want), "{want}\n{out}");
    }
    assert!(out.contains("0 verified on the engine; 2 errors"), "{out}");
    // Unknown placeholders and unsafe `value_of` are reported where they are written.
    let bad = yaml
        .replace("print({{lr}} ** 2) show", "print({{rate}} ** 2) show")
        .replace("lr * 2", "__import__('os')");
    std::fs::write(&file, bad).expect("write");
    let (code, out, _) = lrtutor(&["check", file.to_str().expect("path")], "", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":5:9: error: `{{rate}}` is not a param of this question (params: lr)"),
        "{out}"
    );
    assert!(
        out.contains(":17:19: error: `value_of: __import__('os')`: `__import__` is not a param"),
        "{out}"
    );
}

#[test]
fn the_bundled_course_has_at_least_five_questions_with_params() {
    let course = lrtutor::content::bundled();
    let with_params: Vec<String> = course
        .quizzes
        .iter()
        .flat_map(|f| f.quiz.questions.iter())
        .filter(|q| q.params.is_some())
        .map(|q| q.id.value.clone())
        .collect();
    assert!(with_params.len() >= 5, "{with_params:?}");
    // Each gives different students different numbers.
    for f in &course.quizzes {
        for q in f.quiz.questions.iter().filter(|q| q.params.is_some()) {
            assert!(variant::combinations(q) >= 6, "{}", q.id.value);
        }
    }
}
