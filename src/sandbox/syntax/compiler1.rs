//! Compile-stage checks: future imports, the symbol table, then code generation. (part 1)

#[allow(unused_imports)]
use super::*;

/// Deepest tree the checks below walk; deeper parts are skipped rather than risk the stack.
pub(super) const MAX_WALK_DEPTH: usize = 400;

pub(super) const FUTURE_FEATURES: [&str; 10] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Start offsets of the lines of a source (same line breaks as [`line_of`]).
pub(super) struct LineIndex {
    pub(super) starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset).max(1)
    }
}

pub(super) fn compile_checks(module: &ModModule, source: &str) -> Option<SyntaxErrorInfo> {
    let lines = LineIndex::new(source);
    let line = |node: &dyn Ranged| lines.line(node.range().start().to_usize());
    // future.c: only a docstring and other future imports may precede a future import.
    let mut future_line = 0;
    let mut seen_doc = false;
    for stmt in &module.body {
        match stmt {
            Stmt::ImportFrom(imp)
                if imp.level == 0
                    && imp
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__") =>
            {
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    if name == "braces" {
                        return Some(syntax_at("not a chance", line(stmt)));
                    }
                    if !FUTURE_FEATURES.contains(&name) {
                        return Some(syntax_at(
                            format!("future feature {name} is not defined"),
                            line(stmt),
                        ));
                    }
                }
                future_line = line(stmt);
            }
            Stmt::Expr(e) if !seen_doc && matches!(*e.value, Expr::StringLiteral(_)) => {
                seen_doc = true
            }
            _ => break,
        }
    }
    let mut table = SymTable::new(&lines);
    table.body(&module.body, 0);
    if let Some(info) = table.error.take() {
        return Some(info);
    }
    if let Some(info) = table.analyse() {
        return Some(info);
    }
    let mut compiler = Compiler {
        lines: &lines,
        scopes: vec![Scope::Module],
        loops: vec![0],
        future_line,
        error: None,
    };
    compiler.body(&module.body, 0);
    compiler.error
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Scope {
    Module,
    Class,
    Function { is_async: bool, generator: bool },
    Lambda,
    Comprehension(&'static str),
}

pub(super) const PARAM: u16 = 1;
pub(super) const LOCAL: u16 = 2;
pub(super) const USE: u16 = 4;
pub(super) const ANNOT: u16 = 8;
pub(super) const GLOBAL: u16 = 16;
pub(super) const NONLOCAL: u16 = 32;
pub(super) const IMPORT: u16 = 64;
pub(super) const COMP_ITER: u16 = 128;
/// Bound by a walrus inside this comprehension (the binding goes to the enclosing scope).
pub(super) const WALRUS: u16 = 256;

pub(super) struct SymScope {
    pub(super) kind: Scope,
    pub(super) parent: Option<usize>,
    pub(super) flags: std::collections::HashMap<String, u16>,
    pub(super) nonlocals: Vec<(String, usize)>,
    /// Line of the first `global`/`nonlocal` naming each name.
    pub(super) directives: std::collections::HashMap<String, usize>,
}

/// The parts of CPython's `symtable.c` that raise SyntaxError.
pub(super) struct SymTable<'s> {
    pub(super) lines: &'s LineIndex,
    pub(super) scopes: Vec<SymScope>,
    pub(super) current: usize,
    pub(super) error: Option<SyntaxErrorInfo>,
    /// Inside a comprehension's iterable expression.
    pub(super) comp_iter: usize,
}

impl<'s> SymTable<'s> {
    pub(super) fn new(lines: &'s LineIndex) -> SymTable<'s> {
        let module = SymScope {
            kind: Scope::Module,
            parent: None,
            flags: Default::default(),
            nonlocals: Vec::new(),
            directives: Default::default(),
        };
        SymTable {
            lines,
            scopes: vec![module],
            current: 0,
            error: None,
            comp_iter: 0,
        }
    }

    pub(super) fn line(&self, node: &dyn Ranged) -> usize {
        self.lines.line(node.range().start().to_usize())
    }

    pub(super) fn fail(&mut self, msg: String, line: usize) {
        if self.error.is_none() {
            self.error = Some(syntax_at(msg, line));
        }
    }

    pub(super) fn flags(&self, name: &str) -> u16 {
        self.scopes
            .get(self.current)
            .and_then(|s| s.flags.get(name).copied())
            .unwrap_or(0)
    }

    pub(super) fn add(&mut self, name: &str, flag: u16) {
        if let Some(scope) = self.scopes.get_mut(self.current) {
            *scope.flags.entry(name.to_string()).or_insert(0) |= flag;
        }
    }

    pub(super) fn enter(&mut self, kind: Scope) -> usize {
        let saved = self.current;
        self.scopes.push(SymScope {
            kind,
            parent: Some(saved),
            flags: Default::default(),
            nonlocals: Vec::new(),
            directives: Default::default(),
        });
        self.current = self.scopes.len() - 1;
        saved
    }

    pub(super) fn body(&mut self, body: &[Stmt], depth: usize) {
        for stmt in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(stmt, depth + 1);
        }
    }

