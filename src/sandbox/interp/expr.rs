//! Expressions: names, operators with CPython's semantics and messages, comparisons,
//! subscripts and slices, comprehensions, f-strings.

use super::{Ev, Ex, raise};
use crate::engine::Num;
use crate::sandbox::ast::{
    Arg, BinOp, CmpOp, Comp, CompKind, Const, Expr, ExprKind, FPart, Name, Scope, UnaryOp,
};
use crate::sandbox::dict::{HashError, PyDict, py_hash};
use crate::sandbox::value::{self, V, py_eq, range_len};
use std::rc::Rc;

/// Keyword arguments of a call, in source order.
pub type Keywords = Vec<(Rc<str>, V)>;

impl Ev<'_> {
    pub fn eval(&mut self, e: &Expr) -> Ex<V> {
        match &e.kind {
            ExprKind::Const(c) => Ok(constant(c)),
            ExprKind::Name(n) => self.load(*n),
            ExprKind::Attr(obj, attr) => {
                let o = self.eval(obj)?;
                self.rt.line = e.line;
                self.get_attr(&o, attr)
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(obj)?;
                let i = self.eval(index)?;
                self.rt.line = e.line;
                self.get_item(&o, &i)
            }
            ExprKind::Slice(a, b, c) => {
                let mut part = |x: &Option<Box<Expr>>| -> Ex<V> {
                    x.as_ref().map_or(Ok(V::None), |x| self.eval(x))
                };
                let (a, b, c) = (part(a)?, part(b)?, part(c)?);
                Ok(V::tuple(vec![V::str("slice"), a, b, c]))
            }
            ExprKind::Bin(op, l, r) => {
                let a = self.eval(l)?;
                let b = self.eval(r)?;
                self.rt.line = e.line;
                self.binary(*op, a, b)
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval(x)?;
                self.unary(*op, v)
            }
            ExprKind::Bool(and, values) => self.bool_op(*and, values),
            ExprKind::Compare(left, rest) => self.compare_chain(left, rest),
            ExprKind::Call(func, args) => self.eval_call(e.line, func, args),
            ExprKind::IfExp(test, a, b) => {
                let t = self.eval(test)?;
                if self.is_true(&t)? {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
            ExprKind::Lambda(def) => self.make_function(def),
            ExprKind::List(items) => Ok(V::list(self.eval_items(items)?)),
            ExprKind::Tuple(items) => Ok(V::tuple(self.eval_items(items)?)),
            ExprKind::Set(items) => {
                let items = self.eval_items(items)?;
                Ok(V::set(self.make_set(items)?))
            }
            ExprKind::Dict(items) => self.eval_dict(items),
            ExprKind::Comp(c) => self.comprehension(c),
            ExprKind::FString(parts) => Ok(V::Str(Rc::from(self.fstring(parts)?.as_str()))),
            ExprKind::Starred(_) => {
                raise(self.rt, "SyntaxError", "can't use starred expression here")
            }
            ExprKind::Walrus(name, value) => {
                let v = self.eval(value)?;
                self.store(*name, v.clone())?;
                Ok(v)
            }
            ExprKind::Unsupported(what) => {
                self.rt.line = e.line;
                raise(
                    self.rt,
                    "SandboxError",
                    format!(
                        "{what} are not supported in lrtutor's sandbox (line {})",
                        e.line
                    ),
                )
            }
        }
    }

    /// Evaluates list/tuple/set items, expanding `*iterable`.
    fn eval_items(&mut self, items: &[Expr]) -> Ex<Vec<V>> {
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            if let ExprKind::Starred(inner) = &it.kind {
                let v = self.eval(inner)?;
                out.extend(self.iterate(&v)?);
            } else {
                out.push(self.eval(it)?);
            }
        }
        self.need(0)?;
        Ok(out)
    }

    fn eval_dict(&mut self, items: &[(Option<Expr>, Expr)]) -> Ex<V> {
        let mut out = PyDict::new();
        for (k, v) in items {
            match k {
                Some(k) => {
                    let key = self.eval(k)?;
                    let value = self.eval(v)?;
                    self.dict_insert(&mut out, key, value)?;
                }
                None => {
                    let other = self.eval(v)?;
                    for (key, value) in self.dict_items(&other)? {
                        self.dict_insert(&mut out, key, value)?;
                    }
                }
            }
        }
        Ok(V::dict(out))
    }

    /// Checks, before building a container of `n` items, the memory budget.
    pub fn reserve_items(&self, n: usize) -> Ex<()> {
        self.need(n.saturating_mul(std::mem::size_of::<V>()))
    }

    /// Checks, before building a string of `n` bytes, the memory budget. A string is built
    /// and then copied into its shared form, so for a moment it exists twice.
    pub fn reserve_bytes(&self, n: usize) -> Ex<()> {
        self.need(n.saturating_mul(2))
    }

    /// A key that cannot be hashed, as CPython reports it.
    pub fn hash_error<T>(&self, e: HashError) -> Ex<T> {
        match e {
            HashError::Unhashable(name) => {
                raise(self.rt, "TypeError", format!("unhashable type: '{name}'"))
            }
            HashError::TooDeep => raise(
                self.rt,
                "RecursionError",
                "maximum recursion depth exceeded while calling a Python object",
            ),
        }
    }

    pub fn check_hashable(&self, key: &V) -> Ex<()> {
        match py_hash(key) {
            Ok(_) => Ok(()),
            Err(e) => self.hash_error(e),
        }
    }

    /// `d[key] = value`, with CPython's error for an unhashable key.
    pub fn dict_insert(&self, d: &mut PyDict, key: V, value: V) -> Ex<()> {
        d.insert(key, value).or_else(|e| self.hash_error(e))
    }

    /// A set of the items (inserting keeps the first of equal items).
    pub fn make_set(&self, items: Vec<V>) -> Ex<PyDict> {
        let mut d = PyDict::new();
        for it in items {
            self.dict_insert(&mut d, it, V::None)?;
        }
        Ok(d)
    }

    /// Reads a name: local slot, enclosing frame, globals, builtins.
    pub fn load(&mut self, n: Name) -> Ex<V> {
        match n.scope {
            Scope::Local(i) => {
                let v = self
                    .frame
                    .as_ref()
                    .and_then(|f| f.borrow().get(usize::from(i)).cloned().flatten());
                v.map_or_else(|| raise(self.rt, "UnboundLocalError", format!("cannot access local variable '{}' where it is not associated with a value", self.rt.sym_name(n.sym))), Ok)
            }
            Scope::Enclosing(d, i) => {
                let v = self
                    .env
                    .get(usize::from(d) - 1)
                    .and_then(|f| f.borrow().get(usize::from(i)).cloned().flatten());
                v.map_or_else(|| raise(self.rt, "NameError", format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", self.rt.sym_name(n.sym))), Ok)
            }
            Scope::Global => {
                if let Some(Some(v)) = self.rt.globals.get(n.sym.0 as usize) {
                    return Ok(v.clone());
                }
                let name = self.rt.sym_name(n.sym).to_string();
                match super::call::builtin(&name) {
                    Some(v) => Ok(v),
                    None => raise(
                        self.rt,
                        "NameError",
                        format!("name '{name}' is not defined"),
                    ),
                }
            }
        }
    }

    fn bool_op(&mut self, and: bool, values: &[Expr]) -> Ex<V> {
        let mut last = V::None;
        for (i, e) in values.iter().enumerate() {
            last = self.eval(e)?;
            if i + 1 == values.len() {
                break;
            }
            let t = self.is_true(&last)?;
            if t != and {
                return Ok(last);
            }
        }
        Ok(last)
    }

    fn compare_chain(&mut self, left: &Expr, rest: &[(CmpOp, Expr)]) -> Ex<V> {
        let mut a = self.eval(left)?;
        for (op, e) in rest {
            let b = self.eval(e)?;
            self.rt.line = e.line.min(self.rt.line.max(left.line));
            if !self.compare(*op, &a, &b)? {
                return Ok(V::Bool(false));
            }
            a = b;
        }
        Ok(V::Bool(true))
    }

    pub fn compare(&mut self, op: CmpOp, a: &V, b: &V) -> Ex<bool> {
        Ok(match op {
            CmpOp::Eq => self.eq(a, b)?,
            CmpOp::NotEq => !self.eq(a, b)?,
            CmpOp::Is => same_object(a, b),
            CmpOp::IsNot => !same_object(a, b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => self.order(op, a, b)?,
        })
    }

    fn order(&mut self, op: CmpOp, a: &V, b: &V) -> Ex<bool> {
        use std::cmp::Ordering::*;
        let ord = match (a, b) {
            _ if a.num().is_some() && b.num().is_some() => {
                a.num().and_then(|x| b.num().and_then(|y| x.cmp(y)))
            }
            (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
            (V::List(x), V::List(y)) => {
                return self.seq_order(op, &x.borrow().clone(), &y.borrow().clone());
            }
            (V::Tuple(x), V::Tuple(y)) => return self.seq_order(op, &x.clone(), &y.clone()),
            _ => {
                let sym = match op {
                    CmpOp::Lt => "<",
                    CmpOp::LtE => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                return raise(
                    self.rt,
                    "TypeError",
                    format!(
                        "'{sym}' not supported between instances of '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                );
            }
        };
        Ok(match (op, ord) {
            (_, None) => false,
            (CmpOp::Lt, Some(o)) => o == Less,
            (CmpOp::LtE, Some(o)) => o != Greater,
            (CmpOp::Gt, Some(o)) => o == Greater,
            (_, Some(o)) => o != Less,
        })
    }

    fn seq_order(&mut self, op: CmpOp, x: &[V], y: &[V]) -> Ex<bool> {
        for (a, b) in x.iter().zip(y) {
            if !self.eq(a, b)? {
                return self.nested(" in comparison", |ev| ev.order(op, a, b));
            }
        }
        let (n, m) = (x.len(), y.len());
        Ok(match op {
            CmpOp::Lt => n < m,
            CmpOp::LtE => n <= m,
            CmpOp::Gt => n > m,
            _ => n >= m,
        })
    }

    /// `x in container`.
    pub fn contains(&mut self, container: &V, x: &V) -> Ex<bool> {
        Ok(match container {
            V::Str(s) => match x {
                V::Str(sub) => s.contains(&**sub),
                _ => {
                    return raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "'in <string>' requires string as left operand, not {}",
                            x.type_name()
                        ),
                    );
                }
            },
            V::Dict(d) | V::Set(d) => {
                let found = d.borrow().contains(x);
                found.or_else(|e| self.hash_error(e))?
            }
            V::Range(a, b, s) => match x.num() {
                Some(Num::Int(i)) => {
                    range_len(*a, *b, *s) > 0
                        && ((*s > 0 && i >= *a && i < *b) || (*s < 0 && i <= *a && i > *b))
                        && (i128::from(i) - i128::from(*a)) % i128::from(*s) == 0
                }
                _ => false,
            },
            V::ParamGroup(..) => self.dict_items(container)?.iter().any(|(k, _)| py_eq(k, x)),
            V::Ext(e) => self.ext_contains(e, x)?,
            _ => {
                let items = self.iterate(container)?;
                self.position(&items, x)?.is_some()
            }
        })
    }

    pub fn is_true(&mut self, v: &V) -> Ex<bool> {
        match v {
            V::Tensor(_) => raise(
                self.rt,
                "SandboxError",
                "lrtutor's sandbox does not compute tensor values, so a tensor cannot be tested for truth",
            ),
            V::ParamGroups(_) | V::ParamGroup(..) => Ok(true),
            _ => Ok(v.truthy()),
        }
    }

    fn unary(&mut self, op: UnaryOp, v: V) -> Ex<V> {
        match (op, &v) {
            (UnaryOp::Not, _) => Ok(V::Bool(!self.is_true(&v)?)),
            (UnaryOp::Neg, _) if v.num().is_some() => match v.num().map(Num::neg) {
                Some(Ok(n)) => Ok(V::from_num(n)),
                Some(Err(e)) => Err(super::from_engine(self.rt, e)),
                None => Ok(V::None),
            },
            (UnaryOp::Pos, _) if v.num().is_some() => {
                Ok(v.num().map(V::from_num).unwrap_or(V::None))
            }
            (UnaryOp::Invert, V::Int(i)) => Ok(V::Int(!i)),
            (UnaryOp::Invert, V::Bool(b)) => Ok(V::Int(!i64::from(*b))),
            (UnaryOp::Neg | UnaryOp::Pos, V::Tensor(_)) => Ok(v),
            _ => {
                let sym = match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Pos => "+",
                    _ => "~",
                };
                raise(
                    self.rt,
                    "TypeError",
                    format!("bad operand type for unary {sym}: '{}'", v.type_name()),
                )
            }
        }
    }

    /// `a op= b`: lists extend in place, everything else as the binary operator.
    fn inplace_list(&mut self, a: &V, b: &V) -> Ex<Option<V>> {
        if let V::List(l) = a {
            let items = self.iterate(b)?;
            l.borrow_mut().extend(items);
            self.need(0)?;
            return Ok(Some(a.clone()));
        }
        Ok(None)
    }

    pub fn inplace(&mut self, op: BinOp, a: V, b: V) -> Ex<V> {
        if op == BinOp::Add
            && let Some(v) = self.inplace_list(&a, &b)?
        {
            return Ok(v);
        }
        self.binary(op, a, b)
    }

    pub fn binary(&mut self, op: BinOp, a: V, b: V) -> Ex<V> {
        if let (Some(x), Some(y)) = (a.num(), b.num()) {
            return self.numeric(op, x, y);
        }
        match (op, &a, &b) {
            (BinOp::Add, V::Str(x), V::Str(y)) => {
                self.reserve_bytes(x.len().saturating_add(y.len()))?;
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Ok(V::Str(Rc::from(s)))
            }
            (BinOp::Add, V::List(x), V::List(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                self.reserve_items(x.len().saturating_add(y.len()))?;
                Ok(V::list(x.iter().chain(y.iter()).cloned().collect()))
            }
            (BinOp::Add, V::Tuple(x), V::Tuple(y)) => {
                self.reserve_items(x.len().saturating_add(y.len()))?;
                Ok(V::tuple(x.iter().chain(y.iter()).cloned().collect()))
            }
            (BinOp::Mul, V::Str(_) | V::List(_) | V::Tuple(_), V::Int(_) | V::Bool(_)) => {
                self.repeat(&a, &b)
            }
            (BinOp::Mul, V::Int(_) | V::Bool(_), V::Str(_) | V::List(_) | V::Tuple(_)) => {
                self.repeat(&b, &a)
            }
            (BinOp::Mod, V::Str(fmt), _) => self.percent(fmt, &b),
            (BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::Sub, V::Set(_), V::Set(_))
            | (BinOp::BitOr, V::Dict(_), V::Dict(_)) => self.set_binary(op, &a, &b),
            (BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::Sub, V::Ext(_), _)
                if self.is_view_operand(&a) && self.is_view_operand(&b) =>
            {
                self.set_binary(op, &a, &b)
            }
            (_, V::Tensor(_), _) | (_, _, V::Tensor(_)) => Ok(super::call::tensor_result(&a, &b)),
            _ => {
                let sym = op.symbol();
                let msg = match (op, &a) {
                    (BinOp::Mul, V::Str(_) | V::List(_) | V::Tuple(_)) => format!(
                        "can't multiply sequence by non-int of type '{}'",
                        b.type_name()
                    ),
                    (BinOp::Add, V::Str(_)) => format!(
                        "can only concatenate str (not \"{}\") to str",
                        b.type_name()
                    ),
                    (BinOp::Add, V::List(_)) => format!(
                        "can only concatenate list (not \"{}\") to list",
                        b.type_name()
                    ),
                    _ => format!(
                        "unsupported operand type(s) for {sym}: '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                };
                raise(self.rt, "TypeError", msg)
            }
        }
    }

    fn repeat(&mut self, seq: &V, n: &V) -> Ex<V> {
        let n = n.num().map_or(0, |n| match n {
            Num::Int(i) => i.max(0) as usize,
            Num::Float(_) => 0,
        });
        match seq {
            V::Str(s) => {
                self.reserve_bytes(s.len().saturating_mul(n))?;
                Ok(V::Str(Rc::from(s.repeat(n))))
            }
            V::List(l) => {
                let items = l.borrow();
                self.reserve_items(items.len().saturating_mul(n))?;
                Ok(V::list(
                    items
                        .iter()
                        .cloned()
                        .cycle()
                        .take(items.len() * n)
                        .collect(),
                ))
            }
            V::Tuple(t) => {
                self.reserve_items(t.len().saturating_mul(n))?;
                Ok(V::tuple(
                    t.iter().cloned().cycle().take(t.len() * n).collect(),
                ))
            }
            _ => Ok(V::None),
        }
    }

    fn numeric(&mut self, op: BinOp, x: Num, y: Num) -> Ex<V> {
        let r = match op {
            BinOp::Add => x.add(y),
            BinOp::Sub => x.sub(y),
            BinOp::Mul => x.mul(y),
            BinOp::Div => x.div(y),
            BinOp::FloorDiv => x.floordiv(y),
            BinOp::Mod => x.rem(y),
            BinOp::Pow => x.pow(y),
            _ => {
                return match (x, y) {
                    (Num::Int(a), Num::Int(b)) => Ok(V::Int(match op {
                        BinOp::BitAnd => a & b,
                        BinOp::BitOr => a | b,
                        BinOp::BitXor => a ^ b,
                        BinOp::LShift => a.checked_shl(b as u32).unwrap_or(0),
                        _ => a.checked_shr(b as u32).unwrap_or(0),
                    })),
                    _ => raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "unsupported operand type(s) for {}: '{}' and '{}'",
                            op.symbol(),
                            x.type_name(),
                            y.type_name()
                        ),
                    ),
                };
            }
        };
        r.map(V::from_num)
            .map_err(|e| super::from_engine(self.rt, e))
    }

    fn comprehension(&mut self, c: &Rc<Comp>) -> Ex<V> {
        // A comprehension is a hidden function: fresh locals, the current frame as its closure.
        // Its first iterable is evaluated outside, in the scope that wrote it (where its names
        // were resolved when lowering).
        let first = match c.generators.first() {
            Some(g) => Some(self.eval(&g.iter)?),
            None => None,
        };
        let nlocals = comp_locals(c);
        let frame = Rc::new(std::cell::RefCell::new(vec![None; nlocals]));
        let mut env = Vec::with_capacity(self.env.len() + 1);
        env.extend(self.frame.clone());
        env.extend(self.env.iter().cloned());
        let saved_frame = self.frame.replace(frame);
        let saved_env = std::mem::replace(&mut self.env, env);
        let mut out = Vec::new();
        let mut pairs = Vec::new();
        let r = self.comp_level(c, 0, first, &mut out, &mut pairs);
        self.frame = saved_frame;
        self.env = saved_env;
        r?;
        Ok(match &c.kind {
            CompKind::List(_) => V::list(out),
            CompKind::Set(_) => V::set(self.make_set(out)?),
            CompKind::Gen(_) => V::iter(out),
            CompKind::Dict(..) => {
                let mut d = PyDict::new();
                for (k, v) in pairs {
                    self.dict_insert(&mut d, k, v)?;
                }
                V::dict(d)
            }
        })
    }

    fn comp_level(
        &mut self,
        c: &Comp,
        level: usize,
        first: Option<V>,
        out: &mut Vec<V>,
        pairs: &mut Vec<(V, V)>,
    ) -> Ex<()> {
        let Some(g) = c.generators.get(level) else {
            match &c.kind {
                CompKind::List(e) | CompKind::Set(e) | CompKind::Gen(e) => out.push(self.eval(e)?),
                CompKind::Dict(k, v) => {
                    let key = self.eval(k)?;
                    self.check_hashable(&key)?;
                    pairs.push((key, self.eval(v)?));
                }
            }
            return self.need(0);
        };
        let it = match first {
            Some(v) => v,
            None => self.eval(&g.iter)?,
        };
        'items: for item in self.iterate(&it)? {
            self.tick()?;
            self.assign(&g.target, item)?;
            for cond in &g.ifs {
                let t = self.eval(cond)?;
                if !self.is_true(&t)? {
                    continue 'items;
                }
            }
            self.comp_level(c, level + 1, None, out, pairs)?;
        }
        Ok(())
    }

    fn fstring(&mut self, parts: &[FPart]) -> Ex<String> {
        let mut s = String::new();
        for p in parts {
            match p {
                FPart::Lit(t) => s.push_str(t),
                FPart::Value {
                    expr,
                    conversion,
                    spec,
                    debug,
                } => {
                    let v = self.eval(expr)?;
                    if let Some(d) = debug {
                        s.push_str(d);
                    }
                    let conv = match conversion {
                        None if debug.is_some() && spec.is_none() => Some('r'),
                        c => *c,
                    };
                    let v = match conv {
                        Some('r') | Some('a') => V::Str(Rc::from(self.repr(&v)?.as_str())),
                        Some('s') => V::Str(Rc::from(self.str_of(&v)?.as_str())),
                        _ => v,
                    };
                    let spec = match spec {
                        Some(parts) => self.fstring(parts)?,
                        None => String::new(),
                    };
                    s.push_str(&self.format_value(&v, &spec)?);
                }
            }
            if s.len() > self.rt.limits.max_output {
                return raise(self.rt, "MemoryError", "a string grew too large");
            }
        }
        Ok(s)
    }

    pub fn eval_args(&mut self, args: &[Arg]) -> Ex<(Vec<V>, Keywords)> {
        let mut pos = Vec::with_capacity(args.len());
        let mut kw = Vec::new();
        for a in args {
            match a {
                Arg::Pos(e) => pos.push(self.eval(e)?),
                Arg::Star(e) => {
                    let v = self.eval(e)?;
                    pos.extend(self.iterate(&v)?);
                }
                Arg::Kw(name, e) => kw.push((name.clone(), self.eval(e)?)),
                Arg::StarStar(e) => {
                    let v = self.eval(e)?;
                    for (k, val) in self.dict_items(&v)? {
                        match k {
                            V::Str(s) => kw.push((s, val)),
                            _ => return raise(self.rt, "TypeError", "keywords must be strings"),
                        }
                    }
                }
            }
        }
        Ok((pos, kw))
    }
}

fn constant(c: &Const) -> V {
    match c {
        Const::None => V::None,
        Const::Bool(b) => V::Bool(*b),
        Const::Int(i) => V::Int(*i),
        Const::Float(x) => V::Float(*x),
        Const::Str(s) => V::Str(s.clone()),
        Const::Ellipsis => V::Builtin("Ellipsis"),
    }
}

/// Number of local slots a comprehension needs (its loop targets).
fn comp_locals(c: &Comp) -> usize {
    fn count(t: &crate::sandbox::ast::Target, max: &mut usize) {
        match t {
            crate::sandbox::ast::Target::Name(n) => {
                if let Scope::Local(i) = n.scope {
                    *max = (*max).max(usize::from(i) + 1);
                }
            }
            crate::sandbox::ast::Target::Tuple(ts) => ts.iter().for_each(|t| count(t, max)),
            crate::sandbox::ast::Target::Starred(t) => count(t, max),
            _ => {}
        }
    }
    let mut max = 0;
    for g in &c.generators {
        count(&g.target, &mut max);
    }
    max
}

/// `is`: identity for shared objects, equality for the immutable singletons and small values.
fn same_object(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::None, V::None) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Int(x), V::Int(y)) => x == y,
        (V::Str(x), V::Str(y)) => Rc::ptr_eq(x, y) || x == y,
        (V::List(_) | V::Set(_) | V::Dict(_) | V::Tuple(_), _) => value::same_object(a, b),
        _ => py_eq(a, b) && !matches!(a, V::Float(_)),
    }
}
