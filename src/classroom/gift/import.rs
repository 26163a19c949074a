//! GIFT into lrtutor questions. Questions are separated by blank lines; `//` lines are comments
//! (`// lrtutor-mistake: N id` restores an option's catalog mistake); `$CATEGORY:` names the
//! quiz. Multiple choice (`=right ~wrong`), multiple answer (`~%50%right ~%-100%wrong`) and
//! true/false (as a two-option choice) are read; essay, short answer, numerical, matching,
//! missing word and description questions are reported with their line, never dropped silently.
//! Partial credit lrtutor cannot grade (all or nothing) is reported too.

use super::unescape;
use crate::content::quiz::Kind;
use std::collections::{HashMap, HashSet};

/// An imported question, in lrtutor's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub id: String,
    pub kind: Kind,
    pub prompt: String,
    pub code: Option<String>,
    pub options: Vec<ImportedOption>,
    pub solution: Vec<(String, String)>,
    pub quick_check: Option<String>,
    /// An lrtutor export's `verify` rule (`// lrtutor-verify: {...}`), with `tolerance`.
    pub verify: Option<serde_json::Map<String, serde_json::Value>>,
    /// The GIFT line the question starts on.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedOption {
    pub text: String,
    pub correct: bool,
    pub why: Option<String>,
    pub mistake: Option<String>,
}

/// Something in the file that was not imported (or not as written), with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// What a GIFT file holds: the quiz title (`$CATEGORY`), questions, and what was left out.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The quiz title an lrtutor export recorded (`// lrtutor-title:`).
    pub title: Option<String>,
    pub category: Option<String>,
    pub questions: Vec<Imported>,
    pub problems: Vec<Problem>,
}

/// One question's lines: the text (comments removed), the original line of each kept line, and
/// the mistakes named in `// lrtutor-mistake:` comments.
struct Block {
    lines: Vec<(usize, String)>,
    mistakes: Vec<(usize, String)>,
    verify: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Block {
    fn new() -> Block {
        Block {
            lines: Vec::new(),
            mistakes: Vec::new(),
            verify: None,
        }
    }
}

/// Parses a GIFT file.
pub fn import(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut ids: HashSet<String> = HashSet::new();
    let mut suffixes: HashMap<String, usize> = HashMap::new();
    for block in blocks(text, &mut parsed) {
        match question(&block) {
            Ok(Some((mut q, problems))) => {
                q.id = unique(&q.id, &ids, &mut suffixes);
                ids.insert(q.id.clone());
                parsed.problems.extend(problems);
                parsed.questions.push(q);
            }
            Ok(None) => {}
            Err(p) => parsed.problems.push(p),
        }
    }
    parsed
}

fn blocks(text: &str, parsed: &mut Parsed) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur = Block::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() {
            if !cur.lines.is_empty() {
                out.push(std::mem::replace(&mut cur, Block::new()));
            }
            cur = Block::new();
            continue;
        }
        if let Some(c) = t.strip_prefix("//") {
            if let Some(title) = c.trim().strip_prefix("lrtutor-title:") {
                parsed.title = Some(title.trim().to_string());
            }
            if let Some(v) = c.trim().strip_prefix("lrtutor-verify:") {
                cur.verify = serde_json::from_str(v.trim()).ok().and_then(verify_rule);
            }
            if let Some(m) = c.trim().strip_prefix("lrtutor-mistake:") {
                let mut parts = m.split_whitespace();
                if let (Some(Ok(n)), Some(id)) = (parts.next().map(str::parse), parts.next()) {
                    cur.mistakes.push((n, id.to_string()));
                }
            }
            continue;
        }
        if cur.lines.is_empty()
            && let Some(c) = t.strip_prefix("$CATEGORY:")
        {
            let name = c.trim().rsplit('/').next().unwrap_or("").trim();
            if parsed.category.is_none() && !name.is_empty() {
                parsed.category = Some(name.to_string());
            }
            continue;
        }
        cur.lines.push((line, raw.to_string()));
    }
    if !cur.lines.is_empty() {
        out.push(cur);
    }
    out
}

/// Position of the first unescaped `c` in `s` at or after `from`.
fn find_unescaped(s: &str, c: char, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, ch) in s[from..].char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            return Some(from + i);
        }
    }
    None
}

type Found = Option<(Imported, Vec<Problem>)>;

