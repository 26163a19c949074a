//! Python colouring from the tokens of Ruff's parser, the one the sandbox already runs on (no
//! second highlighter with its own idea of Python). The parser, not the bare lexer, supplies the
//! tokens because it knows when a soft keyword (`match`, `case`, `type`) is a plain name. It
//! recovers from any syntax error, so half-typed code still colours; text the tokens do not
//! cover (spaces, line continuations) is drawn unstyled. Every piece is sanitised.

use super::sanitize;
use super::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::Ranged;

/// The coloured lines of `src`: line `i` of the result is line `i + 1` of the source, split on
/// `\n` (so `"a\n"` gives two lines, the second empty, as an editor shows it; a `\r` before the
/// `\n` is dropped).
pub fn python_lines(src: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = LineBuilder::default();
    let parsed = ruff_python_parser::parse_unchecked(src, ParseOptions::from(Mode::Module));
    let tokens = parsed.tokens();
    let mut at = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        let (start, end) = (
            usize::from(token.range().start()),
            usize::from(token.range().end()),
        );
        // Ranges are in order and on char boundaries; anything else is drawn plain, not lost.
        let (Some(gap), Some(text)) = (src.get(at..start), src.get(start..end)) else {
            continue;
        };
        out.push(gap, Style::new());
        let next = tokens.get(i + 1).map(ruff_python_ast::token::Token::kind);
        out.push(text, style_of(token.kind(), next, theme));
        at = end;
    }
    out.push(src.get(at..).unwrap_or(""), Style::new());
    out.finish()
}

/// The style of a token of `kind`, given the kind of the token after it (a name before `(` is
/// a call).
fn style_of(kind: TokenKind, next: Option<TokenKind>, t: &Theme) -> Style {
    match kind {
        TokenKind::True | TokenKind::False | TokenKind::None => t.constant,
        k if k.is_keyword() => t.keyword,
        TokenKind::Name if next == Some(TokenKind::Lpar) => t.function,
        TokenKind::Int | TokenKind::Float | TokenKind::Complex => t.number,
        TokenKind::String
        | TokenKind::FStringStart
        | TokenKind::FStringMiddle
        | TokenKind::FStringEnd
        | TokenKind::TStringStart
        | TokenKind::TStringMiddle
        | TokenKind::TStringEnd => t.string,
        TokenKind::Comment => t.comment,
        k if k.is_operator() => t.operator,
        _ => t.text,
    }
}

/// Collects styled pieces into lines, breaking at each `\n`.
#[derive(Default)]
struct LineBuilder {
    lines: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
}

impl LineBuilder {
    fn push(&mut self, text: &str, style: Style) {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                self.lines.push(Line::from(std::mem::take(&mut self.spans)));
            }
            let piece = piece.strip_suffix('\r').unwrap_or(piece);
            if !piece.is_empty() {
                self.spans.push(Span::styled(sanitize::line(piece), style));
            }
        }
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        self.lines.push(Line::from(self.spans));
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::Kind;

    fn text_of(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// The style of the first span whose text is `word` in `line`.
    fn style_at(line: &Line, word: &str) -> Option<Style> {
        line.spans
            .iter()
            .find(|s| s.content == word)
            .map(|s| s.style)
    }

    #[test]
    fn tokens_get_the_styles_of_their_kinds() {
        let t = Theme::new(Kind::Dark);
        let src =
            "def f(x):  # half\n    return f'{x}' + 0.1 if x is None else print(x)\nmatch = 3\n";
        let lines = python_lines(src, &t);
        assert_eq!(lines.len(), 4);
        let table: &[(usize, &str, Style)] = &[
            (0, "def", t.keyword),
            (0, "f", t.function),
            (0, "# half", t.comment),
            (1, "return", t.keyword),
            (1, "0.1", t.number),
            (1, "None", t.constant),
            (1, "print", t.function),
            (1, "+", t.operator),
            (2, "match", t.text),
            (2, "3", t.number),
        ];
        for (line, word, style) in table {
            assert_eq!(style_at(&lines[*line], word), Some(*style), "{word}");
        }
        assert!(
            lines[1]
                .spans
                .iter()
                .any(|s| s.style == t.string && s.content.contains("f'"))
        );
        assert_eq!(text_of(&lines[3]), "");
    }

    #[test]
    fn every_character_survives_even_in_broken_code() {
        let t = Theme::new(Kind::Dark);
        let table = [
            "x = (1, [2,\n",
            "s = '''a\nb\n''' ; $ ` ?\n",
            "if x:\r\n\tpass\r\n",
            "f'{x!r:>{w}}' \\\n  + 1",
            "",
            "λ = 'ü学'",
        ];
        for src in table {
            let lines = python_lines(src, &t);
            let want: Vec<String> = src
                .split('\n')
                .map(|l| sanitize::line(l.strip_suffix('\r').unwrap_or(l)))
                .collect();
            let got: Vec<String> = lines.iter().map(text_of).collect();
            assert_eq!(got, want, "{src:?}");
        }
    }

    #[test]
    fn control_characters_never_reach_a_span() {
        let t = Theme::new(Kind::Dark);
        let lines = python_lines("print('\u{1b}[2J')  # \u{7}\u{9b}\nx\u{1b}", &t);
        for line in &lines {
            for span in &line.spans {
                assert!(sanitize::is_clean(&span.content), "{:?}", span.content);
            }
        }
        assert!(text_of(&lines[0]).contains("\u{fffd}[2J"));
    }
}
