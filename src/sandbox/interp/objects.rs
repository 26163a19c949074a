//! The object protocol: attribute access, `obj[i]` get/set/delete, iteration, `repr`/`str`,
//! `format()` and `%`, for plain values; torch objects are delegated to the facade.

use super::{Ev, Ex, raise};
use crate::sandbox::format::{self, FmtArg};
use crate::sandbox::value::{V, range_len, repr_plain};
use std::rc::Rc;

/// Makes the result of a slice from the picked items (a list, or a tuple).
type Build = fn(Vec<V>) -> V;

impl Ev<'_> {
    pub fn get_attr(&mut self, o: &V, attr: &str) -> Ex<V> {
        match o {
            V::Module(m) => self.module_attr(m, attr),
            V::Ext(e) => self.ext_attr(o, e, attr),
            V::Optimizer(_)
            | V::Scheduler(_)
            | V::NnModule(_)
            | V::Tensor(_)
            | V::ParamGroups(_)
            | V::Params(_) => self.torch_attr(o, attr),
            V::ParamGroup(..)
                if ["keys", "values", "items", "get", "update", "setdefault"].contains(&attr) =>
            {
                Ok(V::Method(Rc::new((o.clone(), Rc::from(attr)))))
            }
            V::Instance(i) => self.instance_attr(i, attr),
            V::UserClass(c) => self.class_attr(c, attr),
            V::Super(s) => self.super_attr(&s.0.clone(), &s.1.clone(), attr),
            V::Descriptor(_) if attr == "setter" || attr == "getter" => {
                Ok(V::Method(Rc::new((o.clone(), Rc::from(attr)))))
            }
            V::Bound(b) if attr == "__self__" => Ok(b.0.clone()),
            V::Bound(b) if attr == "__func__" => Ok(b.1.clone()),
            V::Bound(b) if attr == "__name__" => self.get_attr(&b.1.clone(), attr),
            _ if attr == "__class__" => self.construct("type", vec![o.clone()], Vec::new()),
            V::Exception(e) if attr == "args" => Ok(V::tuple(e.args.clone())),
            V::Class(name) if attr == "__name__" => Ok(V::str(name)),
            V::Func(f) if attr == "__name__" => Ok(V::Str(f.def.name.clone())),
            V::Builtin(name) if Self::builtin_attr(name, attr).is_some() => {
                Ok(Self::builtin_attr(name, attr).unwrap_or(V::None))
            }
            V::Builtin(name) if attr == "__name__" => {
                Ok(V::str(name.rsplit('.').next().unwrap_or(name)))
            }
            V::Float(x) if attr == "real" => Ok(V::Float(*x)),
            V::Int(i) if attr == "real" || attr == "numerator" => Ok(V::Int(*i)),
            _ if has_method(o, attr) => Ok(V::Method(Rc::new((o.clone(), Rc::from(attr))))),
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{attr}'", o.type_name()),
            ),
        }
    }

    pub fn set_attr(&mut self, o: &V, attr: &str, v: V) -> Ex<()> {
        match o {
            V::Scheduler(_) | V::Optimizer(_) => self.torch_set_attr(o, attr, v),
            V::Instance(i) => self.set_instance_attr(i, attr, v),
            V::UserClass(c) => self.set_class_attr(c, attr, v),
            V::Ext(e) => self.ext_set_attr(e, attr, v),
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{attr}'", o.type_name()),
            ),
        }
    }

    pub fn get_item(&mut self, o: &V, i: &V) -> Ex<V> {
        if let V::Tuple(t) = i
            && t.len() == 4
            && matches!(&t[0], V::Str(s) if &**s == "slice")
        {
            return self.slice(o, &t[1], &t[2], &t[3]);
        }
        match o {
            V::List(l) => {
                let items = l.borrow();
                let k = self.index(i, items.len(), "list")?;
                Ok(items[k].clone())
            }
            V::Tuple(t) => {
                let k = self.index(i, t.len(), "tuple")?;
                Ok(t[k].clone())
            }
            V::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let k = self.index(i, chars.len(), "string")?;
                Ok(V::str(&chars[k].to_string()))
            }
            V::Range(a, b, s) => {
                let Some(crate::engine::Num::Int(k)) = i.num() else {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "range indices must be integers or slices, not {}",
                            i.type_name()
                        ),
                    );
                };
                match crate::sandbox::value::range_item(*a, *b, *s, k) {
                    Some(v) => Ok(V::Int(v)),
                    None => raise(self.rt, "IndexError", "range object index out of range"),
                }
            }
            V::Dict(d) => {
                let found = d.borrow().get(i).map(|v| v.cloned());
                match found.or_else(|e| self.hash_error(e))? {
                    Some(v) => Ok(v),
                    None => {
                        if let Some(v) = self.dict_missing(d, i)? {
                            return Ok(v);
                        }
                        let key = self.repr(i)?;
                        raise(self.rt, "KeyError", key)
                    }
                }
            }
            V::ParamGroups(_) | V::ParamGroup(..) => self.torch_get_item(o, i),
            V::Ext(e) => self.ext_get_item(e, i),
            // `model[0]` of an nn.Sequential / ModuleList: its layers in order.
            V::NnModule(m) if m.kind == "ModuleDict" || !m.names.is_empty() => {
                self.module_child(m, i)
            }
            V::NnModule(m) if matches!(m.kind, "Sequential" | "ModuleList") => {
                let k = self.index(i, m.children.len(), m.kind)?;
                Ok(V::NnModule(m.children[k].clone()))
            }
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not subscriptable", o.type_name()),
            ),
        }
    }

    /// Normalises an index (negative from the end), with CPython's IndexError/TypeError.
    pub fn index(&mut self, i: &V, len: usize, what: &str) -> Ex<usize> {
        let Some(crate::engine::Num::Int(k)) = i.num() else {
            return raise(
                self.rt,
                "TypeError",
                format!(
                    "{what} indices must be integers or slices, not {}",
                    i.type_name()
                ),
            );
        };
        let k = if k < 0 { k + len as i64 } else { k };
        if k < 0 || k >= len as i64 {
            return raise(self.rt, "IndexError", format!("{what} index out of range"));
        }
        Ok(k as usize)
    }

    fn slice(&mut self, o: &V, a: &V, b: &V, s: &V) -> Ex<V> {
        let (items, build): (Vec<V>, Build) = match o {
            V::List(l) => (l.borrow().to_vec(), V::list),
            V::Tuple(t) => (t.to_vec(), V::tuple),
            V::Range(..) => (self.iterate(o)?, V::list),
            // Characters are picked directly: a slice of a long string builds no list of
            // one-character strings.
            V::Str(text) => {
                self.reserve_bytes(text.len().saturating_mul(4))?;
                let chars: Vec<char> = text.chars().collect();
                let picked = self.slice_indices(chars.len(), a, b, s)?;
                let sliced: String = picked.into_iter().map(|i| chars[i]).collect();
                return Ok(V::str(&sliced));
            }
            _ => {
                return raise(
                    self.rt,
                    "TypeError",
                    format!("'{}' object is not subscriptable", o.type_name()),
                );
            }
        };
        let picked = self.slice_indices(items.len(), a, b, s)?;
        Ok(build(
            picked.into_iter().map(|i| items[i].clone()).collect(),
        ))
    }

    /// The positions `[a:b:s]` selects from a sequence of `n` items, with Python's clamping.
    fn slice_indices(&mut self, n: usize, a: &V, b: &V, s: &V) -> Ex<Vec<usize>> {
        let n = n as i64;
        let get = |v: &V| -> Option<i64> {
            if let Some(crate::engine::Num::Int(i)) = v.num() {
                Some(i)
            } else {
                None
            }
        };
        let step = if s.is_none() { 1 } else { get(s).unwrap_or(1) };
        if step == 0 {
            return raise(self.rt, "ValueError", "slice step cannot be zero");
        }
        let clamp = |v: Option<i64>, default: i64, lo: i64, hi: i64| -> i64 {
            match v {
                None => default,
                Some(i) => {
                    let i = if i < 0 { i + n } else { i };
                    i.clamp(lo, hi)
                }
            }
        };
        let (start, stop) = if step > 0 {
            (
                clamp(if a.is_none() { None } else { get(a) }, 0, 0, n),
                clamp(if b.is_none() { None } else { get(b) }, n, 0, n),
            )
        } else {
            (
                clamp(if a.is_none() { None } else { get(a) }, n - 1, -1, n - 1),
                clamp(if b.is_none() { None } else { get(b) }, -1, -1, n - 1),
            )
        };
        let mut out = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(i as usize);
            // A step past i64 leaves the sequence.
            match i.checked_add(step) {
                Some(next) => i = next,
                None => break,
            }
        }
        Ok(out)
    }

    pub fn set_item(&mut self, o: &V, i: V, v: V) -> Ex<()> {
        match o {
            V::List(l) => {
                let len = l.borrow().len();
                let k = self.index(&i, len, "list assignment")?;
                l.borrow_mut()[k] = v;
                Ok(())
            }
            V::Dict(d) => {
                self.dict_insert(&mut d.borrow_mut(), i, v)?;
                self.need(0)
            }
            V::ParamGroup(..) => self.torch_set_item(o, i, v),
            _ => raise(
                self.rt,
                "TypeError",
                format!(
                    "'{}' object does not support item assignment",
                    o.type_name()
                ),
            ),
        }
    }

    pub fn del_item(&mut self, o: &V, i: &V) -> Ex<()> {
        match o {
            V::List(l) => {
                let len = l.borrow().len();
                let k = self.index(i, len, "list assignment")?;
                l.borrow_mut().remove(k);
                Ok(())
            }
            V::Dict(d) => {
                let removed = d.borrow_mut().remove(i);
                match removed.or_else(|e| self.hash_error(e))? {
                    Some(_) => Ok(()),
                    None => {
                        let key = self.repr(i)?;
                        raise(self.rt, "KeyError", key)
                    }
                }
            }
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object doesn't support item deletion", o.type_name()),
            ),
        }
    }

    /// All items of an iterable (one-shot iterators are consumed).
    pub fn iterate(&mut self, v: &V) -> Ex<Vec<V>> {
        match v {
            V::List(l) => Ok(l.borrow().to_vec()),
            V::Set(d) => {
                let items: Vec<V> = d.borrow().keys().cloned().collect();
                Ok(super::modules::setorder::int_set_order(&items).unwrap_or(items))
            }
            V::Tuple(t) => Ok(t.to_vec()),
            V::Str(s) => {
                // Each character becomes a string object of its own.
                self.reserve_items(s.len().saturating_mul(2))?;
                Ok(s.chars()
                    .map(|c| V::str(c.encode_utf8(&mut [0; 4])))
                    .collect())
            }
            V::Range(a, b, s) => {
                let n = range_len(*a, *b, *s);
                self.reserve_items(n.max(0) as usize)?;
                Ok((0..n)
                    .map(|k| V::Int(a.wrapping_add(s.wrapping_mul(k))))
                    .collect())
            }
            V::Dict(d) => Ok(d.borrow().iter().map(|(k, _)| k.clone()).collect()),
            V::Iter(it) => Ok(it.borrow_mut().by_ref().collect()),
            V::Params(p) => Ok(p.borrow_mut().take().unwrap_or_default()),
            V::ParamGroups(_) | V::ParamGroup(..) => self.torch_iterate(v),
            V::Tensor(t) => self.tensor_items(t),
            V::NnModule(_) => self.torch_iterate(v),
            V::Ext(e) => self.ext_items(e),
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not iterable", v.type_name()),
            ),
        }
    }

    /// `(key, value)` pairs of a mapping.
    pub fn dict_items(&mut self, v: &V) -> Ex<Vec<(V, V)>> {
        match v {
            V::Dict(d) => Ok(d.borrow().pairs()),
            V::ParamGroup(..) => self.torch_group_items(v),
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not a mapping", v.type_name()),
            ),
        }
    }

    pub fn repr(&mut self, v: &V) -> Ex<String> {
        if let Some(s) = repr_plain(v) {
            return Ok(s);
        }
        match v {
            V::Dict(d) if !matches!(d.borrow().flavor, crate::sandbox::dict::Flavor::Plain) => {
                let d = d.clone();
                self.repr_container(v, |ev| ev.flavored_repr(&d).unwrap_or(Ok(String::new())))
            }
            V::List(_) | V::Tuple(_) | V::Set(_) | V::Dict(_) | V::ParamGroup(..) => {
                self.repr_container(v, |ev| ev.container_repr(v))
            }
            V::Ext(e) => self.ext_repr(e),
            V::Func(f) => Ok(format!("<function {} at 0x7f3a2c1b4040>", f.def.name)),
            V::Method(m) => Ok(format!("<bound method {}.{}>", m.0.type_name(), m.1)),
            V::Iter(_) => Ok("<iterator object>".into()),
            V::UserClass(_) | V::Instance(_) | V::Bound(_) | V::Descriptor(_) | V::Super(_) => {
                self.class_repr(v)
            }
            _ => self.torch_repr(v),
        }
    }

    /// The repr of a list, tuple, set or dict (called inside the nesting guard).
    fn container_repr(&mut self, v: &V) -> Ex<String> {
        match v {
            V::List(l) => {
                let items = l.borrow().clone();
                Ok(format!("[{}]", self.join_reprs(&items)?))
            }
            V::Tuple(t) if t.len() == 1 => Ok(format!("({},)", self.repr(&t[0])?)),
            V::Tuple(t) => Ok(format!("({})", self.join_reprs(&t.clone())?)),
            V::Set(d) if d.borrow().is_empty() => Ok("set()".into()),
            V::Set(d) => {
                let items: Vec<V> = d.borrow().keys().cloned().collect();
                let items = super::modules::setorder::int_set_order(&items).unwrap_or(items);
                Ok(format!("{{{}}}", self.join_reprs(&items)?))
            }
            _ => {
                let items = self.dict_items(v)?;
                let mut out = String::from("{");
                for (i, (k, x)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&self.repr(k)?);
                    out.push_str(": ");
                    out.push_str(&self.repr(x)?);
                    self.reserve_bytes(out.len())?;
                }
                out.push('}');
                Ok(out)
            }
        }
    }

    fn join_reprs(&mut self, items: &[V]) -> Ex<String> {
        let mut out = String::new();
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.repr(it)?);
            // A repr can be far larger than its list (a list of one long string, repeated).
            self.reserve_bytes(out.len())?;
        }
        Ok(out)
    }

    /// `str(x)`.
    pub fn str_of(&mut self, v: &V) -> Ex<String> {
        match v {
            V::Str(s) => Ok(s.to_string()),
            V::Exception(e) => Ok(exception_str(e)),
            V::Instance(i) => self.instance_str(i),
            V::Ext(e) => self.ext_str(e),
            _ => self.repr(v),
        }
    }

    /// `format(v, spec)`.
    pub fn format_value(&mut self, v: &V, spec: &str) -> Ex<String> {
        let (s, r) = match v {
            V::Int(_) | V::Float(_) | V::Bool(_) | V::Str(_) => (String::new(), String::new()),
            _ => (self.str_of(v)?, self.repr(v)?),
        };
        let arg = fmt_arg(v, &s, &r);
        format::format_value(&arg, spec).or_else(|e| self.format_error(e))
    }

    /// `fmt % args`.
    pub fn percent(&mut self, fmt: &str, args: &V) -> Ex<V> {
        let items: Vec<V> = match args {
            V::Tuple(t) => t.to_vec(),
            other => vec![other.clone()],
        };
        let mut texts = Vec::with_capacity(items.len());
        for it in &items {
            texts.push((self.str_of(it)?, self.repr(it)?));
        }
        let fmt_args: Vec<FmtArg> = items
            .iter()
            .zip(&texts)
            .map(|(v, (s, r))| fmt_arg(v, s, r))
            .collect();
        match format::percent_format(fmt, &fmt_args) {
            Ok(s) => Ok(V::Str(Rc::from(s.as_str()))),
            Err(e) => self.format_error(e),
        }
    }
}

