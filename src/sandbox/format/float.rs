//! Float to text: shortest repr digits and C printf-style fixed/exponent layouts.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------
// Float digits and their layout (CPython's PyOS_double_to_string).
// ---------------------------------------------------------------------------

/// The decimal digits of |x|, meaning 0.DIGITS × 10^point, without leading
/// or trailing zeros. Zero is the single digit "0" with point 1.
pub(super) struct Decimal {
    pub(super) digits: Vec<u8>,
    pub(super) point: i64,
}

impl Decimal {
    fn trimmed(digits: &[u8], point: i64) -> Self {
        let Some(first) = digits.iter().position(|&d| d != b'0') else {
            return Decimal {
                digits: vec![b'0'],
                point: 1,
            };
        };
        let last = digits.iter().rposition(|&d| d != b'0').unwrap_or(first);
        Decimal {
            digits: digits
                .get(first..=last)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            point: point - first as i64,
        }
    }

    /// Reads Rust's scientific notation, e.g. `1.2345e-7`.
    fn from_scientific(text: &str) -> Self {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let exponent: i64 = exponent.parse().unwrap_or(0);
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        Self::trimmed(&digits, exponent + 1)
    }

    /// Reads Rust's fixed notation, e.g. `123.4500`.
    fn from_fixed(text: &str) -> Self {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        Self::trimmed(&digits, whole.len() as i64)
    }

    fn is_zero(&self) -> bool {
        self.digits == [b'0']
    }

    /// The digit at virtual position `i`; zeros extend the digits both ways.
    fn digit_at(&self, i: i64) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.digits.get(i))
            .map_or('0', |&d| char::from(d))
    }
}

/// How the digits are laid out; the numbers are CPython's digit budgets.
#[derive(Clone, Copy)]
pub(super) enum Style {
    /// 'e': this many significant digits, always with an exponent.
    Exp(i64),
    /// 'f': this many digits after the point.
    Fixed(i64),
    /// 'g': this many significant digits, exponent only when needed.
    General(i64),
    /// repr: shortest digits, exponent below 1e-4 or from 1e16 on.
    Repr,
}

#[derive(Clone, Copy, Default)]
pub(super) struct FloatFlags {
    /// Keep a ".0" on integral values shown without an exponent.
    pub(super) add_dot_0: bool,
    /// '#': keep the point and (for 'g') trailing zeros.
    pub(super) alt: bool,
    /// 'z': drop the minus sign of a value that rounds to zero.
    pub(super) no_neg_0: bool,
}

/// Text of `x` for the codes e E f F g G, or anything else for repr, with a
/// leading '-' when negative. Mirrors `PyOS_double_to_string`.
pub(super) fn double_to_string(x: f64, code: char, precision: usize, flags: FloatFlags) -> String {
    let upper = code.is_ascii_uppercase();
    if !x.is_finite() {
        return non_finite_text(x, upper);
    }
    let wide = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let (style, digits) = match code.to_ascii_lowercase() {
        'e' => {
            let count = precision.saturating_add(1);
            (Style::Exp(wide(count)), significant_digits(x, count))
        }
        'f' => (Style::Fixed(wide(precision)), fixed_digits(x, precision)),
        'g' => {
            let count = precision.max(1);
            (Style::General(wide(count)), significant_digits(x, count))
        }
        _ => (Style::Repr, shortest_digits(x)),
    };
    let mut out = String::new();
    if x.is_sign_negative() && !(flags.no_neg_0 && digits.is_zero()) {
        out.push('-');
    }
    lay_out(&digits, style, flags, upper, &mut out);
    out
}

pub(super) fn non_finite_text(x: f64, upper: bool) -> String {
    let text = if x.is_nan() {
        "nan"
    } else if x < 0.0 {
        "-inf"
    } else {
        "inf"
    };
    if upper {
        text.to_ascii_uppercase()
    } else {
        text.to_string()
    }
}

/// Digits past this many (after the point, or significant) are always zero:
/// a double's exact expansion has at most 1074 of either. Rust's formatter
/// also refuses precisions above `u16::MAX`, so requests are clipped here and
/// the zeros are supplied by the layout.
pub(super) const EXACT_DIGITS: usize = 1100;

/// The shortest digits that read back as `x`.
pub(super) fn shortest_digits(x: f64) -> Decimal {
    let magnitude = x.abs();
    let shortest = Decimal::from_scientific(&format!("{magnitude:e}"));
    // When two candidates of that length both read back, CPython keeps the
    // one nearer to x; Rust's pick can be the other, so prefer the nearest.
    let decimals = shortest.digits.len().saturating_sub(1);
    let nearest = format!("{magnitude:.decimals$e}");
    if nearest.parse::<f64>() == Ok(magnitude) {
        Decimal::from_scientific(&nearest)
    } else {
        shortest
    }
}

/// `count` (at least 1) significant digits of `x`, correctly rounded.
pub(super) fn significant_digits(x: f64, count: usize) -> Decimal {
    let decimals = count.saturating_sub(1).min(EXACT_DIGITS);
    Decimal::from_scientific(&format!("{:.*e}", decimals, x.abs()))
}

/// `x` correctly rounded to `count` digits after the point.
pub(super) fn fixed_digits(x: f64, count: usize) -> Decimal {
    Decimal::from_fixed(&format!("{:.*}", count.min(EXACT_DIGITS), x.abs()))
}

/// Whether `style` uses an exponent for `d`, and how far the digits run
/// (CPython's `vdigits_end`) before the minimum set by the point.
pub(super) fn exponent_and_end(d: &Decimal, style: Style, flags: FloatFlags) -> (bool, i64) {
    let len = d.digits.len() as i64;
    match style {
        Style::Exp(count) => (true, count),
        Style::Fixed(decimals) => (false, d.point + decimals),
        Style::General(count) => {
            let limit = if flags.add_dot_0 { count - 1 } else { count };
            let end = if flags.alt { count } else { len };
            (d.point <= -4 || d.point > limit, end)
        }
        Style::Repr => (d.point <= -4 || d.point > 16, len),
    }
}

/// Writes the digits of `d` (no sign) the way CPython's formatter does:
/// zeros fill in on either side and exactly one point is placed, which is
/// dropped again when it would end the text, unless '#' asked for it.
pub(super) fn lay_out(d: &Decimal, style: Style, flags: FloatFlags, upper: bool, out: &mut String) {
    let (use_exp, wanted_end) = exponent_and_end(d, style, flags);
    let point = if use_exp { 1 } else { d.point };
    let start = if point <= 0 { point - 1 } else { 0 };
    let min_end = if !use_exp && flags.add_dot_0 {
        point + 1
    } else {
        point
    };
    let end = wanted_end.max(min_end);
    for i in start..end {
        if i == point {
            out.push('.');
        }
        out.push(d.digit_at(i));
    }
    if point == end && flags.alt {
        out.push('.');
    }
    if use_exp {
        push_exponent(d.point - 1, upper, out);
    }
}

/// An exponent with a sign and at least two digits: `e-05`, `E+100`.
pub(super) fn push_exponent(exponent: i64, upper: bool, out: &mut String) {
    out.push(if upper { 'E' } else { 'e' });
    out.push(if exponent < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exponent.unsigned_abs()));
}

/// repr(float) — shortest round-trip digits, CPython's layout: '0.1', '1.0', '1e-05', '1e+16', 'inf', '-inf', 'nan', '-0.0'.
pub fn float_repr(x: f64) -> String {
    let flags = FloatFlags {
        add_dot_0: true,
        ..FloatFlags::default()
    };
    double_to_string(x, 'r', 0, flags)
}
