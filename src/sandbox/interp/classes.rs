//! Classes a snippet defines, at run time: instances and their attributes, bound methods,
//! `super()`, `staticmethod`/`classmethod`/`property`, `isinstance`/`issubclass` and the reprs.
//! The `class` statement is in `class_def.rs`; extending a built-in scheduler in
//! `custom_sched.rs`, `nn.Module` in `module_class.rs`. What the sandbox does not model stops
//! with a SandboxError naming the construct and the line.

use super::{Ev, Ex, raise};
use crate::sandbox::class::{ClassObj, Descriptor, Instance};
use crate::sandbox::value::V;
use std::rc::Rc;

type Kw = Vec<(Rc<str>, V)>;

impl Ev<'_> {
    /// `Cls(args)`: a new instance, initialised by the first `__init__` in its MRO.
    pub fn instantiate(&mut self, class: &Rc<ClassObj>, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let inst = Rc::new(Instance::new(class.clone()));
        let me = V::Instance(inst.clone());
        match class.lookup("__init__") {
            Some(init) => {
                let f = self.bind_value(init, &me, class)?;
                let r = self.call_value(&f, pos, kw)?;
                if !r.is_none() {
                    let msg = format!("__init__() should return None, not '{}'", r.type_name());
                    return raise(self.rt, "TypeError", msg);
                }
            }
            None if class.builtin.is_some() => {
                self.native_init(&inst, pos, kw)?;
            }
            None if !pos.is_empty() || !kw.is_empty() => {
                let msg = format!("{}() takes no arguments", class.name);
                return raise(self.rt, "TypeError", msg);
            }
            None => {}
        }
        Ok(me)
    }

    /// What a class attribute becomes when read through `recv` (an instance, or the class).
    fn bind_value(&mut self, v: V, recv: &V, class: &Rc<ClassObj>) -> Ex<V> {
        Ok(match &v {
            V::Func(_) if matches!(recv, V::Instance(_)) => V::Bound(Rc::new((recv.clone(), v))),
            V::Descriptor(d) => match &**d {
                Descriptor::Static(f) => f.clone(),
                Descriptor::ClassMethod(f) => {
                    V::Bound(Rc::new((V::UserClass(class.clone()), f.clone())))
                }
                Descriptor::Property(get, _) if matches!(recv, V::Instance(_)) => {
                    return self.call_value(&get.clone(), vec![recv.clone()], Vec::new());
                }
                Descriptor::Property(..) => v,
            },
            _ => v,
        })
    }

    /// `obj.attr` on an instance: properties, then the instance's own attributes (the engine's
    /// for a scheduler's state), then the class's.
    pub fn instance_attr(&mut self, inst: &Rc<Instance>, attr: &str) -> Ex<V> {
        let me = V::Instance(inst.clone());
        match attr {
            "__class__" => return Ok(V::UserClass(inst.class.clone())),
            "__dict__" => return self.instance_dict(inst),
            _ => {}
        }
        let found = inst.class.lookup(attr);
        if let Some(V::Descriptor(d)) = &found
            && let Descriptor::Property(get, _) = &**d
        {
            return self.call_value(&get.clone(), vec![me], Vec::new());
        }
        if let Some(v) = self.native_attr(inst, attr)? {
            return Ok(v);
        }
        let own = inst
            .dict
            .borrow()
            .get(&V::str(attr))
            .ok()
            .flatten()
            .cloned();
        if let Some(v) = own {
            return Ok(v);
        }
        match found {
            Some(v) => self.bind_value(v, &me, &inst.class.clone()),
            None if self.has_native_method(inst, attr) => {
                Ok(V::Method(Rc::new((me, Rc::from(attr)))))
            }
            None if is_dunder(attr) => self.unmodelled_dunder(&inst.class.name.clone(), attr),
            None => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{attr}'", inst.class.name),
            ),
        }
    }

    /// `obj.attr = v` on an instance.
    pub fn set_instance_attr(&mut self, inst: &Rc<Instance>, attr: &str, v: V) -> Ex<()> {
        if let Some(V::Descriptor(d)) = inst.class.lookup(attr)
            && let Descriptor::Property(_, set) = &*d
        {
            let Some(set) = set.clone() else {
                let msg = format!(
                    "property '{attr}' of '{}' object has no setter",
                    inst.class.name
                );
                return raise(self.rt, "AttributeError", msg);
            };
            self.call_value(&set, vec![V::Instance(inst.clone()), v], Vec::new())?;
            return Ok(());
        }
        self.check_module_assign(inst, &v)?;
        if self.set_native_attr(inst, attr, &v)? {
            return Ok(());
        }
        let r = inst.dict.borrow_mut().insert(V::str(attr), v);
        r.or_else(|e| self.hash_error(e))?;
        self.need(0)
    }

    /// `del obj.attr` (an instance's own attribute, or a class attribute).
    pub fn del_attr(&mut self, o: &V, attr: &str) -> Ex<()> {
        let (dict, owner) = match o {
            V::Instance(i) if i.native.get().is_none() || self.native_attr(i, attr)?.is_none() => {
                (i.dict.clone(), i.class.name.clone())
            }
            V::UserClass(c) => {
                let removed = c.attrs.borrow_mut().remove(&V::str(attr));
                return match removed {
                    Ok(Some(_)) => Ok(()),
                    _ => raise(
                        self.rt,
                        "AttributeError",
                        format!("type object '{}' has no attribute '{attr}'", c.name),
                    ),
                };
            }
            _ => {
                let msg = format!(
                    "deleting the attribute '{attr}' of a {} is not supported in lrtutor's sandbox (line {})",
                    o.type_name(),
                    self.rt.line
                );
                return raise(self.rt, "SandboxError", msg);
            }
        };
        let removed = dict.borrow_mut().remove(&V::str(attr));
        match removed {
            Ok(Some(_)) => Ok(()),
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{owner}' object has no attribute '{attr}'"),
            ),
        }
    }

    /// `Cls.attr`.
    pub fn class_attr(&mut self, class: &Rc<ClassObj>, attr: &str) -> Ex<V> {
        match attr {
            "__name__" => return Ok(V::Str(class.name.clone())),
            "__qualname__" => return Ok(V::Str(class.qualname.clone())),
            "__module__" => return Ok(V::str("__main__")),
            "__bases__" => {
                let bases = if class.bases.is_empty() {
                    vec![V::Class("object")]
                } else {
                    class.bases.clone()
                };
                return Ok(V::tuple(bases));
            }
            _ => {}
        }
        match class.lookup(attr) {
            Some(v) => self.bind_value(v, &V::UserClass(class.clone()), class),
            None if is_dunder(attr) => self.unmodelled_dunder(&class.name.clone(), attr),
            None => raise(
                self.rt,
                "AttributeError",
                format!("type object '{}' has no attribute '{attr}'", class.name),
            ),
        }
    }

    pub fn set_class_attr(&mut self, class: &Rc<ClassObj>, attr: &str, v: V) -> Ex<()> {
        // A function assigned later gets no `__class__` cell (its `super()` fails, as in CPython).
        let r = class.attrs.borrow_mut().insert(V::str(attr), v);
        r.or_else(|e| self.hash_error(e))
    }

    /// `super().attr`: the classes after `start` in the receiver's MRO, then the built-in root.
    pub fn super_attr(&mut self, start: &Rc<ClassObj>, recv: &V, attr: &str) -> Ex<V> {
        let class = match recv {
            V::Instance(i) => i.class.clone(),
            V::UserClass(c) => c.clone(),
            _ => return raise(self.rt, "TypeError", "super() argument 2 is not supported"),
        };
        if let Some(v) = class.lookup_after(start, attr) {
            return self.bind_value(v, recv, &class);
        }
        if let V::Instance(inst) = recv {
            if attr == "__init__" && class.builtin.is_none() {
                return Ok(V::Method(Rc::new((
                    recv.clone(),
                    Rc::from("__object_init__"),
                ))));
            }
            if self.has_native_method(inst, attr) {
                return Ok(V::Method(Rc::new((recv.clone(), Rc::from(attr)))));
            }
        }
        if is_dunder(attr) {
            return self.unmodelled_dunder("super", attr);
        }
        raise(
            self.rt,
            "AttributeError",
            format!("'super' object has no attribute '{attr}'"),
        )
    }

    /// Special attributes Python gives every object (`__doc__`, `__mro__`, an inherited
    /// `object.__eq__`, ...) are outside the sandbox: named, never a made-up AttributeError.
    fn unmodelled_dunder<T>(&mut self, owner: &str, attr: &str) -> Ex<T> {
        let msg = format!(
            "{owner}.{attr} is not supported in lrtutor's sandbox (line {}): its classes model __init__, __call__, __repr__, __str__, __class__, __dict__, __name__ and __qualname__",
            self.rt.line
        );
        raise(self.rt, "SandboxError", msg)
    }

    /// Calls a bound method, a callable instance or a `staticmethod` object.
    pub fn call_class_value(&mut self, f: &V, mut pos: Vec<V>, kw: Kw) -> Ex<V> {
        match f {
            V::UserClass(c) => self.instantiate(c, pos, kw),
            V::Bound(b) => {
                pos.insert(0, b.0.clone());
                self.call_value(&b.1.clone(), pos, kw)
            }
            V::Instance(inst) => match inst.class.lookup("__call__") {
                Some(call) => {
                    let f = self.bind_value(call, f, &inst.class.clone())?;
                    self.call_value(&f, pos, kw)
                }
                // Calling a model runs its `forward`.
                None if super::module_class::is_module(inst) => {
                    let forward = self.instance_attr(&inst.clone(), "forward")?;
                    self.call_value(&forward, pos, kw)
                }
                None => raise(
                    self.rt,
                    "TypeError",
                    format!("'{}' object is not callable", inst.class.name),
                ),
            },
            V::Descriptor(d) if matches!(**d, Descriptor::Static(_)) => {
                let Descriptor::Static(inner) = &**d else {
                    return Ok(V::None);
                };
                self.call_value(&inner.clone(), pos, kw)
            }
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not callable", f.type_name()),
            ),
        }
    }

    /// Whether a value can be called (`callable(x)`).
    pub fn is_callable_object(v: &V) -> bool {
        match v {
            V::UserClass(_) | V::Bound(_) => true,
            V::Instance(i) => {
                i.class.lookup("__call__").is_some() || super::module_class::is_module(i)
            }
            V::Descriptor(d) => matches!(**d, Descriptor::Static(_)),
            _ => false,
        }
    }

    /// The builtins that make or inspect classes: `super`, `issubclass`, `staticmethod`,
    /// `classmethod`, `property`, `setattr`, `vars`.
    pub fn class_builtin(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let arg = |i: usize| pos.get(i).cloned().unwrap_or(V::None);
        match name {
            "super" => self.make_super(&pos),
            "issubclass" => {
                let (a, b) = (arg(0), arg(1));
                let classes: Vec<V> = match b {
                    V::Tuple(t) => t.to_vec(),
                    other => vec![other],
                };
                Ok(V::Bool(classes.iter().any(|c| is_subclass(&a, c))))
            }
            "staticmethod" => Ok(V::Descriptor(Rc::new(Descriptor::Static(arg(0))))),
            "classmethod" => Ok(V::Descriptor(Rc::new(Descriptor::ClassMethod(arg(0))))),
            "property" => {
                let set = pos.get(1).cloned().or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "fset")
                        .map(|(_, v)| v.clone())
                });
                Ok(V::Descriptor(Rc::new(Descriptor::Property(arg(0), set))))
            }
            "setattr" => {
                let V::Str(attr) = arg(1) else {
                    return raise(self.rt, "TypeError", "attribute name must be string");
                };
                self.set_attr(&arg(0), &attr, arg(2))?;
                Ok(V::None)
            }
            _ => match arg(0) {
                V::Instance(inst) => self.instance_dict(&inst),
                other => {
                    let msg = format!(
                        "vars() of a {} is not available in lrtutor's sandbox (line {})",
                        other.type_name(),
                        self.rt.line
                    );
                    raise(self.rt, "SandboxError", msg)
                }
            },
        }
    }

    /// `super()` (from the running method's class and first argument) or `super(Cls, obj)`.
    fn make_super(&mut self, pos: &[V]) -> Ex<V> {
        let (start, recv) = match pos {
            [] => {
                let first = self
                    .frame
                    .as_ref()
                    .and_then(|f| f.borrow().first().cloned().flatten());
                let Some(first) = first else {
                    return raise(self.rt, "RuntimeError", "super(): no arguments");
                };
                let Some(owner) = self.rt.owner.clone() else {
                    return raise(self.rt, "RuntimeError", "super(): __class__ cell not found");
                };
                (owner, first)
            }
            [V::UserClass(c), recv] => (c.clone(), recv.clone()),
            _ => {
                let msg = format!(
                    "super() with these arguments is not supported in lrtutor's sandbox (line {}): use super() or super(Class, self)",
                    self.rt.line
                );
                return raise(self.rt, "SandboxError", msg);
            }
        };
        let ok = match &recv {
            V::Instance(i) => i.class.is_subclass(&start),
            V::UserClass(c) => c.is_subclass(&start),
            _ => false,
        };
        if !ok {
            return raise(
                self.rt,
                "TypeError",
                "super(type, obj): obj must be an instance or subtype of type",
            );
        }
        Ok(V::Super(Rc::new((start, recv))))
    }

    /// `property.setter(f)` / `.getter(f)`: a new property with that function.
    pub fn descriptor_method(&mut self, d: &Descriptor, name: &str, pos: Vec<V>) -> Ex<V> {
        let f = pos.into_iter().next().unwrap_or(V::None);
        match (d, name) {
            (Descriptor::Property(get, _), "setter") => Ok(V::Descriptor(Rc::new(
                Descriptor::Property(get.clone(), Some(f)),
            ))),
            (Descriptor::Property(_, set), "getter") => {
                Ok(V::Descriptor(Rc::new(Descriptor::Property(f, set.clone()))))
            }
            _ => raise(
                self.rt,
                "SandboxError",
                format!(
                    "'{name}' of a {} object is not supported in lrtutor's sandbox",
                    if matches!(d, Descriptor::Property(..)) {
                        "property"
                    } else {
                        "method"
                    }
                ),
            ),
        }
    }

    /// `isinstance(v, Cls)` for a snippet's class.
    pub fn is_user_instance(v: &V, class: &Rc<ClassObj>) -> bool {
        matches!(v, V::Instance(i) if i.class.is_subclass(class))
    }

    /// `repr(x)` of the class values: `__repr__` where the class defines it.
    pub fn class_repr(&mut self, v: &V) -> Ex<String> {
        match v {
            V::UserClass(c) => Ok(format!("<class '__main__.{}'>", c.qualname)),
            V::Instance(inst) => match inst.class.lookup("__repr__") {
                Some(f) => self.call_text(inst, f, "__repr__"),
                None if super::module_class::is_module(inst) => self.module_repr(inst),
                None => self.default_repr(inst),
            },
            V::Bound(b) => {
                let (recv, f) = (&b.0, &b.1);
                let qual = match f {
                    V::Func(c) => c.def.qualname.to_string(),
                    other => other.type_name().to_string(),
                };
                let of = self.repr(&recv.clone())?;
                Ok(format!("<bound method {qual} of {of}>"))
            }
            V::Super(s) => Ok(format!(
                "<super: <class '{}'>, <{} object>>",
                s.0.name,
                s.1.type_name()
            )),
            _ => Ok(format!("<{} object>", v.type_name())),
        }
    }

    /// `str(x)` of an instance: `__str__`, else its repr.
    pub fn instance_str(&mut self, inst: &Rc<Instance>) -> Ex<String> {
        match inst.class.lookup("__str__") {
            Some(f) => self.call_text(inst, f, "__str__"),
            None => self.class_repr(&V::Instance(inst.clone())),
        }
    }

    fn call_text(&mut self, inst: &Rc<Instance>, f: V, which: &str) -> Ex<String> {
        let me = V::Instance(inst.clone());
        let f = self.bind_value(f, &me, &inst.class.clone())?;
        match self.call_value(&f, Vec::new(), Vec::new())? {
            V::Str(s) => Ok(s.to_string()),
            other => raise(
                self.rt,
                "TypeError",
                format!("{which} returned non-string (type {})", other.type_name()),
            ),
        }
    }

    /// The default repr shows a memory address, which the sandbox has no honest value for.
    fn default_repr(&mut self, inst: &Rc<Instance>) -> Ex<String> {
        let msg = format!(
            "the default repr of a {} object shows its memory address (<__main__.{} object at 0x...>), which lrtutor's sandbox does not model (line {}): define __repr__ or print its attributes",
            inst.class.name, inst.class.qualname, self.rt.line
        );
        raise(self.rt, "SandboxError", msg)
    }

    /// `obj.__dict__` (and `vars(obj)`): the live dict of a plain instance.
    pub fn instance_dict(&mut self, inst: &Rc<Instance>) -> Ex<V> {
        if inst.native.get().is_some() {
            return self.native_dict(inst);
        }
        if super::module_class::is_module(inst) {
            let msg = format!(
                "__dict__ of a torch.nn.Module subclass is not supported in lrtutor's sandbox (line {}): PyTorch keeps its layers and parameters in private dicts",
                self.rt.line
            );
            return raise(self.rt, "SandboxError", msg);
        }
        Ok(V::Dict(inst.dict.clone()))
    }
}

/// `issubclass(a, b)` for snippet classes and the built-in scheduler roots.
fn is_subclass(a: &V, b: &V) -> bool {
    match (a, b) {
        (_, V::Class("object")) => true,
        (V::UserClass(x), V::UserClass(y)) => x.is_subclass(y),
        (V::UserClass(x), V::Class(n)) => x.builtin.is_some_and(|r| builtin_extends(r, n)),
        (V::Class(x), V::Class(y)) => builtin_extends(x, y),
        _ => false,
    }
}

/// Whether the built-in class `root` is `class` or derives from it (every scheduler derives
/// from `LRScheduler`; `_LRScheduler` is a subclass of it, not a parent).
pub fn builtin_extends(root: &str, class: &str) -> bool {
    root == class || (class == "LRScheduler" && is_scheduler_class(root))
}

pub fn is_scheduler_class(name: &str) -> bool {
    name == "_LRScheduler" || crate::engine::Class::from_name(name).is_some()
}

fn is_dunder(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}
