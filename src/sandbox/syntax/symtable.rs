//! The symbol table's walk (CPython's `symtable.c`): what each scope binds, uses and
//! declares, with the errors found on the spot (`import *` or an annotated global inside a
//! function, `yield` or `:=` where a comprehension forbids them). Declarations are judged
//! in `symtable_declarations`, comprehension scopes in `symtable_comprehensions`.

#[allow(unused_imports)]
use super::*;

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

impl SymScope {
    fn new(kind: Scope, parent: Option<usize>) -> SymScope {
        SymScope {
            kind,
            parent,
            flags: Default::default(),
            nonlocals: Vec::new(),
            directives: Default::default(),
        }
    }
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
        SymTable {
            lines,
            scopes: vec![SymScope::new(Scope::Module, None)],
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
        self.scopes.push(SymScope::new(kind, Some(saved)));
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

    pub(super) fn param_exprs(&mut self, params: &ast::Parameters, depth: usize) {
        for d in parameter_defaults(params) {
            self.expr(d, depth);
        }
        for a in parameter_annotations(params) {
            self.expr(a, depth);
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
        if let Some((what, gens, parts)) = comprehension_parts(e) {
            self.comprehension(what, gens, &parts, depth);
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