fn question(b: &Block) -> Result<Found, Problem> {
    let start = b.lines[0].0;
    let text: String = b
        .lines
        .iter()
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // The line of a byte offset in `text`.
    let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_at = |off: usize| b.lines[breaks.partition_point(|&x| x < off)].0;
    let fail = |line: usize, message: String| Problem { line, message };
    let mut rest = text.trim_start();
    let mut title = None;
    if let Some(after) = rest.strip_prefix("::") {
        let end = after
            .find("::")
            .ok_or_else(|| fail(start, "the title `::...` is not closed by `::`".into()))?;
        title = Some(unescape(after[..end].trim()));
        rest = after[end + 2..].trim_start();
    }
    let mut format = "moodle";
    if rest.starts_with('[')
        && let Some(end) = rest.find(']')
    {
        format = &rest[1..end];
        rest = &rest[end + 1..];
    }
    let base = text.len() - rest.len();
    let Some(open) = find_unescaped(rest, '{', 0) else {
        return Err(fail(start, unsupported("description", &title)));
    };
    let close = find_unescaped(rest, '}', open).ok_or_else(|| {
        fail(
            line_at(base + open),
            "the answers `{` are not closed by `}`".into(),
        )
    })?;
    if !rest[close + 1..].trim().is_empty() {
        return Err(fail(start, unsupported("missing word", &title)));
    }
    let stem = unescape(rest[..open].trim());
    let (prompt, code) = split_code(&stem, format);
    let body = &rest[open + 1..close];
    let answers_at = base + open + 1;
    let kind_problem = answer_kind(body.trim()).map(|k| fail(start, unsupported(k, &title)));
    if let Some(p) = kind_problem {
        return Err(p);
    }
    let mut problems = Vec::new();
    let (options, general) = if let Some(tf) = true_false(body) {
        tf
    } else {
        answers(body, answers_at, &line_at, &mut problems)
    };
    let (solution, quick_check) = general.as_deref().map_or((Vec::new(), None), solution);
    // A rule without code to run would be `check`'s error; it came with the code it proves.
    let verify = b.verify.clone().filter(|_| code.is_some());
    let mut q = Imported {
        id: slug(title.as_deref().unwrap_or(&prompt)),
        kind: Kind::Choice,
        prompt,
        code,
        options,
        solution,
        quick_check,
        verify,
        line: start,
    };
    for (n, id) in &b.mistakes {
        if let Some(o) = n.checked_sub(1).and_then(|k| q.options.get_mut(k)) {
            o.mistake = Some(id.clone());
        }
    }
    let right = q.options.iter().filter(|o| o.correct).count();
    let weighted = body.contains('%') && find_unescaped(body, '=', 0).is_none();
    q.kind = if right > 1 || weighted {
        Kind::Multi
    } else {
        Kind::Choice
    };
    if right == 0 {
        return Err(fail(
            start,
            format!(
                "question '{}' has no right answer (no `=` or positive `%weight%`); not imported",
                q.id
            ),
        ));
    }
    if q.options.len() < 2 {
        return Err(fail(
            start,
            format!(
                "question '{}' has fewer than two answers; not imported",
                q.id
            ),
        ));
    }
    Ok(Some((q, problems)))
}

/// A `verify` comment's rule, when it holds only the fields a rule has, of the right types.
fn verify_rule(v: serde_json::Value) -> Option<serde_json::Map<String, serde_json::Value>> {
    let m = v.as_object()?;
    let ok = m.iter().all(|(k, v)| match k.as_str() {
        "output_line" => v.is_i64(),
        "after" | "raises" => v.is_string(),
        "tolerance" => v.is_f64() || v.is_i64(),
        _ => false,
    });
    ok.then(|| m.clone())
}

fn unsupported(kind: &str, title: &Option<String>) -> String {
    let name = title.as_ref().map_or(String::new(), |t| format!(" '{t}'"));
    format!("question{name} is a GIFT {kind} question, which lrtutor has no type for; not imported")
}

/// The GIFT question types lrtutor cannot hold, recognised from the answer block.
fn answer_kind(body: &str) -> Option<&'static str> {
    if body.is_empty() {
        return Some("essay");
    }
    if body.starts_with('#') {
        return Some("numerical");
    }
    if body.contains("->") {
        return Some("matching");
    }
    let has_wrong = find_unescaped(body, '~', 0).is_some();
    if !has_wrong && true_false(body).is_none() {
        return Some("short answer");
    }
    None
}

