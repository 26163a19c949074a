//! The classroom (issue 16): exams with results files, variants, class reports, GIFT. Expected
//! values are worked out here from the quiz files and the generated inputs, never copied from
//! lrtutor's output.

use lrtutor::content::quiz::{Kind, Question, Quiz};
use lrtutor::content::{self, session, variant};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs lrtutor with `stdin` and extra environment; (exit code, stdout, stderr).
fn lrtutor(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrtutor"))
        .args(args)
        .env_remove("LRTUTOR_CLOCK")
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lrtutor");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrtutor-classroom-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn bundled_quiz(id: &str) -> Quiz {
    content::bundled()
        .quizzes
        .into_iter()
        .find(|q| q.quiz.id.value == id)
        .expect("bundled quiz")
        .quiz
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).expect("results file")).expect("json")
}

/// FNV-1a 64, written out here to check the recorded `quiz_hash`.
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// Python's repr of a float in the range these tests use (Rust's shortest digits; Python writes
/// a two-digit exponent).
fn py_repr(x: f64) -> String {
    let s = format!("{x:?}");
    match s.split_once("e-") {
        Some((m, e)) if e.len() == 1 => format!("{m}e-0{e}"),
        _ => s,
    }
}

/// A param's value as a float.
fn param(v: &variant::Variant, name: &str) -> f64 {
    v.values
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, x)| x.as_f64())
        .expect("param")
}

const CLOCK: &str = "1764536400+2";

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
            "Time is up.",
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

/// One generated attempt: (student, version, [(question, chosen sources, seconds)]).
struct Generated {
    student: String,
    hash: &'static str,
    answers: Vec<(usize, Vec<usize>, f64)>,
    asked: usize,
}

/// (text, correct, why, mistake)
type DemoOption = (
    &'static str,
    bool,
    Option<&'static str>,
    Option<&'static str>,
);

/// The demo quiz of the report test: (id, options as (text, correct, why, mistake)).
fn demo_questions() -> Vec<(&'static str, Vec<DemoOption>)> {
    vec![
        (
            "q1",
            vec![
                ("0.1", true, None, None),
                ("0.01", false, Some("Once, not twice."), Some("gamma-once")),
                ("1.0", false, None, Some("increase-vs-decrease")),
                ("0.5", false, Some("Half, \"really\", no."), None),
            ],
        ),
        (
            "q2",
            vec![
                ("StepLR", true, None, None),
                (
                    "MultiStepLR, with milestones",
                    false,
                    Some("Lists."),
                    Some("steplr-vs-multisteplr"),
                ),
                ("LambdaLR", false, None, None),
            ],
        ),
        (
            "q3",
            vec![
                ("a", true, None, None),
                ("b", false, Some("No."), Some("lr-changes-early")),
                ("c", true, None, None),
                ("d", false, None, None),
            ],
        ),
        (
            "q4",
            vec![
                ("x", false, None, Some("random-schedule")),
                ("y", true, None, None),
                ("z", false, Some("Zed."), None),
            ],
        ),
    ]
}

fn generate() -> Vec<Generated> {
    let mut state: u64 = 2026;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let qs = demo_questions();
    (0..30)
        .map(|i| {
            // Every sixth student took the older version; every seventh stopped after 3 questions.
            let asked = if i % 7 == 3 { 3 } else { 4 };
            let answers = (0..asked)
                .map(|k| {
                    let n = qs[k].1.len() as u64;
                    let mut chosen = vec![next(n) as usize];
                    if k == 2 && next(2) == 0 {
                        let other = next(n) as usize;
                        if !chosen.contains(&other) {
                            chosen.push(other);
                        }
                    }
                    (k, chosen, (next(40) as f64) / 4.0 + 1.0)
                })
                .collect();
            Generated {
                student: format!("student {i:02}"),
                hash: if i % 6 == 5 {
                    "fnv1a64:00000000000000bb"
                } else {
                    "fnv1a64:00000000000000aa"
                },
                answers,
                asked,
            }
        })
        .collect()
}

