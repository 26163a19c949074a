//! A serde `Deserializer` over the node tree. Plain scalars resolve by the YAML 1.2 core schema
//! (null, bools, ints, floats) when the target asks for "anything", but a field typed as text
//! takes the scalar's text as written, so `text: 0.001` stays the string `0.001`. Errors carry the
//! position of the innermost node they concern.

use super::scalar::{Plain, resolve};
use super::{Doc, Error, MAX_DEPTH, Node, spend};
use super::{merge, spanned};
use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::Cell;

/// Nodes the structs may visit per file, counting an aliased node each time it is used (a
/// 1 MiB file without aliases has fewer than half this many).
pub(super) const BUDGET: u64 = 1 << 20;

/// Deserializes one node.
pub(super) struct De<'d, 'a> {
    doc: &'d Doc<'a>,
    /// The node itself (aliases already followed).
    index: usize,
    /// Where the value was written (for an alias, the `*name`).
    at: (u64, u64),
    depth: usize,
    budget: &'d Cell<u64>,
}

impl<'d, 'a> De<'d, 'a> {
    pub(super) fn new(doc: &'d Doc<'a>, index: usize, budget: &'d Cell<u64>) -> De<'d, 'a> {
        let at = doc.at[index];
        De {
            doc,
            index: doc.resolve(index),
            at,
            depth: 0,
            budget,
        }
    }

    /// The node `index`, one level deeper, if the depth and work budget allow.
    fn child(&self, index: usize) -> Result<De<'d, 'a>, Error> {
        let at = self.doc.at[index];
        if self.depth >= 2 * MAX_DEPTH {
            return Err(Error::new(
                "values nest too deeply (through aliases)",
                Some(at),
            ));
        }
        spend(
            self.budget,
            "aliases expand this file beyond what lrtutor reads; repeat the text instead",
            at,
        )?;
        Ok(De {
            doc: self.doc,
            index: self.doc.resolve(index),
            at,
            depth: self.depth + 1,
            budget: self.budget,
        })
    }

    fn node(&self) -> &'d Node<'a> {
        &self.doc.nodes[self.index]
    }

    /// A plain scalar resolved by the core schema; `None` for quoted scalars and collections.
    fn plain(&self) -> Option<Plain> {
        match self.node() {
            Node::Scalar { text, plain: true } => Some(resolve(text)),
            _ => None,
        }
    }

    /// The scalar's text as written, any style.
    fn text(&self) -> Option<&'d str> {
        match self.node() {
            Node::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// "expected X, found Y" at this node.
    fn mismatch(&self, expected: &dyn Expected) -> Error {
        let found = match self.node() {
            Node::Scalar { text, .. } => format!("`{}`", short(text)),
            Node::Seq(_) => "a list".to_string(),
            Node::Map(_) => "a mapping (`key: value` lines)".to_string(),
            Node::Alias(_) => "an alias".to_string(),
        };
        Error::new(format!("expected {expected}, found {found}"), Some(self.at))
    }

    fn int<'de, V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.plain() {
            Some(Plain::Int(i)) => v.visit_i64(i),
            Some(Plain::UInt(u)) => v.visit_u64(u),
            _ => Err(self.mismatch(&"a whole number")),
        }
    }
}

/// At most 40 characters of a scalar, for a message.
pub(super) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// Runs `f` and gives any error without a position this node's position.
macro_rules! located {
    ($self:ident, $body:expr) => {{
        let at = $self.at;
        let r: Result<_, Error> = $body;
        r.map_err(|e| e.or_at(at))
    }};
}

