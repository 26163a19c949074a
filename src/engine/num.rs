//! Python numbers: `int` and `float` with CPython's arithmetic rules (mixed int/float promotion,
//! floor division and modulo signs, `**` with negative exponents, the exact ZeroDivisionError texts).
//! Scheduler formulas are written with these so that an `lr=1` stays an int where Python keeps it
//! one, and every float operation is the same IEEE operation CPython performs.

use super::error::{ErrKind, PyErr, PyResult};
use super::repr::float_repr;
use std::cmp::Ordering;
use std::fmt;

/// A Python `int` (machine-sized here) or `float`.
#[derive(Clone, Copy, Debug)]
pub enum Num {
    Int(i64),
    Float(f64),
}

use Num::{Float, Int};

/// Float `/` with Python's ZeroDivisionError. For formulas whose every operation is a float one
/// in Python too (see the callers), computing on bare `f64` gives the same bits as [`Num`].
#[inline]
pub fn fdiv(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(PyErr::zero_div("float division by zero"));
    }
    Ok(a / b)
}

/// An argument `math.cos` accepts: Python raises ValueError for an infinite one.
#[inline]
pub fn cos_arg(x: f64) -> PyResult<f64> {
    if x.is_infinite() {
        return Err(PyErr::value("math domain error"));
    }
    Ok(x)
}

/// `math.cos(x)`.
#[inline]
pub fn fcos(x: f64) -> PyResult<f64> {
    Ok(cos_arg(x)?.cos())
}

/// The error for an integer result past 64 bits (Python's ints have no such limit).
#[cold]
#[inline(never)]
pub fn overflow() -> PyErr {
    PyErr::new(
        ErrKind::OverflowError,
        "the result needs more than 64 bits; lrtutor's integers stop there (Python's do not)",
    )
}

#[cold]
#[inline(never)]
fn float_range() -> PyErr {
    PyErr::new(
        ErrKind::OverflowError,
        "(34, 'Numerical result out of range')",
    )
}

// These return `PyResult` (Python raises on division by zero and overflow), so they cannot be the
// `std::ops` traits that clippy suggests.
#[allow(clippy::should_implement_trait)]
impl Num {
    /// The value as a C double, as `float(x)` would give it.
    #[inline]
    pub fn f(self) -> f64 {
        match self {
            Int(i) => i as f64,
            Float(x) => x,
        }
    }

    pub fn is_int(self) -> bool {
        matches!(self, Int(_))
    }

    /// `x == 0` (for ints) or `x == 0.0`.
    #[inline]
    pub fn is_zero(self) -> bool {
        match self {
            Int(i) => i == 0,
            Float(x) => x == 0.0,
        }
    }

