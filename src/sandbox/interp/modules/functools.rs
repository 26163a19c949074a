//! `functools.partial` (a callable object that adds fixed arguments; typical as an `lr_lambda`)
//! and `functools.reduce`.

use super::{Ev, Ex, Ext, Kw, ext, raise};
use crate::sandbox::value::V;

impl Ev<'_> {
    pub fn call_functools(&mut self, f: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match f {
            "partial" => {
                let mut it = pos.into_iter();
                let Some(func) = it.next() else {
                    return raise(
                        self.rt,
                        "TypeError",
                        "type 'partial' takes at least one argument",
                    );
                };
                if !self.is_callable(&func) {
                    return raise(self.rt, "TypeError", "the first argument must be callable");
                }
                // A partial of a partial flattens, as CPython's does.
                if let V::Ext(e) = &func
                    && let Ext::Partial {
                        func,
                        args,
                        kw: fixed,
                    } = &**e
                {
                    let mut all = args.clone();
                    all.extend(it);
                    let mut kws = fixed.clone();
                    for (k, v) in kw {
                        match kws.iter_mut().find(|(n, _)| *n == k) {
                            Some(slot) => slot.1 = v,
                            None => kws.push((k, v)),
                        }
                    }
                    return Ok(ext(Ext::Partial {
                        func: func.clone(),
                        args: all,
                        kw: kws,
                    }));
                }
                Ok(ext(Ext::Partial {
                    func,
                    args: it.collect(),
                    kw,
                }))
            }
            _ => {
                let func = pos.first().cloned().unwrap_or(V::None);
                let items = self.iterate(pos.get(1).unwrap_or(&V::None))?;
                let mut it = items.into_iter();
                let mut acc = match pos.get(2).cloned().or_else(|| it.next()) {
                    Some(a) => a,
                    None => {
                        return raise(
                            self.rt,
                            "TypeError",
                            "reduce() of empty iterable with no initial value",
                        );
                    }
                };
                for x in it {
                    acc = self.call_value(&func, vec![acc, x], Vec::new())?;
                }
                Ok(acc)
            }
        }
    }

    /// `callable(x)`.
    pub fn is_callable(&self, v: &V) -> bool {
        match v {
            V::Func(_) | V::Builtin(_) | V::Method(_) | V::Class(_) | V::NnModule(_) => true,
            V::Ext(e) => matches!(&**e, Ext::Partial { .. }),
            // Classes, bound methods, instances with `__call__`, static methods.
            _ => Self::is_callable_object(v),
        }
    }
}
