//! The format-spec mini-language: parsing `[[fill]align][sign][z][#][0][width][,][.prec][type]` and `format(value, spec)`.

use super::*;

// ---------------------------------------------------------------------------
// The format-spec mini-language.
// ---------------------------------------------------------------------------

/// A parsed format spec. Characters use '\0' for "not given", like CPython.
pub(super) struct Spec {
    pub(super) fill: char,
    pub(super) align: char,
    pub(super) sign: char,
    pub(super) no_neg_0: bool,
    pub(super) alternate: bool,
    pub(super) width: Option<i64>,
    pub(super) separator: Option<char>,
    /// Digits per group when a separator is set.
    pub(super) group: usize,
    pub(super) precision: Option<i64>,
    pub(super) ty: char,
}

impl Spec {
    fn new(align: char, ty: char) -> Self {
        Spec {
            fill: ' ',
            align,
            sign: '\0',
            no_neg_0: false,
            alternate: false,
            width: None,
            separator: None,
            group: 3,
            precision: None,
            ty,
        }
    }
}

/// A read position in a sequence of characters.
pub(super) struct Cursor {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
}

impl Cursor {
    fn new(text: &str) -> Self {
        Cursor {
            chars: text.chars().collect(),
            pos: 0,
        }
    }

    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(offset)).copied()
    }

    /// Consumes `c` if it comes next.
    fn eat(&mut self, c: char) -> bool {
        let found = self.peek(0) == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn remaining(&self) -> usize {
        self.chars.len().saturating_sub(self.pos)
    }

    /// A run of ASCII digits, or `None` when there is none.
    fn integer(&mut self) -> Result<Option<i64>, FmtError> {
        let mut value = None;
        while let Some(digit) = self.peek(0).and_then(|c| c.to_digit(10)) {
            let digit = i64::from(digit);
            let so_far: i64 = value.unwrap_or(0);
            if so_far > (i64::MAX - digit) / 10 {
                return Err(value_error("Too many decimal digits in format string"));
            }
            value = Some(so_far * 10 + digit);
            self.pos += 1;
        }
        Ok(value)
    }
}

pub(super) fn is_align(c: Option<char>) -> bool {
    matches!(c, Some('<' | '>' | '=' | '^'))
}

/// Parses a non-empty spec; mirrors CPython's `parse_internal_render_format_spec`.
pub(super) fn parse_spec(
    text: &str,
    default_align: char,
    default_type: char,
    type_name: &str,
) -> Result<Spec, FmtError> {
    let mut cur = Cursor::new(text);
    let mut spec = Spec::new(default_align, default_type);
    let (fill_given, align_given) = parse_fill_align(&mut cur, &mut spec);
    if let Some(sign @ ('+' | '-' | ' ')) = cur.peek(0) {
        spec.sign = sign;
        cur.pos += 1;
    }
    spec.no_neg_0 = cur.eat('z');
    spec.alternate = cur.eat('#');
    if !fill_given && cur.eat('0') {
        spec.fill = '0';
        if !align_given && default_align == '>' {
            spec.align = '=';
        }
    }
    spec.width = cur.integer()?;
    parse_separator(&mut cur, &mut spec)?;
    parse_tail(&mut cur, &mut spec, text, type_name)?;
    check_separator_type(&mut spec)?;
    Ok(spec)
}

/// `[[fill]align]`; says whether a fill and an alignment were given.
pub(super) fn parse_fill_align(cur: &mut Cursor, spec: &mut Spec) -> (bool, bool) {
    if let (Some(fill), true) = (cur.peek(0), is_align(cur.peek(1))) {
        spec.fill = fill;
        spec.align = cur.peek(1).unwrap_or(spec.align);
        cur.pos += 2;
        (true, true)
    } else if let (Some(align), true) = (cur.peek(0), is_align(cur.peek(0))) {
        spec.align = align;
        cur.pos += 1;
        (false, true)
    } else {
        (false, false)
    }
}

