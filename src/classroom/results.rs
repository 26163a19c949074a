//! The results file of one exam attempt (`lrtutor quiz ID --plain --results FILE`): what the
//! student was shown (options in order, the variant), what they chose, whether it was right, and
//! how long it took. Written as JSON; read back by `class report`. Times come from the caller
//! (the command line's clock), never from here.

use serde::{Deserialize, Serialize};

/// The version of this file format; a reader refuses others.
pub const FORMAT: u32 = 1;

/// One attempt at a quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Version of the results format ([`FORMAT`]).
    pub format: u32,
    pub quiz: String,
    pub quiz_title: String,
    /// A hash of the quiz file taken: attempts at different versions are reported apart.
    pub quiz_hash: String,
    /// The student's name (`--name`), if given.
    pub student: Option<String>,
    /// The seed that fixed the option orders, the variants and the subset of questions.
    pub seed: u64,
    /// UTC, ISO 8601 with milliseconds.
    pub started: String,
    pub ended: String,
    /// Whole attempt, in seconds.
    pub seconds: f64,
    /// `finished`, `input-ended` (stdin closed mid-quiz: a partial attempt), `time-limit`, or
    /// `in-progress` (the exam has not ended, or was interrupted).
    pub ended_by: String,
    /// Whether right/wrong and explanations were shown (`--no-feedback` turns them off).
    pub feedback: bool,
    pub time_limit_minutes: Option<f64>,
    /// The questions given, in the order asked (answered or not).
    pub questions: Vec<Answer>,
    pub score: Score,
}

/// Right, answered, and asked (the questions given; unanswered ones count as not right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub right: usize,
    pub answered: usize,
    pub total: usize,
}

/// One question of an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub id: String,
    /// `choice`, `multi` or `exercise`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The params' values this student got, if the question has `params`.
    pub variant: Option<VariantRecord>,
    /// The options in the order shown (a, b, c, ...).
    pub options: Vec<Shown>,
    /// The letters chosen (`["a", "c"]`); empty when not answered or for an exercise.
    pub chosen: Vec<String>,
    /// An exercise's submitted code.
    pub code: Option<String>,
    pub answered: bool,
    pub correct: bool,
    /// From showing the question to the answer.
    pub seconds: Option<f64>,
}

/// The variant a student got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantRecord {
    /// Which combination (0-based) of all the params' combinations.
    pub index: usize,
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// An option as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub letter: String,
    pub text: String,
    pub correct: bool,
    /// Its position in the quiz file (the same distractor across variants and orders).
    pub source: usize,
    pub why: Option<String>,
    pub mistake: Option<String>,
}

/// The hash recorded as `quiz_hash`: FNV-1a (64 bits) of the quiz file's text.
pub fn quiz_hash(text: &str) -> String {
    format!("fnv1a64:{:016x}", crate::content::variant::fnv1a(text))
}

/// Seconds rounded to the millisecond, as results record them.
pub fn millis(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// Unix time (seconds) as `2026-11-30T21:05:00.250Z`.
pub fn iso8601(unix_seconds: f64) -> String {
    let ms = (unix_seconds * 1000.0).round() as i64;
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let s = ms_of_day / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        ms_of_day % 1000
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's days-to-civil algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Reads a results file's text; the message says what is wrong with it.
pub fn parse(text: &str) -> Result<Attempt, String> {
    if !text.trim_start().starts_with('{') {
        return Err("not an lrtutor results file (not a JSON object)".to_string());
    }
    // One pass in the common case; the version is looked at only to explain a failure.
    let a = serde_json::from_str::<Attempt>(text)
        .ok()
        .filter(|a| a.format == FORMAT)
        .ok_or(())
        .or_else(|()| explain_refusal(text))?;
    plausible(&a)?;
    Ok(a)
}

/// Options and choices beyond what any quiz shows (letters stop at z) mean a file lrtutor did
/// not write; refusing them keeps the report's per-option work small.
fn plausible(a: &Attempt) -> Result<(), String> {
    const MAX: usize = 26;
    match a
        .questions
        .iter()
        .find(|q| q.options.len() > MAX || q.chosen.len() > MAX)
    {
        Some(q) => Err(format!(
            "question '{}' has more than {MAX} options or choices; not a results file lrtutor wrote",
            q.id
        )),
        None => Ok(()),
    }
}

/// Why `text` is not a results file this version reads.
fn explain_refusal(text: &str) -> Result<Attempt, String> {
    #[derive(Deserialize)]
    struct Head {
        format: Option<u32>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| {
        format!(
            "not an lrtutor results file (line {}:{}: {e})",
            e.line(),
            e.column()
        )
    })?;
    match head.format {
        Some(FORMAT) => {}
        Some(v) => {
            return Err(format!(
                "results format {v}; this lrtutor reads format {FORMAT}"
            ));
        }
        None => return Err("not an lrtutor results file (no `format`)".to_string()),
    }
    serde_json::from_str(text).map_err(|e| format!("line {}:{}: {e}", e.line(), e.column()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_utc_iso_8601() {
        // Values checked with Python's datetime.fromtimestamp(t, timezone.utc).
        let table = [
            (0.0, "1970-01-01T00:00:00.000Z"),
            (1_764_536_400.25, "2025-11-30T21:00:00.250Z"),
            (951_782_400.0, "2000-02-29T00:00:00.000Z"),
            (4_107_542_399.999, "2100-02-28T23:59:59.999Z"),
        ];
        for (t, want) in table {
            assert_eq!(iso8601(t), want, "{t}");
        }
    }

    #[test]
    fn other_formats_and_other_files_are_refused() {
        assert!(
            parse("{\"format\": 2}")
                .expect_err("refused")
                .contains("format 2")
        );
        assert!(
            parse("[1]")
                .expect_err("refused")
                .contains("not an lrtutor results file")
        );
        assert!(parse("{}").expect_err("refused").contains("no `format`"));
    }
}