    #[inline]
    pub fn add(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(a), Int(b)) => a.checked_add(b).map(Int).ok_or_else(overflow),
            _ => Ok(Float(self.f() + o.f())),
        }
    }

    #[inline]
    pub fn sub(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(a), Int(b)) => a.checked_sub(b).map(Int).ok_or_else(overflow),
            _ => Ok(Float(self.f() - o.f())),
        }
    }

    #[inline]
    pub fn mul(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(a), Int(b)) => a.checked_mul(b).map(Int).ok_or_else(overflow),
            _ => Ok(Float(self.f() * o.f())),
        }
    }

    /// `/`: always a float.
    #[inline]
    pub fn div(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(_), Int(0)) => Err(PyErr::zero_div("division by zero")),
            _ if o.is_zero() => Err(PyErr::zero_div("float division by zero")),
            _ => Ok(Float(self.f() / o.f())),
        }
    }

    /// `//`, rounding toward negative infinity.
    pub fn floordiv(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(_), Int(0)) => Err(PyErr::zero_div("integer division or modulo by zero")),
            (Int(a), Int(b)) => a
                .checked_div_euclid(b)
                .map(|_| Int(floor_div_i(a, b)))
                .ok_or_else(overflow),
            _ if o.is_zero() => Err(PyErr::zero_div("float floor division by zero")),
            _ => Ok(Float(float_divmod(self.f(), o.f()).0)),
        }
    }

    /// `%`, with the sign of the divisor.
    #[inline]
    pub fn rem(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(_), Int(0)) => Err(PyErr::zero_div("integer modulo by zero")),
            (Int(a), Int(b)) => Ok(Int(int_rem(a, b))),
            _ if o.is_zero() => Err(PyErr::zero_div("float modulo")),
            _ => Ok(Float(float_divmod(self.f(), o.f()).1)),
        }
    }

    /// `**`, as `int.__pow__` / `float.__pow__` (C `pow` for floats).
    pub fn pow(self, o: Num) -> PyResult<Num> {
        match (self, o) {
            (Int(a), Int(b)) if b >= 0 => {
                let e = u32::try_from(b).map_err(|_| overflow())?;
                a.checked_pow(e).map(Int).ok_or_else(overflow)
            }
            _ => float_pow(self.f(), o.f()).map(Float),
        }
    }

    pub fn neg(self) -> PyResult<Num> {
        match self {
            Int(a) => a.checked_neg().map(Int).ok_or_else(overflow),
            Float(x) => Ok(Float(-x)),
        }
    }

    /// Python's comparison of two numbers (exact, even between int and float).
    #[inline]
    pub fn cmp(self, o: Num) -> Option<Ordering> {
        match (self, o) {
            (Int(a), Int(b)) => Some(a.cmp(&b)),
            (Int(a), Float(b)) => cmp_int_float(a, b),
            (Float(a), Int(b)) => cmp_int_float(b, a).map(Ordering::reverse),
            (Float(a), Float(b)) => a.partial_cmp(&b),
        }
    }

    #[inline]
    pub fn lt(self, o: Num) -> bool {
        self.cmp(o) == Some(Ordering::Less)
    }
    #[inline]
    pub fn le(self, o: Num) -> bool {
        matches!(self.cmp(o), Some(Ordering::Less | Ordering::Equal))
    }
    #[inline]
    pub fn gt(self, o: Num) -> bool {
        self.cmp(o) == Some(Ordering::Greater)
    }
    #[inline]
    pub fn ge(self, o: Num) -> bool {
        matches!(self.cmp(o), Some(Ordering::Greater | Ordering::Equal))
    }
    #[inline]
    pub fn eq(self, o: Num) -> bool {
        self.cmp(o) == Some(Ordering::Equal)
    }

    /// `math.floor(x)`: an int.
    pub fn floor(self) -> PyResult<Num> {
        match self {
            Int(_) => Ok(self),
            Float(x) => float_to_int(x.floor()),
        }
    }

    /// `int(x)`: truncation toward zero.
    pub fn trunc(self) -> PyResult<Num> {
        match self {
            Int(_) => Ok(self),
            Float(x) => float_to_int(x.trunc()),
        }
    }

    /// `min(a, b)` as Python's builtin: the first of equal values wins.
    pub fn min(self, o: Num) -> Num {
        if o.lt(self) { o } else { self }
    }

    /// `max(a, b)` as Python's builtin: the first of equal values wins.
    pub fn max(self, o: Num) -> Num {
        if o.gt(self) { o } else { self }
    }

    /// The Python type name (`int` or `float`), for messages.
    pub fn type_name(self) -> &'static str {
        match self {
            Int(_) => "int",
            Float(_) => "float",
        }
    }
}

impl fmt::Display for Num {
    /// `str(x)` / `repr(x)`, which agree for numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Int(i) => write!(f, "{i}"),
            Float(x) => f.write_str(&float_repr(*x)),
        }
    }
}

fn float_to_int(x: f64) -> PyResult<Num> {
    if x.is_nan() {
        return Err(PyErr::value("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(PyErr::new(
            ErrKind::OverflowError,
            "cannot convert float infinity to integer",
        ));
    }
    if x.abs() >= 9.2e18 {
        return Err(overflow());
    }
    Ok(Int(x as i64))
}

