//! Statements: blocks, assignment targets, loops, `try`, `def`, imports, and the step limit.

use super::{Ev, Ex, Raised, Unwind, raise};
use crate::sandbox::ast::{Handler, Name, Scope, Stmt, StmtKind, Target};
use crate::sandbox::value::{Closure, V};
use std::rc::Rc;

impl Ev<'_> {
    pub fn exec_block(&mut self, stmts: &[Stmt]) -> Ex<()> {
        for s in stmts {
            self.exec(s)?;
        }
        Ok(())
    }

    /// Counts one evaluation step; past the step limit or the memory budget the run stops with
    /// a clear error.
    #[inline]
    pub fn tick(&mut self) -> Ex<()> {
        self.charge(1)
    }

    /// Charges `work` steps (an engine call that loops over many groups or schedulers costs
    /// more than one statement). The limits are looked at every [`CHECK_EVERY`] steps: one
    /// comparison on the common path. Large allocations are checked before they are made, so
    /// between two looks a run can only grow by what a few hundred small steps allocate.
    #[inline]
    pub fn charge(&mut self, work: u64) -> Ex<()> {
        self.rt.steps = self.rt.steps.saturating_add(work);
        if self.rt.steps < self.rt.next_check {
            return Ok(());
        }
        self.check_limits()
    }

    #[cold]
    fn check_limits(&mut self) -> Ex<()> {
        self.rt.next_check = self.rt.steps.saturating_add(CHECK_EVERY);
        self.need(0)?;
        if self.rt.steps > self.rt.limits.max_steps {
            let hint = if self.rt.limits.flags {
                " (raise the limit with --max-steps)"
            } else {
                ""
            };
            let msg = format!(
                "the snippet ran more than {} steps; lrtutor stopped it{hint}",
                self.rt.limits.max_steps
            );
            return raise(self.rt, "TimeoutError", msg);
        }
        Ok(())
    }

    /// Checks, before allocating `bytes` more, that the run stays within its memory budget;
    /// past it, `MemoryError` (as CPython raises when an allocation fails).
    #[inline]
    pub fn need(&self, bytes: usize) -> Ex<()> {
        let held = crate::memory::live_bytes().saturating_sub(self.rt.mem_base);
        if (held.max(0) as usize).saturating_add(bytes) > self.rt.limits.max_memory {
            return raise(self.rt, "MemoryError", memory_message(&self.rt.limits));
        }
        Ok(())
    }

    /// A formatting error as a Python exception; a field too wide to build is the run's
    /// `MemoryError`, named as the budget's.
    pub fn format_error<T>(&self, e: crate::sandbox::format::FmtError) -> Ex<T> {
        if e.kind == "MemoryError" {
            return raise(self.rt, "MemoryError", memory_message(&self.rt.limits));
        }
        raise(self.rt, e.kind, e.message)
    }

    fn exec(&mut self, s: &Stmt) -> Ex<()> {
        self.rt.line = s.line;
        self.tick()?;
        match &s.kind {
            StmtKind::Expr(e) => self.eval(e).map(drop),
            StmtKind::Assign(targets, value) => {
                let v = self.eval(value)?;
                for t in targets {
                    self.assign(t, v.clone())?;
                }
                Ok(())
            }
            StmtKind::AugAssign(t, op, value) => self.aug_assign(t, *op, value),
            StmtKind::If(test, body, orelse) => {
                if self.truthy(test)? {
                    self.exec_block(body)
                } else {
                    self.exec_block(orelse)
                }
            }
            StmtKind::While(test, body, orelse) => self.exec_while(s.line, test, body, orelse),
            StmtKind::For(t, iter, body, orelse) => self.exec_for(t, iter, body, orelse),
            StmtKind::Break => Err(Unwind::Break),
            StmtKind::Continue => Err(Unwind::Continue),
            StmtKind::Pass => Ok(()),
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(e)?,
                    None => V::None,
                };
                Err(Unwind::Return(v))
            }
            StmtKind::Def(name, def) if def.decorators.is_empty() => {
                let f = self.make_function(def)?;
                self.store(*name, f)
            }
            StmtKind::Def(name, def) => {
                // Decorators are evaluated first, then applied innermost first.
                let mut decorators = Vec::with_capacity(def.decorators.len());
                for d in &def.decorators {
                    decorators.push(self.eval(d)?);
                }
                let mut f = self.make_function(def)?;
                for d in decorators.iter().rev() {
                    self.rt.line = s.line;
                    f = self.call_value(d, vec![f], Vec::new())?;
                }
                self.store(*name, f)
            }
            StmtKind::Class(name, def) => self.exec_class(*name, def),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => self.exec_try(body, handlers, orelse, finally),
            StmtKind::Raise(e) => self.exec_raise(e.as_ref()),
            StmtKind::Assert(test, msg) => {
                if self.truthy(test)? {
                    return Ok(());
                }
                let m = match msg {
                    Some(m) => {
                        let v = self.eval(m)?;
                        self.str_of(&v)?
                    }
                    None => String::new(),
                };
                raise(self.rt, "AssertionError", m)
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.delete(t)),
            StmtKind::Import(names) => names
                .iter()
                .try_for_each(|(path, bound, aliased)| self.import(path, *bound, *aliased)),
            StmtKind::ImportFrom(module, names) => names
                .iter()
                .try_for_each(|(name, bound)| self.import_from(module, name, *bound)),
            StmtKind::Unsupported(what) => raise(
                self.rt,
                "SandboxError",
                format!(
                    "{what} are not supported in lrtutor's sandbox (line {})",
                    s.line
                ),
            ),
        }
    }

    fn truthy(&mut self, e: &crate::sandbox::ast::Expr) -> Ex<bool> {
        let v = self.eval(e)?;
        self.is_true(&v)
    }

    fn exec_while(
        &mut self,
        line: u32,
        test: &crate::sandbox::ast::Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Ex<()> {
        let outer = self.enter_loop();
        let r = (|| {
            loop {
                self.rt.line = line;
                if !self.truthy(test)? {
                    return self.exec_block(orelse);
                }
                if !self.iteration(body, outer)? {
                    return Ok(());
                }
            }
        })();
        self.rt.loop_depth -= 1;
        r
    }

    fn exec_for(
        &mut self,
        t: &Target,
        iter: &crate::sandbox::ast::Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Ex<()> {
        let it = self.eval(iter)?;
        let outer = self.enter_loop();
        let r = self.for_items(t, it, body, outer).and_then(|completed| {
            if completed {
                self.exec_block(orelse)
            } else {
                Ok(())
            }
        });
        self.rt.loop_depth -= 1;
        r
    }

    /// Runs a `for` body over the items; false when it ended with `break`.
    fn for_items(&mut self, t: &Target, it: V, body: &[Stmt], outer: bool) -> Ex<bool> {
        // Ranges are stepped lazily: a million-iteration loop allocates nothing.
        if let V::Range(start, stop, step) = it {
            let mut i = start;
            while (step > 0 && i < stop) || (step < 0 && i > stop) {
                self.assign(t, V::Int(i))?;
                if !self.iteration(body, outer)? {
                    return Ok(false);
                }
                // Past i64 the range has ended (its stop is an i64).
                match i.checked_add(step) {
                    Some(next) => i = next,
                    None => break,
                }
            }
            return Ok(true);
        }
        // Lazy iterators (`itertools.count()`) give one item at a time: they may never end.
        if let V::Ext(e) = &it
            && matches!(&**e, super::modules::Ext::Lazy(_))
        {
            while let Some(item) = self.lazy_next(e)? {
                self.assign(t, item)?;
                if !self.iteration(body, outer)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        for item in self.iterate(&it)? {
            self.assign(t, item)?;
            if !self.iteration(body, outer)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether a loop starting now is the outermost loop of the module (an "epoch" loop).
    fn enter_loop(&mut self) -> bool {
        let outer = self.frame.is_none() && self.rt.loop_depth == 0;
        self.rt.loop_depth += 1;
        outer
    }

    /// One pass of a loop body; false on `break`. The end of each pass of the outermost loop is
    /// recorded in the trace, so exercises compare learning rates epoch by epoch.
    fn iteration(&mut self, body: &[Stmt], outer: bool) -> Ex<bool> {
        let go_on = match self.exec_block(body) {
            Ok(()) | Err(Unwind::Continue) => true,
            Err(Unwind::Break) => false,
            Err(other) => return Err(other),
        };
        if outer {
            self.epoch_end();
        }
        Ok(go_on)
    }

    fn exec_try(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finally: &[Stmt],
    ) -> Ex<()> {
        let result = match self.exec_block(body) {
            Err(Unwind::Raise(r)) => self.handle(r, handlers),
            Ok(()) => self.exec_block(orelse),
            other => other,
        };
        if finally.is_empty() {
            return result;
        }
        // `finally` runs whatever happened; its own unwinding wins.
        self.exec_block(finally)?;
        result
    }

    fn handle(&mut self, r: Box<Raised>, handlers: &[Handler]) -> Ex<()> {
        for h in handlers {
            self.rt.line = h.line;
            let matches = match &h.kind {
                None => true,
                Some(e) => {
                    let kind = self.eval(e)?;
                    self.exc_matches(&r.exc.kind, &kind)?
                }
            };
            if matches {
                if let Some(name) = h.name {
                    self.store(name, V::Exception(r.exc.clone()))?;
                }
                return self.exec_block(&h.body);
            }
        }
        Err(Unwind::Raise(r))
    }

    fn exec_raise(&mut self, e: Option<&crate::sandbox::ast::Expr>) -> Ex<()> {
        let Some(e) = e else {
            return raise(self.rt, "RuntimeError", "No active exception to reraise");
        };
        let v = self.eval(e)?;
        let exc = match v {
            V::Exception(exc) => exc,
            V::Class(name) if super::call::is_exception_class(name) => {
                match self.call_value(&V::Class(name), Vec::new(), Vec::new())? {
                    V::Exception(exc) => exc,
                    _ => {
                        return raise(
                            self.rt,
                            "TypeError",
                            "exceptions must derive from BaseException",
                        );
                    }
                }
            }
            _ => {
                return raise(
                    self.rt,
                    "TypeError",
                    "exceptions must derive from BaseException",
                );
            }
        };
        Err(Unwind::Raise(Box::new(Raised {
            exc,
            line: self.rt.line,
            frames: vec![(self.rt.func.clone(), self.rt.line)],
        })))
    }

    pub fn make_function(&mut self, def: &Rc<crate::sandbox::ast::FuncDef>) -> Ex<V> {
        let mut defaults = Vec::new();
        for p in &def.params {
            if let Some(d) = &p.default {
                defaults.push(self.eval(d)?);
            }
        }
        let mut kw_defaults = Vec::new();
        for p in &def.kwonly {
            kw_defaults.push(match &p.default {
                Some(d) => Some(self.eval(d)?),
                None => None,
            });
        }
        let mut env = Vec::with_capacity(self.env.len() + 1);
        env.extend(self.frame.clone());
        env.extend(self.env.iter().cloned());
        if let Some(f) = &self.frame {
            self.rt.note_captured(f);
        }
        Ok(V::Func(Rc::new(Closure {
            def: def.clone(),
            defaults,
            kw_defaults,
            env,
            // A function made inside a method shares its class (CPython's `__class__` cell).
            owner: std::cell::RefCell::new(self.rt.owner.as_ref().map(Rc::downgrade)),
        })))
    }

    /// Binds a name in its scope.
    pub fn store(&mut self, name: Name, v: V) -> Ex<()> {
        match name.scope {
            Scope::Global => {
                if let Some(slot) = self.rt.globals.get_mut(name.sym.0 as usize) {
                    *slot = Some(v);
                }
            }
            Scope::Local(i) => {
                if let Some(f) = &self.frame
                    && let Some(slot) = f.borrow_mut().get_mut(usize::from(i))
                {
                    *slot = Some(v);
                }
            }
            Scope::Enclosing(d, i) => {
                if let Some(f) = self.env.get(usize::from(d) - 1)
                    && let Some(slot) = f.borrow_mut().get_mut(usize::from(i))
                {
                    *slot = Some(v);
                }
            }
        }
        Ok(())
    }

    pub fn assign(&mut self, t: &Target, v: V) -> Ex<()> {
        match t {
            Target::Name(n) => self.store(*n, v),
            Target::Attr(obj, attr) => {
                let o = self.eval(obj)?;
                self.set_attr(&o, attr, v)
            }
            Target::Subscript(obj, index) => {
                let o = self.eval(obj)?;
                let i = self.eval(index)?;
                self.set_item(&o, i, v)
            }
            Target::Tuple(targets) => self.unpack(targets, v),
            Target::Starred(_) => raise(
                self.rt,
                "SyntaxError",
                "starred assignment target must be in a list or tuple",
            ),
        }
    }

    fn unpack(&mut self, targets: &[Target], v: V) -> Ex<()> {
        let items = self.iterate(&v)?;
        let star = targets.iter().position(|t| matches!(t, Target::Starred(_)));
        let Some(star) = star else {
            if items.len() != targets.len() {
                let msg = if items.len() > targets.len() {
                    format!("too many values to unpack (expected {})", targets.len())
                } else {
                    format!(
                        "not enough values to unpack (expected {}, got {})",
                        targets.len(),
                        items.len()
                    )
                };
                return raise(self.rt, "ValueError", msg);
            }
            return targets
                .iter()
                .zip(items)
                .try_for_each(|(t, x)| self.assign(t, x));
        };
        let after = targets.len() - star - 1;
        if items.len() < targets.len() - 1 {
            return raise(
                self.rt,
                "ValueError",
                format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    targets.len() - 1,
                    items.len()
                ),
            );
        }
        let mut items = items;
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(star);
        for (t, x) in targets[..star].iter().zip(items) {
            self.assign(t, x)?;
        }
        if let Target::Starred(inner) = &targets[star] {
            self.assign(inner, V::list(middle))?;
        }
        targets[star + 1..]
            .iter()
            .zip(tail)
            .try_for_each(|(t, x)| self.assign(t, x))
    }

    fn aug_assign(
        &mut self,
        t: &Target,
        op: crate::sandbox::ast::BinOp,
        value: &crate::sandbox::ast::Expr,
    ) -> Ex<()> {
        match t {
            Target::Name(n) => {
                let cur = self.load(*n)?;
                let rhs = self.eval(value)?;
                let v = self.inplace(op, cur, rhs)?;
                self.store(*n, v)
            }
            Target::Attr(obj, attr) => {
                let o = self.eval(obj)?;
                let cur = self.get_attr(&o, attr)?;
                let rhs = self.eval(value)?;
                let v = self.inplace(op, cur, rhs)?;
                self.set_attr(&o, attr, v)
            }
            Target::Subscript(obj, index) => {
                let o = self.eval(obj)?;
                let i = self.eval(index)?;
                let cur = self.get_item(&o, &i)?;
                let rhs = self.eval(value)?;
                let v = self.inplace(op, cur, rhs)?;
                self.set_item(&o, i, v)
            }
            _ => raise(
                self.rt,
                "SyntaxError",
                "illegal expression for augmented assignment",
            ),
        }
    }

    fn delete(&mut self, t: &Target) -> Ex<()> {
        match t {
            Target::Name(n) => {
                self.load(*n)?;
                match n.scope {
                    super::super::ast::Scope::Global => {
                        if let Some(slot) = self.rt.globals.get_mut(n.sym.0 as usize) {
                            *slot = None;
                        }
                    }
                    super::super::ast::Scope::Local(i) => {
                        if let Some(f) = &self.frame
                            && let Some(slot) = f.borrow_mut().get_mut(usize::from(i))
                        {
                            *slot = None;
                        }
                    }
                    super::super::ast::Scope::Enclosing(..) => {}
                }
                Ok(())
            }
            Target::Subscript(obj, index) => {
                let o = self.eval(obj)?;
                let i = self.eval(index)?;
                self.del_item(&o, &i)
            }
            Target::Tuple(ts) => ts.iter().try_for_each(|t| self.delete(t)),
            Target::Attr(obj, attr) => {
                let o = self.eval(obj)?;
                self.del_attr(&o, attr)
            }
            _ => raise(
                self.rt,
                "SandboxError",
                "this 'del' target is not supported in lrtutor's sandbox",
            ),
        }
    }
}

/// Steps between two looks at the step limit and the memory budget.
const CHECK_EVERY: u64 = 256;

/// The text of the `MemoryError` raised at the budget.
fn memory_message(limits: &super::Limits) -> String {
    let hint = if limits.flags {
        " (raise it with --max-memory MIB)"
    } else {
        ""
    };
    format!(
        "the snippet needs more than lrtutor's memory budget of {} MiB{hint}",
        limits.max_memory >> 20
    )
}