    pub(super) fn params(&mut self, params: &ast::Parameters) {
        let all = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref());
        for p in all {
            let name = p.name.as_str();
            if self.flags(name) & PARAM != 0 {
                let line = self.line(p);
                self.fail(
                    format!("duplicate argument '{name}' in function definition"),
                    line,
                );
                return;
            }
            self.add(name, PARAM);
        }
    }

    pub(super) fn param_exprs(&mut self, params: &ast::Parameters, depth: usize) {
        let with_defaults = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter());
        for p in with_defaults.clone() {
            if let Some(d) = &p.default {
                self.expr(d, depth);
            }
        }
        for p in with_defaults {
            if let Some(a) = &p.parameter.annotation {
                self.expr(a, depth);
            }
        }
        for p in params.vararg.iter().chain(params.kwarg.iter()) {
            if let Some(a) = &p.annotation {
                self.expr(a, depth);
            }
        }
    }

    pub(super) fn declare(&mut self, names: &[ast::Identifier], flag: u16, stmt: &Stmt) {
        let what = if flag == GLOBAL { "global" } else { "nonlocal" };
        for name in names {
            let name = name.as_str();
            let cur = self.flags(name);
            let problem = if cur & PARAM != 0 {
                Some(format!("name '{name}' is parameter and {what}"))
            } else if cur & USE != 0 {
                Some(format!("name '{name}' is used prior to {what} declaration"))
            } else if cur & ANNOT != 0 {
                Some(format!("annotated name '{name}' can't be {what}"))
            } else if cur & LOCAL != 0 {
                Some(format!(
                    "name '{name}' is assigned to before {what} declaration"
                ))
            } else {
                None
            };
            if let Some(msg) = problem {
                let line = self.line(stmt);
                self.fail(msg, line);
                return;
            }
            self.add(name, flag);
            let line = self.line(stmt);
            if let Some(scope) = self.scopes.get_mut(self.current) {
                scope.directives.entry(name.to_string()).or_insert(line);
            }
            if flag == NONLOCAL {
                let line = self.line(stmt);
                if let Some(scope) = self.scopes.get_mut(self.current) {
                    scope.nonlocals.push((name.to_string(), line));
                }
            }
        }
    }

    pub(super) fn stmt(&mut self, stmt: &Stmt, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match stmt {
            Stmt::FunctionDef(f) => {
                self.add(f.name.as_str(), LOCAL);
                self.param_exprs(&f.parameters, depth);
                if let Some(r) = &f.returns {
                    self.expr(r, depth);
                }
                for d in &f.decorator_list {
                    self.expr(&d.expression, depth);
                }
                let saved = self.enter(Scope::Function {
                    is_async: f.is_async,
                    generator: false,
                });
                self.params(&f.parameters);
                self.body(&f.body, depth);
                self.current = saved;
            }
            Stmt::ClassDef(c) => {
                self.add(c.name.as_str(), LOCAL);
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a, depth);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value, depth);
                    }
                }
                for d in &c.decorator_list {
                    self.expr(&d.expression, depth);
                }
                let saved = self.enter(Scope::Class);
                self.body(&c.body, depth);
                self.current = saved;
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let cur = self.flags(n.id.as_str());
                    if cur & (GLOBAL | NONLOCAL) != 0 && self.current != 0 && a.simple {
                        let what = if cur & GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        let line = self.line(stmt);
                        self.fail(
                            format!("annotated name '{}' can't be {what}", n.id.as_str()),
                            line,
                        );
                        return;
                    }
                    self.add(n.id.as_str(), ANNOT | LOCAL);
                } else {
                    self.expr(&a.target, depth);
                }
                self.expr(&a.annotation, depth);
                if let Some(v) = &a.value {
                    self.expr(v, depth);
                }
            }
            Stmt::Global(g) => self.declare(&g.names, GLOBAL, stmt),
            Stmt::Nonlocal(n) => self.declare(&n.names, NONLOCAL, stmt),
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let bound = alias.asname.as_ref().map_or_else(
                        || {
                            alias
                                .name
                                .as_str()
                                .split('.')
                                .next()
                                .unwrap_or("")
                                .to_string()
                        },
                        |a| a.as_str().to_string(),
                    );
                    self.add(&bound, IMPORT);
                }
            }
            Stmt::ImportFrom(imp) => {
                for alias in &imp.names {
                    if alias.name.as_str() == "*" {
                        if self.current != 0 {
                            let line = self.line(stmt);
                            self.fail("import * only allowed at module level".to_string(), line);
                            return;
                        }
                        continue;
                    }
                    let bound = alias
                        .asname
                        .as_ref()
                        .unwrap_or(&alias.name)
                        .as_str()
                        .to_string();
                    self.add(&bound, IMPORT);
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body, depth);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty, depth);
                    }
                    if let Some(name) = &h.name {
                        self.add(name.as_str(), LOCAL);
                    }
                    self.body(&h.body, depth);
                }
                self.body(&t.orelse, depth);
                self.body(&t.finalbody, depth);
            }
            _ => {
                let mut v = SymVisit { table: self, depth };
                ruff_python_ast::visitor::walk_stmt(&mut v, stmt);
            }
        }
    }

    pub(super) fn expr(&mut self, e: &Expr, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        match e {
            Expr::Name(n) => {
                let flag = if n.ctx == ast::ExprContext::Load {
                    USE
                } else {
                    LOCAL
                };
                self.add(n.id.as_str(), flag);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_exprs(p, depth + 1);
                }
                let saved = self.enter(Scope::Lambda);
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.expr(&l.body, depth + 1);
                self.current = saved;
            }
            Expr::ListComp(c) => {
                self.comprehension("list comprehension", &c.generators, &[&c.elt], depth)
            }
            Expr::SetComp(c) => {
                self.comprehension("set comprehension", &c.generators, &[&c.elt], depth)
            }
            Expr::Generator(c) => {
                self.comprehension("generator expression", &c.generators, &[&c.elt], depth)
            }
            Expr::DictComp(c) => {
                let mut parts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    parts.push(k);
                }
                parts.push(&c.value);
                self.comprehension("dict comprehension", &c.generators, &parts, depth);
            }
            Expr::Named(n) => {
                self.expr(&n.value, depth + 1);
                if self.error.is_some() {
                    return;
                }
                if self.comp_iter > 0 {
                    let line = self.line(e);
                    self.fail(
                        "assignment expression cannot be used in a comprehension iterable expression".to_string(),
                        line,
                    );
                    return;
                }
                if let Expr::Name(target) = &*n.target {
                    self.named_target(target.id.as_str(), e);
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if let Some(Scope::Comprehension(what)) =
                    self.scopes.get(self.current).map(|s| s.kind)
                {
                    let line = self.line(e);
                    self.fail(format!("'yield' inside {what}"), line);
                    return;
                }
                let mut v = SymVisit { table: self, depth };
                ruff_python_ast::visitor::walk_expr(&mut v, e);
            }
            _ => {
                let mut v = SymVisit { table: self, depth };
                ruff_python_ast::visitor::walk_expr(&mut v, e);
            }
        }
    }

    /// Where a walrus inside comprehensions binds: not an iteration variable, not a class.
    pub(super) fn named_target(&mut self, name: &str, e: &Expr) {
        let mut k = Some(self.current);
        while let Some(idx) = k {
            let Some(scope) = self.scopes.get(idx) else {
                break;
            };
            let (kind, flags, parent) = (
                scope.kind,
                scope.flags.get(name).copied().unwrap_or(0),
                scope.parent,
            );
            match kind {
                Scope::Comprehension(_) => {
                    if flags & COMP_ITER != 0 {
                        let line = self.line(e);
                        self.fail(
                            format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                            line,
                        );
                        return;
                    }
                    if let Some(sc) = self.scopes.get_mut(idx) {
                        *sc.flags.entry(name.to_string()).or_insert(0) |= WALRUS;
                    }
                }
                Scope::Class => {
                    if idx != self.current {
                        let line = self.line(e);
                        self.fail(
                            "assignment expression within a comprehension cannot be used in a class body".to_string(),
                            line,
                        );
                    } else {
                        self.bind_in(idx, name);
                    }
                    return;
                }
                _ => {
                    self.bind_in(idx, name);
                    return;
                }
            }
            k = parent;
        }
    }

    pub(super) fn bind_in(&mut self, idx: usize, name: &str) {
        if let Some(scope) = self.scopes.get_mut(idx) {
            *scope.flags.entry(name.to_string()).or_insert(0) |= LOCAL;
        }
    }

    pub(super) fn comp_targets(&mut self, target: &Expr) {
        match target {
            Expr::Name(n) => {
                let name = n.id.as_str();
                if self.flags(name) & WALRUS != 0 {
                    let line = self.line(target);
                    self.fail(
                        format!("comprehension inner loop cannot rebind assignment expression target '{name}'"),
                        line,
                    );
                    return;
                }
                self.add(name, COMP_ITER | LOCAL);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for x in elts {
                    self.comp_targets(x);
                }
            }
            Expr::Starred(st) => self.comp_targets(&st.value),
            _ => {}
        }
    }

    pub(super) fn comprehension(
        &mut self,
        what: &'static str,
        gens: &[ast::Comprehension],
        parts: &[&Expr],
        depth: usize,
    ) {
        let Some(first) = gens.first() else { return };
        self.comp_iter += 1;
        self.expr(&first.iter, depth + 1);
        self.comp_iter -= 1;
        let saved = self.enter(Scope::Comprehension(what));
        for (n, g) in gens.iter().enumerate() {
            // CPython visits each loop's target, then (after the first) its iterable.
            self.comp_targets(&g.target);
            self.expr(&g.target, depth + 1);
            if n > 0 {
                self.comp_iter += 1;
                self.expr(&g.iter, depth + 1);
                self.comp_iter -= 1;
            }
            for cond in &g.ifs {
                self.expr(cond, depth + 1);
            }
        }
        for p in parts {
            self.expr(p, depth + 1);
        }
        self.current = saved;
    }

    /// `analyze_block`: nonlocal declarations need a binding in an enclosing function.
    pub(super) fn analyse(&self) -> Option<SyntaxErrorInfo> {
        for scope in &self.scopes {
            for (name, line) in &scope.nonlocals {
                if scope.kind == Scope::Module {
                    return Some(syntax_at(
                        "nonlocal declaration not allowed at module level",
                        *line,
                    ));
                }
                let flags = scope.flags.get(name).copied().unwrap_or(0);
                if flags & GLOBAL != 0 {
                    let first = scope.directives.get(name).copied().unwrap_or(*line);
                    return Some(syntax_at(
                        format!("name '{name}' is nonlocal and global"),
                        first,
                    ));
                }
                let mut parent = scope.parent;
                let mut bound = false;
                while let Some(p) = parent {
                    let Some(outer) = self.scopes.get(p) else {
                        break;
                    };
                    if matches!(
                        outer.kind,
                        Scope::Function { .. } | Scope::Lambda | Scope::Comprehension(_)
                    ) {
                        let f = outer.flags.get(name).copied().unwrap_or(0);
                        if f & GLOBAL != 0 {
                            break;
                        }
                        if f & (LOCAL | PARAM | IMPORT) != 0 {
                            bound = true;
                            break;
                        }
                    }
                    parent = outer.parent;
                }
                if !bound {
                    return Some(syntax_at(
                        format!("no binding for nonlocal '{name}' found"),
                        *line,
                    ));
                }
            }
        }
        None
    }
}

