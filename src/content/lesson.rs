//! Lessons: Markdown files with YAML front matter (`id`, `title`, `order`, optional `quiz`), and
//! their fenced code blocks (`python` runs, `python raises=TypeError` must raise, `python norun`
//! is shown only).

use super::{Diagnostic, Failed};
use crate::yaml::Spanned;
use crate::yaml::schema::{Field, Need, Shape, Ty};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::Deserialize;

/// A lesson's front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Unique in the course.
    pub id: Spanned<String>,
    pub title: String,
    /// Position in the course.
    pub order: u32,
    /// The quiz that follows this lesson.
    #[serde(default)]
    pub quiz: Option<Spanned<String>>,
}

/// The front matter as a schema, so every problem in it is reported in one run.
pub static SCHEMA: Ty = Ty::Map(&META);

static META: Shape = Shape {
    name: "the front matter",
    fields: &[
        Field {
            key: "id",
            ty: Ty::Text,
            need: Need::Required,
        },
        Field {
            key: "title",
            ty: Ty::Text,
            need: Need::Required,
        },
        Field {
            key: "order",
            ty: Ty::Int,
            need: Need::Required,
        },
        Field {
            key: "quiz",
            ty: Ty::Text,
            need: Need::Optional,
        },
    ],
};

/// What to do with a code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// Runs and must not raise.
    Normal,
    /// Must raise this exception type.
    Raises(String),
    /// Shown only.
    NoRun,
}

/// A fenced Python block of a lesson.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// Line of the opening fence in the file.
    pub line: u64,
    /// Column of `raises=` on the fence line (1 when there is none).
    pub raises_col: u64,
    pub code: String,
    pub run: Run,
}

/// A loaded lesson.
#[derive(Debug)]
pub struct Lesson {
    pub path: String,
    pub meta: Meta,
    /// The Markdown after the front matter.
    pub body: String,
    /// File line where `body` starts.
    pub body_line: u64,
    pub blocks: Vec<CodeBlock>,
}

/// Parses a lesson file; a broken front matter is a list of diagnostics, not a panic.
pub fn parse(path: &str, text: &str) -> Result<Lesson, Failed> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(Failed::one(Diagnostic::error(
            path,
            1,
            1,
            "a lesson starts with YAML front matter between two `---` lines (id, title, order, quiz)",
        )));
    };
    let Some(end) = rest.find("\n---").map(|i| i + 1) else {
        return Err(Failed::one(Diagnostic::error(
            path,
            1,
            1,
            "the front matter is never closed: add a `---` line after it",
        )));
    };
    let yaml = &rest[..end];
    let meta: Meta =
        crate::yaml::from_str_checked(yaml, &SCHEMA).map_err(|r| Failed::rejected(path, r, 1))?;
    let after = &rest[end..];
    let body_start = after.find('\n').map_or(after.len(), |i| i + 1);
    let body = after[body_start..].to_string();
    let body_line = 2 + yaml.lines().count() as u64 + 1;
    let blocks = code_blocks(&body, body_line);
    Ok(Lesson {
        path: path.to_string(),
        meta,
        body,
        body_line,
        blocks,
    })
}

/// The fenced `python` blocks of a Markdown body, with their file lines.
fn code_blocks(body: &str, first_line: u64) -> Vec<CodeBlock> {
    let mut out = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let before = &body[..range.start];
                let line = first_line + before.matches('\n').count() as u64;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let fence = body[line_start..].lines().next().unwrap_or("");
                let raises_col = fence
                    .find("raises=")
                    .map_or(1, |i| fence[..i].chars().count() as u64 + 1);
                current = run_mode(&info).map(|run| CodeBlock {
                    line,
                    raises_col,
                    code: String::new(),
                    run,
                });
            }
            Event::Text(t) => {
                if let Some(b) = current.as_mut() {
                    b.code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = current.take() {
                    out.push(b);
                }
            }
            _ => {}
        }
    }
    out
}

/// `python` → runs, `python raises=X` → must raise X, `python norun` → shown only (`python3`
/// and `py` are the same language: authors use all three, and none may escape the check);
/// other languages are not Python.
fn run_mode(info: &str) -> Option<Run> {
    let mut words = info.split_whitespace();
    if !matches!(words.next(), Some("python" | "python3" | "py")) {
        return None;
    }
    let mut run = Run::Normal;
    for w in words {
        if w == "norun" {
            run = Run::NoRun;
        } else if let Some(kind) = w.strip_prefix("raises=") {
            run = Run::Raises(kind.to_string());
        }
    }
    Some(run)
}
