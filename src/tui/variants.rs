//! Questions with `params` (per-student variants) become this learner's variant before the app
//! shows them, chosen by the app's seed exactly as `quiz --plain --seed` chooses it, with the
//! computed key and distractors worked out on the engine.

use crate::content::{Course, variant};
use crate::sandbox::{self, Limits};

/// The course with every `params` question filled in for `seed`. A question whose variant
/// cannot be prepared (a budget spent; `check` reports such files) is left as written.
pub fn for_learner(mut course: Course, seed: u64) -> Course {
    let limits = Limits::default();
    for file in &mut course.quizzes {
        for q in &mut file.quiz.questions {
            if q.params.is_none() {
                continue;
            }
            let v = variant::pick(q, seed);
            let run = &mut |src: &str| Some(sandbox::run(src, &limits));
            if let Ok(rendered) = variant::render(q, v.as_ref(), run) {
                *q = rendered;
            }
        }
    }
    course
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_placeholder_reaches_the_screen_and_seeds_differ() {
        let texts = |c: &Course| -> Vec<String> {
            c.quizzes
                .iter()
                .flat_map(|f| &f.quiz.questions)
                .filter(|q| q.params.is_some())
                .map(|q| {
                    let opts: Vec<&str> = q.options.iter().map(|o| o.text.value.as_str()).collect();
                    format!("{}\n{}", q.prompt, opts.join("\n"))
                })
                .collect()
        };
        let bundled = crate::content::bundled();
        assert!(
            !texts(&bundled).is_empty(),
            "the course has variant questions"
        );
        let a = texts(&for_learner(crate::content::bundled(), 1));
        for t in &a {
            assert!(!t.contains("{{"), "a placeholder is left in {t}");
        }
        // Some seed among a few gives another variant of at least one question.
        let differs = (2..20).any(|s| texts(&for_learner(crate::content::bundled(), s)) != a);
        assert!(differs, "every seed gave the same variants");
    }
}
