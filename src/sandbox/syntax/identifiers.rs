//! Identifiers as CPython's tokenizer reads them (PEP 3131): which characters may start
//! or continue one, and its "invalid character" errors (with `str.isprintable` wording).

#[allow(unused_imports)]
use super::*;

pub(super) fn is_id_start_byte(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 128
}

pub(super) fn is_id_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 128
}

impl Lexer<'_> {
    pub(super) fn identifier(&mut self, start: usize) -> Result<(), TokErr> {
        let mut p = start;
        let mut ascii = true;
        while is_id_byte(self.at(p)) {
            ascii &= self.at(p) < 128;
            p += 1;
        }
        if !ascii {
            let word = self.src.get(start..p).unwrap_or("");
            for (i, ch) in word.chars().enumerate() {
                let ok = if i == 0 {
                    ch == '_' || is_xid_start(ch)
                } else {
                    is_xid_continue(ch)
                };
                if !ok {
                    let msg = if is_printable(ch) {
                        format!("invalid character '{}' (U+{:04X})", ch, ch as u32)
                    } else {
                        format!("invalid non-printable character U+{:04X}", ch as u32)
                    };
                    return Err(self.raised(msg, start));
                }
            }
        }
        self.pos = p;
        self.push(Tk::Name, start, p, self.line);
        Ok(())
    }
}

/// Whether `ch` may start an identifier (Unicode XID_Start), asked of Ruff's lexer so that
/// no Unicode tables are needed here.
pub(super) fn is_xid_start(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic() || ch == '_';
    }
    lexes_as_one_name(&ch.to_string())
}

/// Whether `ch` may continue an identifier (Unicode XID_Continue).
pub(super) fn is_xid_continue(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric() || ch == '_';
    }
    lexes_as_one_name(&format!("a{ch}"))
}

/// Whether Ruff's lexer reads all of `text` as a single name.
fn lexes_as_one_name(text: &str) -> bool {
    let mut lexer = ruff_python_parser::lexer::lex(text, Mode::Module);
    lexer.next_token() == TokenKind::Name
        && matches!(
            lexer.next_token(),
            TokenKind::Newline | TokenKind::NonLogicalNewline | TokenKind::EndOfFile
        )
}

/// CPython's `str.isprintable` for one character, without Unicode tables: control, format,
/// separator (other than space) and private-use characters are not printable.
pub(super) fn is_printable(ch: char) -> bool {
    let c = ch as u32;
    if ch == ' ' {
        return true;
    }
    if ch.is_control() || ch.is_whitespace() {
        return false;
    }
    let format = matches!(c,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(c, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    let unassigned = matches!(c, 0xFFFE | 0xFFFF) || (c & 0xFFFE) == 0xFFFE;
    !(format || private || unassigned)
}
