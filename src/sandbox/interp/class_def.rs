//! The `class` statement: the bases and their method resolution order (C3, with at most one
//! built-in scheduler or `nn.Module` at the root), the body run in a scope of its own whose names
//! become the namespace, and the special methods the sandbox refuses to ignore.

use super::classes::is_scheduler_class;
use super::{Ev, Ex, Unwind, raise};
use crate::sandbox::ast::{ClassDef, Name};
use crate::sandbox::class::{ClassObj, Descriptor};
use crate::sandbox::dict::PyDict;
use crate::sandbox::value::V;
use std::cell::RefCell;
use std::rc::Rc;

/// Special methods a snippet's class may define; any other `__dunder__` is refused, since the
/// sandbox would silently ignore it (operators, containers, context managers, attribute hooks).
const MODELLED_DUNDERS: &[&str] = &["__init__", "__call__", "__repr__", "__str__"];

/// Built-in schedulers whose subclasses the sandbox does not run (they step other schedulers, or
/// keep state the engine sets after the base `__init__`).
const UNSUBCLASSABLE: &[&str] = &[
    "SequentialLR",
    "ChainedScheduler",
    "ReduceLROnPlateau",
    "CyclicLR",
];

impl Ev<'_> {
    /// Runs a `class` statement: evaluates the bases, runs the body in a scope of its own, and
    /// binds the new class.
    pub fn exec_class(&mut self, name: Name, def: &Rc<ClassDef>) -> Ex<()> {
        let mut bases = Vec::with_capacity(def.bases.len());
        for b in &def.bases {
            bases.push(self.eval(b)?);
        }
        let (parents, builtin) = self.linearize(&def.name, &bases)?;
        let attrs = self.run_class_body(def)?;
        self.rt.line = def.line;
        self.check_dunders(&attrs, def.line)?;
        let class = Rc::new(ClassObj {
            name: def.name.clone(),
            qualname: def.body.qualname.clone(),
            bases,
            parents,
            builtin,
            attrs: RefCell::new(attrs),
        });
        for (_, v) in class.attrs.borrow().iter() {
            set_owner(v, &class);
        }
        self.store(name, V::UserClass(class))
    }

    /// The body's locals, in slot order, become the namespace.
    fn run_class_body(&mut self, def: &ClassDef) -> Ex<PyDict> {
        let body = &def.body;
        let frame = Rc::new(RefCell::new(vec![None; body.locals.len()]));
        let mut env = Vec::with_capacity(self.env.len() + 1);
        env.extend(self.frame.clone());
        env.extend(self.env.iter().cloned());
        let caller_line = self.rt.line;
        let saved = (
            self.frame.replace(frame.clone()),
            std::mem::replace(&mut self.env, env),
            std::mem::replace(&mut self.rt.func, def.name.clone()),
        );
        let r = self.exec_block(&body.body);
        (self.frame, self.env, self.rt.func) = saved;
        self.rt.line = caller_line;
        match r {
            Ok(()) => {}
            Err(Unwind::Raise(mut r)) => {
                r.frames.insert(0, (self.rt.func.clone(), caller_line));
                return Err(Unwind::Raise(r));
            }
            Err(other) => return Err(other),
        }
        self.rt.note_captured(&frame);
        let mut attrs = PyDict::new();
        let slots = frame.borrow();
        for (sym, v) in body.locals.iter().zip(slots.iter()) {
            if let Some(v) = v {
                let key = V::Str(Rc::from(self.rt.sym_name(*sym)));
                let _ = attrs.insert(key, v.clone());
            }
        }
        Ok(attrs)
    }

    fn check_dunders(&mut self, attrs: &PyDict, line: u32) -> Ex<()> {
        for (k, _) in attrs.iter() {
            if let V::Str(k) = k
                && k.starts_with("__")
                && k.ends_with("__")
                && !MODELLED_DUNDERS.contains(&&**k)
            {
                let msg = format!(
                    "defining {k} in a class is not supported in lrtutor's sandbox (line {line}): its classes model __init__, __call__, __repr__ and __str__, not operators, __slots__ or other special methods"
                );
                return raise(self.rt, "SandboxError", msg);
            }
        }
        Ok(())
    }

    /// The method resolution order after the new class (C3 over the snippet's classes) and the
    /// built-in scheduler at its root.
    fn linearize(
        &mut self,
        name: &str,
        bases: &[V],
    ) -> Ex<(Vec<Rc<ClassObj>>, Option<&'static str>)> {
        let mut user = Vec::new();
        let mut builtin: Option<&'static str> = None;
        for b in bases {
            let root = match b {
                V::UserClass(c) => {
                    user.push(c.clone());
                    c.builtin
                }
                V::Class("object") => None,
                V::Class(n) if is_scheduler_class(n) && !UNSUBCLASSABLE.contains(n) => Some(*n),
                V::Class("Module") => Some("Module"),
                other => {
                    let what = match other {
                        V::Class(n) => n.to_string(),
                        v => format!("a {} value", v.type_name()),
                    };
                    let msg = format!(
                        "class {name} extends {what}, which lrtutor's sandbox does not support (line {}): a class can extend object, the snippet's own classes, torch.nn.Module and the schedulers of torch.optim.lr_scheduler except SequentialLR, ChainedScheduler, ReduceLROnPlateau and CyclicLR",
                        self.rt.line
                    );
                    return raise(self.rt, "SandboxError", msg);
                }
            };
            match (builtin, root) {
                (Some(a), Some(b)) if a != b => {
                    let msg = format!(
                        "class {name} extends both {a} and {b}: lrtutor's sandbox runs a class with one built-in scheduler at its root (line {})",
                        self.rt.line
                    );
                    return raise(self.rt, "SandboxError", msg);
                }
                (None, Some(b)) => builtin = Some(b),
                _ => {}
            }
        }
        // C3 compares every pair of classes in the bases' MROs: charge that work, so a hostile
        // hierarchy cannot run unmetered.
        let size: u64 = user.iter().map(|c| c.parents.len() as u64 + 1).sum();
        let work = if user.len() <= 1 {
            size
        } else {
            size.saturating_mul(size)
        };
        self.charge(work)?;
        match c3(&user) {
            Some(mro) => Ok((mro, builtin)),
            None => {
                let names: Vec<&str> = user.iter().map(|c| &*c.name).collect();
                raise(
                    self.rt,
                    "TypeError",
                    format!(
                        "Cannot create a consistent method resolution order (MRO) for bases {}",
                        names.join(", ")
                    ),
                )
            }
        }
    }
}

