//! A quiz as Moodle XML (`<quiz>` of `multichoice` questions): the same content as the GIFT
//! export (Markdown question text, per-answer feedback, general feedback), for LMS imports that
//! prefer XML.

use super::export::general_feedback;
use crate::content::quiz::{Kind, Quiz};

/// The Moodle XML text, and the exercises left out.
pub fn export_xml(quiz: &Quiz) -> super::Exported {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    s.push_str(&format!(
        "  <question type=\"category\"><category><text>$course$/lrtutor/{}</text></category></question>\n",
        esc(&quiz.id.value)
    ));
    let (questions, notes) = super::export::exportable(quiz, "Moodle XML");
    for (q, _) in &questions {
        let mut text = q.prompt.trim_end().to_string();
        if let Some(code) = &q.code {
            text.push_str(&format!("\n\n```python\n{}\n```", code.value.trim_end()));
        }
        let right = q.options.iter().filter(|o| o.correct).count().max(1);
        let single = q.kind.value == Kind::Choice;
        s.push_str("  <question type=\"multichoice\">\n");
        s.push_str(&format!(
            "    <name><text>{}</text></name>\n",
            esc(&q.id.value)
        ));
        s.push_str(&format!(
            "    <questiontext format=\"markdown\"><text>{}</text></questiontext>\n",
            esc(&text)
        ));
        s.push_str(&format!(
            "    <generalfeedback format=\"markdown\"><text>{}</text></generalfeedback>\n",
            esc(&general_feedback(q))
        ));
        s.push_str(&format!(
            "    <single>{single}</single>\n    <shuffleanswers>{}</shuffleanswers>\n",
            quiz.shuffle != Some(false)
        ));
        for o in &q.options {
            let fraction = match (o.correct, single) {
                (true, true) => "100".to_string(),
                (true, false) => format!("{:.5}", 100.0 / right as f64),
                (false, true) => "0".to_string(),
                (false, false) => "-100".to_string(),
            };
            s.push_str(&format!(
                "    <answer fraction=\"{fraction}\" format=\"markdown\"><text>{}</text><feedback format=\"markdown\"><text>{}</text></feedback></answer>\n",
                esc(o.text.value.trim()),
                esc(o.why.as_deref().unwrap_or("").trim_end())
            ));
        }
        s.push_str("  </question>\n");
    }
    s.push_str("</quiz>\n");
    super::Exported { text: s, notes }
}

/// Text as XML character data.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
