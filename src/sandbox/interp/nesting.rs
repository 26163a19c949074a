//! Guards for the operations that walk into containers — `repr`/`str`/`format`, `==` and
//! ordering — so a container that holds itself, or a list nested two million deep, ends as
//! CPython ends it: `[[...]]` for the self-reference, `RecursionError` past the recursion limit,
//! never a stack overflow. Each level of nesting counts against the same depth as Python calls,
//! as CPython 3.11's recursion counter does.

use super::{Ev, Ex, raise};
use crate::sandbox::value::{V, eq_within};
use std::rc::Rc;

impl Ev<'_> {
    /// Runs `f` one level deeper; past the recursion limit, `RecursionError` with CPython's
    /// wording for the operation (`what`, e.g. " in comparison").
    pub fn nested<T>(&mut self, what: &str, f: impl FnOnce(&mut Self) -> Ex<T>) -> Ex<T> {
        if self.rt.depth + 1 >= self.rt.limits.max_depth {
            return raise(
                self.rt,
                "RecursionError",
                format!("maximum recursion depth exceeded{what}"),
            );
        }
        self.rt.depth += 1;
        let r = f(self);
        self.rt.depth -= 1;
        r
    }

    /// `a == b`, descending no deeper than the recursion limit leaves room for.
    pub fn eq(&mut self, a: &V, b: &V) -> Ex<bool> {
        let room = self.rt.limits.max_depth.saturating_sub(self.rt.depth + 1);
        match eq_within(a, b, room) {
            Ok(same) => Ok(same),
            Err(_) => raise(
                self.rt,
                "RecursionError",
                "maximum recursion depth exceeded in comparison",
            ),
        }
    }

    /// The index of the first item equal to `x` (`list.index`, `in`).
    pub fn position(&mut self, items: &[V], x: &V) -> Ex<Option<usize>> {
        for (i, it) in items.iter().enumerate() {
            if crate::sandbox::value::same_object(it, x) || self.eq(it, x)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// `repr` of a container, or `[...]` / `{...}` when it is already being printed further out
    /// (it contains itself).
    pub fn repr_container(
        &mut self,
        v: &V,
        body: impl FnOnce(&mut Self) -> Ex<String>,
    ) -> Ex<String> {
        let (id, cycle) = match v {
            V::List(l) => (Rc::as_ptr(l).cast::<()>() as usize, "[...]"),
            V::Dict(d) => (Rc::as_ptr(d).cast::<()>() as usize, "{...}"),
            _ => return self.nested(REPR, body),
        };
        if self.rt.repr_active.contains(&id) {
            return Ok(cycle.into());
        }
        self.rt.repr_active.push(id);
        let r = self.nested(REPR, body);
        self.rt.repr_active.pop();
        r
    }
}

/// CPython's wording when `repr` nests too deep.
pub const REPR: &str = " while getting the repr of an object";