/// `{T}`, `{FALSE#feedback}`... as a choice between "True" and "False".
fn true_false(body: &str) -> Option<(Vec<ImportedOption>, Option<String>)> {
    let t = body.trim();
    let (word, feedback) = match find_unescaped(t, '#', 0) {
        Some(i) => (t[..i].trim(), Some(unescape(t[i + 1..].trim()))),
        None => (t, None),
    };
    let truth = match word {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let option = |text: &str, correct: bool| ImportedOption {
        text: text.to_string(),
        correct,
        why: if correct { None } else { feedback.clone() },
        mistake: None,
    };
    Some((vec![option("True", truth), option("False", !truth)], None))
}

/// The answers of a choice block and its general feedback (`####`).
fn answers(
    body: &str,
    at: usize,
    line_at: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Problem>,
) -> (Vec<ImportedOption>, Option<String>) {
    let mut general = None;
    let mut body_end = body.len();
    if let Some(g) = find_sequence(body, "####") {
        general = Some(unescape(body[g + 4..].trim()));
        body_end = g;
    }
    // Split at each unescaped `=` or `~` that starts an answer.
    let mut starts = Vec::new();
    let mut escaped = false;
    for (i, c) in body[..body_end].char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '=' || c == '~' {
            starts.push(i);
        }
    }
    let mut options = Vec::new();
    let has_full = starts.iter().any(|&s| body[s..].starts_with('='));
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(body_end);
        let mark = &body[s..s + 1];
        let mut piece = body[s + 1..end].trim();
        let mut weight = if mark == "=" { 100.0 } else { 0.0 };
        if let Some(after) = piece.strip_prefix('%')
            && let Some(e) = after.find('%')
        {
            weight = after[..e].trim().parse().unwrap_or(0.0);
            piece = after[e + 1..].trim_start();
        }
        let (text, why) = match find_unescaped(piece, '#', 0) {
            Some(h) => (&piece[..h], Some(unescape(piece[h + 1..].trim()))),
            None => (piece, None),
        };
        let text = unescape(text.trim());
        // Partial credit in a question that also has a fully right answer: all or nothing here.
        let partial = weight > 0.0 && weight < 100.0 && has_full;
        if partial {
            problems.push(Problem {
                line: line_at(at + s),
                message: format!("answer '{text}' gives {weight}% partial credit, which lrtutor cannot grade (all or nothing); it is imported as wrong"),
            });
        }
        options.push(ImportedOption {
            text,
            correct: weight > 0.0 && !partial,
            why: why.filter(|w| !w.is_empty()),
            mistake: None,
        });
    }
    (options, general)
}

/// The first unescaped occurrence of `pat` (which starts with a special character).
fn find_sequence(s: &str, pat: &str) -> Option<usize> {
    let first = pat.chars().next()?;
    let mut from = 0;
    while let Some(i) = find_unescaped(s, first, from) {
        if s[i..].starts_with(pat) {
            return Some(i);
        }
        from = i + first.len_utf8();
    }
    None
}

/// A Markdown prompt ending in a fenced Python block: the prompt and the code.
fn split_code(stem: &str, format: &str) -> (String, Option<String>) {
    if format == "markdown"
        && let Some(i) = stem.rfind("```python\n")
        && stem.trim_end().ends_with("```")
        && (i == 0 || stem[..i].ends_with('\n'))
    {
        let inner = &stem[i + "```python\n".len()..stem.trim_end().len() - 3];
        let prompt = stem[..i].trim_end().to_string();
        return (prompt, Some(inner.to_string()));
    }
    (stem.to_string(), None)
}

/// The general feedback as worked steps (`**1. Title**` paragraphs, as export writes them) and
/// the quick check; other text is one step, "Feedback".
fn solution(general: &str) -> (Vec<(String, String)>, Option<String>) {
    let mut text = general.trim().to_string();
    let mut quick = None;
    if let Some(i) = text.rfind("**Quick check:** ") {
        quick = Some(text[i + "**Quick check:** ".len()..].trim().to_string());
        text = text[..i].trim_end().to_string();
    }
    let mut steps = Vec::new();
    let mut k = 1;
    let mut rest = text.as_str();
    while let Some(body) = rest.strip_prefix(&format!("**{k}. ")) {
        let Some(end) = body.find("**\n") else { break };
        let title = body[..end].to_string();
        let next = format!("\n\n**{}. ", k + 1);
        let stop = body.find(&next).unwrap_or(body.len());
        steps.push((title, body[end + 3..stop].to_string()));
        rest = body[stop..].trim_start_matches('\n');
        k += 1;
    }
    if !rest.trim().is_empty() {
        steps.push(("Feedback".to_string(), rest.trim().to_string()));
    }
    (steps, quick)
}

/// An id from a title: lowercase words joined by `-` (at most 6 words).
pub fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "question".to_string()
    } else {
        words.join("-")
    }
}

/// `id`, or `id-2`, `id-3`... when taken (each base remembers its next suffix, so many
/// untitled questions with the same first words stay fast).
fn unique(id: &str, taken: &HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if !taken.contains(id) {
        return id.to_string();
    }
    let n = next.entry(id.to_string()).or_insert(2);
    loop {
        let candidate = format!("{id}-{n}");
        *n += 1;
        if !taken.contains(&candidate) {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn ids_come_from_titles() {
        let table = [
            ("Step vs MultiStep", "step-vs-multistep"),
            ("step-vs-multistep", "step-vs-multistep"),
            ("  What is lr? (epoch 5)", "what-is-lr-epoch-5"),
            ("¿?", "question"),
        ];
        for (t, want) in table {
            assert_eq!(slug(t), want);
        }
    }
}
