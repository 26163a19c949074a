//! `repr(str)` and `ascii()`: the engine's CPython-exact implementation, used here too.

pub(super) use crate::engine::pystr::{ascii_escape, str_repr};