/// The optional ',' or '_' thousands separator.
pub(super) fn parse_separator(cur: &mut Cursor, spec: &mut Spec) -> Result<(), FmtError> {
    let both = || value_error("Cannot specify both ',' and '_'.");
    if cur.eat(',') {
        spec.separator = Some(',');
    }
    if cur.eat('_') {
        if spec.separator.is_some() {
            return Err(both());
        }
        spec.separator = Some('_');
    }
    if cur.peek(0) == Some(',') && spec.separator == Some('_') {
        return Err(both());
    }
    Ok(())
}

/// `[.precision][type]` and the check that nothing else follows.
pub(super) fn parse_tail(
    cur: &mut Cursor,
    spec: &mut Spec,
    text: &str,
    type_name: &str,
) -> Result<(), FmtError> {
    if cur.eat('.') {
        let precision = cur.integer()?;
        spec.precision =
            Some(precision.ok_or_else(|| value_error("Format specifier missing precision"))?);
    }
    if cur.remaining() > 1 {
        let name = short_name(type_name);
        return Err(value_error(format!(
            "Invalid format specifier '{text}' for object of type '{name}'"
        )));
    }
    if let Some(ty) = cur.peek(0) {
        spec.ty = ty;
    }
    Ok(())
}

/// Which presentation types accept which separator (PEP 378 and PEP 515).
pub(super) fn check_separator_type(spec: &mut Spec) -> Result<(), FmtError> {
    let Some(separator) = spec.separator else {
        return Ok(());
    };
    match spec.ty {
        'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => Ok(()),
        'b' | 'o' | 'x' | 'X' if separator == '_' => {
            spec.group = 4;
            Ok(())
        }
        ty => Err(value_error(format!(
            "Cannot specify '{separator}' with {}.",
            quoted_code(ty)
        ))),
    }
}

/// A type character as CPython quotes it in messages: `'x'` or `'\x1f'`.
pub(super) fn quoted_code(c: char) -> String {
    let code = u32::from(c);
    if code > 32 && code < 128 {
        format!("'{c}'")
    } else {
        format!("'\\x{code:x}'")
    }
}

pub(super) fn unknown_code(ty: char, type_name: &str) -> FmtError {
    value_error(format!(
        "Unknown format code {} for object of type '{}'",
        quoted_code(ty),
        short_name(type_name)
    ))
}

/// format(value, spec) == value.__format__(spec), the format-spec mini-language:
/// `[[fill]align][sign][z][#][0][width][grouping(, or _)][.precision][type]`.
///
/// An empty spec gives `str(value)`. Ints (and bools, which are ints) accept
/// b c d o x X n and the float types; floats accept e E f F g G n % and no
/// type; strings accept s and no type; any other object accepts only "".
pub fn format_value(arg: &FmtArg, spec: &str) -> Result<String, FmtError> {
    if spec.is_empty() {
        return Ok(arg.py_str());
    }
    match arg {
        FmtArg::Int(i) => format_int(*i, spec, "int"),
        FmtArg::Bool(b) => format_int(i64::from(*b), spec, "bool"),
        FmtArg::Float(x) => format_float(*x, spec),
        FmtArg::Str(s) => format_str(s, spec),
        FmtArg::Other { type_name, .. } => Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            short_name(type_name)
        ))),
    }
}

pub(super) fn format_int(value: i64, text: &str, type_name: &str) -> Result<String, FmtError> {
    let spec = parse_spec(text, '>', 'd', type_name)?;
    match spec.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => int_field(value, &spec),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => float_field(value as f64, &spec),
        ty => Err(unknown_code(ty, type_name)),
    }
}

pub(super) fn format_float(x: f64, text: &str) -> Result<String, FmtError> {
    let spec = parse_spec(text, '>', '\0', "float")?;
    match spec.ty {
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => float_field(x, &spec),
        ty => Err(unknown_code(ty, "float")),
    }
}

pub(super) fn format_str(s: &str, text: &str) -> Result<String, FmtError> {
    let spec = parse_spec(text, '<', 's', "str")?;
    if spec.ty != 's' {
        return Err(unknown_code(spec.ty, "str"));
    }
    check_string_spec(&spec)?;
    let keep = spec
        .precision
        .map_or(usize::MAX, |p| usize::try_from(p).unwrap_or(usize::MAX));
    let body: String = s.chars().take(keep).collect();
    let len = body.chars().count() as i64;
    let width = spec.width.unwrap_or(-1);
    check_size(width)?;
    let padding = (width - len).max(0);
    let left = match spec.align {
        '>' => padding,
        '^' => padding / 2,
        _ => 0,
    };
    let mut out = String::new();
    push_fill(&mut out, spec.fill, left);
    out.push_str(&body);
    push_fill(&mut out, spec.fill, padding - left);
    Ok(out)
}

