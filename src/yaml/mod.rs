//! YAML for course files, the mistake catalog and `simulate` input: granit-parser's events (the
//! parser under serde-saphyr, used directly because serde-saphyr's layer over it was most of the
//! cost of loading a large course) built into a small tree with a position per node, and a serde
//! `Deserializer` over that tree (`de.rs`), so quiz and front-matter structs stay plain
//! `#[derive(Deserialize)]` types with [`Spanned`] fields.
//!
//! Hostile input is bounded: nesting is limited by the parser, node count by the builder, and
//! aliases are followed lazily with a depth and a work budget, so an alias bomb costs nothing to
//! load and fails with a clear message as soon as the structs try to expand it.

mod de;
mod merge;
mod scalar;
pub mod schema;
mod spanned;

pub use spanned::Spanned;

use granit_parser::{Event, Options, Parser, ScalarStyle};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// How deep collections may nest (the parser's limit, and the deserializer's when it follows
/// aliases). Course files need five levels.
const MAX_DEPTH: usize = 64;

/// Nodes in one file; a 1 MiB file of `[a,a,a,...]` stays under this.
const MAX_NODES: usize = 1 << 20;

/// A YAML problem and where it is (1-based line and column), when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub at: Option<(u64, u64)>,
}

impl Error {
    fn new(message: impl Into<String>, at: Option<(u64, u64)>) -> Error {
        Error {
            message: message.into(),
            at,
        }
    }

    /// Sets the location if the error does not have one yet (the innermost node wins).
    fn or_at(mut self, at: (u64, u64)) -> Error {
        self.at.get_or_insert(at);
        self
    }
}

/// Takes one unit of a file's work budget (shared by alias expansion and merge keys), or fails
/// with `message` at `at` when it is spent.
fn spend(budget: &std::cell::Cell<u64>, message: &str, at: (u64, u64)) -> Result<(), Error> {
    match budget.get().checked_sub(1) {
        Some(left) => {
            budget.set(left);
            Ok(())
        }
        None => Err(Error::new(message, Some(at))),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "{line}:{col}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error::new(msg.to_string(), None)
    }
}

/// One node of the document.
#[derive(Debug)]
enum Node<'a> {
    /// A scalar's text; `plain` scalars may be null, bools or numbers, quoted ones are strings.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<usize>),
    /// Keys and values, alternating.
    Map(Vec<usize>),
    /// `*name`: the anchored node's index.
    Alias(usize),
}

/// A parsed document: nodes in an arena, each with its (line, column).
#[derive(Debug)]
struct Doc<'a> {
    nodes: Vec<Node<'a>>,
    at: Vec<(u64, u64)>,
    root: Option<usize>,
}

impl Doc<'_> {
    /// Follows `*name` to the anchored node (an alias never points at another alias).
    fn resolve(&self, index: usize) -> usize {
        match self.nodes[index] {
            Node::Alias(target) => target,
            _ => index,
        }
    }
}

/// Parses `text` into `T`.
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, Error> {
    let doc = build(text)?;
    let Some(root) = doc.root else {
        return Err(Error::new(
            "the file holds no YAML document (it is empty or only comments)",
            Some((1, 1)),
        ));
    };
    let budget = std::cell::Cell::new(de::BUDGET);
    T::deserialize(de::De::new(&doc, root, &budget))
}

/// Why a file was not loaded by [`from_str_checked`]: every problem found (at least one), and
/// the document's top-level `id` when it is plain text, so a caller can tell "this file has
/// errors" from "no such id" when another file refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub errors: Vec<Error>,
    pub id: Option<String>,
}

/// Parses `text` into `T` after checking it against `schema`, so every schema problem of the
/// file is reported at once (unknown and missing fields, wrong types, misspelt words).
pub fn from_str_checked<'a, T: Deserialize<'a>>(
    text: &'a str,
    schema: &schema::Ty,
) -> Result<T, Rejected> {
    let doc = build(text).map_err(|e| Rejected {
        errors: vec![e],
        id: None,
    })?;
    let Some(root) = doc.root else {
        return Err(Rejected {
            errors: vec![Error::new(
                "the file holds no YAML document (it is empty or only comments)",
                Some((1, 1)),
            )],
            id: None,
        });
    };
    let budget = std::cell::Cell::new(de::BUDGET);
    let mut errors = schema::check(&doc, root, schema, &budget);
    if errors.is_empty() {
        budget.set(de::BUDGET);
        match T::deserialize(de::De::new(&doc, root, &budget)) {
            Ok(value) => return Ok(value),
            Err(e) => errors.push(e),
        }
    }
    Err(Rejected {
        errors,
        id: top_text(&doc, root, "id"),
    })
}

