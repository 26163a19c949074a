//! Checkpoints and scheduler attributes as Python objects: `state_dict()` and
//! `load_state_dict()` of schedulers and optimizers (changing the caller's dict exactly where
//! PyTorch does), and the list attributes a learner holds on to.
//!
//! In PyTorch a scheduler's `min_lrs` or `base_lrs` *is* a list object: a learner who reads it
//! and appends to it, or who loads a state dict and then edits the dict's list, changes the
//! schedule. The engine keeps plain numbers, so the sandbox remembers the list objects it handed
//! out ([`LiveAttrs`]) and, before the engine next uses a scheduler, writes any edit back.

use super::{Ev, Ex, raise};
use crate::engine::{Num, OptId, ParamGroup, SchedId, Value, popped_key};
use crate::sandbox::dict::PyDict;
use crate::sandbox::value::V;
use std::rc::Rc;

/// The attribute objects (lists, Counters) the learner may hold, by scheduler and name. Empty in
/// almost every run, so the checks before each step cost one length test.
#[derive(Debug, Default)]
pub struct LiveAttrs {
    entries: Vec<(SchedId, Rc<str>, V)>,
}

impl LiveAttrs {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn get(&self, id: SchedId, name: &str) -> Option<V> {
        self.entries
            .iter()
            .find(|(i, n, _)| *i == id && &**n == name)
            .map(|e| e.2.clone())
    }

    fn put(&mut self, id: SchedId, name: &str, v: V) {
        match self
            .entries
            .iter_mut()
            .find(|(i, n, _)| *i == id && &**n == name)
        {
            Some(e) => e.2 = v,
            None => self.entries.push((id, Rc::from(name), v)),
        }
    }

    fn remove(&mut self, id: SchedId, name: &str) {
        self.entries.retain(|(i, n, _)| !(*i == id && &**n == name));
    }

    /// Lets go of every object (the run is over; lists may hold themselves).
    pub fn take(&mut self) -> Vec<V> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|e| e.2)
            .collect()
    }
}

/// Whether an attribute value is an object PyTorch keeps (and the learner may mutate): lists and
/// Counters. `_last_lr` is replaced on every step and the composites' `_schedulers` and the
/// lambdas are not data, so those are not tracked.
fn is_live(name: &str, v: &V) -> bool {
    (matches!(v, V::List(_)) || is_counter(v))
        && !matches!(name, "_last_lr" | "_schedulers" | "lr_lambdas")
}

/// A `collections.Counter` (what MultiStepLR's milestones read as).
fn is_counter(v: &V) -> bool {
    matches!(v, V::Dict(d) if matches!(d.borrow().flavor, crate::sandbox::dict::Flavor::Counter))
}