/// The results file of a generated attempt (options shown in the written order).
fn results_json(g: &Generated) -> Value {
    let qs = demo_questions();
    let mut right = 0;
    let questions: Vec<Value> = qs
        .iter()
        .enumerate()
        .map(|(k, (id, options))| {
            let answer = g.answers.iter().find(|a| a.0 == k);
            let shown: Vec<Value> = options
                .iter()
                .enumerate()
                .map(|(i, (text, correct, why, mistake))| {
                    json!({"letter": ((b'a' + i as u8) as char).to_string(), "text": text, "correct": correct, "source": i, "why": why, "mistake": mistake})
                })
                .collect();
            let (chosen, correct, seconds) = match answer {
                Some((_, c, s)) => {
                    let mut letters: Vec<String> = c.iter().map(|&i| ((b'a' + i as u8) as char).to_string()).collect();
                    letters.sort();
                    let keys: Vec<usize> = (0..options.len()).filter(|&i| options[i].1).collect();
                    let mut picked = c.clone();
                    picked.sort_unstable();
                    (letters, picked == keys, Some(*s))
                }
                None => (Vec::new(), false, None),
            };
            right += usize::from(correct);
            json!({"id": id, "type": if k == 2 { "multi" } else { "choice" }, "variant": null, "options": shown,
                   "chosen": chosen, "code": null, "answered": answer.is_some(), "correct": correct, "seconds": seconds})
        })
        .collect();
    json!({"format": 1, "quiz": "demo", "quiz_title": "Demo", "quiz_hash": g.hash, "student": g.student,
           "seed": 1, "started": "2025-11-30T21:00:00.000Z", "ended": "2025-11-30T21:01:00.000Z", "seconds": 60.0,
           "ended_by": if g.asked == 4 { "finished" } else { "input-ended" }, "feedback": false,
           "time_limit_minutes": null, "questions": questions,
           "score": {"right": right, "answered": g.asked, "total": 4}})
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The per-question CSV worked out from the generated answers.
fn expected_csv(all: &[Generated]) -> String {
    let qs = demo_questions();
    let mut out = String::from(
        "quiz,version,question,answered,right,success_rate,median_seconds,top_wrong_option,top_wrong_count,top_wrong_mistake,top_wrong_why\n",
    );
    // The larger group (version aa, 25 attempts) comes first.
    for hash in ["fnv1a64:00000000000000aa", "fnv1a64:00000000000000bb"] {
        let group: Vec<&Generated> = all.iter().filter(|g| g.hash == hash).collect();
        for (k, (id, options)) in qs.iter().enumerate() {
            let answers: Vec<&(usize, Vec<usize>, f64)> = group
                .iter()
                .flat_map(|g| g.answers.iter().filter(|a| a.0 == k))
                .collect();
            let keys: Vec<usize> = (0..options.len()).filter(|&i| options[i].1).collect();
            let right = answers
                .iter()
                .filter(|a| {
                    let mut c = a.1.clone();
                    c.sort_unstable();
                    c == keys
                })
                .count();
            let mut times: Vec<f64> = answers.iter().map(|a| a.2).collect();
            times.sort_by(f64::total_cmp);
            let n = times.len();
            let median = if n % 2 == 1 {
                times[n / 2]
            } else {
                (times[n / 2 - 1] + times[n / 2]) / 2.0
            };
            let mut counts = vec![0usize; options.len()];
            for a in &answers {
                for &c in &a.1 {
                    if !options[c].1 {
                        counts[c] += 1;
                    }
                }
            }
            let best = (0..options.len())
                .filter(|&i| counts[i] > 0)
                .max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)));
            let wrong = match best {
                Some(i) => format!(
                    "{},{},{},{}",
                    csv_cell(options[i].0),
                    counts[i],
                    options[i].3.unwrap_or(""),
                    csv_cell(options[i].2.unwrap_or(""))
                ),
                None => ",,,".to_string(),
            };
            out.push_str(&format!(
                "demo,{hash},{id},{n},{right},{:.3},{median},{wrong}\n",
                right as f64 / n as f64
            ));
        }
    }
    out
}

