//! Python's builtin functions and type constructors (`print`, `len`, `range`, `round`, `sorted`,
//! `int(...)`, ...) and the `math` module, with CPython's results and error messages.

use super::{Ev, Ex, raise};
use crate::engine::Num;
use crate::sandbox::dict::PyDict;
use crate::sandbox::format;
use crate::sandbox::value::V;
use std::rc::Rc;

type Kw = Vec<(Rc<str>, V)>;

impl Ev<'_> {
    pub fn call_builtin(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        if let Some(f) = name.strip_prefix("math.") {
            return self.call_math(f, pos);
        }
        if let Some(r) = self.call_eval(name, &pos, &kw) {
            return r;
        }
        if name.contains('.')
            && let Some(r) = self.call_ext(name, pos.clone(), kw.clone())
        {
            return r;
        }
        if name.starts_with("torch.") {
            return self.call_torch_function(name, pos, kw);
        }
        match name {
            "print" => self.print(pos, kw),
            "len" => {
                let v = one(self, name, pos)?;
                self.len(&v)
            }
            "range" => self.range(pos),
            "round" => self.round(pos, kw),
            "min" | "max" => self.min_max(name, pos, kw),
            "abs" => {
                let v = one(self, name, pos)?;
                match v.num() {
                    Some(Num::Int(i)) => match i.checked_abs() {
                        Some(a) => Ok(V::Int(a)),
                        None => Err(super::from_engine(self.rt, crate::engine::num::overflow())),
                    },
                    Some(Num::Float(x)) => Ok(V::Float(x.abs())),
                    None => raise(
                        self.rt,
                        "TypeError",
                        format!("bad operand type for abs(): '{}'", v.type_name()),
                    ),
                }
            }
            "sum" => self.sum(pos),
            "enumerate" => {
                let start = match (pos.get(1), kw.iter().find(|(k, _)| &**k == "start")) {
                    (Some(v), _) | (None, Some((_, v))) => int_of(v).unwrap_or(0),
                    _ => 0,
                };
                let items = self.iterate(pos.first().unwrap_or(&V::None))?;
                Ok(V::iter(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| V::tuple(vec![V::Int(start + i as i64), v]))
                        .collect(),
                ))
            }
            "zip" => {
                let cols = self.zip_columns(&pos)?;
                let n = cols.iter().map(Vec::len).min().unwrap_or(0);
                Ok(V::iter(
                    (0..n)
                        .map(|i| V::tuple(cols.iter().map(|c| c[i].clone()).collect()))
                        .collect(),
                ))
            }
            "sorted" => {
                let mut items = self.iterate(pos.first().unwrap_or(&V::None))?;
                self.sort(&mut items, &kw)?;
                Ok(V::list(items))
            }
            "reversed" => {
                let mut items = self.iterate(pos.first().unwrap_or(&V::None))?;
                items.reverse();
                Ok(V::iter(items))
            }
            "isinstance" => self.isinstance(pos),
            "repr" => {
                let v = one(self, name, pos)?;
                Ok(V::Str(Rc::from(self.repr(&v)?.as_str())))
            }
            "format" => {
                let spec = match pos.get(1) {
                    Some(V::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                let s = self.format_value(pos.first().unwrap_or(&V::None), &spec)?;
                Ok(V::str(&s))
            }
            "iter" => Ok(V::iter(self.iterate(pos.first().unwrap_or(&V::None))?)),
            "next" => self.next(pos),
            "map" => {
                let f = pos.first().cloned().unwrap_or(V::None);
                let items = self.iterate(pos.get(1).unwrap_or(&V::None))?;
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    out.push(self.call_value(&f, vec![it], Vec::new())?);
                }
                Ok(V::iter(out))
            }
            "filter" => {
                let f = pos.first().cloned().unwrap_or(V::None);
                let mut out = Vec::new();
                for it in self.iterate(pos.get(1).unwrap_or(&V::None))? {
                    let keep = if f.is_none() {
                        it.clone()
                    } else {
                        self.call_value(&f, vec![it.clone()], Vec::new())?
                    };
                    if self.is_true(&keep)? {
                        out.push(it);
                    }
                }
                Ok(V::iter(out))
            }
            "any" | "all" => {
                let want = name == "any";
                for it in self.iterate(pos.first().unwrap_or(&V::None))? {
                    if self.is_true(&it)? == want {
                        return Ok(V::Bool(want));
                    }
                }
                Ok(V::Bool(!want))
            }
            "divmod" => {
                let (a, b) = (
                    pos.first().cloned().unwrap_or(V::None),
                    pos.get(1).cloned().unwrap_or(V::None),
                );
                let q = self.binary(crate::sandbox::ast::BinOp::FloorDiv, a.clone(), b.clone())?;
                let r = self.binary(crate::sandbox::ast::BinOp::Mod, a, b)?;
                Ok(V::tuple(vec![q, r]))
            }
            "pow" => {
                let (a, b) = (
                    pos.first().cloned().unwrap_or(V::None),
                    pos.get(1).cloned().unwrap_or(V::None),
                );
                self.binary(crate::sandbox::ast::BinOp::Pow, a, b)
            }
            "hasattr" => {
                let (o, a) = (
                    pos.first().cloned().unwrap_or(V::None),
                    pos.get(1).cloned().unwrap_or(V::None),
                );
                let V::Str(a) = a else {
                    return raise(self.rt, "TypeError", "attribute name must be string");
                };
                Ok(V::Bool(self.get_attr(&o, &a).is_ok()))
            }
            "getattr" => {
                let (o, a) = (
                    pos.first().cloned().unwrap_or(V::None),
                    pos.get(1).cloned().unwrap_or(V::None),
                );
                let V::Str(a) = a else {
                    return raise(self.rt, "TypeError", "attribute name must be string");
                };
                match (self.get_attr(&o, &a), pos.get(2)) {
                    (Ok(v), _) => Ok(v),
                    (Err(_), Some(d)) => Ok(d.clone()),
                    (Err(e), None) => Err(e),
                }
            }
            "super" | "issubclass" | "staticmethod" | "classmethod" | "property" | "setattr"
            | "vars" => self.class_builtin(name, pos, kw),
            "callable" => Ok(V::Bool(pos.first().is_some_and(|f| self.is_callable(f)))),
            "id" => Ok(V::Int(140_000_000_000)),
            "hash" => {
                let v = pos.first().cloned().unwrap_or(V::None);
                let h = crate::sandbox::dict::py_hash(&v).or_else(|e| self.hash_error(e))?;
                Ok(V::Int(python_hash(&v, h)))
            }
            "Ellipsis" => raise(self.rt, "TypeError", "'ellipsis' object is not callable"),
            other => raise(
                self.rt,
                "SandboxError",
                format!(
                    "{other}() is not available in lrtutor's sandbox (line {}): snippets cannot read files, the environment or the clock, nor run other code",
                    self.rt.line
                ),
            ),
        }
    }

    fn print(&mut self, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let mut sep = " ".to_string();
        let mut end = "\n".to_string();
        for (k, v) in &kw {
            let text = match v {
                V::None => None,
                V::Str(s) => Some(s.to_string()),
                other => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!("{k} must be None or a string, not {}", other.type_name()),
                    );
                }
            };
            match &**k {
                "sep" => sep = text.unwrap_or_else(|| " ".into()),
                "end" => end = text.unwrap_or_else(|| "\n".into()),
                "flush" | "file" => {}
                _ => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!("'{k}' is an invalid keyword argument for print()"),
                    );
                }
            }
        }
        let mut line = String::new();
        for (i, v) in pos.iter().enumerate() {
            if i > 0 {
                line.push_str(&sep);
            }
            line.push_str(&self.str_of(v)?);
        }
        line.push_str(&end);
        if self.rt.out.len() + line.len() > self.rt.limits.max_output {
            return raise(
                self.rt,
                "SandboxError",
                format!(
                    "the snippet printed more than {} bytes; lrtutor stopped it",
                    self.rt.limits.max_output
                ),
            );
        }
        self.rt.out.push_str(&line);
        Ok(V::None)
    }

    pub fn len(&mut self, v: &V) -> Ex<V> {
        let n = match v {
            V::Str(s) => s.chars().count(),
            V::List(l) => l.borrow().len(),
            V::Tuple(t) => t.len(),
            V::Dict(d) | V::Set(d) => d.borrow().len(),
            V::Range(a, b, s) => match crate::sandbox::value::range_len_checked(*a, *b, *s) {
                Some(n) => n as usize,
                None => {
                    return raise(
                        self.rt,
                        "OverflowError",
                        "Python int too large to convert to C ssize_t",
                    );
                }
            },
            V::Ext(e) => return self.ext_len(e),
            V::ParamGroups(_) | V::ParamGroup(..) | V::Tensor(_) | V::NnModule(_) => {
                return self.torch_len(v);
            }
            _ => {
                return raise(
                    self.rt,
                    "TypeError",
                    format!("object of type '{}' has no len()", v.type_name()),
                );
            }
        };
        Ok(V::Int(n as i64))
    }

    fn range(&mut self, pos: Vec<V>) -> Ex<V> {
        let mut ints = Vec::with_capacity(3);
        for p in &pos {
            match p {
                V::Int(i) => ints.push(*i),
                V::Bool(b) => ints.push(i64::from(*b)),
                other => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            other.type_name()
                        ),
                    );
                }
            }
        }
        match ints.as_slice() {
            [b] => Ok(V::Range(0, *b, 1)),
            [a, b] => Ok(V::Range(*a, *b, 1)),
            [_, _, 0] => raise(self.rt, "ValueError", "range() arg 3 must not be zero"),
            [a, b, s] => Ok(V::Range(*a, *b, *s)),
            [] => raise(
                self.rt,
                "TypeError",
                "range expected at least 1 argument, got 0",
            ),
            _ => raise(
                self.rt,
                "TypeError",
                format!("range expected at most 3 arguments, got {}", ints.len()),
            ),
        }
    }

    fn round(&mut self, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let x = pos.first().cloned().unwrap_or(V::None);
        let nd = pos.get(1).cloned().or_else(|| {
            kw.iter()
                .find(|(k, _)| &**k == "ndigits")
                .map(|(_, v)| v.clone())
        });
        let nd = match nd {
            None | Some(V::None) => None,
            Some(v) => match int_of(&v) {
                Some(n) => Some(n),
                None => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            v.type_name()
                        ),
                    );
                }
            },
        };
        match (x.num(), nd) {
            (Some(Num::Int(i)), None) => Ok(V::Int(i)),
            (Some(Num::Int(i)), Some(n)) if n >= 0 => Ok(V::Int(i)),
            (Some(Num::Int(i)), Some(n)) => {
                let p = 10_i64.checked_pow((-n) as u32).unwrap_or(i64::MAX);
                let q = (i as f64 / p as f64).round_ties_even() as i64;
                Ok(V::Int(q.saturating_mul(p)))
            }
            (Some(Num::Float(f)), None) => format::round_to_int(f)
                .map(V::Int)
                .or_else(|e| self.format_error(e)),
            (Some(Num::Float(f)), Some(n)) => Ok(V::Float(format::round_float(f, n))),
            _ => raise(
                self.rt,
                "TypeError",
                format!("type {} doesn't define __round__ method", x.type_name()),
            ),
        }
    }

    fn min_max(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let items = if pos.len() == 1 {
            self.iterate(&pos[0])?
        } else {
            pos
        };
        let key = kw
            .iter()
            .find(|(k, _)| &**k == "key")
            .map(|(_, v)| v.clone());
        let default = kw
            .iter()
            .find(|(k, _)| &**k == "default")
            .map(|(_, v)| v.clone());
        if items.is_empty() {
            return match default {
                Some(d) => Ok(d),
                None => raise(
                    self.rt,
                    "ValueError",
                    format!("{name}() arg is an empty sequence"),
                ),
            };
        }
        let op = if name == "min" {
            crate::sandbox::ast::CmpOp::Lt
        } else {
            crate::sandbox::ast::CmpOp::Gt
        };
        let mut best = items[0].clone();
        let mut best_key = self.key_of(&key, &best)?;
        for it in items.into_iter().skip(1) {
            let k = self.key_of(&key, &it)?;
            if self.compare(op, &k, &best_key)? {
                best = it;
                best_key = k;
            }
        }
        Ok(best)
    }

    fn key_of(&mut self, key: &Option<V>, v: &V) -> Ex<V> {
        match key {
            Some(f) if !f.is_none() => self.call_value(f, vec![v.clone()], Vec::new()),
            _ => Ok(v.clone()),
        }
    }

    fn sum(&mut self, pos: Vec<V>) -> Ex<V> {
        let items = self.iterate(pos.first().unwrap_or(&V::None))?;
        let mut acc = pos.get(1).cloned().unwrap_or(V::Int(0));
        for it in items {
            acc = self.binary(crate::sandbox::ast::BinOp::Add, acc, it)?;
        }
        Ok(acc)
    }

    /// Sorts in place: a stable merge sort with Python's `<` (and `key=`, `reverse=`).
    pub fn sort(&mut self, items: &mut Vec<V>, kw: &Kw) -> Ex<()> {
        let key = kw
            .iter()
            .find(|(k, _)| &**k == "key")
            .map(|(_, v)| v.clone());
        let reverse = match kw.iter().find(|(k, _)| &**k == "reverse") {
            Some((_, v)) => v.truthy(),
            None => false,
        };
        let mut keyed = Vec::with_capacity(items.len());
        for it in items.drain(..) {
            keyed.push((self.key_of(&key, &it)?, it));
        }
        if reverse {
            keyed.reverse();
        }
        let mut err = None;
        let mut sorted = std::mem::take(&mut keyed);
        let mut i = 1;
        // Insertion sort keeps this simple and stable; snippets sort short lists.
        while i < sorted.len() {
            let mut j = i;
            while j > 0 {
                match self.compare(
                    crate::sandbox::ast::CmpOp::Lt,
                    &sorted[j].0,
                    &sorted[j - 1].0,
                ) {
                    Ok(true) => {
                        sorted.swap(j, j - 1);
                        j -= 1;
                    }
                    Ok(false) => break,
                    Err(e) => {
                        err = Some(e);
                        break;
                    }
                }
            }
            if err.is_some() {
                break;
            }
            i += 1;
        }
        if let Some(e) = err {
            return Err(e);
        }
        if reverse {
            sorted.reverse();
        }
        items.extend(sorted.into_iter().map(|(_, v)| v));
        Ok(())
    }

    fn isinstance(&mut self, pos: Vec<V>) -> Ex<V> {
        let (v, t) = (
            pos.first().cloned().unwrap_or(V::None),
            pos.get(1).cloned().unwrap_or(V::None),
        );
        let classes: Vec<V> = match t {
            V::Tuple(items) => items.to_vec(),
            other => vec![other],
        };
        for c in classes {
            if let V::UserClass(k) = &c {
                if Self::is_user_instance(&v, k) {
                    return Ok(V::Bool(true));
                }
                continue;
            }
            let V::Class(name) = c else {
                return raise(
                    self.rt,
                    "TypeError",
                    "isinstance() arg 2 must be a type, a tuple of types, or a union",
                );
            };
            if self.is_instance(&v, name) {
                return Ok(V::Bool(true));
            }
        }
        Ok(V::Bool(false))
    }

    fn is_instance(&mut self, v: &V, class: &str) -> bool {
        match (v, class) {
            (_, "object") => true,
            (V::Bool(_), "bool" | "int") => true,
            (V::Int(_), "int")
            | (V::Float(_), "float")
            | (V::Str(_), "str")
            | (V::List(_), "list")
            | (V::Tuple(_), "tuple") => true,
            (V::Dict(_) | V::ParamGroup(..), "dict")
            | (V::Set(_), "set")
            | (V::ParamGroups(_), "list") => true,
            (V::Exception(e), c) => {
                super::call::is_exception_class(c) && e.kind.as_ref() == c
                    || c == "Exception"
                    || c == "BaseException"
            }
            (V::Scheduler(id), c) => self.scheduler_is(*id, c),
            (V::Optimizer(_), "Optimizer") => true,
            (V::Optimizer(id), c) => self
                .engine
                .as_ref()
                .is_some_and(|e| e.optimizer(*id).kind.name == c),
            (V::NnModule(m), c) => c == "Module" || m.kind == c,
            (V::Tensor(_), "Tensor") => true,
            (V::Tensor(t), "Parameter") => t.requires_grad,
            (V::Instance(i), c) => i
                .class
                .builtin
                .is_some_and(|root| super::classes::builtin_extends(root, c)),
            _ => false,
        }
    }

    fn next(&mut self, pos: Vec<V>) -> Ex<V> {
        match pos.first() {
            Some(V::Iter(it)) => {
                let n = it.borrow_mut().next();
                match (n, pos.get(1)) {
                    (Some(v), _) => Ok(v),
                    (None, Some(d)) => Ok(d.clone()),
                    (None, None) => raise(self.rt, "StopIteration", ""),
                }
            }
            Some(V::Ext(e)) if matches!(&**e, super::modules::Ext::Lazy(_)) => {
                match (self.lazy_next(e)?, pos.get(1)) {
                    (Some(v), _) => Ok(v),
                    (None, Some(d)) => Ok(d.clone()),
                    (None, None) => raise(self.rt, "StopIteration", ""),
                }
            }
            Some(V::Params(p)) => {
                let mut slot = p.borrow_mut();
                match slot.as_mut() {
                    Some(items) if !items.is_empty() => Ok(items.remove(0)),
                    _ => raise(self.rt, "StopIteration", ""),
                }
            }
            Some(other) => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not an iterator", other.type_name()),
            ),
            None => raise(
                self.rt,
                "TypeError",
                "next expected at least 1 argument, got 0",
            ),
        }
    }

    /// `int(x)`, `float(x)`, `str(x)`, `list(x)`, ... and torch classes.
    pub fn construct(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let arg = pos.first().cloned();
        match name {
            "int" => self.int_from(arg.unwrap_or(V::Int(0))),
            "float" => self.float_from(arg.unwrap_or(V::Float(0.0))),
            "str" => Ok(V::str(&match arg {
                Some(v) => self.str_of(&v)?,
                None => String::new(),
            })),
            "bool" => Ok(V::Bool(match arg {
                Some(v) => self.is_true(&v)?,
                None => false,
            })),
            "list" => Ok(V::list(match arg {
                Some(v) => self.iterate(&v)?,
                None => Vec::new(),
            })),
            "tuple" => Ok(V::tuple(match arg {
                Some(v) => self.iterate(&v)?,
                None => Vec::new(),
            })),
            "set" | "frozenset" => {
                let items = match arg {
                    Some(v) => self.iterate(&v)?,
                    None => Vec::new(),
                };
                Ok(V::set(self.make_set(items)?))
            }
            "dict" => {
                let mut items = PyDict::new();
                if let Some(v) = arg {
                    let pairs = match &v {
                        V::Dict(_) | V::ParamGroup(..) => self.dict_items(&v)?,
                        _ => {
                            let mut out = Vec::new();
                            for p in self.iterate(&v)? {
                                let kv = self.iterate(&p)?;
                                if kv.len() != 2 {
                                    return raise(
                                        self.rt,
                                        "ValueError",
                                        format!(
                                            "dictionary update sequence element #{} has length {}; 2 is required",
                                            out.len(),
                                            kv.len()
                                        ),
                                    );
                                }
                                out.push((kv[0].clone(), kv[1].clone()));
                            }
                            out
                        }
                    };
                    for (k, x) in pairs {
                        self.dict_insert(&mut items, k, x)?;
                    }
                }
                for (k, x) in kw {
                    self.dict_insert(&mut items, V::Str(k), x)?;
                }
                Ok(V::dict(items))
            }
            "type" if pos.len() == 1 && kw.is_empty() => match &pos[0] {
                V::Instance(i) => Ok(V::UserClass(i.class.clone())),
                V::UserClass(_) => Ok(V::Class("type")),
                other => Ok(V::Class(self.type_of(other))),
            },
            "type" if pos.len() == 3 => raise(
                self.rt,
                "SandboxError",
                "type() with three arguments creates a class, which lrtutor's sandbox does not run",
            ),
            "type" => raise(self.rt, "TypeError", "type() takes 1 or 3 arguments"),
            "object" => Ok(V::None),
            _ => self.construct_torch(name, pos, kw),
        }
    }

    /// The class of a value, as a static name.
    pub fn type_of(&mut self, v: &V) -> &'static str {
        match v {
            V::Scheduler(id) => self
                .engine
                .as_ref()
                .map_or("LRScheduler", |e| e.scheduler(*id).class.name()),
            V::Optimizer(id) => self
                .engine
                .as_ref()
                .map_or("Optimizer", |e| e.optimizer(*id).kind.name),
            V::Exception(e) => super::call::EXCEPTION_NAMES
                .iter()
                .find(|n| **n == &*e.kind)
                .copied()
                .unwrap_or("Exception"),
            other => other.static_type_name(),
        }
    }

    fn int_from(&mut self, v: V) -> Ex<V> {
        match &v {
            V::Int(_) => Ok(v),
            V::Bool(b) => Ok(V::Int(i64::from(*b))),
            V::Float(x) => Num::Float(*x)
                .trunc()
                .map(V::from_num)
                .map_err(|e| super::from_engine(self.rt, e)),
            V::Str(s) => match s.trim().replace('_', "").parse::<i64>() {
                Ok(i) => Ok(V::Int(i)),
                Err(_) => raise(
                    self.rt,
                    "ValueError",
                    format!(
                        "invalid literal for int() with base 10: {}",
                        crate::engine::repr::str_repr(s)
                    ),
                ),
            },
            V::Tensor(_) => Ok(V::Int(0)),
            other => raise(
                self.rt,
                "TypeError",
                format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    other.type_name()
                ),
            ),
        }
    }

    fn float_from(&mut self, v: V) -> Ex<V> {
        match &v {
            V::Float(_) => Ok(v),
            V::Int(i) => Ok(V::Float(*i as f64)),
            V::Bool(b) => Ok(V::Float(f64::from(u8::from(*b)))),
            V::Str(s) => match parse_float(s) {
                Some(x) => Ok(V::Float(x)),
                None => raise(
                    self.rt,
                    "ValueError",
                    format!(
                        "could not convert string to float: {}",
                        crate::engine::repr::str_repr(s)
                    ),
                ),
            },
            V::Tensor(_) => self.tensor_item(&v),
            other => raise(
                self.rt,
                "TypeError",
                format!(
                    "float() argument must be a string or a real number, not '{}'",
                    other.type_name()
                ),
            ),
        }
    }

    fn call_math(&mut self, f: &str, pos: Vec<V>) -> Ex<V> {
        let mut xs = Vec::with_capacity(pos.len());
        for p in &pos {
            match p.num() {
                Some(n) => xs.push(n.f()),
                None => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!("must be real number, not {}", p.type_name()),
                    );
                }
            }
        }
        let x = xs.first().copied().unwrap_or(f64::NAN);
        let domain = |ok: bool, v: f64| -> Result<f64, &'static str> {
            if ok { Ok(v) } else { Err("math domain error") }
        };
        let r: Result<f64, &'static str> = match f {
            "cos" => domain(x.is_finite(), x.cos()),
            "sin" => domain(x.is_finite(), x.sin()),
            "tan" => domain(x.is_finite(), x.tan()),
            "exp" => {
                let v = x.exp();
                if v.is_infinite() && x.is_finite() {
                    Err("math range error")
                } else {
                    Ok(v)
                }
            }
            "sqrt" => domain(x >= 0.0 || x.is_nan(), x.sqrt()),
            "log" if xs.len() == 2 => {
                let b = xs[1];
                if x <= 0.0 || b <= 0.0 {
                    Err("math domain error")
                } else if b == 1.0 {
                    return raise(self.rt, "ZeroDivisionError", "float division by zero");
                } else {
                    Ok(x.ln() / b.ln())
                }
            }
            "log" => domain(x > 0.0 || x.is_nan(), x.ln()),
            "log2" => domain(x > 0.0, x.log2()),
            "log10" => domain(x > 0.0, x.log10()),
            "fabs" => Ok(x.abs()),
            "pow" => Ok(x.powf(xs.get(1).copied().unwrap_or(1.0))),
            "radians" => Ok(x.to_radians()),
            "degrees" => Ok(x.to_degrees()),
            "floor" | "ceil" | "trunc" => {
                if let Some(V::Int(i)) = pos.first() {
                    return Ok(V::Int(*i));
                }
                let v = match f {
                    "floor" => x.floor(),
                    "ceil" => x.ceil(),
                    _ => x.trunc(),
                };
                return Num::Float(v)
                    .trunc()
                    .map(V::from_num)
                    .map_err(|e| super::from_engine(self.rt, e));
            }
            "isclose" => {
                let y = xs.get(1).copied().unwrap_or(f64::NAN);
                let close = x == y
                    || ((x - y).abs() <= (1e-9 * x.abs().max(y.abs())).max(0.0))
                        && x.is_finite()
                        && y.is_finite();
                return Ok(V::Bool(close));
            }
            "isfinite" => return Ok(V::Bool(x.is_finite())),
            "isnan" => return Ok(V::Bool(x.is_nan())),
            "isinf" => return Ok(V::Bool(x.is_infinite())),
            _ => {
                return raise(
                    self.rt,
                    "AttributeError",
                    format!("module 'math' has no attribute '{f}'"),
                );
            }
        };
        match r {
            Ok(v) => Ok(V::Float(v)),
            Err(msg) if msg.contains("range") => raise(self.rt, "OverflowError", msg),
            Err(msg) => raise(self.rt, "ValueError", msg),
        }
    }
}