/// Lets the symbol table reuse Ruff's visitor for the plain parts of the tree.
pub(super) struct SymVisit<'t, 's> {
    pub(super) table: &'t mut SymTable<'s>,
    pub(super) depth: usize,
}

impl<'a> ruff_python_ast::visitor::Visitor<'a> for SymVisit<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.table.stmt(stmt, self.depth + 1);
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.table.expr(expr, self.depth + 1);
    }
    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        match pattern {
            ast::Pattern::MatchAs(ast::PatternMatchAs { name: Some(n), .. })
            | ast::Pattern::MatchStar(ast::PatternMatchStar { name: Some(n), .. }) => {
                self.table.add(n.as_str(), LOCAL)
            }
            ast::Pattern::MatchMapping(ast::PatternMatchMapping { rest: Some(n), .. }) => {
                self.table.add(n.as_str(), LOCAL)
            }
            _ => {}
        }
        ruff_python_ast::visitor::walk_pattern(self, pattern);
    }
}

/// The parts of CPython's `compile.c` that raise SyntaxError.
pub(super) struct Compiler<'s> {
    pub(super) lines: &'s LineIndex,
    pub(super) scopes: Vec<Scope>,
    /// Enclosing loops, counted per scope.
    pub(super) loops: Vec<usize>,
    pub(super) future_line: usize,
    pub(super) error: Option<SyntaxErrorInfo>,
}
