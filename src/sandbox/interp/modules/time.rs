//! `time` with a fixed clock: the sandbox reads no clock (its runs must be reproducible), so
//! `time.time()` is always 1700000000.0 (2023-11-14 22:13:20 UTC), `perf_counter()`,
//! `monotonic()` and `process_time()` are always 0.0, and `time.sleep(s)` returns at once. An
//! elapsed time measured in a snippet is therefore 0.0.

use super::{Ev, Ex, raise};
use crate::sandbox::value::V;

/// What `time.time()` returns in the sandbox.
pub const FIXED_TIME: f64 = 1_700_000_000.0;

impl Ev<'_> {
    pub fn call_time(&mut self, f: &str, pos: Vec<V>) -> Ex<V> {
        match f {
            "time" => Ok(V::Float(FIXED_TIME)),
            "sleep" => match pos.first().and_then(V::num) {
                Some(n) if n.f() < 0.0 => {
                    raise(self.rt, "ValueError", "sleep length must be non-negative")
                }
                Some(_) => Ok(V::None),
                None => raise(
                    self.rt,
                    "TypeError",
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        pos.first().map_or("NoneType", V::type_name)
                    ),
                ),
            },
            _ => Ok(V::Float(0.0)),
        }
    }
}