/// The text of the top-level mapping's scalar `key`, if there is one.
fn top_text(doc: &Doc<'_>, root: usize, key: &str) -> Option<String> {
    let Node::Map(items) = &doc.nodes[doc.resolve(root)] else {
        return None;
    };
    items.chunks(2).find_map(|kv| {
        let [k, v] = kv else { return None };
        match (&doc.nodes[doc.resolve(*k)], &doc.nodes[doc.resolve(*v)]) {
            (Node::Scalar { text: k, .. }, Node::Scalar { text: v, .. }) if k == key => {
                Some(v.to_string())
            }
            _ => None,
        }
    })
}

/// Runs the parser and builds the node arena.
fn build(text: &str) -> Result<Doc<'_>, Error> {
    let mut options = Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let mut doc = Doc {
        nodes: Vec::new(),
        at: Vec::new(),
        root: None,
    };
    // Open collections, and anchor id -> node.
    let mut open: Vec<usize> = Vec::new();
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    let mut documents = 0;
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.map_err(|e| {
            let m = e.marker();
            Error::new(
                reword(&e.info()),
                Some((m.line() as u64, m.col() as u64 + 1)),
            )
        })?;
        let at = (span.start.line() as u64, span.start.col() as u64 + 1);
        let (node, anchor) = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(Error::new(
                        "a second YAML document (`---`): a course file holds one",
                        Some(at),
                    ));
                }
                continue;
            }
            Event::SequenceEnd => {
                open.pop();
                continue;
            }
            Event::MappingEnd => {
                if let Some(map) = open.pop() {
                    unique_keys(&doc, map)?;
                }
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_str = tag.is_some_and(|t| t.suffix() == "str");
                let plain = style == ScalarStyle::Plain && !forced_str;
                (Node::Scalar { text, plain }, anchor)
            }
            Event::SequenceStart(_, anchor, _) => (Node::Seq(Vec::new()), anchor),
            Event::MappingStart(_, anchor, _) => (Node::Map(Vec::new()), anchor),
            Event::Alias(id) => match anchors.get(&id) {
                Some(&target) => (Node::Alias(target), 0),
                None => return Err(Error::new("alias to an unknown anchor", Some(at))),
            },
            _ => continue,
        };
        if doc.nodes.len() >= MAX_NODES {
            return Err(Error::new(
                format!("more than {MAX_NODES} YAML nodes: split the file"),
                Some(at),
            ));
        }
        let index = doc.nodes.len();
        let opens = matches!(node, Node::Seq(_) | Node::Map(_));
        doc.nodes.push(node);
        doc.at.push(at);
        if anchor != 0 {
            // The parser numbers every `&name` afresh, so a redefined name gets a new id.
            anchors.insert(anchor, index);
        }
        match open.last() {
            Some(&parent) => match &mut doc.nodes[parent] {
                Node::Seq(items) | Node::Map(items) => items.push(index),
                _ => {}
            },
            None => doc.root = Some(index),
        }
        if opens {
            open.push(index);
        }
    }
    Ok(doc)
}

/// A mapping's keys must differ (YAML says so, and a repeated key usually hides a typo in an
/// edit); the second one is reported, with the line of the first.
fn unique_keys(doc: &Doc<'_>, map: usize) -> Result<(), Error> {
    let Node::Map(items) = &doc.nodes[map] else {
        return Ok(());
    };
    let key_text = |k: usize| match &doc.nodes[doc.resolve(k)] {
        Node::Scalar { text, .. } => Some(text.as_ref()),
        _ => None,
    };
    let keys = || {
        items
            .iter()
            .step_by(2)
            .filter_map(|&k| key_text(k).map(|t| (k, t)))
    };
    let repeat = if items.len() <= 32 {
        // Small mappings (nearly all): comparing pairs beats building a hash map.
        keys().enumerate().find_map(|(i, (k, t))| {
            keys()
                .take(i)
                .find(|&(_, u)| u == t)
                .map(|(first, _)| (first, k, t))
        })
    } else {
        let mut seen = HashMap::with_capacity(items.len() / 2);
        keys().find_map(|(k, t)| seen.insert(t, k).map(|first| (first, k, t)))
    };
    if let Some((first, k, text)) = repeat {
        return Err(Error::new(
            format!(
                "duplicate key `{}` (first on line {})",
                text.chars().take(40).collect::<String>(),
                doc.at[first].0
            ),
            Some(doc.at[k]),
        ));
    }
    Ok(())
}

/// The first line of a parser message, reworded where the parser's words mean little to an
/// author.
fn reword(info: &str) -> String {
    match info.lines().next().unwrap_or("invalid YAML").trim() {
        "recursion limit exceeded" => {
            format!("nested more than {MAX_DEPTH} levels deep; a course file needs a handful")
        }
        first => first.to_string(),
    }
}

#[cfg(test)]
mod tests;
