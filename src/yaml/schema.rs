//! A schema check run on the node tree before serde sees it, so an author gets every unknown
//! field, missing field, wrong type and misspelt word of a file in one run (serde stops at the
//! first). It accepts exactly what the deserializer (`de.rs`) accepts for the same shape; when it
//! passes, the serde structs load. Aliased nodes are checked once per shape, so alias-heavy files
//! cost no more than their text.

use super::scalar::{Plain, resolve};
use super::{Doc, Error, Node, merge};
use std::cell::Cell;
use std::collections::HashSet;

/// The shape of a value.
#[derive(Debug)]
pub enum Ty {
    /// Any scalar, taken as written.
    Text,
    /// `true`/`false` (and YAML 1.1's yes/no/on/off).
    Bool,
    /// A whole number.
    Int,
    /// Any number.
    Num,
    /// One of these words.
    Word(&'static [&'static str]),
    List(&'static Ty),
    Map(&'static Shape),
    /// Anything; the caller checks it (a question's `params`).
    Any,
}

/// A mapping with known fields.
#[derive(Debug)]
pub struct Shape {
    /// What it is called in messages: "a question".
    pub name: &'static str,
    pub fields: &'static [Field],
}

/// Whether a field must be written, and whether `field:` with no value (null) is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    /// May be left out or null.
    Optional,
    /// May be left out, but not null (lists and flags with a default).
    Defaulted,
}

#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    pub need: Need,
}

/// Stop listing after this many problems in one file (the rest are usually the same mistake).
const MAX_ERRORS: usize = 50;

struct Walk<'d, 'a> {
    doc: &'d Doc<'a>,
    errors: Vec<Error>,
    /// (node, shape) pairs already checked: an alias is checked once per shape.
    seen: HashSet<(usize, *const Ty)>,
    budget: &'d Cell<u64>,
}

/// Every problem of the document against `root`, in file order.
pub(super) fn check(doc: &Doc<'_>, root: usize, ty: &Ty, budget: &Cell<u64>) -> Vec<Error> {
    let mut w = Walk {
        doc,
        errors: Vec::new(),
        seen: HashSet::new(),
        budget,
    };
    w.value(root, ty);
    w.errors.sort_by_key(|e| e.at);
    if w.errors.len() > MAX_ERRORS {
        let more = w.errors.len() - MAX_ERRORS;
        w.errors.truncate(MAX_ERRORS);
        let at = w.errors.last().and_then(|e| e.at);
        w.errors.push(Error::new(
            format!("... and {more} more problems like these"),
            at,
        ));
    }
    w.errors
}

impl Walk<'_, '_> {
    fn fail(&mut self, at: (u64, u64), message: String) {
        self.errors.push(Error::new(message, Some(at)));
    }

    /// "expected X, found Y" at `index`, worded as the deserializer words it.
    fn mismatch(&mut self, index: usize, expected: &str) {
        let found = match &self.doc.nodes[self.doc.resolve(index)] {
            Node::Scalar { text, plain: true } if matches!(resolve(text), Plain::Null) => {
                "nothing (an empty value)".to_string()
            }
            Node::Scalar { text, .. } => format!("`{}`", super::de::short(text)),
            Node::Seq(_) => "a list".to_string(),
            Node::Map(_) => "a mapping (`key: value` lines)".to_string(),
            Node::Alias(_) => "an alias".to_string(),
        };
        self.fail(
            self.doc.at[index],
            format!("expected {expected}, found {found}"),
        );
    }

    fn value(&mut self, index: usize, ty: &Ty) {
        let node = self.doc.resolve(index);
        if node != index && !self.seen.insert((node, ty as *const Ty)) {
            return;
        }
        let (plain, text) = match &self.doc.nodes[node] {
            Node::Scalar { text, plain } => ((*plain).then(|| resolve(text)), Some(text.as_ref())),
            _ => (None, None),
        };
        match ty {
            Ty::Text if text.is_none() => self.mismatch(index, "text"),
            Ty::Bool => match (plain, text) {
                (Some(Plain::Bool(_)), _) => {}
                (Some(_), Some("yes" | "Yes" | "YES" | "on" | "On" | "ON")) => {}
                (Some(_), Some("no" | "No" | "NO" | "off" | "Off" | "OFF")) => {}
                _ => self.mismatch(index, "true or false"),
            },
            Ty::Int if !matches!(plain, Some(Plain::Int(_) | Plain::UInt(_))) => {
                self.mismatch(index, "a whole number");
            }
            Ty::Num
                if !matches!(
                    plain,
                    Some(Plain::Int(_) | Plain::UInt(_) | Plain::Float(_))
                ) =>
            {
                self.mismatch(index, "a number");
            }
            Ty::Word(words) => match text {
                Some(t) if words.contains(&t) => {}
                Some(t) => {
                    let list = words
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let hint = crate::suggest::closest(t, words)
                        .map_or(String::new(), |w| format!("; did you mean `{w}`?"));
                    let t = super::de::short(t);
                    self.fail(
                        self.doc.at[index],
                        format!("`{t}` is not one of {list}{hint}"),
                    );
                }
                None => self.mismatch(index, "one of the listed words"),
            },
            Ty::List(item) => match &self.doc.nodes[node] {
                Node::Seq(items) => {
                    for &i in items {
                        self.value(i, item);
                    }
                }
                _ => self.mismatch(index, "a list (`- item` lines or `[a, b]`)"),
            },
            Ty::Map(shape) => self.map(index, node, shape),
            _ => {}
        }
    }

    fn map(&mut self, index: usize, node: usize, shape: &Shape) {
        let Node::Map(items) = &self.doc.nodes[node] else {
            return self.mismatch(index, "a mapping (`key: value` lines)");
        };
        let entries = match merge::entries(self.doc, items, self.budget) {
            Ok(e) => e,
            Err(e) => return self.errors.push(e),
        };
        // Fields written, and fields a misspelt key was taken for (not reported missing too).
        let mut present = Vec::new();
        for kv in entries.chunks(2) {
            let [k, v] = kv else { continue };
            let key = self.doc.resolve(*k);
            let Node::Scalar { text, .. } = &self.doc.nodes[key] else {
                self.fail(self.doc.at[*k], "a key must be a plain word".to_string());
                continue;
            };
            let Some(field) = shape.fields.iter().find(|f| f.key == text.as_ref()) else {
                present.extend(self.unknown(*k, text, shape));
                continue;
            };
            present.push(field.key);
            let null = matches!(&self.doc.nodes[self.doc.resolve(*v)], Node::Scalar { text, plain: true } if matches!(resolve(text), Plain::Null));
            if null && field.need == Need::Optional {
                continue;
            }
            self.value(*v, &field.ty);
        }
        for f in shape.fields {
            if f.need == Need::Required && !present.contains(&f.key) {
                self.fail(self.doc.at[index], format!("missing field `{}`", f.key));
            }
        }
    }

    /// Reports an unknown key; returns the field it was probably meant to be.
    fn unknown(&mut self, key: usize, text: &str, shape: &Shape) -> Option<&'static str> {
        let names: Vec<&'static str> = shape.fields.iter().map(|f| f.key).collect();
        let text = super::de::short(text);
        let near = crate::suggest::closest(&text, &names);
        let message = match near {
            Some(near) => format!(
                "unknown field `{text}` in {}: did you mean `{near}`?",
                shape.name
            ),
            None => format!(
                "unknown field `{text}` in {}, expected one of {}",
                shape.name,
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.fail(self.doc.at[key], message);
        near
    }
}