/// The spec parts a string refuses, in the order CPython checks them.
pub(super) fn check_string_spec(spec: &Spec) -> Result<(), FmtError> {
    let problem = if spec.sign == ' ' {
        "Space not allowed in string format specifier"
    } else if spec.sign != '\0' {
        "Sign not allowed in string format specifier"
    } else if spec.no_neg_0 {
        "Negative zero coercion (z) not allowed in string format specifier"
    } else if spec.alternate {
        "Alternate form (#) not allowed in string format specifier"
    } else if spec.align == '=' {
        "'=' alignment not allowed in string format specifier"
    } else {
        return Ok(());
    };
    Err(value_error(problem))
}

pub(super) fn int_field(value: i64, spec: &Spec) -> Result<String, FmtError> {
    if spec.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if spec.ty == 'c' {
        return char_field(value, spec);
    }
    let (digits, prefix) = radix_digits(value.unsigned_abs(), spec.ty);
    let number = Number {
        negative: value < 0,
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        decimal: false,
        remainder: "",
    };
    assemble(&number, spec)
}

/// Digits of `magnitude` for an integer type code, with that code's prefix.
pub(super) fn radix_digits(magnitude: u64, code: char) -> (String, &'static str) {
    match code {
        'b' => (format!("{magnitude:b}"), "0b"),
        'o' => (format!("{magnitude:o}"), "0o"),
        'x' => (format!("{magnitude:x}"), "0x"),
        'X' => (format!("{magnitude:X}"), "0X"),
        _ => (magnitude.to_string(), ""),
    }
}

pub(super) fn char_field(value: i64, spec: &Spec) -> Result<String, FmtError> {
    if spec.sign != '\0' {
        return Err(value_error(
            "Sign not allowed with integer format specifier 'c'",
        ));
    }
    if spec.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed with integer format specifier 'c'",
        ));
    }
    let text = code_point(value)?.to_string();
    let number = Number {
        negative: false,
        prefix: "",
        digits: "",
        decimal: false,
        remainder: &text,
    };
    assemble(&number, spec)
}

/// The character with code `value`, as `chr()` would accept it.
pub(super) fn code_point(value: i64) -> Result<char, FmtError> {
    if !(0..=0x10_FFFF).contains(&value) {
        return Err(overflow_error("%c arg not in range(0x110000)"));
    }
    let c = u32::try_from(value).ok().and_then(char::from_u32);
    Ok(c.unwrap_or('\u{FFFD}'))
}

pub(super) fn float_field(x: f64, spec: &Spec) -> Result<String, FmtError> {
    if spec.precision.is_some_and(|p| p > C_INT_MAX) {
        return Err(value_error("precision too big"));
    }
    let default_precision = if spec.ty == '\0' { 0 } else { 6 };
    let precision = spec.precision.unwrap_or(default_precision);
    check_size(precision)?;
    let flags = FloatFlags {
        add_dot_0: spec.ty == '\0',
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
    };
    let (code, value) = match spec.ty {
        '\0' if spec.precision.is_some() => ('g', x),
        '\0' => ('r', x),
        'n' => ('g', x),
        '%' => ('f', x * 100.0),
        ty => (ty, x),
    };
    let mut body = double_to_string(value, code, usize::try_from(precision).unwrap_or(0), flags);
    if spec.ty == '%' {
        body.push('%');
    }
    assemble(&split_number(&body), spec)
}

/// Splits formatted float text into sign, integer digits, point and the rest.
pub(super) fn split_number(body: &str) -> Number<'_> {
    let (negative, unsigned) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let cut = unsigned
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(unsigned.len());
    let (digits, rest) = unsigned.split_at_checked(cut).unwrap_or((unsigned, ""));
    let (decimal, remainder) = match rest.strip_prefix('.') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    Number {
        negative,
        prefix: "",
        digits,
        decimal,
        remainder,
    }
}
