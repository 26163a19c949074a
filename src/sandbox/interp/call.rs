//! Calls: user functions (argument binding with CPython's messages, frames, recursion limit),
//! dispatch to builtins, methods and the torch facade, and conversions to the engine's values.

use super::{Ev, Ex, Raised, Unwind, raise};
use crate::engine::{FnId, Value};
use crate::sandbox::ast::{Arg, Expr};
use crate::sandbox::value::{Closure, Exc, V};
use std::cell::RefCell;
use std::rc::Rc;

/// Exception classes the sandbox knows (for `except`, `raise` and `isinstance`).
pub const EXCEPTION_NAMES: &[&str] = &[
    "Exception",
    "BaseException",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "ZeroDivisionError",
    "ArithmeticError",
    "LookupError",
    "AttributeError",
    "NameError",
    "RuntimeError",
    "NotImplementedError",
    "OverflowError",
    "AssertionError",
    "StopIteration",
    "RecursionError",
    "MemoryError",
    "UnboundLocalError",
    "ImportError",
    "ModuleNotFoundError",
    "TimeoutError",
    "Warning",
    "UserWarning",
    "DeprecationWarning",
    "FutureWarning",
    "RuntimeWarning",
];

/// Whether `name` is a method of an optimizer or scheduler.
fn is_torch_method(o: &V, name: &str) -> bool {
    match o {
        V::Optimizer(_) => matches!(
            name,
            "step" | "zero_grad" | "state_dict" | "load_state_dict" | "add_param_group"
        ),
        V::Scheduler(_) => matches!(
            name,
            "step" | "get_last_lr" | "get_lr" | "state_dict" | "load_state_dict"
        ),
        _ => false,
    }
}

pub fn is_exception_class(name: &str) -> bool {
    EXCEPTION_NAMES.contains(&name)
}

/// Whether an exception of class `kind` is caught by `except <class>`.
fn subclass_of(kind: &str, base: &str) -> bool {
    if kind == base
        || base == "BaseException"
        || (base == "Exception" && kind != "KeyboardInterrupt")
    {
        return true;
    }
    matches!(
        (kind, base),
        ("ZeroDivisionError" | "OverflowError", "ArithmeticError")
            | ("KeyError" | "IndexError", "LookupError")
            | ("UnboundLocalError", "NameError")
            | ("NotImplementedError" | "RecursionError", "RuntimeError")
            | ("ModuleNotFoundError", "ImportError")
    )
}

/// A builtin name's value, if it is one.
pub fn builtin(name: &str) -> Option<V> {
    const FUNCS: &[&str] = &[
        "print",
        "len",
        "range",
        "round",
        "min",
        "max",
        "abs",
        "sum",
        "enumerate",
        "zip",
        "sorted",
        "reversed",
        "isinstance",
        "repr",
        "iter",
        "next",
        "map",
        "filter",
        "any",
        "all",
        "format",
        "divmod",
        "pow",
        "hasattr",
        "getattr",
        "callable",
        "id",
        "hash",
        "input",
        "open",
        "eval",
        "exec",
        "globals",
        "locals",
        "vars",
        "dir",
        "setattr",
        "__import__",
        "compile",
        "breakpoint",
        "super",
        "issubclass",
        "staticmethod",
        "classmethod",
        "property",
    ];
    const TYPES: &[&str] = &[
        "int",
        "float",
        "str",
        "bool",
        "list",
        "tuple",
        "dict",
        "set",
        "type",
        "object",
        "frozenset",
    ];
    if let Some(f) = FUNCS.iter().find(|f| **f == name) {
        return Some(V::Builtin(f));
    }
    if let Some(t) = TYPES.iter().chain(EXCEPTION_NAMES).find(|t| **t == name) {
        return Some(V::Class(t));
    }
    match name {
        "None" => Some(V::None),
        "True" => Some(V::Bool(true)),
        "False" => Some(V::Bool(false)),
        "__name__" => Some(V::str("__main__")),
        // The same object as the literal `...`.
        "Ellipsis" => Some(V::Builtin("Ellipsis")),
        _ => None,
    }
}

