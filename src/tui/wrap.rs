//! Word wrapping of styled text to a width in terminal columns (wide characters count two),
//! and the layout of Markdown tables: column widths that fit the screen and cells wrapped
//! inside them. Text here is already sanitised.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A run of text in one style.
pub type Frag = (String, Style);

/// Columns `s` takes on screen.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Columns of a line of fragments.
pub fn frags_width(f: &[Frag]) -> usize {
    f.iter().map(|(s, _)| width(s)).sum()
}

/// Wraps fragments into lines of at most `max` columns, breaking at spaces; a word longer than
/// a line is cut. Spaces at a break are dropped. Always at least one (maybe empty) line.
pub fn wrap(frags: &[Frag], max: usize) -> Vec<Vec<Frag>> {
    let max = max.max(1);
    let mut lines: Vec<Vec<Frag>> = Vec::new();
    let mut line: Vec<Frag> = Vec::new();
    let mut used = 0usize;
    for (word, style) in words(frags) {
        let w = width(&word);
        let blank = word.trim().is_empty();
        if used + w <= max {
            push(&mut line, &word, style);
            used += w;
            continue;
        }
        if blank {
            // A space at the end of a line becomes the break.
            lines.push(std::mem::take(&mut line));
            used = 0;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        // The word alone may still be too long: cut it by columns.
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            push(&mut line, c.encode_utf8(&mut [0; 4]), style);
            used += cw;
        }
    }
    lines.push(line);
    for l in &mut lines {
        trim_end(l);
    }
    lines
}

/// Cuts fragments into rows of at most `max` columns by characters, keeping every space (for
/// code, where a space is meaning and a word break would mislead). Continuation rows start
/// with `cont` (counted in their width). Always at least one row.
pub fn cut(frags: &[Frag], max: usize, cont: &Frag) -> Vec<Vec<Frag>> {
    let max = max.max(width(&cont.0) + 1);
    let mut lines: Vec<Vec<Frag>> = Vec::new();
    let mut line: Vec<Frag> = Vec::new();
    let mut used = 0usize;
    for (text, style) in frags {
        for c in text.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max && used > width(&cont.0) {
                lines.push(std::mem::take(&mut line));
                push(&mut line, &cont.0, cont.1);
                used = width(&cont.0);
            }
            push(&mut line, c.encode_utf8(&mut [0; 4]), *style);
            used += cw;
        }
    }
    lines.push(line);
    lines
}

/// Splits fragments into words and runs of spaces, each with its style.
fn words(frags: &[Frag]) -> Vec<(String, Style)> {
    let mut out: Vec<(String, Style)> = Vec::new();
    for (text, style) in frags {
        let mut cur = String::new();
        let mut cur_space = None;
        for c in text.chars() {
            let space = c == ' ';
            if cur_space.is_some_and(|s| s != space) {
                out.push((std::mem::take(&mut cur), *style));
            }
            cur_space = Some(space);
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push((cur, *style));
        }
    }
    out
}

fn push(line: &mut Vec<Frag>, text: &str, style: Style) {
    match line.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => line.push((text.to_string(), style)),
    }
}

fn trim_end(line: &mut Vec<Frag>) {
    while let Some((t, _)) = line.last_mut() {
        let trimmed = t.trim_end_matches(' ').len();
        t.truncate(trimmed);
        if t.is_empty() {
            line.pop();
        } else {
            break;
        }
    }
}

/// `s` cut to `max` columns, with `…` when cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Fragments as spans.
pub fn spans(line: Vec<Frag>) -> Vec<Span<'static>> {
    line.into_iter().map(|(t, s)| Span::styled(t, s)).collect()
}

/// Column widths for a table whose cells have the natural widths `natural[row][col]`, to fit
/// `max` columns including one border column per column plus one. Narrow columns keep their
/// width; the rest share what is left. Every column gets at least 3.
pub fn column_widths(natural: &[Vec<usize>], max: usize) -> Vec<usize> {
    let cols = natural.iter().map(Vec::len).max().unwrap_or(0);
    if cols == 0 {
        return Vec::new();
    }
    let mut want: Vec<usize> = (0..cols)
        .map(|c| {
            natural
                .iter()
                .filter_map(|r| r.get(c))
                .copied()
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    // Borders: `│ a │ b │` takes 3 per column plus 1.
    let room = max.saturating_sub(3 * cols + 1).max(3 * cols);
    if want.iter().sum::<usize>() <= room {
        return want;
    }
    // Give every column that fits in a fair share its width; split the rest among the others.
    let mut fixed = vec![false; cols];
    loop {
        let left = room
            - (0..cols)
                .filter(|&c| fixed[c])
                .map(|c| want[c])
                .sum::<usize>();
        let open = fixed.iter().filter(|f| !**f).count().max(1);
        let share = left / open;
        let mut changed = false;
        for c in 0..cols {
            if !fixed[c] && want[c] <= share {
                fixed[c] = true;
                changed = true;
            }
        }
        if !changed {
            let mut extra = left - share * open;
            for c in 0..cols {
                if !fixed[c] {
                    want[c] = share.max(3) + usize::from(extra > 0);
                    extra = extra.saturating_sub(1);
                }
            }
            return want;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<Frag> {
        vec![(s.to_string(), Style::new())]
    }

    fn texts(lines: &[Vec<Frag>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
            .collect()
    }

    #[test]
    fn text_wraps_at_spaces_and_cuts_long_words() {
        let table: &[(&str, usize, &[&str])] = &[
            ("the quick brown fox", 9, &["the quick", "brown fox"]),
            ("the quick brown fox", 100, &["the quick brown fox"]),
            ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
            ("a  b", 1, &["a", "b"]),
            ("", 5, &[""]),
            ("学学学 x", 4, &["学学", "学 x"]),
        ];
        for (text, w, want) in table {
            let got = wrap(&plain(text), *w);
            assert_eq!(texts(&got), *want, "{text:?} at {w}");
            for l in &got {
                assert!(frags_width(l) <= *w, "{text:?}");
            }
        }
    }

    #[test]
    fn code_is_cut_by_characters_and_continues_indented() {
        let cont = ("  ".to_string(), Style::new());
        let got = cut(&plain("    x = f(a, b)"), 8, &cont);
        assert_eq!(texts(&got), ["    x = ", "  f(a, b", "  )"]);
        assert_eq!(texts(&cut(&plain(""), 8, &cont)), [""]);
    }

    #[test]
    fn columns_fit_the_width_and_narrow_ones_keep_theirs() {
        // (natural widths of one row, room, expected widths)
        let table: &[(&[usize], usize, &[usize])] = &[
            (&[5, 10], 40, &[5, 10]),
            (&[5, 100], 40, &[5, 28]),
            (&[50, 50], 40, &[17, 16]),
            (&[4, 4, 4], 10, &[3, 3, 3]),
        ];
        for (natural, max, want) in table {
            let got = column_widths(&[natural.to_vec()], *max);
            assert_eq!(&got, want, "{natural:?} in {max}");
        }
    }
}
