//! `itertools`: the infinite iterators (`count`, `cycle`, `repeat`) and `islice` produce items
//! one at a time (`Lazy`), so `for i in count():` with a `break` and `islice(count(), n)` work;
//! the finite tools build their items at once, in CPython's order.

use super::{Ev, Ex, Ext, Kw, ext, raise};
use crate::engine::Num;
use crate::sandbox::value::V;
use std::cell::RefCell;
use std::rc::Rc;

/// An iterator whose items are made on demand.
#[derive(Debug)]
pub enum Lazy {
    Count {
        next: Num,
        step: Num,
    },
    Cycle {
        items: Vec<V>,
        i: usize,
    },
    Repeat {
        v: V,
        left: Option<i64>,
    },
    /// `islice(src, start, stop, step)`: `src` is an iterator; `skip` items are dropped before
    /// each one taken.
    Islice {
        src: V,
        skip: i64,
        step: i64,
        left: Option<i64>,
    },
}

impl Lazy {
    pub fn type_name(&self) -> &'static str {
        match self {
            Lazy::Count { .. } => "count",
            Lazy::Cycle { .. } => "cycle",
            Lazy::Repeat { .. } => "repeat",
            Lazy::Islice { .. } => "islice",
        }
    }

    pub fn repr(&self) -> String {
        let num = |n: &Num| V::from_num(*n);
        let plain = |v: &V| crate::sandbox::value::repr_plain(v).unwrap_or_default();
        match self {
            Lazy::Count {
                next,
                step: Num::Int(1),
            } => {
                format!("count({})", plain(&num(next)))
            }
            Lazy::Count { next, step } => {
                format!("count({}, {})", plain(&num(next)), plain(&num(step)))
            }
            Lazy::Repeat { v, left: Some(n) } => format!("repeat({}, {n})", plain(v)),
            Lazy::Repeat { v, left: None } => format!("repeat({})", plain(v)),
            other => format!("<itertools.{} object at 0x7f3a2c1b4040>", other.type_name()),
        }
    }
}

fn lazy(l: Lazy) -> V {
    ext(Ext::Lazy(RefCell::new(l)))
}