#[test]
fn class_report_on_30_results_gives_the_expected_table() {
    let dir = scratch("report");
    let all = generate();
    for (i, g) in all.iter().enumerate() {
        let text = serde_json::to_string_pretty(&results_json(g)).expect("json");
        std::fs::write(dir.join(format!("r{i:02}.json")), text).expect("write");
    }
    let d = dir.to_str().expect("path");
    let (code, out, err) = lrtutor(&["class", "report", d, "--format", "csv"], "", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected_csv(&all));
    // The text report says the versions are apart; JSON has both groups with their students.
    let (_, text, _) = lrtutor(&["class", "report", d], "", &[]);
    assert!(
        text.contains("2 quiz versions, reported separately."),
        "{text}"
    );
    assert!(text.contains("Mistakes seen most:"), "{text}");
    let (_, js, _) = lrtutor(&["class", "report", d, "--format", "json"], "", &[]);
    let groups: Value = serde_json::from_str(&js).expect("json");
    let sizes: Vec<usize> = groups
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["students"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [25, 5]);
    // Mistakes: counted from the generated wrong picks that carry a catalog id.
    let qs = demo_questions();
    let mut want: std::collections::BTreeMap<&str, u64> = Default::default();
    for g in all.iter().filter(|g| g.hash.ends_with("aa")) {
        for (k, chosen, _) in &g.answers {
            for &c in chosen {
                if let (false, Some(m)) = (qs[*k].1[c].1, qs[*k].1[c].3) {
                    *want.entry(m).or_default() += 1;
                }
            }
        }
    }
    let got: std::collections::BTreeMap<&str, u64> = groups[0]["mistakes"]
        .as_array()
        .expect("mistakes")
        .iter()
        .map(|m| {
            (
                m["mistake"].as_str().expect("id"),
                m["count"].as_u64().expect("count"),
            )
        })
        .collect();
    assert_eq!(got, want);
    // A file that is not a results file is named, and the rest still reported.
    std::fs::write(dir.join("zz.json"), "{\"format\": 7}").expect("write");
    let (code, out, err) = lrtutor(&["class", "report", d, "--format", "csv"], "", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("zz.json: results format 7"), "{err}");
    assert_eq!(out, expected_csv(&all));
}

/// What a question holds that GIFT carries: (id, multi, prompt, code, options (text, correct,
/// why, mistake), solution steps, quick check).
type Carried = (
    String,
    bool,
    String,
    Option<String>,
    Vec<(String, bool, Option<String>, Option<String>)>,
    Vec<(String, String)>,
    Option<String>,
);

fn carried(q: &Question) -> Carried {
    (
        q.id.value.clone(),
        q.kind.value == Kind::Multi,
        q.prompt.trim_end().to_string(),
        q.code.as_ref().map(|c| c.value.trim_end().to_string()),
        q.options
            .iter()
            .map(|o| {
                (
                    o.text.value.trim().to_string(),
                    o.correct,
                    o.why.as_ref().map(|w| w.trim_end().to_string()),
                    o.mistake.as_ref().map(|m| m.value.clone()),
                )
            })
            .collect(),
        q.solution
            .iter()
            .map(|s| (s.title.trim().to_string(), s.text.trim_end().to_string()))
            .collect(),
        q.quick_check.as_ref().map(|c| c.trim_end().to_string()),
    )
}

