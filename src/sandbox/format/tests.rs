//! Table-driven tests of the formatting module: every expected string in these tables was
//! printed by CPython 3.11.
// 3.14159 is a learner's value here, not an attempt at pi.
#![allow(clippy::approx_constant)]

use super::FmtArg::{Bool as B, Float as F, Int as I, Str as S};
use super::*;

fn list() -> FmtArg<'static> {
    FmtArg::Other {
        str: "[1, 2]",
        repr: "[1, 2]",
        type_name: "list",
    }
}

fn none() -> FmtArg<'static> {
    FmtArg::Other {
        str: "None",
        repr: "None",
        type_name: "NoneType",
    }
}

fn pair(err: FmtError) -> (&'static str, String) {
    (err.kind, err.message)
}

const FLOAT_REPR: &[(f64, &str)] = &[
    (0.1, "0.1"),
    (1.0, "1.0"),
    (1e-05, "1e-05"),
    (1e+16, "1e+16"),
    (1000000000000000.0, "1000000000000000.0"),
    (f64::INFINITY, "inf"),
    (f64::NEG_INFINITY, "-inf"),
    (f64::NAN, "nan"),
    (-0.0, "-0.0"),
    (0.0001, "0.0001"),
    (123456789.0, "123456789.0"),
    (5e-324, "5e-324"),
    (1.7976931348623157e+308, "1.7976931348623157e+308"),
    (152287171872150.12, "152287171872150.12"),
    (2.675, "2.675"),
    (0.3333333333333333, "0.3333333333333333"),
    (1e+22, "1e+22"),
    (1e-07, "1e-07"),
    (-2.5, "-2.5"),
    (100.0, "100.0"),
];

#[test]
fn float_repr_matches_cpython() {
    for &(x, want) in FLOAT_REPR {
        assert_eq!(float_repr(x), want, "repr({x:?})");
    }
}