impl Ev<'_> {
    pub fn call_itertools(&mut self, f: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let kwarg = |name: &str| {
            kw.iter()
                .find(|(k, _)| &**k == name)
                .map(|(_, v)| v.clone())
        };
        let arg = |i: usize, name: &str| pos.get(i).cloned().or_else(|| kwarg(name));
        match f {
            "count" => {
                let start = arg(0, "start").unwrap_or(V::Int(0));
                let step = arg(1, "step").unwrap_or(V::Int(1));
                match (start.num(), step.num()) {
                    (Some(next), Some(step)) => Ok(lazy(Lazy::Count { next, step })),
                    _ => raise(self.rt, "TypeError", "a number is required"),
                }
            }
            "cycle" => {
                let items = self.iterate(pos.first().unwrap_or(&V::None))?;
                Ok(lazy(Lazy::Cycle { items, i: 0 }))
            }
            "repeat" => {
                let v = arg(0, "object").unwrap_or(V::None);
                let left = arg(1, "times").and_then(|t| t.num()).map(|n| match n {
                    Num::Int(i) => i.max(0),
                    Num::Float(_) => 0,
                });
                Ok(lazy(Lazy::Repeat { v, left }))
            }
            "islice" => self.islice(pos),
            "chain" => {
                let mut out = Vec::new();
                for p in &pos {
                    out.extend(self.iterate(p)?);
                }
                Ok(V::iter(out))
            }
            "from_iterable" => {
                let mut out = Vec::new();
                for p in self.iterate(pos.first().unwrap_or(&V::None))? {
                    out.extend(self.iterate(&p)?);
                }
                Ok(V::iter(out))
            }
            "product" => {
                let repeat = kwarg("repeat")
                    .and_then(|r| r.num())
                    .map_or(1, |n| match n {
                        Num::Int(i) => i.max(0) as usize,
                        Num::Float(_) => 1,
                    });
                let mut pools = Vec::new();
                for p in &pos {
                    pools.push(self.iterate(p)?);
                }
                let pools: Vec<Vec<V>> = (0..repeat).flat_map(|_| pools.clone()).collect();
                let mut rows: Vec<Vec<V>> = vec![Vec::new()];
                for pool in &pools {
                    let total = rows.len().saturating_mul(pool.len());
                    self.reserve_items(total.saturating_mul(pools.len()))?;
                    rows = rows
                        .iter()
                        .flat_map(|r| {
                            pool.iter().map(move |x| {
                                let mut r = r.clone();
                                r.push(x.clone());
                                r
                            })
                        })
                        .collect();
                }
                Ok(V::iter(rows.into_iter().map(V::tuple).collect()))
            }
            "accumulate" => {
                let items = self.iterate(pos.first().unwrap_or(&V::None))?;
                let func = arg(1, "func").filter(|f| !f.is_none());
                let mut acc = kwarg("initial").filter(|v| !v.is_none());
                let mut out: Vec<V> = acc.iter().cloned().collect();
                for x in items {
                    let next = match acc.take() {
                        None => x,
                        Some(a) => match &func {
                            Some(f) => self.call_value(f, vec![a, x], Vec::new())?,
                            None => self.binary(crate::sandbox::ast::BinOp::Add, a, x)?,
                        },
                    };
                    out.push(next.clone());
                    acc = Some(next);
                }
                Ok(V::iter(out))
            }
            "zip_longest" => {
                let fill = kwarg("fillvalue").unwrap_or(V::None);
                let mut cols = Vec::new();
                for p in &pos {
                    cols.push(self.iterate(p)?);
                }
                let n = cols.iter().map(Vec::len).max().unwrap_or(0);
                Ok(V::iter(
                    (0..n)
                        .map(|i| {
                            V::tuple(
                                cols.iter()
                                    .map(|c| c.get(i).cloned().unwrap_or_else(|| fill.clone()))
                                    .collect(),
                            )
                        })
                        .collect(),
                ))
            }
            "pairwise" => {
                let items = self.iterate(pos.first().unwrap_or(&V::None))?;
                Ok(V::iter(
                    items.windows(2).map(|w| V::tuple(w.to_vec())).collect(),
                ))
            }
            "permutations" | "combinations" => {
                let items = self.iterate(pos.first().unwrap_or(&V::None))?;
                let r = match arg(1, "r") {
                    Some(V::Int(r)) if r >= 0 => r as usize,
                    Some(V::None) | None if f == "permutations" => items.len(),
                    _ => return self.not_modelled(&format!("itertools.{f} without an int r")),
                };
                // Each chosen item is one level of recursion here.
                if r > 10_000 {
                    return self.not_modelled(&format!(
                        "itertools.{f} of more than 10,000 items at a time"
                    ));
                }
                let mut out = Vec::new();
                let mut picked = Vec::new();
                self.choose(&items, r, f == "permutations", &mut picked, &mut out)?;
                Ok(V::iter(out))
            }
            "starmap" => {
                let func = pos.first().cloned().unwrap_or(V::None);
                let mut out = Vec::new();
                for args in self.iterate(pos.get(1).unwrap_or(&V::None))? {
                    let args = self.iterate(&args)?;
                    out.push(self.call_value(&func, args, Vec::new())?);
                }
                Ok(V::iter(out))
            }
            "takewhile" | "dropwhile" => {
                let pred = pos.first().cloned().unwrap_or(V::None);
                let items = self.iterate(pos.get(1).unwrap_or(&V::None))?;
                let mut cut = items.len();
                for (i, x) in items.iter().enumerate() {
                    let t = self.call_value(&pred, vec![x.clone()], Vec::new())?;
                    if !self.is_true(&t)? {
                        cut = i;
                        break;
                    }
                }
                let (head, tail) = items.split_at(cut);
                Ok(V::iter(if f == "takewhile" { head } else { tail }.to_vec()))
            }
            _ => self.not_modelled(&format!("itertools.{f}")),
        }
    }

    /// Index choices for `permutations` (any order) or `combinations` (increasing), in
    /// CPython's lexicographic order of positions.
    fn choose(
        &mut self,
        items: &[V],
        r: usize,
        any_order: bool,
        picked: &mut Vec<usize>,
        out: &mut Vec<V>,
    ) -> Ex<()> {
        if picked.len() == r {
            self.tick()?;
            out.push(V::tuple(picked.iter().map(|i| items[*i].clone()).collect()));
            return Ok(());
        }
        let from = if any_order {
            0
        } else {
            picked.last().map_or(0, |l| l + 1)
        };
        for i in from..items.len() {
            if any_order && picked.contains(&i) {
                continue;
            }
            picked.push(i);
            self.choose(items, r, any_order, picked, out)?;
            picked.pop();
        }
        Ok(())
    }

    /// `islice(iterable, stop)` / `islice(iterable, start, stop[, step])`.
    fn islice(&mut self, pos: Vec<V>) -> Ex<V> {
        let src = pos.first().cloned().unwrap_or(V::None);
        let src = match &src {
            V::Iter(_) => src,
            V::Ext(e) if matches!(&**e, Ext::Lazy(_)) => src,
            _ => V::iter(self.iterate(&src)?),
        };
        let opt = |v: Option<&V>| -> Option<Option<i64>> {
            match v {
                None | Some(V::None) => Some(None),
                Some(V::Int(i)) if *i >= 0 => Some(Some(*i)),
                _ => None,
            }
        };
        let (start, stop, step) = match pos.len() {
            2 => (Some(0), opt(pos.get(1)), Some(Some(1))),
            3 | 4 => (
                opt(pos.get(1)).map(|s| s.unwrap_or(0)),
                opt(pos.get(2)),
                if pos.len() == 4 {
                    opt(pos.get(3))
                } else {
                    Some(Some(1))
                },
            ),
            _ => return raise(self.rt, "TypeError", "islice expected 2 to 4 arguments"),
        };
        let (Some(start), Some(stop), Some(step)) = (start, stop, step) else {
            return raise(
                self.rt,
                "ValueError",
                "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
            );
        };
        let step = step.unwrap_or(1);
        if step == 0 {
            return raise(
                self.rt,
                "ValueError",
                "Step for islice() must be a positive integer or None.",
            );
        }
        // Items taken: those at start, start+step, ... below stop.
        let left = stop.map(|s| {
            if s > start {
                (s - start + step - 1) / step
            } else {
                0
            }
        });
        Ok(lazy(Lazy::Islice {
            src,
            skip: start,
            step,
            left,
        }))
    }

    /// The next item of an iterator (`None` at its end).
    pub fn next_of(&mut self, it: &V) -> Ex<Option<V>> {
        match it {
            V::Iter(i) => Ok(i.borrow_mut().next()),
            V::Ext(e) if matches!(&**e, Ext::Lazy(_)) => self.lazy_next(e),
            other => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not an iterator", other.type_name()),
            ),
        }
    }

    /// The next item of a lazy iterator.
    pub fn lazy_next(&mut self, e: &Rc<Ext>) -> Ex<Option<V>> {
        let Ext::Lazy(cell) = &**e else {
            return Ok(None);
        };
        let mut l = cell.borrow_mut();
        match &mut *l {
            Lazy::Count { next, step } => {
                let v = V::from_num(*next);
                *next = next
                    .add(*step)
                    .map_err(|err| super::super::from_engine(self.rt, err))?;
                Ok(Some(v))
            }
            Lazy::Cycle { items, i } => {
                if items.is_empty() {
                    return Ok(None);
                }
                let v = items[*i % items.len()].clone();
                *i = (*i + 1) % items.len();
                Ok(Some(v))
            }
            Lazy::Repeat { v, left } => match left {
                Some(0) => Ok(None),
                Some(n) => {
                    *n -= 1;
                    Ok(Some(v.clone()))
                }
                None => Ok(Some(v.clone())),
            },
            Lazy::Islice {
                src,
                skip,
                step,
                left,
            } => {
                if *left == Some(0) {
                    return Ok(None);
                }
                let (src, n) = (src.clone(), *skip);
                *skip = *step - 1;
                if let Some(k) = left {
                    *k -= 1;
                }
                drop(l);
                for _ in 0..n {
                    self.tick()?;
                    if self.next_of(&src)?.is_none() {
                        return Ok(None);
                    }
                }
                self.next_of(&src)
            }
        }
    }
}