macro_rules! ints {
    ($($name:ident),*) => {$(
        fn $name<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            located!(self, self.int(v))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match self.node() {
                Node::Seq(items) => v.visit_seq(Items::new(&self, items)),
                Node::Map(items) => v.visit_map(Items::map(&self, items)?),
                Node::Scalar { text, .. } => match self.plain() {
                    Some(Plain::Null) => v.visit_unit(),
                    Some(Plain::Bool(b)) => v.visit_bool(b),
                    Some(Plain::Int(i)) => v.visit_i64(i),
                    Some(Plain::UInt(u)) => v.visit_u64(u),
                    Some(Plain::Float(x)) => v.visit_f64(x),
                    Some(Plain::Str) | None => v.visit_str(text),
                },
                Node::Alias(_) => Err(self.mismatch(&v)),
            }
        })
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match (self.plain(), self.text()) {
                (Some(Plain::Bool(b)), _) => v.visit_bool(b),
                // YAML 1.1's other spellings, for a field that can only be a bool.
                (Some(_), Some("yes" | "Yes" | "YES" | "on" | "On" | "ON")) => v.visit_bool(true),
                (Some(_), Some("no" | "No" | "NO" | "off" | "Off" | "OFF")) => v.visit_bool(false),
                _ => Err(self.mismatch(&"true or false")),
            }
        })
    }

    ints!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64
    );

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match self.plain() {
                Some(Plain::Int(i)) => v.visit_f64(i as f64),
                Some(Plain::UInt(u)) => v.visit_f64(u as f64),
                Some(Plain::Float(x)) => v.visit_f64(x),
                _ => Err(self.mismatch(&"a number")),
            }
        })
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match self.text() {
                Some(text) => v.visit_str(text),
                None => Err(self.mismatch(&"text")),
            }
        })
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.plain() {
            Some(Plain::Null) => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match self.plain() {
                Some(Plain::Null) => v.visit_unit(),
                _ => Err(self.mismatch(&"nothing (null)")),
            }
        })
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match self.node() {
                Node::Seq(items) => v.visit_seq(Items::new(&self, items)),
                _ => Err(self.mismatch(&"a list (`- item` lines or `[a, b]`)")),
            }
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        located!(self, {
            match self.node() {
                Node::Map(items) => v.visit_map(Items::map(&self, items)?),
                _ => Err(self.mismatch(&"a mapping (`key: value` lines)")),
            }
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        if name == spanned::NAME {
            let (line, col) = self.at;
            return v.visit_seq(SpannedParts {
                line: Some(line),
                col: Some(col),
                value: Some(self),
            });
        }
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        located!(self, {
            match self.text() {
                Some(text) => v.visit_enum(IntoDeserializer::<Error>::into_deserializer(text)),
                None => Err(self.mismatch(&"one of the listed words")),
            }
        })
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
}

/// The children of a list, or the keys and values of a mapping.
struct Items<'s, 'd, 'a> {
    parent: &'s De<'d, 'a>,
    items: Cow<'d, [usize]>,
    next: usize,
}

impl<'s, 'd, 'a> Items<'s, 'd, 'a> {
    fn new(parent: &'s De<'d, 'a>, items: &'d [usize]) -> Self {
        Items {
            parent,
            items: Cow::Borrowed(items),
            next: 0,
        }
    }

    /// A mapping's entries, with `<<` merge keys applied.
    fn map(parent: &'s De<'d, 'a>, items: &'d [usize]) -> Result<Self, Error> {
        Ok(Items {
            parent,
            items: merge::entries(parent.doc, items, parent.budget)?,
            next: 0,
        })
    }

    fn next_de(&mut self) -> Result<Option<De<'d, 'a>>, Error> {
        let Some(&i) = self.items.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        self.parent.child(i).map(Some)
    }
}

impl<'de> SeqAccess<'de> for Items<'_, '_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.next_de()? {
            Some(d) => seed.deserialize(d).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

impl<'de> MapAccess<'de> for Items<'_, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.next_de()? {
            Some(d) => seed.deserialize(d).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.next_de()? {
            Some(d) => seed.deserialize(d),
            None => Err(Error::new("a key without a value", Some(self.parent.at))),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.items.len() - self.next) / 2)
    }
}

/// What a [`spanned::Spanned`] is built from: line, column, then the value.
struct SpannedParts<'d, 'a> {
    line: Option<u64>,
    col: Option<u64>,
    value: Option<De<'d, 'a>>,
}

impl<'de> SeqAccess<'de> for SpannedParts<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if let Some(line) = self.line.take() {
            return seed.deserialize(line.into_deserializer()).map(Some);
        }
        if let Some(col) = self.col.take() {
            return seed.deserialize(col.into_deserializer()).map(Some);
        }
        match self.value.take() {
            Some(d) => seed.deserialize(d).map(Some),
            None => Ok(None),
        }
    }
}