#[test]
fn format_value_matches_cpython() {
    let rows: Vec<(FmtArg, &str, &str)> = vec![
        (F(0.000123), ".3e", "1.230e-04"),
        (F(3.14159), ">8.4f", "  3.1416"),
        (I(1234567), ",", "1,234,567"),
        (F(1e-05), "g", "1e-05"),
        (F(0.0001), "g", "0.0001"),
        (F(123456789.0), "g", "1.23457e+08"),
        (F(1e+16), "g", "1e+16"),
        (F(0.12345), ".2%", "12.35%"),
        (F(2.25), "+.1f", "+2.2"),
        (F(2.35), "+.1f", "+2.4"),
        (F(-3.14159), "08.3f", "-003.142"),
        (S("lr"), "^10", "    lr    "),
        (I(255), "x", "ff"),
        (I(255), "#x", "0xff"),
        (F(0.5), ".0f", "0"),
        (F(1.5), ".0f", "2"),
        (F(2.5), ".0f", "2"),
        (F(1e+16), "", "1e+16"),
        (F(0.1), ".3", "0.1"),
        (F(1234567.891), "015,.2f", "0,001,234,567.89"),
        (B(true), "", "True"),
        (B(true), "d", "1"),
        (B(true), ">5", "    1"),
        (B(false), ".2f", "0.00"),
        (S("ab"), "05", "ab000"),
        (I(1234), "09,", "0,001,234"),
        (I(1234), "08,", "0,001,234"),
        (I(-1234), "010,", "-0,001,234"),
        (F(f64::INFINITY), "010", "0000000inf"),
        (F(f64::NAN), "+", "+nan"),
        (F(-0.0), "z", "0.0"),
        (F(-0.0001), "z.2f", "0.00"),
        (F(-0.0001), ".2f", "-0.00"),
        (I(255), "#_b", "0b1111_1111"),
        (I(12345678), "_", "12_345_678"),
        (F(1.0), "%", "100.000000%"),
        (I(65), "c", "A"),
        (I(65), "0=5c", "0000A"),
        (F(1e+16), "#", "1.e+16"),
        (F(1.5), "#.0", "2.e+00"),
        (F(1.5), ".0", "2e+00"),
        (F(1234.0), ".3", "1.23e+03"),
        (F(100.0), ".3", "1e+02"),
        (F(1.0), ".3", "1.0"),
        (I(-5), "+", "-5"),
        (I(5), " ", " 5"),
        (I(-42), "*^9", "***-42***"),
        (F(1234567.0), ",", "1,234,567.0"),
        (F(1e+20), ",", "1e+20"),
        (F(0.125), ".2f", "0.12"),
        (F(0.375), ".2f", "0.38"),
        (S("héllo"), ".3", "hél"),
        (S("ab"), "*>6", "****ab"),
        (S("x"), "=<3", "x=="),
        (I(255), "o", "377"),
        (I(255), "#o", "0o377"),
        (I(-255), "#010x", "-0x00000ff"),
        (F(1.5), "E", "1.500000E+00"),
        (F(f64::INFINITY), "F", "INF"),
        (F(1e-07), "n", "1e-07"),
        (I(1234567), "n", "1234567"),
        (F(1.0), ".3g", "1"),
        (F(1.0), "#.3g", "1.00"),
        (list(), "", "[1, 2]"),
        (F(12.0), "=+10.1f", "+     12.0"),
        (I(3), ".2e", "3.00e+00"),
        (S("abc"), "s", "abc"),
        (F(1e+100), ".1e", "1.0e+100"),
        (F(-1.5), "<8", "-1.5    "),
        (F(0.5), "^9.1%", "  50.0%  "),
        (F(123456.789), "_.1f", "123_456.8"),
        (F(-1234567.5), "020,.1f", "-0,000,001,234,567.5"),
        (I(9223372036854775807), ",", "9,223,372,036,854,775,807"),
        (I(i64::MIN), "x", "-8000000000000000"),
        (F(0.1), ".20f", "0.10000000000000000555"),
        (F(0.3333333333333333), "", "0.3333333333333333"),
        (F(0.3333333333333333), ".17g", "0.33333333333333331"),
        (F(1e-300), "e", "1.000000e-300"),
        (F(5e-324), "", "5e-324"),
        (I(255), "X", "FF"),
        (I(11259375), "#_X", "0XAB_CDEF"),
        (F(1000000.0), ".0e", "1e+06"),
        (F(123.456), "9.2e", " 1.23e+02"),
        (F(0.0), "g", "0"),
        (F(-0.0), "", "-0.0"),
        (F(-0.0), "+g", "-0"),
        (F(9999999999.0), ".3g", "1e+10"),
        (F(999999.5), "g", "1e+06"),
    ];
    for (arg, spec, want) in &rows {
        assert_eq!(
            format_value(arg, spec).as_deref(),
            Ok(*want),
            "spec {spec:?}"
        );
    }
}

