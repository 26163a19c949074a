//! `round()` for floats, on the exact binary value (half to even).

use super::*;

// ---------------------------------------------------------------------------
// round()
// ---------------------------------------------------------------------------

/// round(x, ndigits) for a float, CPython-exact: the exact binary value is
/// rounded half-to-even at the requested decimal place, so
/// `round(2.675, 2) == 2.67` and `round(1234.5, -2) == 1200.0`.
///
/// Where CPython raises OverflowError ("rounded value too large to
/// represent", e.g. `round(1.7e308, -308)`), this returns an infinity.
pub fn round_float(x: f64, ndigits: i64) -> f64 {
    // Past these bounds every float rounds to itself, or to a signed zero.
    const MOST_DIGITS: i64 = 323;
    const FEWEST_DIGITS: i64 = -308;
    if !x.is_finite() || ndigits > MOST_DIGITS {
        return x;
    }
    if ndigits < FEWEST_DIGITS {
        return 0.0 * x;
    }
    let text = match usize::try_from(ndigits) {
        Ok(decimals) => format!("{x:.decimals$}"),
        Err(_) => round_whole_digits(x, ndigits.unsigned_abs()),
    };
    text.parse().unwrap_or(x)
}

/// Decimal text of `x` rounded half-to-even to a multiple of 10^places.
pub(super) fn round_whole_digits(x: f64, places: u64) -> String {
    let whole = format!("{:.0}", x.abs().trunc());
    let has_fraction = x.fract() != 0.0;
    let places = usize::try_from(places).unwrap_or(usize::MAX);
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let Some(keep) = whole.len().checked_sub(places) else {
        return format!("{sign}0");
    };
    let (kept, dropped) = whole.split_at_checked(keep).unwrap_or((&whole, ""));
    let kept = if kept.is_empty() { "0" } else { kept };
    let mut rest = dropped.bytes();
    let first = rest.next().unwrap_or(b'0');
    let beyond_half = rest.any(|d| d != b'0') || has_fraction;
    // '0' is an even byte, so a digit's byte has the digit's parity.
    let kept_odd = kept.bytes().last().is_some_and(|d| d % 2 == 1);
    let up = first > b'5' || (first == b'5' && (beyond_half || kept_odd));
    let kept = if up {
        increment(kept)
    } else {
        kept.to_string()
    };
    format!("{sign}{kept}{}", "0".repeat(places))
}

/// Adds one to a string of decimal digits.
pub(super) fn increment(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for d in bytes.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    bytes.insert(0, b'1');
    String::from_utf8(bytes).unwrap_or_default()
}

/// round(x) with no ndigits: banker's rounding to an int; Err for inf ("cannot convert float infinity to integer", OverflowError -> use kind "OverflowError") and nan ("cannot convert float NaN to integer", ValueError).
///
/// Python's int is unbounded; a result outside `i64` is reported as an
/// OverflowError here.
pub fn round_to_int(x: f64) -> Result<i64, FmtError> {
    if x.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let rounded = x.round_ties_even();
    // 2^63 is exact as a float; every float below it in size fits an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&rounded) {
        return Err(overflow_error("Python int too large to convert to C long"));
    }
    Ok(rounded as i64)
}