impl Ev<'_> {
    pub fn eval_call(&mut self, line: u32, func: &Expr, args: &[Arg]) -> Ex<V> {
        // `obj.method(...)` on a torch object calls the method directly, without building a
        // bound-method value (the hot path of a training loop).
        if let crate::sandbox::ast::ExprKind::Attr(obj, name) = &func.kind {
            let o = self.eval(obj)?;
            if matches!(o, V::Optimizer(_) | V::Scheduler(_)) && is_torch_method(&o, name) {
                let (pos, kw) = self.eval_args(args)?;
                self.rt.line = line;
                self.tick()?;
                return self.torch_method(&o, name, pos, kw);
            }
            self.rt.line = func.line;
            let f = self.get_attr(&o, name)?;
            let (pos, kw) = self.eval_args(args)?;
            self.rt.line = line;
            self.tick()?;
            return self.call_value(&f, pos, kw);
        }
        let f = self.eval(func)?;
        let (pos, kw) = self.eval_args(args)?;
        self.rt.line = line;
        self.tick()?;
        self.call_value(&f, pos, kw)
    }

    pub fn exc_matches(&mut self, kind: &str, handler: &V) -> Ex<bool> {
        match handler {
            V::Class(c) if is_exception_class(c) => Ok(subclass_of(kind, c)),
            V::Tuple(items) => {
                for it in items.iter() {
                    if self.exc_matches(kind, it)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => raise(
                self.rt,
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            ),
        }
    }

    pub fn call_value(&mut self, f: &V, pos: Vec<V>, kw: Vec<(Rc<str>, V)>) -> Ex<V> {
        match f {
            V::Func(c) => self.call_closure(c, pos, kw),
            V::Builtin(name) => self.call_builtin(name, pos, kw),
            V::Method(m) => {
                let (recv, name) = (&m.0, m.1.clone());
                self.call_method(recv, &name, pos, kw)
            }
            V::Class(name) if is_exception_class(name) => {
                let message = match pos.as_slice() {
                    [] => String::new(),
                    [one] if *name == "KeyError" => self.repr(one)?,
                    [one] => self.str_of(one)?,
                    many => self.repr(&V::tuple(many.to_vec()))?,
                };
                Ok(V::Exception(Rc::new(Exc {
                    kind: Rc::from(*name),
                    message,
                    args: pos,
                })))
            }
            V::Class(name) => self.construct(name, pos, kw),
            V::NnModule(m) => Ok(self.call_module(m, pos)),
            V::UserClass(_) | V::Bound(_) | V::Instance(_) | V::Descriptor(_) => {
                self.call_class_value(f, pos, kw)
            }
            V::Ext(e) => self.call_ext_object(e, pos, kw),
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not callable", f.type_name()),
            ),
        }
    }

    fn call_closure(&mut self, c: &Rc<Closure>, pos: Vec<V>, kw: Vec<(Rc<str>, V)>) -> Ex<V> {
        // CPython counts the module frame too: 999 nested calls fit under the limit of 1000.
        if self.rt.depth + 1 >= self.rt.limits.max_depth {
            return raise(
                self.rt,
                "RecursionError",
                "maximum recursion depth exceeded",
            );
        }
        let frame = self.bind(c, pos, kw)?;
        let caller_line = self.rt.line;
        let saved = (
            self.frame.replace(Rc::new(RefCell::new(frame))),
            std::mem::replace(&mut self.env, c.env.clone()),
            std::mem::replace(&mut self.rt.func, c.def.name.clone()),
        );
        let owner = c.owner.borrow().as_ref().and_then(std::rc::Weak::upgrade);
        let saved_owner = std::mem::replace(&mut self.rt.owner, owner);
        self.rt.depth += 1;
        let r = self.exec_block(&c.def.body);
        self.rt.depth -= 1;
        self.rt.owner = saved_owner;
        (self.frame, self.env, self.rt.func) = saved;
        self.rt.line = caller_line;
        match r {
            Ok(()) => Ok(V::None),
            Err(Unwind::Return(v)) => Ok(v),
            Err(Unwind::Raise(mut r)) => {
                r.frames.insert(0, (self.rt.func.clone(), caller_line));
                Err(Unwind::Raise(r))
            }
            Err(_) => Ok(V::None),
        }
    }

    /// Binds call arguments to a user function's parameters, with CPython's TypeErrors.
    fn bind(&mut self, c: &Closure, pos: Vec<V>, kw: Vec<(Rc<str>, V)>) -> Ex<Vec<Option<V>>> {
        let d = &c.def;
        let mut slots: Vec<Option<V>> = vec![None; d.locals.len()];
        // CPython's argument errors name the qualified name (`Warmup.get_lr()`).
        let n = d.params.len();
        let given = pos.len();
        let mut extra = Vec::new();
        for (i, v) in pos.into_iter().enumerate() {
            if i < n {
                slots[i] = Some(v);
            } else {
                extra.push(v);
            }
        }
        let name = &d.qualname;
        if !extra.is_empty() {
            match d.vararg {
                Some(_) => slots[n + d.kwonly.len()] = Some(V::tuple(extra)),
                None => {
                    let required = n - c.defaults.len();
                    let takes = if required == n {
                        format!("{n}")
                    } else {
                        format!("from {required} to {n}")
                    };
                    let s = if n == 1 && required == n { "" } else { "s" };
                    let were = if given == 1 { "was" } else { "were" };
                    return raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "{name}() takes {takes} positional argument{s} but {given} {were} given"
                        ),
                    );
                }
            }
        } else if d.vararg.is_some() {
            slots[n + d.kwonly.len()] = Some(V::tuple(Vec::new()));
        }
        let mut kwargs = Vec::new();
        for (k, v) in kw {
            let idx = d
                .params
                .iter()
                .chain(&d.kwonly)
                .position(|p| self.rt.sym_name(p.name) == &*k);
            match idx {
                Some(i) if slots[i].is_some() => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!("{name}() got multiple values for argument '{k}'"),
                    );
                }
                Some(i) => slots[i] = Some(v),
                None if d.kwarg.is_some() => kwargs.push((V::Str(k), v)),
                None => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!("{name}() got an unexpected keyword argument '{k}'"),
                    );
                }
            }
        }
        let first_default = n - c.defaults.len();
        for (i, slot) in slots.iter_mut().enumerate().take(n) {
            if slot.is_none() && i >= first_default {
                *slot = Some(c.defaults[i - first_default].clone());
            }
        }
        for (j, slot) in slots.iter_mut().skip(n).take(d.kwonly.len()).enumerate() {
            if slot.is_none() {
                *slot = c.kw_defaults.get(j).cloned().flatten();
            }
        }
        let missing: Vec<&str> = d
            .params
            .iter()
            .enumerate()
            .filter(|(i, _)| slots[*i].is_none())
            .map(|(_, p)| self.rt.sym_name(p.name))
            .collect();
        if !missing.is_empty() {
            let e = crate::engine::args::missing_error(name, &missing);
            return Err(super::from_engine(self.rt, e));
        }
        if d.kwarg.is_some() {
            let at = n + d.kwonly.len() + usize::from(d.vararg.is_some());
            // Keyword names are strings: the dict cannot fail to build.
            slots[at] = Some(V::dict_of(kwargs));
        }
        Ok(slots)
    }

    /// Re-raises the exception a learner callback raised inside the engine, else the engine's.
    pub fn engine_error(
        &mut self,
        e: crate::engine::PyErr,
        failure: Option<Box<Raised>>,
    ) -> Unwind {
        match failure {
            // The callback ran on this runtime, so its traceback already starts at the caller's
            // frame (the engine call's line).
            Some(r) => Unwind::Raise(r),
            None => super::from_engine(self.rt, e),
        }
    }
}

