//! Taking a quiz, without any I/O: the order a learner sees a question's options in (shuffled
//! per learner by a seed, or as written with `shuffle: false`), reading an answer given as option
//! letters, and grading it. `lrtutor quiz --plain` (and later the terminal app) drive it.

use super::quiz::{Kind, Question, Quiz};

/// The options of `question` in display order, as indices into `question.options`. The same
/// seed gives the same order; each question gets its own order from it.
pub fn option_order(quiz: &Quiz, question: &Question, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..question.options.len()).collect();
    if quiz.shuffle == Some(false) {
        return order;
    }
    let mut rng =
        SplitMix(seed ^ fnv1a(&quiz.id.value) ^ fnv1a(&question.id.value).rotate_left(17));
    // Fisher-Yates.
    for i in (1..order.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// The letter shown before the option at display position `i`: a, b, c, ...
pub fn letter(i: usize) -> char {
    char::from(b'a' + (i % 26) as u8)
}

/// Reads an answer such as `b`, `A`, `a c` or `a,c` into option indices (in `question.options`),
/// given the display `order`. A `choice` question takes exactly one letter.
pub fn parse_answer(input: &str, order: &[usize], kind: Kind) -> Result<Vec<usize>, String> {
    let last = letter(order.len().saturating_sub(1));
    let hint = || match kind {
        Kind::Multi => {
            format!("answer with the letters of every right option, like `a c` (a to {last})")
        }
        _ => format!("answer with one letter, a to {last}"),
    };
    let mut picked = Vec::new();
    for c in input.chars().filter(|c| !c.is_whitespace() && *c != ',') {
        // The inverse of `letter`: `a` is display position 0.
        let position = c
            .is_ascii_alphabetic()
            .then(|| usize::from(c.to_ascii_lowercase() as u8 - b'a'))
            .and_then(|i| order.get(i).copied());
        match position {
            Some(option) if !picked.contains(&option) => picked.push(option),
            Some(_) => {}
            None => return Err(hint()),
        }
    }
    if picked.is_empty() || (kind != Kind::Multi && picked.len() != 1) {
        return Err(hint());
    }
    Ok(picked)
}

/// How an answer fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub correct: bool,
    /// Right options the learner did not pick.
    pub missed: Vec<usize>,
    /// Wrong options the learner picked.
    pub wrong: Vec<usize>,
}

/// Grades the picked options: correct when exactly the right ones were picked.
pub fn grade(question: &Question, picked: &[usize]) -> Grade {
    let right = |i: usize| question.options.get(i).is_some_and(|o| o.correct);
    let missed: Vec<usize> = (0..question.options.len())
        .filter(|&i| right(i) && !picked.contains(&i))
        .collect();
    let wrong: Vec<usize> = picked.iter().copied().filter(|&i| !right(i)).collect();
    Grade {
        correct: missed.is_empty() && wrong.is_empty(),
        missed,
        wrong,
    }
}

/// `0..n` in an order fixed by `seed` (the order of a review session's questions).
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix(seed);
    for i in (1..n).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// A small, well-mixed generator: the same sequence everywhere, which is all a shuffle needs.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// FNV-1a, to give each quiz and question its own stream from one seed.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn quiz(shuffle: &str) -> Quiz {
        let text = format!(
            "format: 1\nid: q\ntitle: t\n{shuffle}questions:\n  - id: a\n    type: multi\n    prompt: p\n    options:\n      - text: one\n        correct: true\n      - text: two\n      - text: three\n        correct: true\n      - text: four\n"
        );
        yaml::from_str(&text).expect("quiz")
    }

    #[test]
    fn orders_are_permutations_fixed_by_the_seed_and_vary_between_seeds() {
        let q = quiz("");
        let question = &q.questions[0];
        let mut seen = std::collections::HashSet::new();
        for seed in 0..200 {
            let order = option_order(&q, question, seed);
            assert_eq!(order, option_order(&q, question, seed));
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3]);
            seen.insert(order);
        }
        assert!(seen.len() > 12, "only {} orders out of 24", seen.len());
        let fixed = quiz("shuffle: false\n");
        assert_eq!(option_order(&fixed, &fixed.questions[0], 7), [0, 1, 2, 3]);
    }

    #[test]
    fn answers_are_read_as_letters_and_graded() {
        let q = quiz("shuffle: false\n");
        let question = &q.questions[0];
        let order = [0, 1, 2, 3];
        // (typed, kind, the options picked or None when the input is refused)
        let table: &[(&str, Kind, Option<Vec<usize>>)] = &[
            ("a c", Kind::Multi, Some(vec![0, 2])),
            ("C,A", Kind::Multi, Some(vec![2, 0])),
            ("b", Kind::Choice, Some(vec![1])),
            ("a b", Kind::Choice, None),
            ("e", Kind::Multi, None),
            ("", Kind::Multi, None),
        ];
        for (input, kind, want) in table {
            let got = parse_answer(input, &order, *kind).ok();
            assert_eq!(&got, want, "{input:?}");
        }
        assert!(grade(question, &[0, 2]).correct);
        let g = grade(question, &[0, 1]);
        assert_eq!((g.correct, g.missed, g.wrong), (false, vec![2], vec![1]));
    }
}
