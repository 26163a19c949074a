//! Methods of plain values: `str`, `list`, `dict`, `set`, `tuple`, `Counter`, `float`.

use super::{Ev, Ex, raise};
use crate::sandbox::value::{V, py_eq};
use std::rc::Rc;

type Kw = Vec<(Rc<str>, V)>;

impl Ev<'_> {
    pub fn call_method(&mut self, recv: &V, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match recv {
            V::Instance(i) => self.native_method(i, name, pos, kw),
            V::Descriptor(d) => self.descriptor_method(d, name, pos),
            V::Str(s) => self.str_method(s, name, pos, kw),
            V::List(_) => self.list_method(recv, name, pos, kw),
            V::Tuple(t) => self.seq_query(&t.to_vec(), name, pos),
            V::Dict(_) => self.dict_method(recv, name, pos, kw),
            V::Set(d) => self.set_method(d, name, pos),
            V::Float(x) => match name {
                "is_integer" => Ok(V::Bool(x.fract() == 0.0)),
                _ => Ok(V::str(&format!("{x:e}"))),
            },
            V::Int(i) => Ok(V::Int(64 - i64::from(i.unsigned_abs().leading_zeros()))),
            V::Exception(_) => Ok(recv.clone()),
            V::Ext(e) => self.ext_method(e, name, pos, kw),
            _ => self.torch_method(recv, name, pos, kw),
        }
    }

    /// `set.add/discard/remove/copy/union/update/intersection/difference`.
    fn set_method(&mut self, d: &crate::sandbox::value::Dict, name: &str, pos: Vec<V>) -> Ex<V> {
        let arg = pos.first().cloned().unwrap_or(V::None);
        match name {
            // An element already there keeps its place and its object.
            "add" => {
                self.dict_insert(&mut d.borrow_mut(), arg, V::None)?;
                Ok(V::None)
            }
            "discard" | "remove" => {
                let removed = d.borrow_mut().remove(&arg);
                match removed.or_else(|e| self.hash_error(e))? {
                    Some(_) => Ok(V::None),
                    None if name == "discard" => Ok(V::None),
                    None => {
                        let r = self.repr(&arg)?;
                        raise(self.rt, "KeyError", r)
                    }
                }
            }
            "copy" => Ok(V::set(d.borrow().clone())),
            _ => {
                let items = self.iterate(&arg)?;
                let other = self.make_set(items)?;
                let mine: Vec<V> = d.borrow().keys().cloned().collect();
                let keep = |x: &V| other.contains(x).unwrap_or(false);
                let out: Vec<V> = match name {
                    "union" | "update" => mine.into_iter().chain(other.keys().cloned()).collect(),
                    "intersection" => mine.into_iter().filter(|x| keep(x)).collect(),
                    _ => mine.into_iter().filter(|x| !keep(x)).collect(),
                };
                let out = self.make_set(out)?;
                if name == "update" {
                    *d.borrow_mut() = out;
                    return Ok(V::None);
                }
                Ok(V::set(out))
            }
        }
    }

    fn str_method(&mut self, s: &Rc<str>, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let arg_str = |i: usize| -> Option<String> {
            match pos.get(i) {
                Some(V::Str(t)) => Some(t.to_string()),
                _ => None,
            }
        };
        let out = match name {
            "join" => {
                let items = self.iterate(pos.first().unwrap_or(&V::None))?;
                let mut total = s.len().saturating_mul(items.len().saturating_sub(1));
                for (i, it) in items.iter().enumerate() {
                    match it {
                        V::Str(t) => total = total.saturating_add(t.len()),
                        other => {
                            return raise(
                                self.rt,
                                "TypeError",
                                format!(
                                    "sequence item {i}: expected str instance, {} found",
                                    other.type_name()
                                ),
                            );
                        }
                    }
                }
                self.reserve_bytes(total)?;
                let mut out = String::with_capacity(total);
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(s);
                    }
                    if let V::Str(t) = it {
                        out.push_str(t);
                    }
                }
                out
            }
            "format" => self.str_format(s, &pos, &kw)?,
            "upper" => s.to_uppercase(),
            "lower" => s.to_lowercase(),
            "title" => title(s),
            "capitalize" => {
                let mut c = s.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect()
                })
            }
            "strip" => arg_str(0).map_or_else(
                || s.trim().to_string(),
                |c| s.trim_matches(|x| c.contains(x)).to_string(),
            ),
            "lstrip" => arg_str(0).map_or_else(
                || s.trim_start().to_string(),
                |c| s.trim_start_matches(|x| c.contains(x)).to_string(),
            ),
            "rstrip" => arg_str(0).map_or_else(
                || s.trim_end().to_string(),
                |c| s.trim_end_matches(|x| c.contains(x)).to_string(),
            ),
            "split" => {
                let parts: Vec<V> = match arg_str(0) {
                    Some(sep) if !sep.is_empty() => s.split(sep.as_str()).map(V::str).collect(),
                    Some(_) => return raise(self.rt, "ValueError", "empty separator"),
                    None => s.split_whitespace().map(V::str).collect(),
                };
                return Ok(V::list(parts));
            }
            "splitlines" => return Ok(V::list(s.lines().map(V::str).collect())),
            "replace" => s.replace(
                &arg_str(0).unwrap_or_default(),
                &arg_str(1).unwrap_or_default(),
            ),
            "startswith" => return Ok(V::Bool(s.starts_with(&arg_str(0).unwrap_or_default()))),
            "endswith" => return Ok(V::Bool(s.ends_with(&arg_str(0).unwrap_or_default()))),
            "isdigit" => {
                return Ok(V::Bool(
                    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()),
                ));
            }
            "count" => {
                return Ok(V::Int(
                    s.matches(&arg_str(0).unwrap_or_default()).count() as i64
                ));
            }
            "find" => {
                return Ok(V::Int(
                    s.find(&arg_str(0).unwrap_or_default())
                        .map_or(-1, |i| s[..i].chars().count() as i64),
                ));
            }
            "ljust" | "rjust" | "center" | "zfill" => {
                let width = pos
                    .first()
                    .and_then(super::builtins::int_of)
                    .unwrap_or(0)
                    .max(0) as usize;
                let fill = arg_str(1)
                    .and_then(|f| f.chars().next())
                    .unwrap_or(if name == "zfill" { '0' } else { ' ' });
                self.reserve_bytes(width.saturating_mul(fill.len_utf8()))?;
                pad(s, width, fill, name)
            }
            _ => {
                return raise(
                    self.rt,
                    "AttributeError",
                    format!("'str' object has no attribute '{name}'"),
                );
            }
        };
        Ok(V::str(&out))
    }

    /// `"...".format(*args, **kwargs)`: `{}`, `{0}`, `{name}`, `{x.attr}`, `{x[0]}`, `!r`, `:spec`.
    fn str_format(&mut self, fmt: &str, pos: &[V], kw: &Kw) -> Ex<String> {
        let mut out = String::new();
        let mut chars = fmt.chars().peekable();
        let mut auto = 0usize;
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    out.push('}');
                }
                '}' => {
                    return raise(
                        self.rt,
                        "ValueError",
                        "Single '}' encountered in format string",
                    );
                }
                '{' => {
                    let mut field = String::new();
                    let mut depth = 1;
                    for c in chars.by_ref() {
                        match c {
                            '{' => depth += 1,
                            '}' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        field.push(c);
                    }
                    if depth != 0 {
                        return raise(self.rt, "ValueError", "expected '}' before end of string");
                    }
                    out.push_str(&self.format_field(&field, pos, kw, &mut auto)?);
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn format_field(&mut self, field: &str, pos: &[V], kw: &Kw, auto: &mut usize) -> Ex<String> {
        let (head, spec) = field.split_once(':').unwrap_or((field, ""));
        let (name, conv) = match head.split_once('!') {
            Some((n, c)) => (n, c.chars().next()),
            None => (head, None),
        };
        let split = name.find(['.', '[']).unwrap_or(name.len());
        let (first, rest) = name.split_at(split);
        let mut v = if first.is_empty() {
            let v = pos.get(*auto).cloned();
            *auto += 1;
            v.map_or_else(
                || {
                    raise(
                        self.rt,
                        "IndexError",
                        format!(
                            "Replacement index {} out of range for positional args tuple",
                            *auto - 1
                        ),
                    )
                },
                Ok,
            )?
        } else if let Ok(i) = first.parse::<usize>() {
            pos.get(i).cloned().map_or_else(
                || {
                    raise(
                        self.rt,
                        "IndexError",
                        format!("Replacement index {i} out of range for positional args tuple"),
                    )
                },
                Ok,
            )?
        } else {
            kw.iter()
                .find(|(k, _)| &**k == first)
                .map(|(_, v)| v.clone())
                .map_or_else(
                    || raise(self.rt, "KeyError", crate::engine::repr::str_repr(first)),
                    Ok,
                )?
        };
        for part in rest.split_inclusive(['.', '[']).filter(|p| !p.is_empty()) {
            let part = part.trim_end_matches(['.', '[']);
            if part.is_empty() {
                continue;
            }
            if let Some(idx) = part.strip_suffix(']') {
                let key = idx.parse::<i64>().map_or_else(|_| V::str(idx), V::Int);
                v = self.get_item(&v, &key)?;
            } else {
                v = self.get_attr(&v, part)?;
            }
        }
        let v = match conv {
            Some('r') | Some('a') => V::str(&self.repr(&v)?),
            Some('s') => V::str(&self.str_of(&v)?),
            _ => v,
        };
        let spec = if spec.contains('{') {
            self.str_format(spec, pos, kw)?
        } else {
            spec.to_string()
        };
        self.format_value(&v, &spec)
    }

    fn list_method(&mut self, recv: &V, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let V::List(l) = recv else { return Ok(V::None) };
        let arg = pos.first().cloned().unwrap_or(V::None);
        match name {
            "append" => {
                l.borrow_mut().push(arg);
                self.need(0)?;
                Ok(V::None)
            }
            "extend" => {
                let items = self.iterate(&arg)?;
                l.borrow_mut().extend(items);
                self.need(0)?;
                Ok(V::None)
            }
            "insert" => {
                let n = l.borrow().len() as i64;
                let i = super::builtins::int_of(&arg).unwrap_or(0);
                let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
                l.borrow_mut()
                    .insert(i, pos.get(1).cloned().unwrap_or(V::None));
                Ok(V::None)
            }
            "pop" => {
                let n = l.borrow().len();
                if n == 0 {
                    return raise(self.rt, "IndexError", "pop from empty list");
                }
                let i = if pos.is_empty() {
                    n - 1
                } else {
                    self.index(&arg, n, "pop")?
                };
                Ok(l.borrow_mut().remove(i))
            }
            "remove" => {
                let p = l.borrow().iter().position(|x| py_eq(x, &arg));
                match p {
                    Some(p) => {
                        l.borrow_mut().remove(p);
                        Ok(V::None)
                    }
                    None => raise(self.rt, "ValueError", "list.remove(x): x not in list"),
                }
            }
            "sort" => {
                let mut items = std::mem::take(&mut *l.borrow_mut());
                let r = self.sort(&mut items, &kw);
                *l.borrow_mut() = items;
                r.map(|()| V::None)
            }
            "reverse" => {
                l.borrow_mut().reverse();
                Ok(V::None)
            }
            "copy" => Ok(V::list(l.borrow().to_vec())),
            "clear" => {
                l.borrow_mut().clear();
                Ok(V::None)
            }
            _ => {
                let items = l.borrow().clone();
                self.seq_query(&items, name, pos)
            }
        }
    }

    fn seq_query(&mut self, items: &[V], name: &str, pos: Vec<V>) -> Ex<V> {
        let arg = pos.first().cloned().unwrap_or(V::None);
        match name {
            "count" => Ok(V::Int(
                items.iter().filter(|x| py_eq(x, &arg)).count() as i64
            )),
            _ => match items.iter().position(|x| py_eq(x, &arg)) {
                Some(i) => Ok(V::Int(i as i64)),
                None => {
                    let r = self.repr(&arg)?;
                    raise(self.rt, "ValueError", format!("{r} is not in list"))
                }
            },
        }
    }

    fn dict_method(&mut self, recv: &V, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        let V::Dict(d) = recv else { return Ok(V::None) };
        if let Some(r) = self.counter_method(d, name, &pos, &kw) {
            return r;
        }
        let arg = pos.first().cloned().unwrap_or(V::None);
        match name {
            "keys" => Ok(Self::dict_view(super::modules::ViewKind::Keys, d)),
            "values" => Ok(Self::dict_view(super::modules::ViewKind::Values, d)),
            "items" => Ok(Self::dict_view(super::modules::ViewKind::Items, d)),
            "get" => {
                let found = d.borrow().get(&arg).map(|v| v.cloned());
                let found = found.or_else(|e| self.hash_error(e))?;
                Ok(found.unwrap_or_else(|| pos.get(1).cloned().unwrap_or(V::None)))
            }
            "setdefault" => {
                let found = d.borrow().get(&arg).map(|v| v.cloned());
                match found.or_else(|e| self.hash_error(e))? {
                    Some(v) => Ok(v),
                    None => {
                        let v = pos.get(1).cloned().unwrap_or(V::None);
                        self.dict_insert(&mut d.borrow_mut(), arg, v.clone())?;
                        Ok(v)
                    }
                }
            }
            "pop" => {
                let removed = d.borrow_mut().remove(&arg);
                match (removed.or_else(|e| self.hash_error(e))?, pos.get(1)) {
                    (Some((_, v)), _) => Ok(v),
                    (None, Some(default)) => Ok(default.clone()),
                    (None, None) => {
                        let r = self.repr(&arg)?;
                        raise(self.rt, "KeyError", r)
                    }
                }
            }
            "update" => {
                let mut pairs = if pos.is_empty() {
                    Vec::new()
                } else {
                    self.dict_items(&arg)?
                };
                pairs.extend(kw.into_iter().map(|(k, v)| (V::Str(k), v)));
                for (k, v) in pairs {
                    self.dict_insert(&mut d.borrow_mut(), k, v)?;
                }
                Ok(V::None)
            }
            "copy" => Ok(V::dict(d.borrow().clone())),
            _ => {
                d.borrow_mut().clear();
                Ok(V::None)
            }
        }
    }
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_alpha = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if prev_alpha {
                out.extend(c.to_lowercase())
            } else {
                out.extend(c.to_uppercase())
            }
            prev_alpha = true;
        } else {
            out.push(c);
            prev_alpha = false;
        }
    }
    out
}

/// `str.ljust/rjust/center/zfill`.
fn pad(s: &str, width: usize, fill: char, how: &str) -> String {
    let n = s.chars().count();
    if n >= width {
        return s.to_string();
    }
    let extra = width - n;
    let fill_n = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match how {
        "ljust" => format!("{s}{}", fill_n(extra)),
        "rjust" => format!("{}{s}", fill_n(extra)),
        "zfill" => match s.strip_prefix(['-', '+']) {
            Some(rest) => format!("{}{}{rest}", &s[..1], fill_n(extra)),
            None => format!("{}{s}", fill_n(extra)),
        },
        _ => {
            // CPython puts the extra odd fill character on the right unless the width is odd.
            let left = extra / 2 + (extra & width & 1);
            format!("{}{s}{}", fill_n(left), fill_n(extra - left))
        }
    }
}