/// A sandbox value as an engine argument (handles for functions, optimizers, schedulers).
pub fn to_engine_value(rt: &mut super::Runtime, v: &V) -> Value {
    engine_value_within(rt, v, ENGINE_VALUE_DEPTH)
}

/// How deep a value handed to the engine may nest (schedulers take flat lists and dicts of
/// numbers; deeper nesting, or a list that contains itself, is cut off here).
const ENGINE_VALUE_DEPTH: usize = 32;

fn engine_value_within(rt: &mut super::Runtime, v: &V, depth: usize) -> Value {
    let Some(depth) = depth.checked_sub(1) else {
        return Value::Str(format!("<{}>", v.type_name()));
    };
    let each = |rt: &mut super::Runtime, x: &V| engine_value_within(rt, x, depth);
    match v {
        V::None => Value::None,
        V::Bool(b) => Value::Bool(*b),
        V::Int(i) => Value::Int(*i),
        V::Float(x) => Value::Float(*x),
        V::Str(s) => Value::Str(s.to_string()),
        V::List(l) => Value::List(l.borrow().iter().map(|x| each(rt, x)).collect()),
        V::Tuple(t) => Value::Tuple(t.iter().map(|x| each(rt, x)).collect()),
        V::Set(d) => Value::List(d.borrow().keys().map(|x| each(rt, x)).collect()),
        V::Range(a, b, s) => {
            let mut items = Vec::new();
            let mut i = *a;
            while ((*s > 0 && i < *b) || (*s < 0 && i > *b)) && items.len() < 1_000_000 {
                items.push(Value::Int(i));
                i += s;
            }
            Value::List(items)
        }
        // A Counter (MultiStepLR's milestones) goes to the engine as one.
        V::Dict(d) if matches!(d.borrow().flavor, crate::sandbox::dict::Flavor::Counter) => {
            Value::Counter(
                d.borrow()
                    .iter()
                    .filter_map(|(k, n)| match (k.num(), n) {
                        (Some(k), V::Int(n)) => Some((k, *n)),
                        _ => None,
                    })
                    .collect(),
            )
        }
        V::Dict(d) => Value::Dict(
            d.borrow()
                .iter()
                .map(|(k, x)| (each(rt, k), each(rt, x)))
                .collect(),
        ),
        V::Func(_) | V::Builtin(_) | V::Method(_) => Value::Func(rt.callback(v.clone())),
        V::Class(_) => Value::Func(rt.callback(v.clone())),
        // Callable objects (`lr_lambda=Warmup(5)`), bound methods and classes.
        V::Instance(_) | V::Bound(_) | V::UserClass(_) => Value::Func(rt.callback(v.clone())),
        V::Ext(e) => match super::modules::engine_form(e) {
            Some(items) => Value::List(items.iter().map(|x| each(rt, x)).collect()),
            None => Value::Func(rt.callback(v.clone())),
        },
        V::Optimizer(o) => Value::Optimizer(*o),
        V::Scheduler(s) => Value::Scheduler(*s),
        V::Params(p) => Value::Params(p.borrow().as_ref().map_or(0, Vec::len)),
        other => Value::Str(format!("<{}>", other.type_name())),
    }
}