#[test]
fn format_value_errors_match_cpython() {
    let rows: Vec<(FmtArg, &str, &str, &str)> = vec![
        (
            S("ab"),
            "+",
            "ValueError",
            "Sign not allowed in string format specifier",
        ),
        (
            S("ab"),
            " ",
            "ValueError",
            "Space not allowed in string format specifier",
        ),
        (
            S("ab"),
            "z",
            "ValueError",
            "Negative zero coercion (z) not allowed in string format specifier",
        ),
        (
            S("ab"),
            "#",
            "ValueError",
            "Alternate form (#) not allowed in string format specifier",
        ),
        (
            S("ab"),
            "=5",
            "ValueError",
            "'=' alignment not allowed in string format specifier",
        ),
        (S("ab"), ",", "ValueError", "Cannot specify ',' with 's'."),
        (
            S("ab"),
            "d",
            "ValueError",
            "Unknown format code 'd' for object of type 'str'",
        ),
        (
            F(1.5),
            "d",
            "ValueError",
            "Unknown format code 'd' for object of type 'float'",
        ),
        (
            F(1.5),
            ".",
            "ValueError",
            "Format specifier missing precision",
        ),
        (
            F(1.5),
            "abc",
            "ValueError",
            "Invalid format specifier 'abc' for object of type 'float'",
        ),
        (
            F(1.5),
            "10.3fx",
            "ValueError",
            "Invalid format specifier '10.3fx' for object of type 'float'",
        ),
        (
            F(1.5),
            ",_",
            "ValueError",
            "Cannot specify both ',' and '_'.",
        ),
        (
            F(1.5),
            "_,",
            "ValueError",
            "Cannot specify both ',' and '_'.",
        ),
        (F(1.5), ",n", "ValueError", "Cannot specify ',' with 'n'."),
        (
            I(1),
            ".2",
            "ValueError",
            "Precision not allowed in integer format specifier",
        ),
        (
            I(1),
            "z",
            "ValueError",
            "Negative zero coercion (z) not allowed in integer format specifier",
        ),
        (
            I(1),
            "+c",
            "ValueError",
            "Sign not allowed with integer format specifier 'c'",
        ),
        (
            I(1),
            "#c",
            "ValueError",
            "Alternate form (#) not allowed with integer format specifier 'c'",
        ),
        (I(-1), "c", "OverflowError", "%c arg not in range(0x110000)"),
        (
            I(1),
            "\u{1}",
            "ValueError",
            "Unknown format code '\\x1' for object of type 'int'",
        ),
        (
            I(1),
            "é",
            "ValueError",
            "Unknown format code '\\xe9' for object of type 'int'",
        ),
        (
            F(1.5),
            "99999999999999999999",
            "ValueError",
            "Too many decimal digits in format string",
        ),
        (F(1.5), ".3000000000f", "ValueError", "precision too big"),
        (
            list(),
            "x",
            "TypeError",
            "unsupported format string passed to list.__format__",
        ),
        (
            none(),
            ">3",
            "TypeError",
            "unsupported format string passed to NoneType.__format__",
        ),
        (
            B(true),
            "s",
            "ValueError",
            "Unknown format code 's' for object of type 'bool'",
        ),
        (I(1), ", ", "ValueError", "Cannot specify ',' with '\\x20'."),
        (I(1), "_c", "ValueError", "Cannot specify '_' with 'c'."),
        (I(1), ",,", "ValueError", "Cannot specify ',' with ','."),
        (
            F(1.5),
            "5 ",
            "ValueError",
            "Unknown format code '\\x20' for object of type 'float'",
        ),
    ];
    for (arg, spec, kind, message) in &rows {
        let got = format_value(arg, spec).map_err(pair);
        assert_eq!(got, Err((*kind, message.to_string())), "spec {spec:?}");
    }
}

