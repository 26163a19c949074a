//! The set operators `|`, `&`, `-`, `^` on sets and on dict key/item views (whose results are
//! sets, as in CPython), `dict | dict`, and `zip` over lazy iterators.

use super::{Ev, Ex, Ext, ViewKind};
use crate::sandbox::ast::BinOp;
use crate::sandbox::dict::PyDict;
use crate::sandbox::value::V;

impl Ev<'_> {
    /// Whether `v` takes part in a set operator: a set or a keys/items view.
    pub fn is_view_operand(&self, v: &V) -> bool {
        match v {
            V::Set(_) => true,
            V::Ext(e) => matches!(&**e, Ext::View(ViewKind::Keys | ViewKind::Items, _)),
            _ => false,
        }
    }

    /// `a op b` for two sets (or views), or `dict | dict`.
    pub fn set_binary(&mut self, op: BinOp, a: &V, b: &V) -> Ex<V> {
        if let (V::Dict(x), V::Dict(y)) = (a, b) {
            let mut out = x.borrow().clone();
            out.flavor = crate::sandbox::dict::Flavor::Plain;
            for (k, v) in y.borrow().pairs() {
                self.dict_insert(&mut out, k, v)?;
            }
            return Ok(V::dict(out));
        }
        let xs = self.operand_items(a)?;
        let ys = self.operand_items(b)?;
        let (sx, sy) = (self.make_set(xs.clone())?, self.make_set(ys.clone())?);
        let inside = |s: &PyDict, v: &V| s.contains(v).unwrap_or(false);
        let out: Vec<V> = match op {
            BinOp::BitOr => xs.into_iter().chain(ys).collect(),
            // CPython walks the smaller set (the right one when the sizes are equal).
            BinOp::BitAnd if sy.len() <= sx.len() => {
                ys.into_iter().filter(|v| inside(&sx, v)).collect()
            }
            BinOp::BitAnd => xs.into_iter().filter(|v| inside(&sy, v)).collect(),
            BinOp::Sub => xs.into_iter().filter(|v| !inside(&sy, v)).collect(),
            _ => xs
                .into_iter()
                .filter(|v| !inside(&sy, v))
                .chain(ys.into_iter().filter(|v| !inside(&sx, v)))
                .collect(),
        };
        Ok(V::set(self.make_set(out)?))
    }

    fn operand_items(&mut self, v: &V) -> Ex<Vec<V>> {
        match v {
            V::Set(d) => Ok(d.borrow().keys().cloned().collect()),
            _ => self.iterate(v),
        }
    }

    /// The columns `zip` pairs up: finite iterables whole, and from lazy ones (which may never
    /// end) only as many items as the shortest finite one has.
    pub fn zip_columns(&mut self, pos: &[V]) -> Ex<Vec<Vec<V>>> {
        let is_lazy = |v: &V| matches!(v, V::Ext(e) if matches!(&**e, Ext::Lazy(_)));
        let mut cols: Vec<Option<Vec<V>>> = Vec::with_capacity(pos.len());
        for p in pos {
            cols.push(if is_lazy(p) {
                None
            } else {
                Some(self.iterate(p)?)
            });
        }
        let n = cols.iter().flatten().map(Vec::len).min();
        let mut out = Vec::with_capacity(pos.len());
        for (p, c) in pos.iter().zip(cols) {
            out.push(match c {
                Some(items) => items,
                None => {
                    let Some(n) = n else {
                        return self.not_modelled("zip() of only endless iterators");
                    };
                    let mut items = Vec::with_capacity(n);
                    while items.len() < n {
                        match self.next_of(p)? {
                            Some(v) => items.push(v),
                            None => break,
                        }
                    }
                    items
                }
            });
        }
        Ok(out)
    }
}
