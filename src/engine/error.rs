//! Python exceptions as values: the engine never panics, it returns a `PyErr` carrying the exact
//! exception type and message that CPython + PyTorch would raise.

use std::fmt;

/// The Python exception classes the engine (and later the sandbox) can raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrKind {
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    OverflowError,
    RuntimeError,
    AttributeError,
    NotImplementedError,
    UnboundLocalError,
    NameError,
    RecursionError,
    MemoryError,
    /// Valid Python that lrtutor does not model: named as such, never as a Python error.
    SandboxError,
}

impl ErrKind {
    /// The class name exactly as Python prints it in a traceback.
    pub fn name(self) -> &'static str {
        match self {
            ErrKind::ValueError => "ValueError",
            ErrKind::TypeError => "TypeError",
            ErrKind::KeyError => "KeyError",
            ErrKind::IndexError => "IndexError",
            ErrKind::ZeroDivisionError => "ZeroDivisionError",
            ErrKind::OverflowError => "OverflowError",
            ErrKind::RuntimeError => "RuntimeError",
            ErrKind::AttributeError => "AttributeError",
            ErrKind::NotImplementedError => "NotImplementedError",
            ErrKind::UnboundLocalError => "UnboundLocalError",
            ErrKind::NameError => "NameError",
            ErrKind::RecursionError => "RecursionError",
            ErrKind::MemoryError => "MemoryError",
            ErrKind::SandboxError => "SandboxError",
        }
    }
}

/// A raised Python exception: its class and `str(exception)`. Boxed so that `PyResult<Num>` is
/// two machine words and the arithmetic on the hot path returns in registers.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct PyErr(Box<Raised>);

/// The contents of a [`PyErr`].
#[derive(Clone, Debug, PartialEq)]
pub struct Raised {
    pub kind: ErrKind,
    pub message: String,
}

impl std::ops::Deref for PyErr {
    type Target = Raised;
    fn deref(&self) -> &Raised {
        &self.0
    }
}

impl fmt::Display for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str(self.kind.name())
        } else {
            write!(f, "{}: {}", self.kind.name(), self.message)
        }
    }
}

impl PyErr {
    #[cold]
    #[inline(never)]
    pub fn new(kind: ErrKind, message: impl Into<String>) -> Self {
        PyErr(Box::new(Raised {
            kind,
            message: message.into(),
        }))
    }
    #[cold]
    #[inline(never)]
    pub fn value(message: impl Into<String>) -> Self {
        Self::new(ErrKind::ValueError, message)
    }
    #[cold]
    #[inline(never)]
    pub fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrKind::TypeError, message)
    }
    #[cold]
    #[inline(never)]
    pub fn zero_div(message: &str) -> Self {
        Self::new(ErrKind::ZeroDivisionError, message)
    }
    /// `KeyError(text)`: Python's `str()` of a KeyError is the repr of its argument.
    #[cold]
    #[inline(never)]
    pub fn key_error(text: &str) -> Self {
        Self::new(ErrKind::KeyError, crate::engine::repr::str_repr(text))
    }
}

/// Shorthand for results of engine operations.
pub type PyResult<T> = Result<T, PyErr>;
