//! A quiz as GIFT. Each choice or multi question becomes `::id::[markdown]prompt {answers}` with
//! the code as a fenced Markdown block in the prompt, `#why` after each answer, and the worked
//! solution (and quick check) as the general feedback `####...`. Exercises have no GIFT form and
//! are named in the notes; a question with `params` is exported as its first variant.

use super::escape;
use crate::content::quiz::{Kind, Question, Quiz};
use crate::content::variant;
use crate::sandbox::{self, Limits};

/// The GIFT text and what could not be exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub notes: Vec<String>,
}

/// Exports the quiz.
pub fn export(quiz: &Quiz) -> Exported {
    let mut text = format!(
        "// lrtutor quiz '{}', exported by lrtutor; `lrtutor import --gift FILE -o quizzes/NAME.yaml`\n// reads it back.\n// lrtutor-title: {}\n\n$CATEGORY: lrtutor/{}\n\n",
        quiz.id.value,
        one_line(&quiz.title),
        quiz.id.value
    );
    let (questions, notes) = exportable(quiz, "GIFT");
    for (q, note) in &questions {
        if let Some(n) = note {
            text.push_str(&format!("// {n}\n"));
        }
        text.push_str(&question(q));
        text.push('\n');
    }
    Exported { text, notes }
}

/// The questions an LMS format takes: exercises left out, and each question with `params` at
/// its first variant, with a note saying which (`format` has no per-student variants); the
/// notes name what was left out and why.
pub(super) fn exportable(
    quiz: &Quiz,
    format: &str,
) -> (Vec<(Question, Option<String>)>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for q in &quiz.questions {
        if q.kind.value == Kind::Exercise {
            notes.push(format!(
                "not exported: exercise '{}' ({format} has no code exercise)",
                q.id.value
            ));
            continue;
        }
        match concrete(q, format) {
            Ok(x) => out.push(x),
            Err(why) => notes.push(format!("not exported: question '{}': {why}", q.id.value)),
        }
    }
    (out, notes)
}

/// The question with its first variant filled in, and a comment saying which one.
fn concrete(q: &Question, format: &str) -> Result<(Question, Option<String>), String> {
    let v = variant::nth(q, 0);
    let limits = Limits::default();
    let r = variant::render(q, v.as_ref(), &mut |src| Some(sandbox::run(src, &limits)))?;
    let note = v.map(|v| {
        format!(
            "variant 1 of {} ({}); {format} has no per-student variants",
            variant::combinations(q),
            v.describe()
        )
    });
    Ok((r, note))
}

/// One question in GIFT, ending with a newline.
fn question(q: &Question) -> String {
    let mut s = String::new();
    for (i, o) in q.options.iter().enumerate() {
        if let Some(m) = &o.mistake {
            s.push_str(&format!("// lrtutor-mistake: {} {}\n", i + 1, m.value));
        }
    }
    if let Some(v) = verify_json(q) {
        s.push_str(&format!("// lrtutor-verify: {v}\n"));
    }
    let mut prompt = q.prompt.trim_end().to_string();
    if let Some(code) = &q.code {
        let code = code.value.trim_end();
        prompt.push_str(&format!("\n\n```python\n{code}\n```"));
    }
    s.push_str(&format!(
        "::{}::[markdown]{} {{\n",
        escape(&q.id.value),
        escape(&prompt)
    ));
    let correct = q.options.iter().filter(|o| o.correct).count().max(1);
    for o in &q.options {
        let mark = match (q.kind.value, o.correct) {
            (Kind::Multi, true) => format!("~%{}%", weight(correct)),
            (Kind::Multi, false) => "~%-100%".to_string(),
            (_, true) => "=".to_string(),
            (_, false) => "~".to_string(),
        };
        let why = o
            .why
            .as_deref()
            .map_or(String::new(), |w| format!("#{}", escape(w.trim_end())));
        s.push_str(&format!("\t{mark}{}{why}\n", escape(o.text.value.trim())));
    }
    let general = general_feedback(q);
    if !general.is_empty() {
        s.push_str(&format!("\t####{}\n", escape(&general)));
    }
    s.push_str("}\n");
    s
}

/// The question's `verify` rule (and `tolerance`) as one line of JSON, so an import can prove
/// the key again.
fn verify_json(q: &Question) -> Option<String> {
    let v = &q.verify.as_ref()?.value;
    let mut m = serde_json::Map::new();
    if let Some(n) = v.output_line {
        m.insert("output_line".into(), n.into());
    }
    if let Some(a) = &v.after {
        m.insert("after".into(), a.clone().into());
    }
    if let Some(r) = &v.raises {
        m.insert("raises".into(), r.value.clone().into());
    }
    if let Some(t) = &q.tolerance {
        m.insert("tolerance".into(), t.value.into());
    }
    serde_json::to_string(&m).ok()
}

/// The worked solution as Markdown paragraphs `**1. Title**` + text, then the quick check.
pub(super) fn general_feedback(q: &Question) -> String {
    let mut parts: Vec<String> = q
        .solution
        .iter()
        .enumerate()
        .map(|(i, s)| format!("**{}. {}**\n{}", i + 1, s.title.trim(), s.text.trim_end()))
        .collect();
    if let Some(c) = &q.quick_check {
        parts.push(format!("**Quick check:** {}", c.trim_end()));
    }
    parts.join("\n\n")
}

/// Each right option's share of the marks, as Moodle writes it (`33.33333`).
fn weight(n: usize) -> String {
    let w = format!("{:.5}", 100.0 / n as f64);
    w.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn weights_are_moodles() {
        let table = [
            (1, "100"),
            (2, "50"),
            (3, "33.33333"),
            (6, "16.66667"),
            (7, "14.28571"),
        ];
        for (n, want) in table {
            assert_eq!(super::weight(n), want);
        }
    }
}