fn fmt_arg<'a>(v: &'a V, s: &'a str, r: &'a str) -> FmtArg<'a> {
    match v {
        V::Int(i) => FmtArg::Int(*i),
        V::Float(x) => FmtArg::Float(*x),
        V::Bool(b) => FmtArg::Bool(*b),
        V::Str(t) => FmtArg::Str(t),
        other => FmtArg::Other {
            str: s,
            repr: r,
            type_name: other.type_name(),
        },
    }
}

/// `str(exception)`: its message (a KeyError's message is already its key's repr).
fn exception_str(e: &crate::sandbox::value::Exc) -> String {
    e.message.clone()
}

/// Whether `o.attr` is a method the sandbox implements for plain values.
fn has_method(o: &V, attr: &str) -> bool {
    const STR: &[&str] = &[
        "join",
        "format",
        "upper",
        "lower",
        "strip",
        "lstrip",
        "rstrip",
        "split",
        "replace",
        "startswith",
        "endswith",
        "ljust",
        "rjust",
        "center",
        "zfill",
        "count",
        "find",
        "title",
        "capitalize",
        "isdigit",
        "splitlines",
    ];
    const LIST: &[&str] = &[
        "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy",
        "clear",
    ];
    const DICT: &[&str] = &[
        "keys",
        "values",
        "items",
        "get",
        "update",
        "pop",
        "setdefault",
        "copy",
        "clear",
    ];
    const SET: &[&str] = &[
        "add",
        "update",
        "discard",
        "remove",
        "union",
        "intersection",
        "difference",
        "copy",
    ];
    match o {
        V::Str(_) => STR.contains(&attr),
        V::List(_) => LIST.contains(&attr),
        V::Tuple(_) => attr == "index" || attr == "count",
        V::Dict(d) => {
            DICT.contains(&attr)
                || (matches!(d.borrow().flavor, crate::sandbox::dict::Flavor::Counter)
                    && super::modules::COUNTER_METHODS.contains(&attr))
        }
        V::Set(_) => SET.contains(&attr),
        V::Float(_) => attr == "is_integer" || attr == "hex",
        V::Int(_) => attr == "bit_length",
        V::Exception(_) => attr == "with_traceback",
        _ => false,
    }
}
