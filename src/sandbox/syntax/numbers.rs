//! Number literals as CPython's tokenizer reads them, with its errors: invalid digits,
//! leading zeros, misplaced underscores, and letters run into a number.

#[allow(unused_imports)]
use super::*;

impl Lexer<'_> {
    pub(super) fn verify_end(&self, p: usize, kind: &str) -> Result<(), String> {
        let c = self.at(p);
        let rest = self.s.get(p + 1..).unwrap_or(&[]);
        let keyword_follows = match c {
            b'a' => rest.starts_with(b"nd"),
            b'e' => rest.starts_with(b"lse"),
            b'f' => rest.starts_with(b"or"),
            b'i' => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            b'o' => rest.starts_with(b"r"),
            b'n' => rest.starts_with(b"ot"),
            _ => false,
        };
        // Non-ASCII bytes end the number; the identifier after it is checked on its own.
        if !keyword_follows && c < 128 && is_id_byte(c) {
            return Err(format!("invalid {kind} literal"));
        }
        Ok(())
    }

    pub(super) fn decimal_tail(&self, mut p: usize) -> Result<usize, String> {
        loop {
            while self.at(p).is_ascii_digit() {
                p += 1;
            }
            if self.at(p) != b'_' {
                return Ok(p);
            }
            p += 1;
            if !self.at(p).is_ascii_digit() {
                return Err("invalid decimal literal".to_string());
            }
        }
    }

    pub(super) fn radix(
        &self,
        mut p: usize,
        name: &str,
        digit: fn(u8) -> bool,
        checks_digits: bool,
    ) -> Result<usize, String> {
        loop {
            if self.at(p) == b'_' {
                p += 1;
            }
            let c = self.at(p);
            if !digit(c) {
                if checks_digits && c.is_ascii_digit() {
                    return Err(format!("invalid digit '{}' in {name} literal", c as char));
                }
                return Err(format!("invalid {name} literal"));
            }
            while digit(self.at(p)) {
                p += 1;
            }
            if self.at(p) != b'_' {
                break;
            }
        }
        if checks_digits && self.at(p).is_ascii_digit() {
            return Err(format!(
                "invalid digit '{}' in {name} literal",
                self.at(p) as char
            ));
        }
        self.verify_end(p, name)?;
        Ok(p)
    }

    pub(super) fn number_end(&self, start: usize) -> Result<usize, String> {
        let mut p;
        // Whether to continue at the fraction, the exponent or the imaginary suffix.
        enum Next {
            Fraction,
            Exponent,
            Imaginary,
            Tail,
        }
        let next;
        let c0 = self.at(start);
        if c0 == b'.' {
            p = start + 1;
            next = Next::Fraction;
        } else if c0 == b'0' {
            p = start + 1;
            match self.at(p) {
                b'x' | b'X' => {
                    return self.radix(p + 1, "hexadecimal", |c| c.is_ascii_hexdigit(), false);
                }
                b'o' | b'O' => {
                    return self.radix(p + 1, "octal", |c| (b'0'..b'8').contains(&c), true);
                }
                b'b' | b'B' => {
                    return self.radix(p + 1, "binary", |c| c == b'0' || c == b'1', true);
                }
                _ => {}
            }
            loop {
                if self.at(p) == b'_' {
                    p += 1;
                    if !self.at(p).is_ascii_digit() {
                        return Err("invalid decimal literal".to_string());
                    }
                }
                if self.at(p) != b'0' {
                    break;
                }
                p += 1;
            }
            let mut nonzero = false;
            if self.at(p).is_ascii_digit() {
                nonzero = true;
                p = self.decimal_tail(p)?;
            }
            match self.at(p) {
                b'.' => {
                    p += 1;
                    next = Next::Fraction;
                }
                b'e' | b'E' => next = Next::Exponent,
                b'j' | b'J' => next = Next::Imaginary,
                _ => {
                    if nonzero {
                        return Err(
                            "leading zeros in decimal integer literals are not permitted; \
                                    use an 0o prefix for octal integers"
                                .to_string(),
                        );
                    }
                    self.verify_end(p, "decimal")?;
                    return Ok(p);
                }
            }
        } else {
            p = self.decimal_tail(start)?;
            if self.at(p) == b'.' {
                p += 1;
                next = Next::Fraction;
            } else {
                next = Next::Tail;
            }
        }
        let mut next = next;
        if let Next::Fraction = next {
            if self.at(p).is_ascii_digit() {
                p = self.decimal_tail(p)?;
            }
            next = Next::Tail;
        }
        if let Next::Tail = next {
            next = match self.at(p) {
                b'e' | b'E' => Next::Exponent,
                b'j' | b'J' => Next::Imaginary,
                _ => {
                    self.verify_end(p, "decimal")?;
                    return Ok(p);
                }
            };
        }
        if let Next::Exponent = next {
            let e = p;
            p += 1;
            let c = self.at(p);
            if c == b'+' || c == b'-' {
                p += 1;
                if !self.at(p).is_ascii_digit() {
                    return Err("invalid decimal literal".to_string());
                }
            } else if !c.is_ascii_digit() {
                self.verify_end(e, "decimal")?;
                return Ok(e);
            }
            p = self.decimal_tail(p)?;
            if !matches!(self.at(p), b'j' | b'J') {
                self.verify_end(p, "decimal")?;
                return Ok(p);
            }
        }
        // Imaginary suffix.
        p += 1;
        self.verify_end(p, "imaginary")?;
        Ok(p)
    }

    pub(super) fn number(&mut self, start: usize) -> Result<(), TokErr> {
        match self.number_end(start) {
            Ok(end) => {
                self.pos = end;
                self.push(Tk::Number, start, end, self.line);
                Ok(())
            }
            Err(msg) => Err(self.raised(msg, start)),
        }
    }
}
