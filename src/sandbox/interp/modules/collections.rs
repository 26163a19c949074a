//! `collections`: `OrderedDict`, `defaultdict` and `Counter` (dicts with a flavour: their
//! repr, and what a missing key gives) and `deque` (with `maxlen`). `namedtuple` is not
//! modelled and says so.

use super::{Ev, Ex, Ext, Kw, ext, raise};
use crate::sandbox::dict::Flavor;
use crate::sandbox::value::{Dict, V};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Methods only a Counter has.
pub const COUNTER_METHODS: &[&str] = &["most_common", "elements", "subtract", "total"];

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
            "Counter" => {
                let c = with_flavor(
                    V::dict(crate::sandbox::dict::PyDict::new()),
                    Flavor::Counter,
                );
                if let V::Dict(d) = &c {
                    self.counter_update(d, pos.first(), kw, 1)?;
                }
                Ok(c)
            }
            _ => self.not_modelled(&format!("collections.{f}")),
        }
    }

    /// Adds (`sign` 1) or subtracts (-1) counts: from an iterable (each item counts 1) or a
    /// mapping (its values), and from keywords.
    fn counter_update(&mut self, d: &Dict, src: Option<&V>, kw: Kw, sign: i64) -> Ex<()> {
        let mut pairs: Vec<(V, V)> = match src {
            None | Some(V::None) => Vec::new(),
            Some(m @ (V::Dict(_) | V::ParamGroup(..))) => self.dict_items(m)?,
            Some(it) => self
                .iterate(it)?
                .into_iter()
                .map(|k| (k, V::Int(1)))
                .collect(),
        };
        pairs.extend(kw.into_iter().map(|(k, v)| (V::Str(k), v)));
        for (k, n) in pairs {
            let old = d.borrow().get(&k).map(|v| v.cloned());
            let old = old.or_else(|e| self.hash_error(e))?.unwrap_or(V::Int(0));
            let n = if sign < 0 {
                self.binary(crate::sandbox::ast::BinOp::Sub, old, n)?
            } else {
                self.binary(crate::sandbox::ast::BinOp::Add, old, n)?
            };
            self.dict_insert(&mut d.borrow_mut(), k, n)?;
        }
        Ok(())
    }

    /// The Counter methods (and `update`, which adds counts); `None` for a plain dict's method.
    pub fn counter_method(&mut self, d: &Dict, name: &str, pos: &[V], kw: &Kw) -> Option<Ex<V>> {
        if !matches!(d.borrow().flavor, Flavor::Counter) {
            return None;
        }
        Some(match name {
            "update" | "subtract" => {
                let sign = if name == "update" { 1 } else { -1 };
                self.counter_update(d, pos.first(), kw.clone(), sign)
                    .map(|()| V::None)
            }
            "most_common" => (|| {
                let mut pairs = self.counter_sorted(d)?;
                if let Some(V::Int(n)) = pos.first() {
                    pairs.truncate((*n).max(0) as usize);
                }
                Ok(V::list(
                    pairs
                        .into_iter()
                        .map(|(k, v)| V::tuple(vec![k, v]))
                        .collect(),
                ))
            })(),
            "elements" => {
                let pairs = d.borrow().pairs();
                let mut out = Vec::new();
                for (k, n) in pairs {
                    if let V::Int(n) = n {
                        out.extend(std::iter::repeat_n(k, n.max(0) as usize));
                    }
                }
                Ok(V::iter(out))
            }
            "total" => {
                let values: Vec<V> = d.borrow().iter().map(|(_, v)| v.clone()).collect();
                values.into_iter().try_fold(V::Int(0), |acc, v| {
                    self.binary(crate::sandbox::ast::BinOp::Add, acc, v)
                })
            }
            _ => return None,
        })
    }

    /// The pairs by count, largest first (ties in insertion order), as `most_common` sorts.
    fn counter_sorted(&mut self, d: &Dict) -> Ex<Vec<(V, V)>> {
        let pairs = d.borrow().pairs();
        let mut keyed = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            keyed.push((k, v));
        }
        let mut err = None;
        let mut out = keyed;
        // Stable sort by descending count; counts that do not compare keep their order.
        out.sort_by(|a, b| match (b.1.num(), a.1.num()) {
            (Some(x), Some(y)) => x.cmp(y).unwrap_or(std::cmp::Ordering::Equal),
            _ => {
                err = Some(());
                std::cmp::Ordering::Equal
            }
        });
        if err.is_some() {
            return self.not_modelled("a Counter whose counts are not numbers");
        }
        Ok(out)
    }

    /// The value a `defaultdict` makes for a missing key (stored under it), if `d` is one;
    /// a Counter's missing key counts 0 (and is not stored).
    pub fn dict_missing(&mut self, d: &Dict, key: &V) -> Ex<Option<V>> {
        if matches!(d.borrow().flavor, Flavor::Counter) {
            return Ok(Some(V::Int(0)));
        }
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
            Flavor::Counter if pairs.is_empty() => Ok("Counter()".into()),
            Flavor::Counter => (|| {
                let sorted = self.counter_sorted(d)?;
                let plain = crate::sandbox::dict::PyDict::from_pairs(sorted).unwrap_or_default();
                let inner = self.repr(&V::dict(plain))?;
                Ok(format!("Counter({inner})"))
            })(),
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

pub fn with_flavor(d: V, flavor: Flavor) -> V {
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
