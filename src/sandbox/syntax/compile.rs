//! The compile stage, run once parsing succeeded: `from __future__` imports are checked
//! first, then the symbol table's checks ([`SymTable`]), then code generation's
//! ([`Compiler`]), in the order CPython runs them. Also the pieces both walks share.

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
            Stmt::ImportFrom(imp) if is_future_import(imp) => {
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

/// `from __future__ import ...` (absolute: `from .__future__` is an ordinary import).
pub(super) fn is_future_import(imp: &ast::StmtImportFrom) -> bool {
    imp.level == 0
        && imp
            .module
            .as_ref()
            .is_some_and(|m| m.as_str() == "__future__")
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Scope {
    Module,
    Class,
    Function { is_async: bool, generator: bool },
    Lambda,
    Comprehension(&'static str),
}

/// Whether a function body yields (not counting nested functions, classes or lambdas).
pub(super) fn contains_yield(body: &[Stmt]) -> bool {
    let mut f = Finder::new(|e| matches!(e, Expr::Yield(_) | Expr::YieldFrom(_)), 0);
    for s in body {
        ruff_python_ast::visitor::Visitor::visit_stmt(&mut f, s);
    }
    f.found
}

/// Whether an expression awaits (outside nested lambdas).
pub(super) fn contains_await(e: &Expr, depth: usize) -> bool {
    let mut f = Finder::new(|e| matches!(e, Expr::Await(_)), depth);
    ruff_python_ast::visitor::Visitor::visit_expr(&mut f, e);
    f.found
}

/// Looks for an expression `hit` accepts within the code of one function: nested
/// functions, classes and lambdas are code of their own and are not entered.
struct Finder {
    hit: fn(&Expr) -> bool,
    found: bool,
    depth: usize,
}

impl Finder {
    fn new(hit: fn(&Expr) -> bool, depth: usize) -> Finder {
        Finder {
            hit,
            found: false,
            depth,
        }
    }
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
        if (self.hit)(expr) {
            self.found = true;
        } else if !matches!(expr, Expr::Lambda(_)) {
            self.depth += 1;
            ruff_python_ast::visitor::walk_expr(self, expr);
            self.depth -= 1;
        }
    }
}

/// Every parameter of a function or lambda, in source order.
pub(super) fn all_parameters(params: &ast::Parameters) -> impl Iterator<Item = &ast::Parameter> {
    params
        .posonlyargs
        .iter()
        .chain(params.args.iter())
        .map(|p| &p.parameter)
        .chain(params.vararg.as_deref())
        .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
        .chain(params.kwarg.as_deref())
}

/// The default values of a function's or lambda's parameters, in source order.
pub(super) fn parameter_defaults(params: &ast::Parameters) -> impl Iterator<Item = &Expr> {
    params
        .iter_non_variadic_params()
        .filter_map(|p| p.default.as_deref())
}

/// The annotations of a function's parameters in the order CPython evaluates them: the
/// plain and keyword-only parameters', then `*args`' and `**kwargs`'.
pub(super) fn parameter_annotations(params: &ast::Parameters) -> impl Iterator<Item = &Expr> {
    params
        .iter_non_variadic_params()
        .filter_map(|p| p.parameter.annotation.as_deref())
        .chain(
            params
                .vararg
                .iter()
                .chain(params.kwarg.iter())
                .filter_map(|p| p.annotation.as_deref()),
        )
}

/// A comprehension's kind as CPython names it, its loops, and the expressions it builds
/// each item from (a dict comprehension's key, then its value).
pub(super) fn comprehension_parts(
    e: &Expr,
) -> Option<(&'static str, &[ast::Comprehension], Vec<&Expr>)> {
    match e {
        Expr::ListComp(c) => Some(("list comprehension", &c.generators, vec![&*c.elt])),
        Expr::SetComp(c) => Some(("set comprehension", &c.generators, vec![&*c.elt])),
        Expr::Generator(c) => Some(("generator expression", &c.generators, vec![&*c.elt])),
        Expr::DictComp(c) => {
            let mut parts: Vec<&Expr> = Vec::new();
            if let Some(k) = &c.key {
                parts.push(k);
            }
            parts.push(&c.value);
            Some(("dict comprehension", &c.generators, parts))
        }
        _ => None,
    }
}
