//! Text from lessons, quizzes and snippet output is untrusted: it must never drive the terminal.
//! Every string the app draws goes through here first. Control characters (C0, DEL, C1 — so
//! ESC, and with it every escape sequence) become a visible `�`, the bidirectional overrides
//! that can make code read differently from how it runs become `�` too, and tabs become spaces
//! (a tab's width is the terminal's business, not ours, and would break the layout).

/// Spaces a tab becomes.
pub const TAB: &str = "    ";

/// What an unsafe character is shown as.
pub const REPLACEMENT: char = '\u{fffd}';

/// One line of text for a span: no control character at all (newlines included).
pub fn line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push(&mut out, c);
    }
    out
}

/// Text of several lines: like [`line`] for each, keeping the `\n` between them (a `\r\n`
/// counts as one line break).
pub fn block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, l) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let l = l.strip_suffix('\r').unwrap_or(l);
        for c in l.chars() {
            push(&mut out, c);
        }
    }
    out
}

/// Whether `s` can be drawn as it is ([`line`] would return it unchanged).
pub fn is_clean(s: &str) -> bool {
    s.chars().all(|c| !unsafe_char(c) && c != '\t')
}

fn push(out: &mut String, c: char) {
    if c == '\t' {
        out.push_str(TAB);
    } else if unsafe_char(c) {
        out.push(REPLACEMENT);
    } else {
        out.push(c);
    }
}

/// Control characters (which include ESC and the C1 CSI, U+009B) and the bidi embeddings,
/// overrides and isolates.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_made_inert() {
        // (input, line(input), block(input))
        let table: &[(&str, &str, &str)] = &[
            ("plain text", "plain text", "plain text"),
            ("\u{1b}[2Jwiped", "\u{fffd}[2Jwiped", "\u{fffd}[2Jwiped"),
            ("a\u{9b}31mred", "a\u{fffd}31mred", "a\u{fffd}31mred"),
            ("bell\u{7}", "bell\u{fffd}", "bell\u{fffd}"),
            (
                "two\nlines\r\n",
                "two\u{fffd}lines\u{fffd}\u{fffd}",
                "two\nlines\n",
            ),
            ("x\ty", "x    y", "x    y"),
            ("\u{202e}evil", "\u{fffd}evil", "\u{fffd}evil"),
            ("über ✓ 学", "über ✓ 学", "über ✓ 学"),
        ];
        for (input, want_line, want_block) in table {
            assert_eq!(&line(input), want_line, "{input:?}");
            assert_eq!(&block(input), want_block, "{input:?}");
            assert!(is_clean(&line(input)));
        }
        assert!(!is_clean("\u{1b}"));
    }
}