/// Whether a learner's list holds exactly the engine's numbers (same types, same bits).
fn same_nums(items: &[V], nums: &[Num]) -> bool {
    items.len() == nums.len()
        && items.iter().zip(nums).all(|(v, n)| match (v, n) {
            (V::Int(a), Num::Int(b)) => a == b,
            (V::Float(a), Num::Float(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        })
}

impl Ev<'_> {
    /// Writes learner edits of the live lists into the engine, before it uses a scheduler.
    #[inline]
    pub(super) fn sync_live(&mut self) -> Ex<()> {
        // Most programs never hold a scheduler's list: the check stays in the caller's loop.
        if self.rt.live.is_empty() {
            return Ok(());
        }
        self.sync_held()
    }

    #[inline(never)]
    fn sync_held(&mut self) -> Ex<()> {
        for (id, name, v) in self.rt.live.entries.clone() {
            if is_counter(&v) {
                self.sync_counter(id, &name, &v)?;
                continue;
            }
            let V::List(l) = &v else { continue };
            let same = match self.engine()?.list_attr(id, &name) {
                // OneCycleLR's phases are dicts the learner may edit in place: written back
                // whole (a few entries, and only once the learner has held them).
                None if &*name == "_schedule_phases" => false,
                None => continue,
                Some(nums) => same_nums(&l.borrow(), nums),
            };
            if !same {
                let ev = super::call::to_engine_value(self.rt, &v);
                let r = self.engine()?.set_attr(id, &name, ev);
                r.map_err(|e| super::from_engine(self.rt, e))?;
            }
        }
        Ok(())
    }

    /// A Counter the learner holds (`scheduler.milestones[40] = 1`) written into the engine
    /// when it changed.
    fn sync_counter(&mut self, id: SchedId, name: &str, v: &V) -> Ex<()> {
        let Value::Counter(mine) = super::call::to_engine_value(self.rt, v) else {
            return Ok(());
        };
        let same = match self.engine()?.attr(id, name) {
            Ok(Value::Counter(theirs)) => {
                mine.len() == theirs.len()
                    && mine
                        .iter()
                        .zip(&theirs)
                        .all(|((a, n), (b, m))| a.eq(*b) && n == m)
            }
            _ => true,
        };
        if !same {
            let r = self.engine()?.set_attr(id, name, Value::Counter(mine));
            r.map_err(|e| super::from_engine(self.rt, e))?;
        }
        Ok(())
    }

    /// After a step: a list the engine replaced (ReduceLROnPlateau rebuilds `min_lrs` when the
    /// number of groups changed) is no longer the attribute, as in Python.
    #[inline]
    pub(super) fn prune_live(&mut self) -> Ex<()> {
        if self.rt.live.is_empty() {
            return Ok(());
        }
        self.prune_held()
    }

    #[inline(never)]
    fn prune_held(&mut self) -> Ex<()> {
        for (id, name, v) in self.rt.live.entries.clone() {
            let V::List(l) = &v else { continue };
            if let Some(nums) = self.engine()?.list_attr(id, &name)
                && !same_nums(&l.borrow(), nums)
            {
                self.rt.live.remove(id, &name);
            }
        }
        Ok(())
    }

    /// `scheduler.<name>`: the object handed out before, else the engine's value (remembered when
    /// it is a list or a Counter, so the next read is the same object).
    pub(super) fn scheduler_data_attr(&mut self, id: SchedId, name: &str) -> Ex<V> {
        self.sync_live()?;
        if let Some(v) = self.rt.live.get(id, name) {
            return Ok(v);
        }
        let r = self.engine()?.attr(id, name);
        let v = match r {
            Ok(v) => self.engine_value(&v),
            Err(e) => return Err(super::from_engine(self.rt, e)),
        };
        if is_live(name, &v) {
            self.rt.live.put(id, name, v.clone());
        }
        Ok(v)
    }

    /// `scheduler.<name> = value`: the engine takes the numbers, the sandbox keeps the object.
    pub(super) fn scheduler_set_attr(&mut self, id: SchedId, name: &str, v: V) -> Ex<()> {
        self.sync_live()?;
        let ev = super::call::to_engine_value(self.rt, &v);
        let r = self.engine()?.set_attr(id, name, ev);
        r.map_err(|e| super::from_engine(self.rt, e))?;
        if is_live(name, &v) {
            self.rt.live.put(id, name, v);
        } else {
            self.rt.live.remove(id, name);
        }
        Ok(())
    }

    /// `scheduler.state_dict()`: a new dict whose lists are the scheduler's own list objects (a
    /// shallow copy of `__dict__`, as in PyTorch); the composites' children as their own dicts.
    pub(super) fn scheduler_state_dict(&mut self, id: SchedId) -> Ex<V> {
        self.sync_live()?;
        let Value::Dict(items) = self.engine()?.state_dict(id) else {
            return Ok(V::dict(PyDict::new()));
        };
        let children = self.engine()?.scheduler(id).children().to_vec();
        let mut out = Vec::with_capacity(items.len());
        for (k, v) in items {
            let Value::Str(name) = k else { continue };
            let value = if name == "_schedulers" {
                let mut dicts = Vec::with_capacity(children.len());
                for c in &children {
                    dicts.push(self.scheduler_state_dict(*c)?);
                }
                V::list(dicts)
            } else if name == "lr_lambdas" {
                self.saved_lambdas(id)?
            } else if let Some(live) = self.rt.live.get(id, &name) {
                live
            } else {
                let value = self.engine_value(&v);
                if is_live(&name, &value) {
                    self.rt.live.put(id, &name, value.clone());
                }
                value
            };
            out.push((V::str(&name), value));
        }
        Ok(V::dict_of(out))
    }

    /// `scheduler.load_state_dict(sd)`: PyTorch's `__dict__.update(sd)` with each class's popped
    /// key (put back at the end for LambdaLR and the composites, gone for CyclicLR), then the
    /// children of SequentialLR / ChainedScheduler from the saved `_schedulers` list.
    pub(super) fn scheduler_load_state_dict(&mut self, id: SchedId, sd: &V) -> Ex<()> {
        self.sync_live()?;
        let class = self.engine()?.scheduler(id).class;
        let popped = popped_key(class);
        let V::Dict(d) = sd else {
            return match popped {
                Some(_) => raise(
                    self.rt,
                    "AttributeError",
                    format!("'{}' object has no attribute 'pop'", sd.type_name()),
                ),
                // `__dict__.update(x)` of a number or None: Python's own TypeError.
                None if matches!(sd, V::None | V::Bool(_) | V::Int(_) | V::Float(_)) => raise(
                    self.rt,
                    "TypeError",
                    format!("'{}' object is not iterable", sd.type_name()),
                ),
                None => raise(
                    self.rt,
                    "SandboxError",
                    format!(
                        "lrtutor's load_state_dict takes a dict (a state_dict()), not {}",
                        sd.type_name()
                    ),
                ),
            };
        };
        let taken = match popped {
            Some(p) => {
                let removed = d.borrow_mut().remove(&V::str(p.key));
                match removed {
                    Ok(Some((_, v))) => Some((p, v)),
                    _ => return raise(self.rt, "KeyError", format!("'{}'", p.key)),
                }
            }
            None => None,
        };
        let pairs = d.borrow().pairs();
        let mut entries = Vec::with_capacity(pairs.len());
        for (k, v) in &pairs {
            if let V::Str(name) = k {
                entries.push((name.to_string(), super::call::to_engine_value(self.rt, v)));
            }
        }
        let r = self.engine()?.load_state(id, entries);
        r.map_err(|e| super::from_engine(self.rt, e))?;
        for (k, v) in pairs {
            if let V::Str(name) = k {
                if is_live(&name, &v) {
                    self.rt.live.put(id, &name, v);
                } else {
                    self.rt.live.remove(id, &name);
                }
            }
        }
        let Some((p, value)) = taken else {
            return Ok(());
        };
        if p.put_back {
            let r = d.borrow_mut().insert(V::str(p.key), value.clone());
            if let Err(e) = r {
                return self.hash_error(e);
            }
        }
        if p.key == "lr_lambdas" {
            return self.restore_lambdas(id, &value);
        }
        if p.key == "_schedulers" {
            let children = self.engine()?.scheduler(id).children().to_vec();
            for (i, child_sd) in self.iterate(&value)?.iter().enumerate() {
                let Some(child) = children.get(i) else {
                    return raise(self.rt, "IndexError", "list index out of range");
                };
                self.scheduler_load_state_dict(*child, child_sd)?;
            }
        }
        Ok(())
    }

    /// LambdaLR's and MultiplicativeLR's saved `lr_lambdas`: None for a function, a copy of
    /// the attributes of any other callable (a callable object's state, a partial's empty
    /// `__dict__`), as PyTorch saves them.
    fn saved_lambdas(&mut self, id: SchedId) -> Ex<V> {
        let Value::List(fs) = self.engine()?.attr(id, "lr_lambdas").unwrap_or(Value::None) else {
            return Ok(V::list(Vec::new()));
        };
        let mut out = Vec::with_capacity(fs.len());
        for f in &fs {
            let f = self.engine_value(f);
            out.push(self.saved_lambda(&f)?);
        }
        Ok(V::list(out))
    }

    /// One saved `lr_lambdas` entry (see [`Self::saved_lambdas`]).
    pub(super) fn saved_lambda(&mut self, f: &V) -> Ex<V> {
        match f {
            V::Instance(i) => Ok(V::dict(i.dict.borrow().clone())),
            V::Func(_) | V::None => Ok(V::None),
            other => self.callable_dict(other),
        }
    }

    /// `f.__dict__` of a callable other than a function or an instance: empty for a partial
    /// and for a bound method (whose function has no attributes here); anything else is not
    /// modelled.
    fn callable_dict(&mut self, f: &V) -> Ex<V> {
        match f {
            V::Ext(e) if matches!(&**e, super::modules::Ext::Partial { .. }) => {
                Ok(V::dict(PyDict::new()))
            }
            V::Bound(_) => Ok(V::dict(PyDict::new())),
            _ => raise(
                self.rt,
                "SandboxError",
                format!(
                    "lrtutor's sandbox does not model the attributes of a {} saved in lr_lambdas",
                    f.type_name()
                ),
            ),
        }
    }

    /// After a load: each saved attribute dict updates the attributes of the callable at its
    /// place (PyTorch's `fn.__dict__.update(saved)`); None entries leave theirs alone.
    fn restore_lambdas(&mut self, id: SchedId, saved: &V) -> Ex<()> {
        let Value::List(fs) = self.engine()?.attr(id, "lr_lambdas").unwrap_or(Value::None) else {
            return Ok(());
        };
        for (i, entry) in self.iterate(saved)?.into_iter().enumerate() {
            if matches!(entry, V::None) {
                continue;
            }
            let Some(f) = fs.get(i) else {
                return raise(self.rt, "IndexError", "list index out of range");
            };
            let V::Dict(d) = &entry else {
                return raise(
                    self.rt,
                    "SandboxError",
                    format!(
                        "lrtutor's load_state_dict restores lr_lambdas entries that are dicts, not {}",
                        entry.type_name()
                    ),
                );
            };
            match self.engine_value(f) {
                V::Instance(inst) => {
                    for (k, v) in d.borrow().pairs() {
                        let r = inst.dict.borrow_mut().insert(k, v);
                        r.or_else(|e| self.hash_error(e))?;
                    }
                }
                other if d.borrow().is_empty() => drop(other),
                other => {
                    return raise(
                        self.rt,
                        "SandboxError",
                        format!(
                            "lrtutor's sandbox does not set attributes on a {} (restoring lr_lambdas)",
                            other.type_name()
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// `optimizer.state`: empty until PyTorch would hold per-parameter state (a step with
    /// gradients by an optimizer that keeps some, or Adagrad from the start), then a value
    /// that says it is not modelled when looked into.
    pub(super) fn optimizer_state(&mut self, id: OptId) -> Ex<V> {
        let adagrad = self.engine()?.optimizer(id).kind.name == "Adagrad";
        if adagrad || self.rt.stateful.contains(&id) {
            return Ok(super::modules::ext(super::modules::Ext::Unmodelled(
                "the optimizer's per-parameter state (momentum buffers, Adam moments, step counts)",
            )));
        }
        Ok(V::dict(PyDict::new()))
    }

    /// After `optimizer.step()`: with gradients, an optimizer with momentum or moments now
    /// holds state (plain SGD keeps none).
    #[inline]
    pub(super) fn note_state(&mut self, id: OptId) -> Ex<()> {
        // Most loops in lessons never call backward(): the check stays in the step's path.
        if !self.rt.grads || self.rt.stateful.contains(&id) {
            return Ok(());
        }
        self.note_new_state(id)
    }

    #[inline(never)]
    fn note_new_state(&mut self, id: OptId) -> Ex<()> {
        let o = self.engine()?.optimizer(id);
        let keeps = match o.kind.name {
            "SGD" => o.groups.iter().any(|g| match g.get("momentum") {
                Some(Value::Int(m)) => *m != 0,
                Some(Value::Float(m)) => *m != 0.0,
                _ => false,
            }),
            _ => true,
        };
        if keeps {
            self.rt.stateful.push(id);
        }
        Ok(())
    }

    /// `optimizer.state_dict()`: `state` (empty: the sandbox keeps no per-parameter state) and
    /// each group's entries with `params` last, as parameter indices.
    pub(super) fn optimizer_state_dict(&mut self, id: OptId) -> Ex<V> {
        let groups = self.engine()?.optimizer(id).groups.clone();
        let mut next = 0;
        let mut out = Vec::with_capacity(groups.len());
        for g in &groups {
            let mut items = Vec::new();
            let mut params = None;
            for (k, v) in g.entries() {
                match v {
                    Value::Params(n) if k == "params" => {
                        params = Some(V::list((next..next + *n as i64).map(V::Int).collect()));
                        next += *n as i64;
                    }
                    _ => items.push((V::str(k), super::call::from_engine_value(v))),
                }
            }
            items.extend(params.map(|p| (V::str("params"), p)));
            out.push(V::dict_of(items));
        }
        Ok(V::dict_of(vec![
            (V::str("state"), self.optimizer_state(id)?),
            (V::str("param_groups"), V::list(out)),
        ]))
    }

    /// `optimizer.load_state_dict(sd)`: each group becomes the saved group (its keys, in its
    /// order) with this optimizer's parameters, after PyTorch's checks on the group counts.
    pub(super) fn optimizer_load_state_dict(&mut self, id: OptId, sd: &V) -> Ex<()> {
        let saved = self.get_item(sd, &V::str("param_groups"))?;
        let saved = self.iterate(&saved)?;
        let current = self.engine()?.optimizer(id).groups.clone();
        if saved.len() != current.len() {
            return raise(
                self.rt,
                "ValueError",
                "loaded state dict has a different number of parameter groups",
            );
        }
        let mut sizes = Vec::with_capacity(saved.len());
        for g in &saved {
            let params = self.get_item(g, &V::str("params"))?;
            sizes.push(self.iterate(&params)?.len());
        }
        let params_of = |g: &ParamGroup| match g.get("params") {
            Some(Value::Params(n)) => *n,
            _ => 0,
        };
        if current.iter().zip(&sizes).any(|(g, n)| params_of(g) != *n) {
            return raise(
                self.rt,
                "ValueError",
                "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
            );
        }
        // Saved state the sandbox did not model stays with the optimizer it is loaded into.
        let state = self.get_item(sd, &V::str("state"))?;
        if let V::Ext(e) = &state
            && matches!(&**e, super::modules::Ext::Unmodelled(_))
            && !self.rt.stateful.contains(&id)
        {
            self.rt.stateful.push(id);
        }
        let mut groups = Vec::with_capacity(saved.len());
        for (g, cur) in saved.iter().zip(&current) {
            let mut pairs = Vec::new();
            for (k, v) in self.dict_items(g)? {
                let V::Str(key) = k else { continue };
                let value = if &*key == "params" {
                    Value::Params(params_of(cur))
                } else {
                    super::call::to_engine_value(self.rt, &v)
                };
                pairs.push((key.to_string(), value));
            }
            groups.push(ParamGroup::new(pairs));
        }
        self.engine()?.optimizer_mut(id).groups = groups;
        Ok(())
    }
}
