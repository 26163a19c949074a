//! Compile-stage checks: future imports, the symbol table, then code generation. (part 2)

#[allow(unused_imports)]
use super::*;

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

    pub(super) fn debug_param(&mut self, params: &ast::Parameters) {
        let all = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref());
        for p in all {
            if p.name.as_str() == "__debug__" {
                self.fail("cannot assign to __debug__", p);
            }
        }
    }

    pub(super) fn params(&mut self, params: &ast::Parameters, depth: usize) {
        for p in params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
        {
            if let Some(d) = &p.default {
                self.expr(d, depth, false);
            }
        }
        let annotated = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
            .filter_map(|p| p.parameter.annotation.as_deref())
            .chain(
                params
                    .vararg
                    .iter()
                    .chain(params.kwarg.iter())
                    .filter_map(|p| p.annotation.as_deref()),
            );
        for a in annotated {
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
                if imp.level == 0
                    && imp
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__")
                    && self.line(stmt) > self.future_line
                {
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

    /// Names a pattern binds, in order; `None` when a name is bound twice (CPython's
    /// "multiple assignments to name ... in pattern" is reported by the caller).
    pub(super) fn pattern_names(
        &mut self,
        p: &ast::Pattern,
        names: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        let bind = |c: &mut Self, name: &str, node: &ast::Pattern, names: &mut Vec<String>| {
            if names.iter().any(|n| n == name) {
                c.fail(
                    format!("multiple assignments to name '{name}' in pattern"),
                    node,
                );
            } else {
                names.push(name.to_string());
            }
        };
        match p {
            ast::Pattern::MatchAs(a) => {
                if let Some(inner) = &a.pattern {
                    self.pattern_names(inner, names, d);
                }
                if let Some(n) = &a.name {
                    bind(self, n.as_str(), p, names);
                }
            }
            ast::Pattern::MatchStar(st) => {
                if let Some(n) = &st.name {
                    bind(self, n.as_str(), p, names);
                }
            }
            ast::Pattern::MatchSequence(sq) => {
                for sub in &sq.patterns {
                    self.pattern_names(sub, names, d);
                }
            }
            ast::Pattern::MatchMapping(mm) => {
                let mut keys: Vec<String> = Vec::new();
                for key in &mm.keys {
                    let shown = match key {
                        Expr::StringLiteral(sl) => Some(py_str_repr(sl.value.to_str())),
                        Expr::NumberLiteral(ast::ExprNumberLiteral {
                            value: ast::Number::Int(i),
                            ..
                        }) => Some(i.to_string()),
                        Expr::NoneLiteral(_) => Some("None".to_string()),
                        Expr::BooleanLiteral(b) => {
                            Some(if b.value { "True" } else { "False" }.to_string())
                        }
                        _ => None,
                    };
                    if let Some(shown) = shown {
                        if keys.contains(&shown) {
                            self.fail(format!("mapping pattern checks duplicate key ({shown})"), p);
                        }
                        keys.push(shown);
                    }
                }
                for sub in &mm.patterns {
                    self.pattern_names(sub, names, d);
                }
                if let Some(rest) = &mm.rest {
                    bind(self, rest.as_str(), p, names);
                }
            }
            ast::Pattern::MatchClass(c) => {
                let mut attrs: Vec<&str> = Vec::new();
                for k in &c.arguments.keywords {
                    if attrs.contains(&k.attr.as_str()) {
                        self.fail(
                            format!(
                                "attribute name repeated in class pattern: {}",
                                k.attr.as_str()
                            ),
                            &k.pattern,
                        );
                    }
                    attrs.push(k.attr.as_str());
                }
                for sub in c
                    .arguments
                    .patterns
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.pattern))
                {
                    self.pattern_names(sub, names, d);
                }
            }
            ast::Pattern::MatchOr(o) => {
                let mut first: Option<Vec<String>> = None;
                for alt in &o.patterns {
                    let mut alt_names = Vec::new();
                    self.pattern_names(alt, &mut alt_names, d);
                    match &first {
                        None => first = Some(alt_names),
                        Some(f) => {
                            let mut a = f.clone();
                            let mut b = alt_names;
                            a.sort();
                            b.sort();
                            if a != b {
                                self.fail("alternative patterns bind different names", p);
                            }
                        }
                    }
                }
                for n in first.unwrap_or_default() {
                    bind(self, &n, p, names);
                }
            }
            _ => {}
        }
    }

    pub(super) fn pattern(&mut self, p: &ast::Pattern, allow_irrefutable: bool, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        match p {
            ast::Pattern::MatchAs(a) => match &a.pattern {
                None if !allow_irrefutable => match &a.name {
                    Some(name) => self.fail(
                        format!(
                            "name capture '{}' makes remaining patterns unreachable",
                            name.as_str()
                        ),
                        p,
                    ),
                    None => self.fail("wildcard makes remaining patterns unreachable", p),
                },
                None => {}
                Some(inner) => self.pattern(inner, allow_irrefutable, d),
            },
            ast::Pattern::MatchOr(o) => {
                let n = o.patterns.len();
                for (k, alt) in o.patterns.iter().enumerate() {
                    self.pattern(alt, allow_irrefutable && k + 1 == n, d);
                }
            }
            ast::Pattern::MatchSequence(sq) => {
                if sq
                    .patterns
                    .iter()
                    .filter(|x| matches!(x, ast::Pattern::MatchStar(_)))
                    .count()
                    > 1
                {
                    self.fail("multiple starred names in sequence pattern", p);
                }
                for sub in &sq.patterns {
                    self.pattern(sub, true, d);
                }
            }
            ast::Pattern::MatchMapping(mm) => {
                for sub in &mm.patterns {
                    self.pattern(sub, true, d);
                }
            }
            ast::Pattern::MatchClass(c) => {
                for sub in c
                    .arguments
                    .patterns
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.pattern))
                {
                    self.pattern(sub, true, d);
                }
            }
            _ => {}
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
            Expr::Name(n) => {
                if n.id.as_str() == "__debug__" {
                    match n.ctx {
                        ast::ExprContext::Store => self.fail("cannot assign to __debug__", e),
                        ast::ExprContext::Del => self.fail("cannot delete __debug__", e),
                        _ => {}
                    }
                }
            }
            Expr::Attribute(a) => {
                if a.attr.as_str() == "__debug__" {
                    match a.ctx {
                        ast::ExprContext::Store => self.fail("cannot assign to __debug__", e),
                        ast::ExprContext::Del => self.fail("cannot delete __debug__", e),
                        _ => {}
                    }
                }
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
            Expr::ListComp(c) => {
                self.comprehension("list comprehension", &c.generators, &[&c.elt], d)
            }
            Expr::SetComp(c) => {
                self.comprehension("set comprehension", &c.generators, &[&c.elt], d)
            }
            Expr::Generator(c) => {
                self.comprehension("generator expression", &c.generators, &[&c.elt], d)
            }
            Expr::DictComp(c) => {
                let mut parts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    parts.push(k);
                }
                parts.push(&c.value);
                self.comprehension("dict comprehension", &c.generators, &parts, d);
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

/// Whether a function body yields (not counting nested functions, classes or lambdas).
pub(super) fn contains_yield(body: &[Stmt]) -> bool {
    struct Finder {
        found: bool,
        depth: usize,
    }
    impl<'a> ruff_python_ast::visitor::Visitor<'a> for Finder {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if self.found
                || self.depth > MAX_WALK_DEPTH
                || matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_))
            {
                return;
            }
            self.depth += 1;
            ruff_python_ast::visitor::walk_stmt(self, stmt);
            self.depth -= 1;
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found || self.depth > MAX_WALK_DEPTH {
                return;
            }
            match expr {
                Expr::Yield(_) | Expr::YieldFrom(_) => self.found = true,
                Expr::Lambda(_) => {}
                _ => {
                    self.depth += 1;
                    ruff_python_ast::visitor::walk_expr(self, expr);
                    self.depth -= 1;
                }
            }
        }
    }
    let mut f = Finder {
        found: false,
        depth: 0,
    };
    for s in body {
        ruff_python_ast::visitor::Visitor::visit_stmt(&mut f, s);
    }
    f.found
}

/// Whether an expression awaits (outside nested lambdas).
pub(super) fn contains_await(e: &Expr, depth: usize) -> bool {
    struct Finder {
        found: bool,
        depth: usize,
    }
    impl<'a> ruff_python_ast::visitor::Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found || self.depth > MAX_WALK_DEPTH {
                return;
            }
            match expr {
                Expr::Await(_) => self.found = true,
                Expr::Lambda(_) => {}
                _ => {
                    self.depth += 1;
                    ruff_python_ast::visitor::walk_expr(self, expr);
                    self.depth -= 1;
                }
            }
        }
    }
    let mut f = Finder {
        found: false,
        depth,
    };
    ruff_python_ast::visitor::Visitor::visit_expr(&mut f, e);
    f.found
}

/// Python's `repr` of a str (mapping-pattern keys in messages).
pub(super) fn py_str_repr(s: &str) -> String {
    crate::engine::repr::str_repr(s)
}
