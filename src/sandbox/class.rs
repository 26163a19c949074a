//! Classes a snippet defines: the class object (namespace, method resolution order, the
//! built-in scheduler it may extend), its instances, and the descriptors the sandbox models
//! (`staticmethod`, `classmethod`, `property`). The behaviour lives in `interp/classes.rs`.

use super::dict::PyDict;
use super::value::{Dict, V};
use crate::engine::SchedId;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A class made by a `class` statement.
#[derive(Debug)]
pub struct ClassObj {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    /// The direct bases as written (snippet classes and built-in classes).
    pub bases: Vec<V>,
    /// The method resolution order after this class: snippet classes only (C3).
    pub parents: Vec<Rc<ClassObj>>,
    /// The built-in class at the root of the hierarchy (`StepLR`, `LRScheduler`, `_LRScheduler`),
    /// if any: its methods come after every snippet class's, and its state lives in the engine.
    pub builtin: Option<&'static str>,
    /// The class namespace, in definition order (`Cls.attr = v` adds to it).
    pub attrs: RefCell<PyDict>,
}

impl ClassObj {
    /// `attr` in this class or a parent (not the built-in root), in MRO order.
    pub fn lookup(&self, attr: &str) -> Option<V> {
        let key = V::str(attr);
        if let Ok(Some(v)) = self.attrs.borrow().get(&key) {
            return Some(v.clone());
        }
        self.parents
            .iter()
            .find_map(|p| p.attrs.borrow().get(&key).ok().flatten().cloned())
    }

    /// `attr` in the classes after `start` in this class's MRO (what `super(start, x)` sees).
    pub fn lookup_after(self: &Rc<Self>, start: &Rc<ClassObj>, attr: &str) -> Option<V> {
        let key = V::str(attr);
        let mro = std::iter::once(self).chain(self.parents.iter());
        let mut seen = false;
        for c in mro {
            if seen && let Ok(Some(v)) = c.attrs.borrow().get(&key) {
                return Some(v.clone());
            }
            seen = seen || Rc::ptr_eq(c, start);
        }
        None
    }

    /// Whether `other` is this class or one of its snippet-defined parents.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<ClassObj>) -> bool {
        Rc::ptr_eq(self, other) || self.parents.iter().any(|p| Rc::ptr_eq(p, other))
    }
}

/// An instance of a snippet's class.
#[derive(Debug)]
pub struct Instance {
    pub class: Rc<ClassObj>,
    /// `__dict__`, shared (a live view, as in Python).
    pub dict: Dict,
    /// The engine scheduler holding the built-in parent's state, once its `__init__` ran.
    pub native: Cell<Option<SchedId>>,
}

impl Instance {
    pub fn new(class: Rc<ClassObj>) -> Instance {
        Instance {
            class,
            dict: Rc::new(RefCell::new(PyDict::new())),
            native: Cell::new(None),
        }
    }
}

/// What a decorator stored in a class body.
#[derive(Debug)]
pub enum Descriptor {
    Static(V),
    ClassMethod(V),
    /// `property(fget, fset)`.
    Property(V, Option<V>),
}
