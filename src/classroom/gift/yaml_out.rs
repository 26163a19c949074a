//! Imported questions written as a quiz file (format 1). Text that spans lines is a literal
//! block (`|`) when that keeps it exactly; everything else is a double-quoted (JSON) string,
//! which YAML reads back as written.

use super::import::Imported;
use crate::content::quiz::Kind;

/// The quiz file's text.
pub fn quiz_yaml(id: &str, title: &str, questions: &[Imported]) -> String {
    let mut s = format!(
        "# Imported from Moodle GIFT by `lrtutor import --gift`; run `lrtutor check` on it.\nformat: 1\nid: {}\ntitle: {}\nquestions:\n",
        quoted(id),
        quoted(title)
    );
    for q in questions {
        let kind = if q.kind == Kind::Multi {
            "multi"
        } else {
            "choice"
        };
        s.push_str(&format!("  - id: {}\n    type: {kind}\n", quoted(&q.id)));
        s.push_str(&field("prompt", &q.prompt, 4));
        if let Some(code) = &q.code {
            s.push_str(&field("code", code, 4));
        }
        if let Some(v) = &q.verify {
            let mut rule = v.clone();
            if let Some(t) = rule.remove("tolerance") {
                s.push_str(&format!("    tolerance: {t}\n"));
            }
            if let Ok(json) = serde_json::to_string(&rule) {
                s.push_str(&format!("    verify: {json}\n"));
            }
        }
        s.push_str("    options:\n");
        for o in &q.options {
            s.push_str(&format!("      - text: {}\n", quoted(&o.text)));
            if o.correct {
                s.push_str("        correct: true\n");
            }
            if let Some(w) = &o.why {
                s.push_str(&field("why", w, 8));
            }
            if let Some(m) = &o.mistake {
                s.push_str(&format!("        mistake: {}\n", quoted(m)));
            }
        }
        if !q.solution.is_empty() {
            s.push_str("    solution:\n");
            for (title, text) in &q.solution {
                s.push_str(&format!("      - title: {}\n", quoted(title)));
                s.push_str(&field("text", text, 8));
            }
        }
        if let Some(c) = &q.quick_check {
            s.push_str(&field("quick_check", c, 4));
        }
        s.push('\n');
    }
    s
}

/// `key: value` at `indent` spaces, as a literal block when the text has several lines.
fn field(key: &str, value: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    if let Some(block) = literal(value, indent + 2) {
        return format!("{pad}{key}: {block}");
    }
    format!("{pad}{key}: {}\n", quoted(value))
}

/// A literal block for multi-line text that it represents exactly: no tabs or trailing spaces,
/// the first line not indented, at most one final line break.
fn literal(value: &str, indent: usize) -> Option<String> {
    let body = value.strip_suffix('\n').unwrap_or(value);
    let plain = value.contains('\n')
        && !body.ends_with('\n')
        && !body.is_empty()
        && !body.starts_with([' ', '\n'])
        && !value.contains(['\t', '\r'])
        && body.lines().all(|l| l == l.trim_end())
        && !body.chars().any(|c| c.is_control() && c != '\n');
    if !plain {
        return None;
    }
    let chomp = if value.ends_with('\n') { "|" } else { "|-" };
    let pad = " ".repeat(indent);
    let mut s = format!("{chomp}\n");
    for l in body.lines() {
        if l.is_empty() {
            s.push('\n');
        } else {
            s.push_str(&format!("{pad}{l}\n"));
        }
    }
    Some(s)
}

/// A double-quoted YAML scalar (JSON's escapes are YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}
