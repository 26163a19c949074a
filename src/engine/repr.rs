//! Python's `repr` for the scalar values the engine reports: floats (shortest round-trip digits,
//! CPython's switch to exponent notation), strings (quote choice and escapes).

/// `repr(x)` for a Python float, e.g. `0.1`, `1.0`, `1e-05`, `1e+16`, `inf`, `nan`.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, like CPython's repr; only the
    // layout differs, so split it into sign, digits and decimal exponent and lay it out again.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let body = layout(&digits, exp);
    if neg { format!("-{body}") } else { body }
}

/// Places the decimal point the way `float.__repr__` does: fixed notation for exponents in
/// `-4..16`, otherwise `d.ddde±XX` with at least two exponent digits.
fn layout(digits: &str, exp: i32) -> String {
    let n = digits.len() as i32;
    if (-4..16).contains(&exp) {
        if exp < 0 {
            let zeros = "0".repeat((-exp - 1) as usize);
            format!("0.{zeros}{digits}")
        } else if exp + 1 >= n {
            let zeros = "0".repeat((exp + 1 - n) as usize);
            format!("{digits}{zeros}.0")
        } else {
            let (int, frac) = digits.split_at((exp + 1) as usize);
            format!("{int}.{frac}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// `repr(s)` for a Python str (the full CPython rules live in `pystr`).
pub use super::pystr::str_repr;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_cpython() {
        let table: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (1.0, "1.0"),
            (0.010000000000000002, "0.010000000000000002"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (-2.5e-7, "-2.5e-07"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.5e300, "1.5e+300"),
            (123.456, "123.456"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (3e-4, "0.0003"),
        ];
        for (x, want) in table {
            assert_eq!(float_repr(*x), *want, "repr of {x:e}");
        }
    }

    #[test]
    fn strings_choose_quotes_like_cpython() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("x\ny"), "'x\\ny'");
        assert_eq!(str_repr("\u{1b}[31m"), "'\\x1b[31m'");
    }
}