#[test]
fn percent_format_matches_cpython() {
    let rows: Vec<(&str, Vec<FmtArg>, &str)> = vec![
        (
            "%.4f %d %s %r",
            vec![F(0.123456), I(42), S("s"), S("s")],
            "0.1235 42 s 's'",
        ),
        ("%5.1e", vec![F(12345.678)], "1.2e+04"),
        ("%-6s|", vec![S("ab")], "ab    |"),
        ("%05d", vec![I(-42)], "-0042"),
        ("%g", vec![F(1e-05)], "1e-05"),
        ("%d", vec![F(1.9)], "1"),
        ("%d", vec![F(-1.9)], "-1"),
        ("%*d", vec![I(5), I(1)], "    1"),
        ("%.*f", vec![I(2), F(1.0)], "1.00"),
        ("%-*d|", vec![I(-5), I(1)], "1    |"),
        ("%*d|", vec![I(-5), I(1)], "1    |"),
        ("%#.5X", vec![I(255)], "0X000FF"),
        ("%#08x", vec![I(-255)], "-0x000ff"),
        ("%#o", vec![I(8)], "0o10"),
        ("%+05d", vec![I(3)], "+0003"),
        ("% d", vec![I(3)], " 3"),
        ("%-05d|", vec![I(42)], "42   |"),
        ("%05s", vec![S("ab")], "   ab"),
        ("%.1s", vec![S("abc")], "a"),
        ("%5c", vec![S("a")], "    a"),
        ("%.3d", vec![F(5.7)], "005"),
        ("%s", vec![B(true)], "True"),
        ("%d", vec![B(true)], "1"),
        ("%r", vec![S("it's")], "\"it's\""),
        ("%a", vec![S("é\n")], "'\\xe9\\n'"),
        ("%r", vec![S("é\u{0}\u{200b}")], "'é\\x00\\u200b'"),
        ("%.2r", vec![S("abc")], "'a"),
        ("%%", vec![], "%"),
        ("%ld", vec![I(5)], "5"),
        ("%#g", vec![F(1.0)], "1.00000"),
        ("%#.0f", vec![F(1.0)], "1."),
        ("%#.0e", vec![F(1.0)], "1.e+00"),
        ("%+.2e", vec![F(-0.0)], "-0.00e+00"),
        ("%E", vec![F(f64::INFINITY)], "INF"),
        ("%010f", vec![F(f64::NEG_INFINITY)], "-000000inf"),
        ("%c", vec![B(true)], "\u{1}"),
        ("%i %u", vec![I(3), I(4)], "3 4"),
        ("%s", vec![F(1e+16)], "1e+16"),
        ("%s %r", vec![F(0.1), F(0.1)], "0.1 0.1"),
        ("%x", vec![I(255)], "ff"),
        ("%c", vec![I(65)], "A"),
        ("%d", vec![F(1e+20)], "100000000000000000000"),
        ("%s|%r", vec![list(), none()], "[1, 2]|None"),
        ("%+.3g", vec![F(1234.5)], "+1.23e+03"),
        ("%10.3s|", vec![S("abcdef")], "       abc|"),
        ("%-+8.2f|", vec![F(3.14159)], "+3.14   |"),
        ("%o", vec![I(-8)], "-10"),
        ("100%% %s", vec![S("x")], "100% x"),
        ("%+d % d", vec![I(0), I(0)], "+0  0"),
        ("%#10.3x|", vec![I(-255)], "    -0x0ff|"),
        ("%f", vec![I(1)], "1.000000"),
        ("%e", vec![I(0)], "0.000000e+00"),
        ("%G", vec![F(1e-10)], "1E-10"),
        ("%s", vec![S("")], ""),
        ("no args", vec![], "no args"),
        ("%-5c|", vec![S("é")], "é    |"),
        ("%.0f %.0f", vec![F(0.5), F(2.5)], "0 2"),
        ("%hd", vec![I(7)], "7"),
        ("%Lf", vec![F(1.5)], "1.500000"),
        ("%F", vec![F(f64::NAN)], "NAN"),
    ];
    for (fmt, args, want) in &rows {
        assert_eq!(
            percent_format(fmt, args).as_deref(),
            Ok(*want),
            "format {fmt:?}"
        );
    }
}

