//! `str % args`: printf-style conversions with CPython's flags and errors.

use super::*;

// ---------------------------------------------------------------------------
// printf-style `%` formatting (CPython's PyUnicode_Format).
// ---------------------------------------------------------------------------

/// One `%` conversion as read from the format string.
#[derive(Default)]
pub(super) struct Conversion {
    pub(super) left: bool,
    pub(super) plus: bool,
    pub(super) blank: bool,
    pub(super) alt: bool,
    pub(super) zero: bool,
    pub(super) width: Option<i64>,
    pub(super) precision: Option<i64>,
    pub(super) code: char,
    /// Position of `code` in the format string, in characters.
    pub(super) index: usize,
}

/// The state of one `%` operation: the format and the arguments used so far.
pub(super) struct Percent<'f, 'a> {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    pub(super) args: &'f [FmtArg<'a>],
    pub(super) used: usize,
}

/// The `%` operator on a str: fmt % args. Conversions d i u o x X e E f F g G c r s a %,
/// flags - + space # 0, width, .precision, and '*' width/precision taken from args.
/// Mapping keys (`%(name)s`) give the TypeError "format requires a mapping".
///
/// `args` are the elements when the right operand was a tuple, else a one-element slice.
pub fn percent_format(fmt: &str, args: &[FmtArg]) -> Result<String, FmtError> {
    let mut state = Percent {
        chars: fmt.chars().collect(),
        pos: 0,
        args,
        used: 0,
    };
    let mut out = String::new();
    while let Some(c) = state.chars.get(state.pos).copied() {
        state.pos += 1;
        if c != '%' {
            out.push(c);
        } else if state.chars.get(state.pos) == Some(&'%') {
            state.pos += 1;
            out.push('%');
        } else {
            let conversion = state.parse_conversion()?;
            state.convert(&conversion, &mut out)?;
        }
    }
    if state.used < args.len() {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

impl<'f, 'a> Percent<'f, 'a> {
    fn next_char(&mut self) -> Result<char, FmtError> {
        let c = self.chars.get(self.pos).copied();
        let c = c.ok_or_else(|| value_error("incomplete format"))?;
        self.pos += 1;
        Ok(c)
    }

    fn next_arg(&mut self) -> Result<&'f FmtArg<'a>, FmtError> {
        let arg = self.args.get(self.used);
        let arg = arg.ok_or_else(|| type_error("not enough arguments for format string"))?;
        self.used += 1;
        Ok(arg)
    }

    /// An int argument consumed by a '*'.
    fn star_value(&mut self) -> Result<i64, FmtError> {
        let arg = self.next_arg()?;
        arg.as_int().ok_or_else(|| type_error("* wants int"))
    }

    /// Reads flags, width, precision, length modifier and the code.
    fn parse_conversion(&mut self) -> Result<Conversion, FmtError> {
        if self.chars.get(self.pos) == Some(&'(') {
            return Err(type_error("format requires a mapping"));
        }
        let mut conv = Conversion::default();
        let mut c = self.next_char()?;
        loop {
            match c {
                '-' => conv.left = true,
                '+' => conv.plus = true,
                ' ' => conv.blank = true,
                '#' => conv.alt = true,
                '0' => conv.zero = true,
                _ => break,
            }
            c = self.next_char()?;
        }
        c = self.parse_width(&mut conv, c)?;
        c = self.parse_precision(&mut conv, c)?;
        if matches!(c, 'h' | 'l' | 'L') {
            c = self.next_char()?;
        }
        conv.code = c;
        conv.index = self.pos.saturating_sub(1);
        Ok(conv)
    }

    /// Width digits or '*', starting at `c`; returns the next character.
    fn parse_width(&mut self, conv: &mut Conversion, c: char) -> Result<char, FmtError> {
        if c == '*' {
            let width = self.star_value()?;
            conv.left |= width < 0;
            // CPython negates in C, so the most negative width stays negative.
            conv.width = Some(width.wrapping_abs());
            return self.next_char();
        }
        let Some(first) = c.to_digit(10) else {
            return Ok(c);
        };
        let mut width = i64::from(first);
        loop {
            let c = self.next_char()?;
            let Some(digit) = c.to_digit(10) else {
                conv.width = Some(width);
                return Ok(c);
            };
            let digit = i64::from(digit);
            if width > (i64::MAX - digit) / 10 {
                return Err(value_error("width too big"));
            }
            width = width * 10 + digit;
        }
    }

    /// '.' then precision digits or '*', starting at `c`; returns the next character.
    fn parse_precision(&mut self, conv: &mut Conversion, c: char) -> Result<char, FmtError> {
        if c != '.' {
            return Ok(c);
        }
        conv.precision = Some(0);
        let c = self.next_char()?;
        if c == '*' {
            let value = self.star_value()?;
            let value = i32::try_from(value)
                .map_err(|_| overflow_error("Python int too large to convert to C int"))?;
            conv.precision = Some(i64::from(value.max(0)));
            return self.next_char();
        }
        let Some(first) = c.to_digit(10) else {
            return Ok(c);
        };
        let mut precision = i64::from(first);
        loop {
            let c = self.next_char()?;
            let Some(digit) = c.to_digit(10) else {
                conv.precision = Some(precision);
                return Ok(c);
            };
            let digit = i64::from(digit);
            if precision > (C_INT_MAX - digit) / 10 {
                return Err(value_error("precision too big"));
            }
            precision = precision * 10 + digit;
        }
    }

    /// Formats the next argument for `conv` and writes it padded to `out`.
    fn convert(&mut self, conv: &Conversion, out: &mut String) -> Result<(), FmtError> {
        let arg = self.next_arg()?;
        let (text, numeric) = match conv.code {
            's' => (arg.py_str(), false),
            'r' => (arg.py_repr(), false),
            'a' => (ascii_escape(&arg.py_repr()), false),
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (percent_int(arg, conv)?, true),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => (percent_float(arg, conv)?, true),
            'c' => (percent_char(arg)?.to_string(), false),
            code => return Err(unsupported_code(code, conv.index)),
        };
        write_padded(out, conv, &text, numeric)
    }
}

pub(super) fn unsupported_code(code: char, index: usize) -> FmtError {
    let value = u32::from(code);
    let shown = if (31..=126).contains(&value) {
        code
    } else {
        '?'
    };
    value_error(format!(
        "unsupported format character '{shown}' (0x{value:x}) at index {index}"
    ))
}

/// Text of an integer conversion: sign, '#' prefix, zero-extended digits.
pub(super) fn percent_int(arg: &FmtArg, conv: &Conversion) -> Result<String, FmtError> {
    let (negative, digits) = integer_digits(arg, conv.code)?;
    let precision = conv.precision.unwrap_or(-1);
    if precision > C_INT_MAX - 3 {
        return Err(overflow_error("precision too large"));
    }
    check_size(precision)?;
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    if conv.alt {
        text.push_str(radix_digits(0, conv.code).1);
    }
    push_fill(&mut text, '0', precision - digits.len() as i64);
    text.push_str(&digits);
    Ok(text)
}

/// Sign and digits of `arg` as an integer, in the base of `code`.
pub(super) fn integer_digits(arg: &FmtArg, code: char) -> Result<(bool, String), FmtError> {
    let decimal = matches!(code, 'd' | 'i' | 'u');
    match (arg, arg.as_int()) {
        (_, Some(value)) => Ok((value < 0, radix_digits(value.unsigned_abs(), code).0)),
        (FmtArg::Float(x), None) if decimal => truncated_digits(*x),
        _ => {
            let needed = if decimal {
                "a real number"
            } else {
                "an integer"
            };
            Err(type_error(format!(
                "%{code} format: {needed} is required, not {}",
                arg.type_name()
            )))
        }
    }
}

/// `int(x)` for a float, as a sign and decimal digits of any size.
pub(super) fn truncated_digits(x: f64) -> Result<(bool, String), FmtError> {
    if x.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let whole = x.trunc();
    Ok((whole < 0.0, format!("{:.0}", whole.abs())))
}

pub(super) fn percent_float(arg: &FmtArg, conv: &Conversion) -> Result<String, FmtError> {
    let x = match (arg, arg.as_int()) {
        (FmtArg::Float(x), _) => *x,
        (_, Some(value)) => value as f64,
        _ => {
            let name = arg.type_name();
            return Err(type_error(format!("must be real number, not {name}")));
        }
    };
    let precision = conv.precision.unwrap_or(6);
    check_size(precision)?;
    let flags = FloatFlags {
        alt: conv.alt,
        ..FloatFlags::default()
    };
    let precision = usize::try_from(precision).unwrap_or(0);
    Ok(double_to_string(x, conv.code, precision, flags))
}

pub(super) fn percent_char(arg: &FmtArg) -> Result<char, FmtError> {
    let wrong = || type_error("%c requires int or char");
    match (arg, arg.as_int()) {
        (_, Some(value)) => code_point(value),
        (FmtArg::Str(s), None) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(wrong()),
            }
        }
        _ => Err(wrong()),
    }
}

