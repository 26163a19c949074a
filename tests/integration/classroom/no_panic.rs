//! Property tests for the classroom's parsers: no GIFT text or results file makes them panic.

use lrtutor::classroom::{gift, report, results};
use proptest::prelude::*;

/// Pieces of GIFT, so random files reach every branch of the parser.
const GIFT: &[&str] = &[
    "::",
    "::t::",
    "[markdown]",
    "[html]",
    "{",
    "}",
    "=",
    "~",
    "#",
    "####",
    "%50%",
    "%-100%",
    "->",
    "\\",
    "\\:",
    "\\n",
    "\n",
    "\n\n",
    "// c\n",
    "// lrtutor-mistake: 1 gamma-once\n",
    "// lrtutor-mistake: 99 x\n",
    "$CATEGORY: a/b\n",
    "T",
    "FALSE",
    "text ",
    "é",
    "```python\n",
    "```",
    "**1. A**\n",
    "**Quick check:** ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn gift_import_never_panics(parts in prop::collection::vec(0..GIFT.len(), 0..40)) {
        let text: String = parts.iter().map(|&i| GIFT[i]).collect();
        let parsed = gift::import(&text);
        for q in &parsed.questions {
            // What is imported is a valid question: at least two options, at least one right.
            prop_assert!(q.options.len() >= 2 && q.options.iter().any(|o| o.correct));
        }
        if !parsed.questions.is_empty() {
            // The quiz file written for them loads, and says what was read.
            let yaml = gift::quiz_yaml("x", "x", &parsed.questions);
            let course = lrtutor::content::load(&[("x.yaml".to_string(), yaml.clone())]);
            prop_assert!(course.diagnostics.is_empty(), "{:?}\n{yaml}", course.diagnostics);
            let quiz = &course.quizzes[0].quiz;
            for (q, back) in parsed.questions.iter().zip(&quiz.questions) {
                prop_assert_eq!(&q.prompt, &back.prompt);
                let texts: Vec<&str> = back.options.iter().map(|o| o.text.value.as_str()).collect();
                let want: Vec<&str> = q.options.iter().map(|o| o.text.as_str()).collect();
                prop_assert_eq!(texts, want);
            }
        }
    }

    #[test]
    fn results_parsing_never_panics(text in ".{0,200}") {
        if let Ok(a) = results::parse(&text) {
            let _ = report::build(&[("f".to_string(), a)]);
        }
    }
}
