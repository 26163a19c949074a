//! Code generation's checks on expressions and targets: starred items out of place,
//! assigning or deleting `__debug__`, `yield`/`await` outside their functions, repeated
//! keyword arguments, and async comprehensions outside async functions.

#[allow(unused_imports)]
use super::*;

impl Compiler<'_> {
    pub(super) fn debug_param(&mut self, params: &ast::Parameters) {
        for p in all_parameters(params) {
            if p.name.as_str() == "__debug__" {
                self.fail("cannot assign to __debug__", p);
            }
        }
    }

    /// A name or attribute `__debug__` may be read but not assigned or deleted.
    fn debug_name(&mut self, name: &str, ctx: ast::ExprContext, e: &Expr) {
        if name != "__debug__" {
            return;
        }
        match ctx {
            ast::ExprContext::Store => self.fail("cannot assign to __debug__", e),
            ast::ExprContext::Del => self.fail("cannot delete __debug__", e),
            _ => {}
        }
    }

    pub(super) fn params(&mut self, params: &ast::Parameters, depth: usize) {
        for d in parameter_defaults(params) {
            self.expr(d, depth, false);
        }
        for a in parameter_annotations(params) {
            // `*args: *Ts` is allowed since 3.11.
            self.expr(a, depth, true);
        }
    }

    pub(super) fn target(&mut self, e: &Expr, depth: usize) {
        match e {
            Expr::Starred(s) => {
                self.fail("starred assignment target must be in a list or tuple", e);
                self.expr(&s.value, depth, false);
            }
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
                if elts.iter().filter(|x| x.is_starred_expr()).count() > 1 {
                    self.fail("multiple starred expressions in assignment", e);
                }
                for x in elts {
                    match x {
                        Expr::Starred(s) => self.target(&s.value, depth + 1),
                        _ => self.target(x, depth + 1),
                    }
                }
            }
            _ => self.expr(e, depth, false),
        }
    }

    pub(super) fn arguments(&mut self, args: &ast::Arguments, depth: usize) {
        let mut seen: HashSet<&str> = HashSet::new();
        for k in &args.keywords {
            if let Some(arg) = &k.arg {
                if arg.as_str() == "__debug__" {
                    self.fail("cannot assign to __debug__", k);
                }
                if !seen.insert(arg.as_str()) {
                    self.fail(format!("keyword argument repeated: {}", arg.as_str()), k);
                }
            }
        }
        for a in args.args.iter() {
            self.expr(a, depth + 1, true);
        }
        for k in &args.keywords {
            self.expr(&k.value, depth + 1, false);
        }
    }

    pub(super) fn comprehension(
        &mut self,
        kind: &'static str,
        gens: &[ast::Comprehension],
        parts: &[&Expr],
        depth: usize,
    ) {
        let Some(first) = gens.first() else { return };
        self.expr(&first.iter, depth + 1, false);
        let is_async = gens.iter().any(|g| g.is_async)
            || parts.iter().any(|p| contains_await(p, 0))
            || gens
                .iter()
                .flat_map(|g| g.ifs.iter())
                .any(|c| contains_await(c, 0))
            || gens.iter().skip(1).any(|g| contains_await(&g.iter, 0));
        let outer = self.scope();
        let outer_ok = matches!(
            outer,
            Scope::Function { is_async: true, .. } | Scope::Comprehension(_)
        );
        if is_async
            && kind != "generator expression"
            && !outer_ok
            && let Some(p) = parts.first()
        {
            self.fail(
                "asynchronous comprehension outside of an asynchronous function",
                *p,
            );
        }
        self.with_scope(Scope::Comprehension(kind), |c| {
            for (n, g) in gens.iter().enumerate() {
                c.target(&g.target, depth + 1);
                if n > 0 {
                    c.expr(&g.iter, depth + 1, false);
                }
                for cond in &g.ifs {
                    c.expr(cond, depth + 1, false);
                }
            }
            for p in parts {
                c.expr(p, depth + 1, false);
            }
        });
    }

    /// Visits an expression; `star_ok` when a starred item is allowed right here.
    pub(super) fn expr(&mut self, e: &Expr, depth: usize, star_ok: bool) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        if let Some((kind, gens, parts)) = comprehension_parts(e) {
            self.comprehension(kind, gens, &parts, d);
            return;
        }
        match e {
            Expr::Starred(s) => {
                if !star_ok {
                    if s.ctx == ast::ExprContext::Store {
                        self.fail("starred assignment target must be in a list or tuple", e);
                    } else {
                        self.fail("can't use starred expression here", e);
                    }
                }
                self.expr(&s.value, d, false);
            }
            Expr::Name(n) => self.debug_name(n.id.as_str(), n.ctx, e),
            Expr::Attribute(a) => {
                self.debug_name(a.attr.as_str(), a.ctx, e);
                self.expr(&a.value, d, false);
            }
            Expr::List(ast::ExprList { elts, .. })
            | Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => {
                for x in elts {
                    self.expr(x, d, true);
                }
            }
            Expr::Call(c) => {
                self.expr(&c.func, d, false);
                self.arguments(&c.arguments, d);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value, d, false);
                self.expr(&s.slice, d, true);
            }
            Expr::Yield(y) => {
                if matches!(self.scope(), Scope::Module | Scope::Class) {
                    self.fail("'yield' outside function", e);
                }
                if let Some(v) = &y.value {
                    self.expr(v, d, false);
                }
            }
            Expr::YieldFrom(y) => {
                match self.scope() {
                    Scope::Module | Scope::Class => self.fail("'yield' outside function", e),
                    Scope::Function { is_async: true, .. } => {
                        self.fail("'yield from' inside async function", e)
                    }
                    _ => {}
                }
                self.expr(&y.value, d, false);
            }
            Expr::Await(a) => {
                match self.scope() {
                    Scope::Module | Scope::Class => self.fail("'await' outside function", e),
                    Scope::Function {
                        is_async: false, ..
                    }
                    | Scope::Lambda => self.fail("'await' outside async function", e),
                    _ => {}
                }
                self.expr(&a.value, d, false);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.params(p, d);
                    self.debug_param(p);
                }
                self.with_scope(Scope::Lambda, |c| c.expr(&l.body, d, false));
            }
            _ => {
                let mut v = CompileVisit {
                    compiler: self,
                    depth: d,
                };
                ruff_python_ast::visitor::walk_expr(&mut v, e);
            }
        }
    }
}
