//! Moodle GIFT interchange: `export` writes a quiz's choice and multi questions as GIFT (per-answer
//! feedback from `why`, general feedback from the worked solution, code as Markdown); `import`
//! reads GIFT back into a quiz file, reporting the question types lrtutor cannot hold with their
//! line numbers. `xml` writes Moodle XML. Both directions keep lrtutor's own fields Moodle has no
//! place for (catalog mistake ids, the `verify` rule) in `// lrtutor-mistake:` and
//! `// lrtutor-verify:` comment lines, which Moodle ignores.

mod export;
mod import;
mod xml;
mod yaml_out;

pub use export::{Exported, export};
pub use import::{Imported, ImportedOption, Parsed, Problem, import, slug as slug_id};
pub use xml::export_xml;
pub use yaml_out::quiz_yaml;

/// Characters GIFT gives a meaning to, escaped with a backslash in text.
const SPECIAL: &[char] = &['~', '=', '#', '{', '}', ':'];

/// Text as GIFT writes it: specials and backslashes escaped, line breaks as `\n` (a blank line
/// would end the question).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape`]: `\X` is X for the specials and the backslash, `\n` a line break;
/// a backslash before anything else stays.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('n') => {
                out.push('\n');
                chars.next();
            }
            Some(&d) if d == '\\' || SPECIAL.contains(&d) => {
                out.push(d);
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, unescape};

    #[test]
    fn escaping_round_trips_and_matches_gift() {
        let table = [
            ("a: b", "a\\: b"),
            ("x = 1 # note", "x \\= 1 \\# note"),
            ("{a} ~b", "\\{a\\} \\~b"),
            ("two\nlines", "two\\nlines"),
            ("back\\slash", "back\\\\slash"),
        ];
        for (plain, gift) in table {
            assert_eq!(escape(plain), gift);
            assert_eq!(unescape(gift), plain);
        }
        // A backslash before an ordinary character is kept.
        assert_eq!(unescape("a\\b"), "a\\b");
    }
}
