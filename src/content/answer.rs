//! Keyed answers of `verify` rules: what a run answers (the printed text, or the exception it
//! raised) and whether an option states it. Exact by default, because the difference between
//! `0.01` and `0.010000000000000002` is what the course teaches; numeric only with a question's
//! `tolerance`.

use super::quiz::Verify;
use crate::sandbox::{self, RunResult};

/// Why `name` cannot be expected from a `raises` rule, or None when it is a Python exception.
pub(super) fn not_an_exception(name: &str) -> Option<String> {
    if sandbox::exceptions::is_builtin(name) {
        return None;
    }
    Some(match sandbox::exceptions::closest(name) {
        Some(near) => format!("`{name}` is not a Python exception class; did you mean `{near}`?"),
        None => format!(
            "`{name}` is not a Python exception class; name a built-in one such as `TypeError` or `ValueError`"
        ),
    })
}

/// What a run answers for a `verify` rule.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Computed {
    /// The text on the printed line (after the marker), trimmed.
    Printed(String),
    /// The exception class the code raised, as `raises` expected.
    Raised(String),
}

impl Computed {
    pub(super) fn text(&self) -> &str {
        match self {
            Computed::Printed(t) | Computed::Raised(t) => t,
        }
    }

    /// Whether an option states this answer: a printed answer exactly as printed (or within a
    /// relative `tolerance` the question asks for); a raised one by naming the exception.
    pub(super) fn matches(&self, option: &str, tolerance: Option<f64>) -> bool {
        match self {
            Computed::Printed(t) => answers_match(option, t, tolerance),
            Computed::Raised(kind) => option
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == kind),
        }
    }

    /// For a keyed number close to, but not exactly, the printed one: what to do about it.
    pub(super) fn near_miss(&self, option: &str) -> &'static str {
        match self {
            Computed::Printed(t) if answers_match(option, t, Some(1e-9)) => {
                "; a keyed answer must be the printed text exactly (or give the question a `tolerance:`)"
            }
            _ => "",
        }
    }
}

/// The answer a run gives for a `verify` rule.
pub(super) fn answer(r: &RunResult, v: &Verify) -> Result<Computed, String> {
    if let Some(kind) = &v.raises {
        let kind = &kind.value;
        return match &r.error {
            Some(e) if &e.kind == kind => Ok(Computed::Raised(kind.clone())),
            Some(e) => Err(format!(
                "the code raises {} ({}), not {kind}",
                e.kind, e.message
            )),
            None => Err(format!("the code does not raise {kind}")),
        };
    }
    if let Some(e) = &r.error {
        return Err(format!(
            "the code raises {}: {} (line {})",
            e.kind,
            e.message,
            e.line.unwrap_or(0)
        ));
    }
    let lines: Vec<&str> = r.stdout.lines().collect();
    let n = v.output_line.unwrap_or(-1);
    let index = if n < 0 { lines.len() as i64 + n } else { n - 1 };
    let Some(line) = usize::try_from(index).ok().and_then(|i| lines.get(i)) else {
        return Err(format!(
            "the code prints {} lines, so `output_line: {n}` does not exist",
            lines.len()
        ));
    };
    match &v.after {
        None => Ok(Computed::Printed(line.trim().to_string())),
        Some(marker) => match line.split_once(marker.as_str()) {
            Some((_, rest)) => Ok(Computed::Printed(rest.trim().to_string())),
            None => Err(format!(
                "printed line {n} is '{line}', which has no '{marker}'"
            )),
        },
    }
}

/// Whether an option's text states the printed answer: the same text after trimming; with a
/// `tolerance`, also numbers within it (relative) and lists of them element by element. Without
/// one, `0.01` does not state `0.010000000000000002`: that difference is what lessons teach.
pub(super) fn answers_match(option: &str, printed: &str, tolerance: Option<f64>) -> bool {
    let (a, b) = (option.trim(), printed.trim());
    if a == b {
        return true;
    }
    let Some(tol) = tolerance else {
        return false;
    };
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x == y || (x - y).abs() <= tol * x.abs().max(y.abs());
    }
    match (list_items(a), list_items(b)) {
        (Some(x), Some(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(&y)
                    .all(|(p, q)| answers_match(p, q, tolerance))
        }
        _ => false,
    }
}

/// The items of `[a, b, c]`, trimmed.
fn list_items(s: &str) -> Option<Vec<&str>> {
    s.strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .map(|s| s.split(',').map(str::trim).collect())
}

#[cfg(test)]
mod tests {
    use super::{Computed, answers_match};

    #[test]
    fn printed_answers_match_exactly_unless_a_tolerance_is_given() {
        let table = [
            ("0.001", "0.0010000000000000002", None, false),
            ("0.001", "0.0010000000000000002", Some(1e-9), true),
            ("0.01", "0.0010000000000000002", Some(1e-9), false),
            ("0.0010000000000000002", "0.0010000000000000002", None, true),
            ("[0.1, 0.01]", "[0.1, 0.010000000000000002]", None, false),
            (
                "[0.1, 0.01]",
                "[0.1, 0.010000000000000002]",
                Some(1e-9),
                true,
            ),
            ("[0.1]", "[0.1, 0.01]", Some(1e-9), false),
            (" x ", "x", None, true),
            ("1e-3", "0.001", None, false),
            ("1e-3", "0.001", Some(0.0), true),
        ];
        for (a, b, tol, want) in table {
            assert_eq!(answers_match(a, b, tol), want, "{a} vs {b} ({tol:?})");
        }
    }

    #[test]
    fn a_raised_answer_matches_an_option_naming_the_class() {
        let kind = Computed::Raised("TypeError".to_string());
        let table = [
            ("TypeError", true),
            ("A TypeError at construction", true),
            ("It raises ValueError", false),
            ("NotATypeErrorAtAll", false),
        ];
        for (option, want) in table {
            assert_eq!(kind.matches(option, None), want, "{option}");
        }
    }
}