#[test]
fn gift_round_trip_keeps_every_bundled_choice_question() {
    let dir = scratch("gift");
    let quizzes_dir = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes_dir).expect("dir");
    let course = content::bundled();
    let mut compared = 0;
    for f in &course.quizzes {
        let id = &f.quiz.id.value;
        let gift = dir.join(format!("{id}.gift"));
        let yaml = quizzes_dir.join(format!("{id}.yaml"));
        let (code, _, err) = lrtutor(
            &["export", "--gift", id, "-o", gift.to_str().expect("path")],
            "",
            &[],
        );
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = lrtutor(
            &[
                "import",
                "--gift",
                gift.to_str().expect("path"),
                "-o",
                yaml.to_str().expect("path"),
            ],
            "",
            &[],
        );
        assert_eq!(code, 0, "{id}: {err}");
        let text = std::fs::read_to_string(&yaml).expect("imported");
        let back = content::load(&[(yaml.display().to_string(), text)]);
        assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
        let back = &back.quizzes[0].quiz;
        assert_eq!(back.id.value, *id);
        assert_eq!(back.title, f.quiz.title);
        let limits = lrtutor::sandbox::Limits::default();
        let want: Vec<Carried> = f
            .quiz
            .questions
            .iter()
            .filter(|q| q.kind.value != Kind::Exercise)
            .map(|q| {
                // A question with params is exported as its first variant.
                let v = variant::nth(q, 0);
                let r = variant::render(q, v.as_ref(), &mut |s| {
                    Some(lrtutor::sandbox::run(s, &limits))
                })
                .expect("render");
                carried(&r)
            })
            .collect();
        let got: Vec<Carried> = back.questions.iter().map(carried).collect();
        assert_eq!(got, want, "{id}");
        compared += got.len();
    }
    assert!(compared >= 90, "{compared}");
    let (code, out, _) = lrtutor(&["check", quizzes_dir.to_str().expect("path")], "", &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn gift_import_of_a_hand_written_file() {
    let dir = scratch("hand");
    let yaml = dir.join("07-hand-written.yaml");
    let (code, _, err) = lrtutor(
        &[
            "import",
            "--gift",
            "tests/fixtures/classroom/handwritten.gift",
            "-o",
            yaml.to_str().expect("path"),
        ],
        "",
        &[],
    );
    // Some questions could not be imported: exit 1, each named with its line.
    assert_eq!(code, 1, "{err}");
    let lines = [
        (23, "gives 50% partial credit"),
        (30, "GIFT essay question"),
        (32, "GIFT short answer question"),
        (34, "GIFT numerical question"),
        (36, "GIFT matching question"),
        (41, "GIFT missing word question"),
    ];
    for (line, what) in lines {
        let at = format!("handwritten.gift:{line}: ");
        assert!(
            err.lines().any(|l| l.contains(&at) && l.contains(what)),
            "{line} {what}: {err}"
        );
    }
    let text = std::fs::read_to_string(&yaml).expect("written");
    let course = content::load(&[(yaml.display().to_string(), text)]);
    assert!(course.diagnostics.is_empty(), "{:?}", course.diagnostics);
    let quiz = &course.quizzes[0].quiz;
    assert_eq!(
        (quiz.id.value.as_str(), quiz.title.as_str()),
        ("hand-written", "Hand written")
    );
    let got: Vec<Carried> = quiz.questions.iter().map(carried).collect();
    let o = |t: &str, c: bool, why: Option<&str>| (t.to_string(), c, why.map(str::to_string), None);
    let want: Vec<Carried> = vec![
        (
            "escapes-all-six".into(),
            false,
            "What does {lr} = 0.1 # with gamma~0.5 print: the rate?".into(),
            None,
            vec![
                o("0.05 = half", true, Some("Right: 0.1 ~ 0.5 is 0.05.")),
                o("0.1 {unchanged}", false, Some("No # the rate changed.")),
            ],
            vec![],
            None,
        ),
        (
            "multi-line-question".into(),
            true,
            "Which schedulers\ndecay the learning rate?".into(),
            None,
            vec![
                o("StepLR", true, Some("It decays.")),
                o("ExponentialLR", true, None),
                o("A warm-up with LinearLR", false, Some("It rises.")),
            ],
            vec![("Feedback".into(), "Decay means the rate goes down.".into())],
            None,
        ),
        (
            "partial-credit".into(),
            false,
            "Pick the best factor for halving.".into(),
            None,
            vec![
                o("0.5", true, None),
                o("0.25", false, Some("Close, but a quarter.")),
                o("2.0", false, Some("That doubles.")),
            ],
            vec![],
            None,
        ),
        (
            "is-exponentiallr-s-gamma-applied-every".into(),
            false,
            "Is ExponentialLR's gamma applied every step?".into(),
            None,
            vec![
                o("True", true, None),
                o("False", false, Some("It is applied at every step().")),
            ],
            vec![],
            None,
        ),
    ];
    assert_eq!(got, want);
    let (code, out, _) = lrtutor(&["check", yaml.to_str().expect("path")], "", &[]);
    assert_eq!(code, 0, "{out}");
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