/// Writes a converted value with its flags and width applied; mirrors
/// CPython's `unicode_format_arg_output`.
pub(super) fn write_padded(
    out: &mut String,
    conv: &Conversion,
    text: &str,
    numeric: bool,
) -> Result<(), FmtError> {
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.len() as i64;
    if matches!(conv.code, 's' | 'r' | 'a') {
        len = len.min(conv.precision.unwrap_or(i64::MAX));
    }
    let (sign, start) = leading_sign(&chars, conv, numeric);
    let len = len - start as i64;
    let prefix = if conv.alt && matches!(conv.code, 'x' | 'X' | 'o') {
        2
    } else {
        0
    };
    let pad = padding(conv.width.unwrap_or(-1), len, sign.is_some(), prefix)?;
    let lead = if conv.left { 0 } else { pad };
    // Zeros go between the sign (and "0x") and the digits; spaces go first.
    let zeros = numeric && conv.zero;
    if !zeros {
        push_fill(out, ' ', lead);
    }
    out.extend(sign);
    let start = copy_chars(out, &chars, start, prefix);
    if zeros {
        push_fill(out, '0', lead);
    }
    copy_chars(out, &chars, start, len - prefix);
    push_fill(out, ' ', pad - lead);
    Ok(())
}

/// How many fill characters a `%` field needs: CPython's width bookkeeping
/// for a body of `len` characters after the sign, `prefix` of them "0x".
pub(super) fn padding(width: i64, len: i64, signed: bool, prefix: i64) -> Result<i64, FmtError> {
    let mut width = width.max(len);
    check_size(width)?;
    if signed && width > len {
        width -= 1;
    }
    if prefix > 0 {
        width = (width - prefix).max(0);
    }
    Ok((width - (len - prefix)).max(0))
}

/// The sign a numeric conversion shows, and how many characters of the
/// text it takes (1 when the text already starts with it).
pub(super) fn leading_sign(
    chars: &[char],
    conv: &Conversion,
    numeric: bool,
) -> (Option<char>, usize) {
    match chars.first() {
        _ if !numeric => (None, 0),
        Some(&c @ ('-' | '+')) => (Some(c), 1),
        _ if conv.plus => (Some('+'), 0),
        _ if conv.blank => (Some(' '), 0),
        _ => (None, 0),
    }
}

/// Appends up to `count` characters starting at `from`; returns the new position.
pub(super) fn copy_chars(out: &mut String, chars: &[char], from: usize, count: i64) -> usize {
    let count = usize::try_from(count).unwrap_or(0);
    let to = from.saturating_add(count).min(chars.len());
    out.extend(chars.get(from..to).unwrap_or_default());
    to
}
