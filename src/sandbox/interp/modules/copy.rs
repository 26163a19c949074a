//! `copy.copy` and `copy.deepcopy` of the values a snippet holds: containers (a shared inner
//! object is copied once, as CPython's memo does), namespaces, deques, and the opaque tensors
//! and modules (a copy of a model has parameters of its own). Optimizers and schedulers live in
//! the engine and are not copied: that is named, not imitated.

use super::{Ev, Ex, Ext, ext};
use crate::sandbox::value::{NnModule, V};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Nesting past which a deep copy stops with RecursionError (CPython's deepcopy recurses too).
const MAX_DEPTH: usize = 900;

impl Ev<'_> {
    pub fn call_copy(&mut self, f: &str, pos: Vec<V>) -> Ex<V> {
        let Some(v) = pos.into_iter().next() else {
            return super::raise(
                self.rt,
                "TypeError",
                format!("{f}() missing 1 required positional argument: 'x'"),
            );
        };
        match f {
            "copy" => self.shallow_copy(&v),
            _ => {
                let mut memo = HashMap::new();
                self.deep_copy(&v, &mut memo, 0)
            }
        }
    }

    fn shallow_copy(&mut self, v: &V) -> Ex<V> {
        Ok(match v {
            V::List(l) => V::list(l.borrow().to_vec()),
            V::Dict(d) => V::dict(d.borrow().clone()),
            V::Set(d) => V::set(d.borrow().clone()),
            V::ParamGroup(..) => V::dict_of(self.dict_items(v)?),
            V::Ext(e) => match &**e {
                Ext::Namespace(d) => ext(Ext::Namespace(Rc::new(RefCell::new(d.borrow().clone())))),
                Ext::Deque(items, maxlen) => {
                    ext(Ext::Deque(RefCell::new(items.borrow().clone()), *maxlen))
                }
                _ => v.clone(),
            },
            V::Optimizer(_) | V::Scheduler(_) | V::ParamGroups(_) => return self.engine_copy(v),
            _ => v.clone(),
        })
    }

    fn engine_copy<T>(&mut self, v: &V) -> Ex<T> {
        let kind = self.type_of(v);
        let what = format!("copying {kind} (it lives in lrtutor's scheduler engine)");
        self.not_modelled(&what)
    }

    fn deep_copy(&mut self, v: &V, memo: &mut HashMap<usize, V>, depth: usize) -> Ex<V> {
        if depth > MAX_DEPTH {
            return super::raise(
                self.rt,
                "RecursionError",
                "maximum recursion depth exceeded",
            );
        }
        let key = identity(v);
        if let Some(k) = key
            && let Some(done) = memo.get(&k)
        {
            return Ok(done.clone());
        }
        self.tick()?;
        let out = match v {
            V::List(l) => {
                let new = V::list(Vec::new());
                if let Some(k) = key {
                    memo.insert(k, new.clone());
                }
                let items = l.borrow().to_vec();
                let mut copied = Vec::with_capacity(items.len());
                for it in &items {
                    copied.push(self.deep_copy(it, memo, depth + 1)?);
                }
                if let V::List(nl) = &new {
                    nl.borrow_mut().0 = copied;
                }
                return Ok(new);
            }
            V::Tuple(t) => {
                let mut copied = Vec::with_capacity(t.len());
                for it in t.iter() {
                    copied.push(self.deep_copy(it, memo, depth + 1)?);
                }
                V::tuple(copied)
            }
            V::Dict(d) => {
                let mut nd = d.borrow().clone();
                nd.clear();
                let new = V::dict(nd);
                if let Some(k) = key {
                    memo.insert(k, new.clone());
                }
                let pairs = d.borrow().pairs();
                for (k, x) in pairs {
                    let k = self.deep_copy(&k, memo, depth + 1)?;
                    let x = self.deep_copy(&x, memo, depth + 1)?;
                    if let V::Dict(nd) = &new {
                        self.dict_insert(&mut nd.borrow_mut(), k, x)?;
                    }
                }
                return Ok(new);
            }
            V::Set(_) => self.shallow_copy(v)?,
            V::ParamGroup(..) => {
                let pairs = self.dict_items(v)?;
                let d = V::dict_of(pairs);
                self.deep_copy(&d, memo, depth)?
            }
            V::Tensor(t) => V::Tensor(Rc::new((**t).clone())),
            V::NnModule(m) => V::NnModule(Rc::new(copy_module(m))),
            V::Ext(e) => match &**e {
                Ext::Namespace(d) => {
                    let inner = self.deep_copy(&V::Dict(d.clone()), memo, depth + 1)?;
                    match inner {
                        V::Dict(nd) => ext(Ext::Namespace(nd)),
                        _ => v.clone(),
                    }
                }
                Ext::Deque(items, maxlen) => {
                    let items: Vec<V> = items.borrow().iter().cloned().collect();
                    let mut copied = std::collections::VecDeque::new();
                    for it in &items {
                        copied.push_back(self.deep_copy(it, memo, depth + 1)?);
                    }
                    ext(Ext::Deque(RefCell::new(copied), *maxlen))
                }
                Ext::Random(g) => ext(Ext::Random(RefCell::new(g.borrow().clone()))),
                _ => v.clone(),
            },
            V::Optimizer(_) | V::Scheduler(_) | V::ParamGroups(_) => return self.engine_copy(v),
            _ => v.clone(),
        };
        if let Some(k) = key {
            memo.insert(k, out.clone());
        }
        Ok(out)
    }
}

/// A model with parameters of its own (same shapes), children copied too.
fn copy_module(m: &NnModule) -> NnModule {
    let mut out = m.clone();
    out.params = m
        .params
        .iter()
        .map(|(n, t)| (n.clone(), Rc::new((**t).clone())))
        .collect();
    out.children = m.children.iter().map(|c| Rc::new(copy_module(c))).collect();
    out
}

/// The address that identifies a mutable container (what deepcopy's memo is keyed by).
fn identity(v: &V) -> Option<usize> {
    match v {
        V::List(l) => Some(Rc::as_ptr(l).cast::<()>() as usize),
        V::Dict(d) => Some(Rc::as_ptr(d).cast::<()>() as usize),
        V::Tuple(t) => Some(Rc::as_ptr(t).cast::<()>() as usize),
        V::Ext(e) => Some(Rc::as_ptr(e).cast::<()>() as usize),
        _ => None,
    }
}
