//! Code generation's checks on statements (CPython's `compile.c`): `return`, `break`,
//! `continue`, `async for`/`async with` outside their place, a bare `except:` that is not
//! last, late `from __future__` imports, and the walk that reaches the expression checks.

#[allow(unused_imports)]
use super::*;

/// The parts of CPython's `compile.c` that raise SyntaxError.
pub(super) struct Compiler<'s> {
    pub(super) lines: &'s LineIndex,
    pub(super) scopes: Vec<Scope>,
    /// Enclosing loops, counted per scope.
    pub(super) loops: Vec<usize>,
    pub(super) future_line: usize,
    pub(super) error: Option<SyntaxErrorInfo>,
}

impl Compiler<'_> {
    pub(super) fn line(&self, node: &dyn Ranged) -> usize {
        self.lines.line(node.range().start().to_usize())
    }

    pub(super) fn fail(&mut self, msg: impl Into<String>, node: &dyn Ranged) {
        if self.error.is_none() {
            let line = self.line(node);
            self.error = Some(syntax_at(msg, line));
        }
    }

    pub(super) fn scope(&self) -> Scope {
        self.scopes.last().copied().unwrap_or(Scope::Module)
    }

    pub(super) fn in_loop(&self) -> bool {
        self.loops.last().is_some_and(|n| *n > 0)
    }

    pub(super) fn with_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        self.scopes.push(scope);
        self.loops.push(0);
        f(self);
        self.scopes.pop();
        self.loops.pop();
    }

    pub(super) fn in_loop_body(&mut self, body: &[Stmt], depth: usize) {
        if let Some(n) = self.loops.last_mut() {
            *n += 1;
        }
        self.body(body, depth);
        if let Some(n) = self.loops.last_mut() {
            *n = n.saturating_sub(1);
        }
    }

    pub(super) fn body(&mut self, body: &[Stmt], depth: usize) {
        for stmt in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(stmt, depth + 1);
        }
    }

    pub(super) fn stmt(&mut self, stmt: &Stmt, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression, depth, false);
                }
                if f.name.as_str() == "__debug__" {
                    self.fail("cannot assign to __debug__", stmt);
                }
                self.params(&f.parameters, depth);
                if let Some(r) = &f.returns {
                    self.expr(r, depth, false);
                }
                self.debug_param(&f.parameters);
                let generator = contains_yield(&f.body);
                self.with_scope(
                    Scope::Function {
                        is_async: f.is_async,
                        generator,
                    },
                    |c| c.body(&f.body, depth),
                );
            }
            Stmt::ClassDef(cls) => {
                for d in &cls.decorator_list {
                    self.expr(&d.expression, depth, false);
                }
                if cls.name.as_str() == "__debug__" {
                    self.fail("cannot assign to __debug__", stmt);
                }
                if let Some(args) = &cls.arguments {
                    self.arguments(args, depth);
                }
                self.with_scope(Scope::Class, |c| c.body(&cls.body, depth));
            }
            Stmt::Return(r) => {
                match self.scope() {
                    Scope::Function {
                        is_async: true,
                        generator: true,
                    } if r.value.is_some() => {
                        self.fail("'return' with value in async generator", stmt);
                    }
                    Scope::Function { .. } => {}
                    _ => self.fail("'return' outside function", stmt),
                }
                if let Some(v) = &r.value {
                    self.expr(v, depth, false);
                }
            }
            Stmt::Break(_) if !self.in_loop() => self.fail("'break' outside loop", stmt),
            Stmt::Continue(_) if !self.in_loop() => {
                self.fail("'continue' not properly in loop", stmt)
            }
            Stmt::For(f) => {
                if f.is_async && !matches!(self.scope(), Scope::Function { is_async: true, .. }) {
                    self.fail("'async for' outside async function", stmt);
                }
                self.expr(&f.iter, depth, false);
                self.target(&f.target, depth);
                self.in_loop_body(&f.body, depth);
                self.body(&f.orelse, depth);
            }
            Stmt::While(w) => {
                self.expr(&w.test, depth, false);
                self.in_loop_body(&w.body, depth);
                self.body(&w.orelse, depth);
            }
            Stmt::With(w) => {
                if w.is_async && !matches!(self.scope(), Scope::Function { is_async: true, .. }) {
                    self.fail("'async with' outside async function", stmt);
                }
                for item in &w.items {
                    self.expr(&item.context_expr, depth, false);
                    if let Some(v) = &item.optional_vars {
                        self.target(v, depth);
                    }
                }
                self.body(&w.body, depth);
            }
            Stmt::Assign(a) => {
                self.expr(&a.value, depth, false);
                for t in &a.targets {
                    self.target(t, depth);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target, depth, false);
                self.expr(&a.value, depth, false);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v, depth, false);
                }
                self.target(&a.target, depth);
                self.expr(&a.annotation, depth, false);
            }
            Stmt::Try(t) => {
                self.body(&t.body, depth);
                let n = t.handlers.len();
                for (k, h) in t.handlers.iter().enumerate() {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if h.type_.is_none() && k + 1 < n {
                        self.fail("default 'except:' must be last", h);
                    }
                    if let Some(ty) = &h.type_ {
                        self.expr(ty, depth, false);
                    }
                    self.body(&h.body, depth);
                }
                self.body(&t.orelse, depth);
                self.body(&t.finalbody, depth);
            }
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let bound = alias.asname.as_ref().map_or_else(
                        || alias.name.as_str().split('.').next().unwrap_or(""),
                        |a| a.as_str(),
                    );
                    if bound == "__debug__" {
                        self.fail("cannot assign to __debug__", stmt);
                    }
                }
            }
            Stmt::ImportFrom(imp) => {
                for alias in &imp.names {
                    if alias.asname.as_ref().unwrap_or(&alias.name).as_str() == "__debug__" {
                        self.fail("cannot assign to __debug__", stmt);
                    }
                }
                if is_future_import(imp) && self.line(stmt) > self.future_line {
                    self.fail(
                        "from __future__ imports must occur at the beginning of the file",
                        stmt,
                    );
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t, depth, false);
                }
            }
            Stmt::If(i) => {
                self.expr(&i.test, depth, false);
                self.body(&i.body, depth);
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.expr(test, depth, false);
                    }
                    self.body(&clause.body, depth);
                }
            }
            Stmt::Match(m) => {
                self.expr(&m.subject, depth, false);
                let n = m.cases.len();
                for (k, case) in m.cases.iter().enumerate() {
                    // Only the last case, or one with a guard, may match everything.
                    self.pattern(&case.pattern, case.guard.is_some() || k + 1 == n, depth);
                    let mut names = Vec::new();
                    self.pattern_names(&case.pattern, &mut names, depth);
                    if let Some(g) = &case.guard {
                        self.expr(g, depth, false);
                    }
                    self.body(&case.body, depth);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value, depth, false),
            Stmt::Raise(r) => {
                if let Some(x) = &r.exc {
                    self.expr(x, depth, false);
                }
                if let Some(x) = &r.cause {
                    self.expr(x, depth, false);
                }
            }
            Stmt::Assert(a) => {
                self.expr(&a.test, depth, false);
                if let Some(m) = &a.msg {
                    self.expr(m, depth, false);
                }
            }
            _ => {}
        }
    }
}

pub(super) struct CompileVisit<'c, 's> {
    pub(super) compiler: &'c mut Compiler<'s>,
    pub(super) depth: usize,
}

impl<'a> ruff_python_ast::visitor::Visitor<'a> for CompileVisit<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.compiler.stmt(stmt, self.depth);
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.compiler.expr(expr, self.depth, false);
    }
}
