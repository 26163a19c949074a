//! Source normalisation: line ends and the final newline, as CPython reads source.

#[allow(unused_imports)]
use super::*;

/// The source as CPython's tokenizer sees it: `\n` line ends and a final newline.
pub(super) struct Text {
    pub(super) norm: String,
    /// Original byte offset -> normalised byte offset, kept only when the two differ.
    pub(super) map: Option<Vec<usize>>,
}

impl Text {
    pub(super) fn new(source: &str) -> Text {
        let mut norm = String::with_capacity(source.len() + 1);
        let has_cr = source.contains('\r');
        let mut map = if has_cr {
            Some(Vec::with_capacity(source.len() + 1))
        } else {
            None
        };
        let bytes = source.as_bytes();
        for (i, ch) in source.char_indices() {
            if let Some(m) = map.as_mut() {
                for _ in 0..ch.len_utf8() {
                    m.push(norm.len());
                }
            }
            if ch == '\r' {
                if i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                    continue;
                }
                norm.push('\n');
            } else {
                norm.push(ch);
            }
        }
        if let Some(m) = map.as_mut() {
            m.push(norm.len());
        }
        // CPython's `translate_newlines` loses track of a final `\r\n` and appends one more
        // newline after it, so such a file has an extra empty last line.
        if !norm.ends_with('\n') || source.ends_with("\r\n") {
            norm.push('\n');
        }
        Text { norm, map }
    }

    /// Maps an offset in the original source to the normalised text.
    pub(super) fn offset(&self, original: usize) -> usize {
        match &self.map {
            Some(m) => m.get(original).copied().unwrap_or(self.norm.len()),
            None => original.min(self.norm.len()),
        }
    }
}
