//! Benchmark: loading and checking (without running code) a generated course of 10,000
//! questions. Target: <= 200 ms. Run: `cargo bench --bench content_check`.

use lrtutor::content::{self, check};
use std::time::Instant;

/// 100 quizzes of 100 questions each, with options, solutions and mistake references.
fn course() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for q in 0..100 {
        let mut text =
            format!("format: 1\nid: quiz-{q}\ntitle: Quiz {q}\nlesson: lesson-{q}\nquestions:\n");
        for i in 0..100 {
            text.push_str(&format!(
                "  - id: q{i}\n    type: choice\n    prompt: \"What does StepLR do at epoch {i}?\"\n    options:\n      - text: \"0.{i}\"\n        correct: true\n      - text: \"1.{i}\"\n        why: Gamma applies at each milestone.\n        mistake: gamma-once\n      - text: \"2.{i}\"\n    solution:\n      - title: Count\n        text: Count the milestones passed.\n    quick_check: Two milestones, gamma twice.\n    mistakes: [gamma-once, lr-changes-early]\n"
            ));
        }
        files.push((format!("quizzes/{q:03}.yaml"), text));
        files.push((format!("lessons/{q:03}.md"), format!("---\nid: lesson-{q}\ntitle: Lesson {q}\norder: {q}\nquiz: quiz-{q}\n---\n# Lesson {q}\n\nSome text.\n")));
    }
    files
}

fn main() {
    let files = course();
    let args: Vec<String> = std::env::args().collect();
    // `--runs N` (1 for profiling under callgrind), `--quick` for 3.
    let runs = match args.iter().position(|a| a == "--runs") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(1),
        None if args.iter().any(|a| a == "--quick") => 3,
        None => 15,
    };
    let mut samples = Vec::new();
    let mut questions = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let loaded = content::load(&files);
        let parsed = start.elapsed().as_secs_f64() * 1000.0;
        let report = check::check(&loaded, check::Options { run_code: false });
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        if std::env::args().any(|a| a == "--verbose") {
            println!(
                "  parse {parsed:.1} ms, total {:.1} ms",
                samples[samples.len() - 1]
            );
        }
        assert_eq!(report.errors().count(), 0);
        questions = report.summary.questions;
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "load + check of {questions} questions (no code run): median {:.1} ms over {runs} runs (target <= 200 ms)",
        samples[runs / 2]
    );
}
