//! `collections`: `OrderedDict` and `defaultdict` (dicts with a flavour: their repr, and a
//! default factory for missing keys) and `deque` (with `maxlen`). `Counter` and `namedtuple`
//! are not modelled here and say so.

use super::{Ev, Ex, Ext, Kw, ext, raise};
use crate::sandbox::dict::Flavor;
use crate::sandbox::value::{Dict, V};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Methods of a deque.
pub const DEQUE_METHODS: &[&str] = &[
    "append",
    "appendleft",
    "pop",
    "popleft",
    "extend",
    "extendleft",
    "clear",
    "rotate",
    "copy",
    "count",
];

impl Ev<'_> {
    pub fn call_collections(&mut self, f: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match f {
            "OrderedDict" => {
                let d = self.construct("dict", pos, kw)?;
                Ok(with_flavor(d, Flavor::Ordered))
            }
            "defaultdict" => {
                let mut it = pos.into_iter();
                let factory = it.next().unwrap_or(V::None);
                if !factory.is_none() && !self.is_callable(&factory) {
                    return raise(
                        self.rt,
                        "TypeError",
                        "first argument must be callable or None",
                    );
                }
                let d = self.construct("dict", it.collect(), kw)?;
                Ok(with_flavor(d, Flavor::Default(factory)))
            }
            "deque" => {
                let items = match pos.first() {
                    Some(v) => self.iterate(v)?,
                    None => Vec::new(),
                };
                let maxlen = match pos
                    .get(1)
                    .or_else(|| kw.iter().find(|(k, _)| &**k == "maxlen").map(|(_, v)| v))
                {
                    None | Some(V::None) => None,
                    Some(V::Int(n)) if *n >= 0 => Some(*n as usize),
                    Some(V::Int(_)) => {
                        return raise(self.rt, "ValueError", "maxlen must be non-negative");
                    }
                    Some(_) => return raise(self.rt, "TypeError", "an integer is required"),
                };
                let mut q = VecDeque::new();
                for x in items {
                    push_back(&mut q, x, maxlen);
                }
                Ok(ext(Ext::Deque(RefCell::new(q), maxlen)))
            }
            _ => self.not_modelled(&format!("collections.{f}")),
        }
    }

    /// The value a `defaultdict` makes for a missing key (stored under it), if `d` is one.
    pub fn dict_missing(&mut self, d: &Dict, key: &V) -> Ex<Option<V>> {
        let factory = match &d.borrow().flavor {
            Flavor::Default(f) if !f.is_none() => f.clone(),
            _ => return Ok(None),
        };
        let v = self.call_value(&factory, Vec::new(), Vec::new())?;
        self.dict_insert(&mut d.borrow_mut(), key.clone(), v.clone())?;
        Ok(Some(v))
    }

    /// The repr of an `OrderedDict` or `defaultdict` (Python 3.11's forms).
    pub fn flavored_repr(&mut self, d: &Dict) -> Option<Ex<String>> {
        let flavor = d.borrow().flavor.clone();
        let pairs = d.borrow().pairs();
        Some(match flavor {
            Flavor::Plain => return None,
            Flavor::Ordered if pairs.is_empty() => Ok("OrderedDict()".into()),
            Flavor::Ordered => {
                let items = pairs
                    .into_iter()
                    .map(|(k, v)| V::tuple(vec![k, v]))
                    .collect();
                self.repr(&V::list(items))
                    .map(|s| format!("OrderedDict({s})"))
            }
            Flavor::Default(f) => (|| {
                let f = self.repr(&f)?;
                let mut plain = d.borrow().clone();
                plain.flavor = Flavor::Plain;
                let inner = self.repr(&V::dict(plain))?;
                Ok(format!("defaultdict({f}, {inner})"))
            })(),
        })
    }

    pub fn deque_method(&mut self, e: &Rc<Ext>, name: &str, pos: Vec<V>) -> Ex<V> {
        let Ext::Deque(cell, maxlen) = &**e else {
            return Ok(V::None);
        };
        let arg = pos.first().cloned().unwrap_or(V::None);
        match name {
            "append" => push_back(&mut cell.borrow_mut(), arg, *maxlen),
            "appendleft" => push_front(&mut cell.borrow_mut(), arg, *maxlen),
            "extend" | "extendleft" => {
                for x in self.iterate(&arg)? {
                    if name == "extend" {
                        push_back(&mut cell.borrow_mut(), x, *maxlen);
                    } else {
                        push_front(&mut cell.borrow_mut(), x, *maxlen);
                    }
                }
            }
            "pop" | "popleft" => {
                let v = if name == "pop" {
                    cell.borrow_mut().pop_back()
                } else {
                    cell.borrow_mut().pop_front()
                };
                return match v {
                    Some(v) => Ok(v),
                    None => raise(self.rt, "IndexError", format!("{name} from an empty deque")),
                };
            }
            "clear" => cell.borrow_mut().clear(),
            "rotate" => {
                let n = match arg {
                    V::None => 1,
                    V::Int(n) => n,
                    _ => return raise(self.rt, "TypeError", "an integer is required"),
                };
                let mut q = cell.borrow_mut();
                if !q.is_empty() {
                    let len = q.len() as i64;
                    let k = n.rem_euclid(len) as usize;
                    q.rotate_right(k);
                }
            }
            "copy" => {
                return Ok(ext(Ext::Deque(
                    RefCell::new(cell.borrow().clone()),
                    *maxlen,
                )));
            }
            _ => {
                let items: Vec<V> = cell.borrow().iter().cloned().collect();
                return Ok(V::Int(
                    items
                        .iter()
                        .filter(|x| crate::sandbox::value::py_eq(x, &arg))
                        .count() as i64,
                ));
            }
        }
        Ok(V::None)
    }
}

fn with_flavor(d: V, flavor: Flavor) -> V {
    if let V::Dict(inner) = &d {
        inner.borrow_mut().flavor = flavor;
    }
    d
}

fn push_back(q: &mut VecDeque<V>, x: V, maxlen: Option<usize>) {
    if maxlen == Some(0) {
        return;
    }
    q.push_back(x);
    if maxlen.is_some_and(|m| q.len() > m) {
        q.pop_front();
    }
}

fn push_front(q: &mut VecDeque<V>, x: V, maxlen: Option<usize>) {
    if maxlen == Some(0) {
        return;
    }
    q.push_front(x);
    if maxlen.is_some_and(|m| q.len() > m) {
        q.pop_back();
    }
}
