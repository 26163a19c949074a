//! Assembling a formatted number: sign, digit grouping, padding and alignment.

use super::*;

// ---------------------------------------------------------------------------
// Building a number field: sign, prefix, grouped digits, padding.
// ---------------------------------------------------------------------------

/// The pieces of a formatted number before padding and grouping.
pub(super) struct Number<'a> {
    pub(super) negative: bool,
    /// "0x" and friends, written after the sign.
    pub(super) prefix: &'a str,
    /// The integer digits, which get grouped.
    pub(super) digits: &'a str,
    /// Whether a decimal point follows the digits.
    pub(super) decimal: bool,
    /// Fraction, exponent, '%' or the 'c' character.
    pub(super) remainder: &'a str,
}

pub(super) fn sign_char(spec_sign: char, negative: bool) -> Option<char> {
    match spec_sign {
        _ if negative => Some('-'),
        '+' => Some('+'),
        ' ' => Some(' '),
        _ => None,
    }
}

/// Fill counts around a number: before the sign, between the sign (and
/// prefix) and the digits, and after everything.
pub(super) struct Padding {
    pub(super) left: i64,
    pub(super) middle: i64,
    pub(super) right: i64,
}

/// Lays out a number in its field; mirrors CPython's `calc_number_widths`
/// and `fill_number`.
pub(super) fn assemble(number: &Number, spec: &Spec) -> Result<String, FmtError> {
    let sign = sign_char(spec.sign, number.negative);
    let fixed = (usize::from(sign.is_some())
        + number.prefix.len()
        + usize::from(number.decimal)
        + number.remainder.chars().count()) as i64;
    let width = spec.width.unwrap_or(-1);
    check_size(width)?;
    // Zero padding with '=' alignment is grouped like digits are.
    let min_width = if spec.fill == '0' && spec.align == '=' {
        width - fixed
    } else {
        0
    };
    let grouped = if number.digits.is_empty() {
        String::new()
    } else {
        group_digits(number.digits, min_width, spec.separator, spec.group)
    };
    let pad = split_padding(width - fixed - grouped.len() as i64, spec.align);
    let mut out = String::new();
    push_fill(&mut out, spec.fill, pad.left);
    out.extend(sign);
    out.push_str(number.prefix);
    push_fill(&mut out, spec.fill, pad.middle);
    out.push_str(&grouped);
    if number.decimal {
        out.push('.');
    }
    out.push_str(number.remainder);
    push_fill(&mut out, spec.fill, pad.right);
    Ok(out)
}

/// Shares `total` fill characters out according to the alignment.
pub(super) fn split_padding(total: i64, align: char) -> Padding {
    let total = total.max(0);
    let (left, middle, right) = match align {
        '<' => (0, 0, total),
        '^' => (total / 2, 0, total - total / 2),
        '=' => (0, total, 0),
        _ => (total, 0, 0),
    };
    Padding {
        left,
        middle,
        right,
    }
}

pub(super) fn push_fill(out: &mut String, fill: char, count: i64) {
    for _ in 0..count {
        out.push(fill);
    }
}

/// Inserts `separator` every `size` digits from the right and, when
/// `min_width` asks for more characters, pads with zeros that are grouped
/// as well. Mirrors CPython's `_PyUnicode_InsertThousandsGrouping`.
pub(super) fn group_digits(
    digits: &str,
    min_width: i64,
    separator: Option<char>,
    size: usize,
) -> String {
    let mut remaining = digits.len() as i64;
    let Some(separator) = separator else {
        let zeros = remaining.max(min_width).max(1) - remaining;
        return "0".repeat(usize::try_from(zeros).unwrap_or(0)) + digits;
    };
    let size = size.max(1) as i64;
    let mut source = digits.chars().rev();
    let mut reversed: Vec<char> = Vec::new();
    let mut min_width = min_width;
    loop {
        let take = size.min(remaining.max(min_width).max(1));
        let from_digits = remaining.min(take).max(0);
        if !reversed.is_empty() {
            reversed.push(separator);
        }
        reversed.extend(
            source
                .by_ref()
                .take(usize::try_from(from_digits).unwrap_or(0)),
        );
        let zeros = usize::try_from(take - from_digits).unwrap_or(0);
        reversed.extend(std::iter::repeat_n('0', zeros));
        remaining -= from_digits;
        min_width -= take;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    reversed.iter().rev().collect()
}