/// Records the class whose body defined a function, for its zero-argument `super()`.
fn set_owner(v: &V, class: &Rc<ClassObj>) {
    let mark = |f: &V| {
        if let V::Func(c) = f {
            *c.owner.borrow_mut() = Some(Rc::downgrade(class));
        }
    };
    match v {
        V::Func(_) => mark(v),
        V::Descriptor(d) => match &**d {
            Descriptor::Static(f) | Descriptor::ClassMethod(f) => mark(f),
            Descriptor::Property(g, s) => {
                mark(g);
                if let Some(s) = s {
                    mark(s);
                }
            }
        },
        _ => {}
    }
}

/// C3 linearisation of the snippet classes among the bases (None when it has no consistent
/// order, as CPython refuses).
fn c3(bases: &[Rc<ClassObj>]) -> Option<Vec<Rc<ClassObj>>> {
    // One base: its MRO, after it.
    if let [base] = bases {
        return Some(
            std::iter::once(base.clone())
                .chain(base.parents.iter().cloned())
                .collect(),
        );
    }
    let mut seqs: Vec<Vec<Rc<ClassObj>>> = bases
        .iter()
        .map(|b| {
            std::iter::once(b.clone())
                .chain(b.parents.iter().cloned())
                .collect()
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<ClassObj>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|h| !seqs.iter().any(|s| s[1..].iter().any(|x| Rc::ptr_eq(x, h))))?;
        for s in &mut seqs {
            if Rc::ptr_eq(&s[0], &head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}