/// An engine value as a sandbox value.
pub fn from_engine_value(v: &Value) -> V {
    match v {
        Value::None => V::None,
        Value::Bool(b) => V::Bool(*b),
        Value::Int(i) => V::Int(*i),
        Value::Float(x) => V::Float(*x),
        Value::Str(s) => V::str(s),
        Value::List(items) => V::list(items.iter().map(from_engine_value).collect()),
        Value::Tuple(items) => V::tuple(items.iter().map(from_engine_value).collect()),
        // The engine's keys are strings and numbers, so building the dict cannot fail.
        Value::Dict(items) => V::dict_of(
            items
                .iter()
                .map(|(k, x)| (from_engine_value(k), from_engine_value(x)))
                .collect(),
        ),
        // A `collections.Counter` the learner can read and change like any other.
        Value::Counter(items) => super::modules::collections::with_flavor(
            V::dict_of(
                items
                    .iter()
                    .map(|(k, n)| (V::from_num(*k), V::Int(*n)))
                    .collect(),
            ),
            crate::sandbox::dict::Flavor::Counter,
        ),
        Value::Func(FnId(_)) => V::Builtin("<function>"),
        Value::Optimizer(o) => V::Optimizer(*o),
        Value::Scheduler(s) => V::Scheduler(*s),
        Value::Params(n) => V::list(
            (0..*n)
                .map(|_| {
                    V::Tensor(Rc::new(crate::sandbox::value::Tensor {
                        shape: vec![],
                        requires_grad: true,
                        is_loss: false,
                    }))
                })
                .collect(),
        ),
    }
}

/// Arithmetic with a tensor gives a tensor (the sandbox does not compute values).
pub fn tensor_result(a: &V, b: &V) -> V {
    let is_loss = matches!(a, V::Tensor(t) if t.is_loss) || matches!(b, V::Tensor(t) if t.is_loss);
    V::Tensor(Rc::new(crate::sandbox::value::Tensor {
        shape: vec![],
        requires_grad: false,
        is_loss,
    }))
}