fn one(ev: &mut Ev, name: &str, pos: Vec<V>) -> Ex<V> {
    match <[V; 1]>::try_from(pos) {
        Ok([v]) => Ok(v),
        Err(p) => raise(
            ev.rt,
            "TypeError",
            format!("{name}() takes exactly one argument ({} given)", p.len()),
        ),
    }
}

pub fn int_of(v: &V) -> Option<i64> {
    match v.num() {
        Some(Num::Int(i)) => Some(i),
        _ => None,
    }
}

/// `float(str)`: decimal literals, `inf`, `nan`, with surrounding spaces and underscores.
fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    match t.trim_start_matches(['+', '-']) {
        "inf" | "infinity" => {
            return Some(if t.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    t.replace('_', "").parse::<f64>().ok()
}

/// `hash(x)`: CPython's value for ints (and floats equal to them): the number modulo the
/// Mersenne prime 2**61 - 1, with -1 reserved. Other values get the sandbox's own hash
/// (CPython's differs from process to process for strings anyway).
fn python_hash(v: &V, own: u64) -> i64 {
    const MODULUS: i128 = (1 << 61) - 1;
    let int = match v {
        V::Bool(b) => Some(i64::from(*b)),
        V::Int(i) => Some(*i),
        V::Float(x) if x.fract() == 0.0 && x.abs() < 9.2e18 => Some(*x as i64),
        _ => None,
    };
    let h = match int {
        Some(i) => {
            let m = (i128::from(i).abs() % MODULUS) as i64;
            if i < 0 { -m } else { m }
        }
        None => (own >> 2) as i64,
    };
    if h == -1 { -2 } else { h }
}