#[test]
fn percent_format_errors_match_cpython() {
    let rows: Vec<(&str, Vec<FmtArg>, &str, &str)> = vec![
        (
            "%d",
            vec![S("x")],
            "TypeError",
            "%d format: a real number is required, not str",
        ),
        (
            "%f",
            vec![S("x")],
            "TypeError",
            "must be real number, not str",
        ),
        (
            "%x",
            vec![F(1.5)],
            "TypeError",
            "%x format: an integer is required, not float",
        ),
        (
            "%d",
            vec![F(f64::INFINITY)],
            "OverflowError",
            "cannot convert float infinity to integer",
        ),
        (
            "%d",
            vec![F(f64::NAN)],
            "ValueError",
            "cannot convert float NaN to integer",
        ),
        ("%c", vec![F(1.5)], "TypeError", "%c requires int or char"),
        ("%c", vec![S("ab")], "TypeError", "%c requires int or char"),
        (
            "%c",
            vec![I(-1)],
            "OverflowError",
            "%c arg not in range(0x110000)",
        ),
        (
            "%c",
            vec![I(1114112)],
            "OverflowError",
            "%c arg not in range(0x110000)",
        ),
        (
            "%y",
            vec![],
            "TypeError",
            "not enough arguments for format string",
        ),
        (
            "%y",
            vec![I(1)],
            "ValueError",
            "unsupported format character 'y' (0x79) at index 1",
        ),
        (
            "abc%y",
            vec![I(1)],
            "ValueError",
            "unsupported format character 'y' (0x79) at index 4",
        ),
        ("%", vec![], "ValueError", "incomplete format"),
        ("a%", vec![I(1)], "ValueError", "incomplete format"),
        ("%5", vec![I(1)], "ValueError", "incomplete format"),
        ("%.", vec![I(1)], "ValueError", "incomplete format"),
        ("%-", vec![I(1)], "ValueError", "incomplete format"),
        (
            "%s %s",
            vec![I(1)],
            "TypeError",
            "not enough arguments for format string",
        ),
        (
            "%s",
            vec![I(1), I(2)],
            "TypeError",
            "not all arguments converted during string formatting",
        ),
        (
            "%(a)s",
            vec![I(1)],
            "TypeError",
            "format requires a mapping",
        ),
        ("%*d", vec![S("a"), I(1)], "TypeError", "* wants int"),
        (
            "%.3000000000f",
            vec![F(1.0)],
            "ValueError",
            "precision too big",
        ),
        (
            "%99999999999999999999d",
            vec![I(1)],
            "ValueError",
            "width too big",
        ),
        (
            "%.*f",
            vec![I(2147483648), F(1.0)],
            "OverflowError",
            "Python int too large to convert to C int",
        ),
        (
            "%5%",
            vec![I(1)],
            "ValueError",
            "unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%\u{1}",
            vec![I(1)],
            "ValueError",
            "unsupported format character '?' (0x1) at index 1",
        ),
        (
            "%d",
            vec![list()],
            "TypeError",
            "%d format: a real number is required, not list",
        ),
        (
            "%x",
            vec![S("a")],
            "TypeError",
            "%x format: an integer is required, not str",
        ),
        (
            "%f",
            vec![none()],
            "TypeError",
            "must be real number, not NoneType",
        ),
        ("%.*d", vec![F(1.5), I(1)], "TypeError", "* wants int"),
        (
            "%s",
            vec![],
            "TypeError",
            "not enough arguments for format string",
        ),
        (
            "x",
            vec![I(1)],
            "TypeError",
            "not all arguments converted during string formatting",
        ),
    ];
    for (fmt, args, kind, message) in &rows {
        let got = percent_format(fmt, args).map_err(pair);
        assert_eq!(got, Err((*kind, message.to_string())), "format {fmt:?}");
    }
}

#[test]
fn round_float_matches_cpython() {
    let rows: &[(f64, i64, &str)] = &[
        (2.675, 2, "2.67"),
        (1234.5, -2, "1200.0"),
        (0.125, 2, "0.12"),
        (0.375, 2, "0.38"),
        (2.5, 0, "2.0"),
        (-0.4, 0, "-0.0"),
        (1250.5, -2, "1300.0"),
        (1250.0, -2, "1200.0"),
        (1350.0, -2, "1400.0"),
        (f64::INFINITY, 2, "inf"),
        (f64::NAN, 1, "nan"),
        (5e-324, 400, "5e-324"),
        (123.456, -400, "0.0"),
        (-123.456, -400, "-0.0"),
        (0.1, 1, "0.1"),
        (1.0000000000000002, 15, "1.0"),
        (-1234.5678, -1, "-1230.0"),
        (15.0, -1, "20.0"),
        (25.0, -1, "20.0"),
        (0.045, 2, "0.04"),
        (1e+300, -299, "1e+300"),
        (123456789.123, -3, "123457000.0"),
        (0.5, -1, "0.0"),
        (-5.0, -1, "-0.0"),
        (1.5, 1, "1.5"),
    ];
    for &(x, ndigits, want) in rows {
        let got = float_repr(round_float(x, ndigits));
        assert_eq!(got, want, "round({x:?}, {ndigits})");
    }
}

