//! Python's text formatting of numbers and strings, reproduced exactly as
//! CPython 3.11 prints it.
//!
//! The sandbox must show a learner precisely what CPython would show, so this
//! module re-implements, character for character:
//!
//! * `repr(float)`: the shortest digits that read back as the same float;
//! * `format(value, spec)`: the format-spec mini-language used by f-strings
//!   and `str.format`, `[[fill]align][sign][z][#][0][width][,|_][.prec][type]`;
//! * `fmt % args`: printf-style formatting of a `str`;
//! * `round(x, n)` and `round(x)` on floats.
//!
//! Failures come back as [`FmtError`] carrying the exception class name and
//! CPython's own message text.
//!
//! Digits are produced by Rust's float formatting, which rounds the exact
//! binary value half-to-even just as CPython's dtoa does. Everything built
//! around those digits (signs, padding, grouping, exponent layout, the odd
//! corners of the `%` parser) follows CPython's formatter step by step.
//!
//! Two deliberate limits: a width or precision above ten million characters gives a
//! `MemoryError` instead of building a huge string, and a code point in the
//! surrogate range (which a Rust `String` cannot hold) becomes U+FFFD.

/// A value as the formatter sees it.
pub enum FmtArg<'a> {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'a str),
    /// Any other object: its str() and repr() already computed by the caller.
    Other {
        str: &'a str,
        repr: &'a str,
        type_name: &'a str,
    },
}

/// An error Python would raise: kind is "ValueError" or "TypeError", message is CPython's text.
///
/// `OverflowError` and `MemoryError` also occur, where CPython raises them.
#[derive(Debug, Clone, PartialEq)]
pub struct FmtError {
    pub kind: &'static str,
    pub message: String,
}

/// The largest C `int`, which CPython uses to bound precisions.
const C_INT_MAX: i64 = i32::MAX as i64;

/// Widths and precisions beyond this would ask for a giant string; the
/// sandbox answers them with a `MemoryError` rather than allocating.
const MAX_FIELD: i64 = 10_000_000;

/// Type names in messages are cut to this many characters, as CPython does.
const MAX_TYPE_NAME: usize = 200;

impl FmtError {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

fn value_error(message: impl Into<String>) -> FmtError {
    FmtError::new("ValueError", message)
}

fn type_error(message: impl Into<String>) -> FmtError {
    FmtError::new("TypeError", message)
}

fn overflow_error(message: impl Into<String>) -> FmtError {
    FmtError::new("OverflowError", message)
}

/// Refuses a field size that would need an unreasonable allocation.
fn check_size(size: i64) -> Result<(), FmtError> {
    if size > MAX_FIELD {
        Err(FmtError::new("MemoryError", ""))
    } else {
        Ok(())
    }
}

/// A type name as it appears in a message (CPython's `%.200s`).
fn short_name(name: &str) -> String {
    name.chars().take(MAX_TYPE_NAME).collect()
}

impl FmtArg<'_> {
    fn type_name(&self) -> String {
        match self {
            FmtArg::Int(_) => "int".to_string(),
            FmtArg::Float(_) => "float".to_string(),
            FmtArg::Bool(_) => "bool".to_string(),
            FmtArg::Str(_) => "str".to_string(),
            FmtArg::Other { type_name, .. } => short_name(type_name),
        }
    }

    /// Python's `str()` of the value.
    fn py_str(&self) -> String {
        match self {
            FmtArg::Int(i) => i.to_string(),
            FmtArg::Float(x) => float_repr(*x),
            FmtArg::Bool(true) => "True".to_string(),
            FmtArg::Bool(false) => "False".to_string(),
            FmtArg::Str(s) => (*s).to_string(),
            FmtArg::Other { str, .. } => (*str).to_string(),
        }
    }

    /// Python's `repr()` of the value.
    fn py_repr(&self) -> String {
        match self {
            FmtArg::Str(s) => str_repr(s),
            FmtArg::Other { repr, .. } => (*repr).to_string(),
            _ => self.py_str(),
        }
    }

    /// The value when Python would accept it as an `int` (bool included).
    fn as_int(&self) -> Option<i64> {
        match self {
            FmtArg::Int(i) => Some(*i),
            FmtArg::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }
}

mod float;
mod layout;
mod percent;
mod repr;
mod round;
mod spec;
#[cfg(test)]
mod tests;

pub use float::float_repr;
pub use percent::percent_format;
pub use round::{round_float, round_to_int};
pub use spec::format_value;
#[allow(unused_imports)]
use {float::*, layout::*, percent::*, repr::*, round::*, spec::*};