/// Python's `a % b` for ints (b != 0): the remainder takes the divisor's sign. Small non-negative
/// operands (every epoch counter) take the much cheaper 32-bit division.
#[inline]
fn int_rem(a: i64, b: i64) -> i64 {
    if let (Ok(x), Ok(y)) = (u32::try_from(a), u32::try_from(b)) {
        return i64::from(x % y);
    }
    let r = a.wrapping_rem(b);
    if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }
}

fn floor_div_i(a: i64, b: i64) -> i64 {
    let q = a.wrapping_div(b);
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

/// CPython's float divmod: `fmod`, then the remainder takes the divisor's sign and the quotient is
/// rounded to the nearest integer value of `(a - mod) / b`.
fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let fl = div.floor();
        if div - fl > 0.5 { fl + 1.0 } else { fl }
    } else {
        0.0_f64.copysign(a / b)
    };
    (floordiv, m)
}

/// `float.__pow__`: the C library `pow` plus CPython's error checks.
fn float_pow(a: f64, b: f64) -> PyResult<f64> {
    if b == 1.0 {
        // Exact shortcut: glibc's pow is accurate to 0.52 ULP, so for y = 1 it returns x itself
        // (PolynomialLR's default power, applied on every step).
        return Ok(a);
    }
    if b == 2.0
        && let Some(square) = exact_square(a)
    {
        return Ok(square);
    }
    let r = a.powf(b);
    if r.is_finite() {
        return Ok(r);
    }
    // Rare cases only: CPython's checks run after the C call here, which is equivalent because
    // each failing case gives a non-finite result.
    if a == 0.0 && b < 0.0 {
        return Err(PyErr::zero_div("0.0 cannot be raised to a negative power"));
    }
    if a.is_finite() && b.is_finite() {
        if a < 0.0 && b.fract() != 0.0 {
            // CPython returns a complex number here; no scheduler or learner snippet needs one.
            return Err(PyErr::value(
                "complex results (a negative number to a fractional power) are not supported",
            ));
        }
        return Err(float_range());
    }
    Ok(r)
}

/// `pow(x, 2.0)` without the C call, when the bits provably agree: glibc's `pow` is within
/// 0.54 ULP of the exact `x²`, so when the correctly rounded `x * x` is within 0.4 ULP of it (and
/// not on a power of two, where the spacing of doubles changes), no other double qualifies.
/// `None` otherwise (about one input in five, plus tiny, huge and non-finite ones).
/// PolynomialLR with `power=2.0` raises to this power on every step.
fn exact_square(x: f64) -> Option<f64> {
    const MANTISSA: u64 = (1 << 52) - 1;
    let p = x * x;
    if !(1e-280..1e280).contains(&p) || p.to_bits() & MANTISSA == 0 {
        return None;
    }
    // Dekker's product: p + err == x * x exactly (no FMA needed; far from overflow/underflow).
    let c = 134_217_729.0 * x; // 2^27 + 1
    let hi = c - (c - x);
    let lo = x - hi;
    let err = ((hi * hi - p) + 2.0 * hi * lo) + lo * lo;
    let spacing = f64::from_bits(p.to_bits() + 1) - p;
    (err.abs() <= 0.4 * spacing).then_some(p)
}

