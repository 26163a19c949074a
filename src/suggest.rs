//! "Did you mean ...?": the closest of a few known words to a misspelt one. Used for unknown
//! fields and enum values in course files, scheduler parameters and scenario types. A leaf
//! utility with no dependencies, so every layer may use it.

/// Levenshtein distance between two words (by `char`).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible misspelling: a
/// different case only (`StepLr` → `StepLR`), the start of exactly one candidate, or at most two
/// edits / a third of the word.
/// Saying nothing beats suggesting an unrelated word.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    if let Some(same) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(same);
    }
    // A word cut short (`ZeroDivision`) names the one candidate it begins.
    let mut prefixed = candidates
        .iter()
        .filter(|c| word.len() >= 4 && c.to_lowercase().starts_with(&lower));
    if let (Some(only), None) = (prefixed.next(), prefixed.next()) {
        return Some(only);
    }
    let (d, best) = candidates
        .iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), *c))
        .min()?;
    let len = word.chars().count();
    (d <= 2 && d < len || d * 3 <= len).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_only_plausible_misspellings() {
        let words = ["choice", "multi", "exercise"];
        let table = [
            ("mutli", Some("multi")),
            ("Choice", Some("choice")),
            ("exercize", Some("exercise")),
            ("essay", None),
            ("x", None),
            ("exer", Some("exercise")),
            ("ex", None),
        ];
        for (word, want) in table {
            assert_eq!(closest(word, &words), want, "{word}");
        }
        assert_eq!(
            closest("StepLr", &["StepLR", "MultiStepLR"]),
            Some("StepLR")
        );
    }
}