#[test]
fn round_to_int_matches_cpython() {
    type Outcome = Result<i64, (&'static str, &'static str)>;
    let rows: &[(f64, Outcome)] = &[
        (0.5, Ok(0)),
        (1.5, Ok(2)),
        (2.5, Ok(2)),
        (-2.5, Ok(-2)),
        (-0.5, Ok(0)),
        (3.7, Ok(4)),
        (-3.7, Ok(-4)),
        (1e+18, Ok(1000000000000000000)),
        (0.49999999999999994, Ok(0)),
        (-0.0, Ok(0)),
        (4503599627370497.0, Ok(4503599627370497)),
        (
            f64::INFINITY,
            Err(("OverflowError", "cannot convert float infinity to integer")),
        ),
        (
            f64::NEG_INFINITY,
            Err(("OverflowError", "cannot convert float infinity to integer")),
        ),
        (
            f64::NAN,
            Err(("ValueError", "cannot convert float NaN to integer")),
        ),
    ];
    for &(x, want) in rows {
        let want = want.map_err(|(kind, message)| (kind, message.to_string()));
        assert_eq!(round_to_int(x).map_err(pair), want, "round({x:?})");
    }
}

#[test]
fn precision_beyond_exact_digits_pads_with_zeros() {
    // CPython prints the exact binary value, then zeros, however far asked.
    let want = format!("0.5{}", "0".repeat(69_999));
    assert_eq!(
        format_value(&F(0.5), ".70000f").as_deref(),
        Ok(want.as_str())
    );
    let want = format!("1.{}e+00", "0".repeat(1_500));
    assert_eq!(
        percent_format("%.1500e", &[I(1)]).as_deref(),
        Ok(want.as_str())
    );
}

#[test]
fn giant_fields_are_refused_not_built() {
    // A sandbox limit, not CPython behaviour: CPython would try to allocate.
    let memory = Err(("MemoryError", String::new()));
    assert_eq!(format_value(&I(1), "100000000").map_err(pair), memory);
    assert_eq!(format_value(&F(1.0), ".100000000f").map_err(pair), memory);
    let args = [I(100_000_000), S("x")];
    assert_eq!(percent_format("%*s", &args).map_err(pair), memory);
}

#[test]
fn surrogate_code_points_become_replacement_characters() {
    assert_eq!(format_value(&I(0xD800), "c").as_deref(), Ok("\u{FFFD}"));
}

/// A small deterministic generator, so the no-panic sweep is repeatable.
fn next(seed: &mut u64) -> usize {
    *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    usize::try_from(*seed >> 33).unwrap_or(0)
}

fn random_text(seed: &mut u64, alphabet: &[char]) -> String {
    let len = next(seed) % 7;
    (0..len)
        .map(|_| alphabet[next(seed) % alphabet.len()])
        .collect()
}

#[test]
fn arbitrary_input_never_panics() {
    let alphabet: Vec<char> = "<>=^+- z#0129,_.*%(bcdeEfFgGnosxXrail\u{0}é😀"
        .chars()
        .collect();
    let values = [
        I(i64::MIN),
        I(-1),
        I(0x10_FFFF),
        F(-0.0),
        F(f64::NAN),
        F(f64::MAX),
        F(5e-324),
        B(true),
        S("é😀"),
        list(),
    ];
    let mut seed = 7;
    for _ in 0..20_000 {
        let text = random_text(&mut seed, &alphabet);
        let value = &values[next(&mut seed) % values.len()];
        let _ = format_value(value, &text);
        let _ = percent_format(&text, std::slice::from_ref(value));
        let _ = percent_format(&text, &values[..next(&mut seed) % 4]);
    }
}
