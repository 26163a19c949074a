//! `class report` on 30 generated results files, two quiz versions among them; the expected
//! CSV is worked out here from the generated answers.

use super::{lrtutor, scratch};
use serde_json::{Value, json};

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