#[inline]
fn cmp_int_float(a: i64, b: f64) -> Option<Ordering> {
    const EXACT: i64 = 1 << 53;
    if (-EXACT..=EXACT).contains(&a) {
        // Every int of this size converts to a float exactly.
        return (a as f64).partial_cmp(&b);
    }
    if b.is_nan() {
        return None;
    }
    // Exact for every i64: compare against the float's integer part first, then its fraction.
    if b >= 9.3e18 {
        return Some(Ordering::Less);
    }
    if b <= -9.3e18 {
        return Some(Ordering::Greater);
    }
    let bi = b.floor();
    match a.cmp(&(bi as i64)) {
        Ordering::Equal if b > bi => Some(Ordering::Less),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `x ** 2.0` shortcut gives `pow()`'s bits on this machine's C library, for inputs near
    /// 1 (PolynomialLR's ratios), spread over many magnitudes, halfway cases and random bits.
    #[test]
    fn exact_square_agrees_with_c_pow() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut used, mut total) = (0, 0);
        for k in 0..600_000_u64 {
            let r = next();
            let x = match k % 4 {
                0 => 1.0 - (r >> 11) as f64 * 2f64.powi(-60),
                1 => (r >> 11) as f64 * 2f64.powi((k % 200) as i32 - 100 - 53),
                // 27-bit odd mantissas: x² lies exactly halfway between two doubles, where
                // glibc's pow often rounds the other way than `x * x`.
                2 => ((r >> 37) | (1 << 26) | 1) as f64 * 2f64.powi(-26),
                _ => f64::from_bits(r),
            };
            let want = x.powf(2.0);
            total += 1;
            if let Some(got) = exact_square(x) {
                used += 1;
                assert_eq!(got.to_bits(), want.to_bits(), "x = {x:e}");
            }
        }
        // The shortcut must actually serve most ordinary inputs.
        assert!(used * 2 > total, "shortcut used on only {used} of {total}");
        assert_eq!(
            exact_square(1.604_530_110_955_238_3),
            None,
            "a halfway square"
        );
    }

    fn show(r: PyResult<Num>) -> String {
        match r {
            Ok(n) => n.to_string(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn arithmetic_follows_cpython() {
        // Expected values are what CPython 3.11 prints for the same expressions.
        let table: Vec<(PyResult<Num>, &str)> = vec![
            (Int(1).div(Int(0)), "ZeroDivisionError: division by zero"),
            (
                Float(1.0).div(Int(0)),
                "ZeroDivisionError: float division by zero",
            ),
            (
                Int(1).floordiv(Int(0)),
                "ZeroDivisionError: integer division or modulo by zero",
            ),
            (
                Float(1.0).floordiv(Float(0.0)),
                "ZeroDivisionError: float floor division by zero",
            ),
            (
                Int(1).rem(Int(0)),
                "ZeroDivisionError: integer modulo by zero",
            ),
            (
                Float(1.0).rem(Float(0.0)),
                "ZeroDivisionError: float modulo",
            ),
            (
                Int(0).pow(Int(-1)),
                "ZeroDivisionError: 0.0 cannot be raised to a negative power",
            ),
            (
                Float(10.0).pow(Float(400.0)),
                "OverflowError: (34, 'Numerical result out of range')",
            ),
            (Int(2).pow(Int(-1)), "0.5"),
            (Int(-7).rem(Int(3)), "2"),
            (Float(-7.0).rem(Int(3)), "2.0"),
            (Float(7.0).rem(Int(-3)), "-2.0"),
            (Int(-7).floordiv(Int(2)), "-4"),
            (Float(-7.0).floordiv(Int(2)), "-4.0"),
            (Float(0.1).mul(Float(0.1)), "0.010000000000000002"),
            (Int(3).mul(Int(4)), "12"),
            (Int(7).div(Int(2)), "3.5"),
            (Float(2.5).floor(), "2"),
            (Float(-2.5).floor(), "-3"),
            (
                Float(f64::INFINITY).floor(),
                "OverflowError: cannot convert float infinity to integer",
            ),
            (Float(0.9).pow(Int(3)), "0.7290000000000001"),
        ];
        for (got, want) in table {
            assert_eq!(show(got), want);
        }
    }

    #[test]
    fn comparisons_are_exact_between_int_and_float() {
        assert!(Int(1).eq(Float(1.0)));
        assert!(Int(2).gt(Float(1.5)));
        assert!(Float(1.5).lt(Int(2)));
        assert!(!Int(1).lt(Float(f64::NAN)));
        assert!(Int(i64::MAX).lt(Float(1e19)));
        assert!(Int(3).ge(Int(3)));
    }
}
