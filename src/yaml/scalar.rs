//! Plain scalars under the YAML 1.2 core schema: `null`/`~`/empty, `true`/`false` (three
//! spellings each), decimal, `0x` and `0o` ints, floats with `.inf` and `.nan`; anything else is
//! text. Quoted and block scalars are always text and never come here.

/// A plain scalar under the core schema.
pub(super) enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    /// An int above `i64::MAX` (still a whole number, never a float).
    UInt(u64),
    Float(f64),
    Str,
}

/// The YAML 1.2 core schema for a plain scalar.
pub(super) fn resolve(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match (text.parse::<i64>(), text.parse::<u64>()) {
            (Ok(i), _) => Plain::Int(i),
            (_, Ok(u)) => Plain::UInt(u),
            // Beyond 64 bits: kept as text rather than silently made a float.
            _ => Plain::Str,
        };
    }
    // `0x1F`, `0o17`: digits only (Rust's parser would also take a sign after the prefix).
    let radix = |body: &str, r: u32| {
        body.chars()
            .all(|c| c.is_digit(r))
            .then(|| i64::from_str_radix(body, r).ok())
            .flatten()
    };
    let prefixed = (text.strip_prefix("0x").and_then(|h| radix(h, 16)))
        .or_else(|| text.strip_prefix("0o").and_then(|o| radix(o, 8)));
    if let Some(i) = prefixed {
        return Plain::Int(i);
    }
    if is_float(digits)
        && let Ok(x) = text.parse::<f64>()
    {
        return Plain::Float(x);
    }
    Plain::Str
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the sign already removed.
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}
