//! YAML merge keys: `<<: *defaults` (or `<<: [*a, *b]`) copies the entries of the named mappings
//! into this one, except keys the mapping sets itself; among several merged mappings the first one
//! wins. Authors use it to share option lists or fields between questions.

use super::{Doc, Error, Node, spend};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashSet;

/// How many merges may nest inside merged mappings.
const MAX_MERGE_DEPTH: usize = 16;

/// The keys and values of the mapping with entries `items` (alternating), merges applied; every
/// merged entry is paid for from `budget`, so merging a huge mapping many times cannot hang.
/// Borrowed when the mapping has no `<<` key, which is nearly always.
pub(super) fn entries<'d>(
    doc: &'d Doc<'_>,
    items: &'d [usize],
    budget: &Cell<u64>,
) -> Result<Cow<'d, [usize]>, Error> {
    if !items.chunks(2).any(|kv| is_merge_key(doc, kv[0])) {
        return Ok(Cow::Borrowed(items));
    }
    let mut merged = Merged {
        doc,
        out: Vec::with_capacity(items.len()),
        seen: HashSet::new(),
        budget,
    };
    merged.collect(items, 0)?;
    Ok(Cow::Owned(merged.out))
}

struct Merged<'d, 'a, 'b> {
    doc: &'d Doc<'a>,
    /// Keys and values, alternating.
    out: Vec<usize>,
    /// The scalar keys already in `out`.
    seen: HashSet<&'d str>,
    budget: &'b Cell<u64>,
}

impl<'d> Merged<'d, '_, '_> {
    /// Adds this mapping's own entries first (they win), then those of the mappings it merges.
    fn collect(&mut self, items: &'d [usize], depth: usize) -> Result<(), Error> {
        for kv in items.chunks(2) {
            if !is_merge_key(self.doc, kv[0]) {
                // The mapping's own keys all stay, so a repeated one is still reported.
                self.add(kv, depth == 0)?;
            }
        }
        for kv in items.chunks(2) {
            let [key, value] = kv else { continue };
            if !is_merge_key(self.doc, *key) {
                continue;
            }
            if depth >= MAX_MERGE_DEPTH {
                return Err(Error::new(
                    "merge keys (`<<`) nest too deeply",
                    Some(self.doc.at[*key]),
                ));
            }
            let doc = self.doc;
            let sources: Vec<usize> = match &doc.nodes[doc.resolve(*value)] {
                Node::Seq(list) => list.iter().map(|&i| doc.resolve(i)).collect(),
                _ => vec![doc.resolve(*value)],
            };
            for source in sources {
                let Node::Map(entries) = &doc.nodes[source] else {
                    return Err(Error::new(
                        "`<<` merges mappings: give it `*name` of a mapping, or a list of them",
                        Some(doc.at[*value]),
                    ));
                };
                self.collect(entries, depth + 1)?;
            }
        }
        Ok(())
    }

    /// Adds one entry unless its key is already there (or `always`).
    fn add(&mut self, kv: &[usize], always: bool) -> Result<(), Error> {
        spend(
            self.budget,
            "merge keys expand this file beyond what lrtutor reads",
            self.doc.at[kv[0]],
        )?;
        let fresh = match &self.doc.nodes[self.doc.resolve(kv[0])] {
            Node::Scalar { text, .. } => self.seen.insert(text),
            _ => true,
        };
        if fresh || always {
            self.out.extend_from_slice(kv);
        }
        Ok(())
    }
}

/// A plain `<<` scalar.
fn is_merge_key(doc: &Doc<'_>, index: usize) -> bool {
    matches!(&doc.nodes[index], Node::Scalar { text, plain: true } if text == "<<")
}
