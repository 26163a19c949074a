//! Lowering Ruff's Python AST to the sandbox AST: resolves every name to a local slot, an
//! enclosing function's slot or the module globals (Python's scoping rules), turns literals into
//! constants, and marks valid Python that the sandbox does not run. The only file that knows Ruff.

use super::ast::*;
use ruff_python_ast as py;
use ruff_text_size::Ranged;
use std::collections::HashMap;
use std::rc::Rc;

/// Symbols and the scopes being lowered.
struct Lowerer<'s> {
    lines: &'s [usize],
    symbols: Vec<Rc<str>>,
    ids: HashMap<Rc<str>, Sym>,
    /// Enclosing function scopes, innermost last: each one's locals in slot order.
    scopes: Vec<Vec<Sym>>,
    /// Which of `scopes` are class bodies (whose names the functions inside cannot see).
    class_scopes: Vec<bool>,
    /// Qualified-name prefixes of the enclosing functions and classes (`Foo.`, `f.<locals>.`).
    qual: Vec<String>,
}

/// Lowers a parsed module. `line_starts` holds the byte offset where each line begins.
pub fn lower(module: &py::ModModule, line_starts: &[usize]) -> Module {
    let mut l = Lowerer {
        lines: line_starts,
        symbols: Vec::new(),
        ids: HashMap::new(),
        scopes: Vec::new(),
        class_scopes: Vec::new(),
        qual: Vec::new(),
    };
    let body = l.block(&module.body);
    Module {
        body,
        symbols: l.symbols,
    }
}

/// Byte offsets where each line starts (line 1 at index 0).
pub fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl Lowerer<'_> {
    fn line(&self, node: &impl Ranged) -> u32 {
        let off = node.start().to_usize();
        self.lines.partition_point(|s| *s <= off).max(1) as u32
    }

    fn sym(&mut self, name: &str) -> Sym {
        if let Some(s) = self.ids.get(name) {
            return *s;
        }
        let s = Sym(self.symbols.len() as u32);
        let rc: Rc<str> = Rc::from(name);
        self.symbols.push(rc.clone());
        self.ids.insert(rc, s);
        s
    }

    fn name(&mut self, id: &str) -> Name {
        let sym = self.sym(id);
        let mut scope = Scope::Global;
        for (depth, locals) in self.scopes.iter().rev().enumerate() {
            // A class body's names are not visible from the functions defined inside it.
            let class_body = self.class_scopes[self.scopes.len() - 1 - depth];
            if depth > 0 && class_body {
                continue;
            }
            if let Some(slot) = locals.iter().position(|s| *s == sym) {
                scope = if depth == 0 {
                    Scope::Local(slot as u16)
                } else {
                    Scope::Enclosing(depth as u16, slot as u16)
                };
                break;
            }
        }
        Name { sym, scope }
    }

    fn block(&mut self, stmts: &[py::Stmt]) -> Vec<Stmt> {
        stmts.iter().map(|s| self.stmt(s)).collect()
    }

    fn stmt(&mut self, s: &py::Stmt) -> Stmt {
        let line = self.line(s);
        let kind = match s {
            py::Stmt::Expr(e) => StmtKind::Expr(self.expr(&e.value)),
            py::Stmt::Assign(a) => {
                let value = self.expr(&a.value);
                StmtKind::Assign(a.targets.iter().map(|t| self.target(t)).collect(), value)
            }
            py::Stmt::AugAssign(a) => {
                let value = self.expr(&a.value);
                StmtKind::AugAssign(self.target(&a.target), binop(a.op), value)
            }
            py::Stmt::AnnAssign(a) => match &a.value {
                Some(v) => {
                    let value = self.expr(v);
                    StmtKind::Assign(vec![self.target(&a.target)], value)
                }
                None => StmtKind::Pass,
            },
            py::Stmt::If(i) => self.if_stmt(i),
            py::Stmt::While(w) => StmtKind::While(
                self.expr(&w.test),
                self.block(&w.body),
                self.block(&w.orelse),
            ),
            py::Stmt::For(f) if f.is_async => StmtKind::Unsupported("'async for' loops"),
            py::Stmt::For(f) => {
                let iter = self.expr(&f.iter);
                StmtKind::For(
                    self.target(&f.target),
                    iter,
                    self.block(&f.body),
                    self.block(&f.orelse),
                )
            }
            py::Stmt::Break(_) => StmtKind::Break,
            py::Stmt::Continue(_) => StmtKind::Continue,
            py::Stmt::Pass(_) => StmtKind::Pass,
            py::Stmt::Return(r) => StmtKind::Return(r.value.as_ref().map(|v| self.expr(v))),
            py::Stmt::FunctionDef(f) => self.def(f),
            py::Stmt::Try(t) => self.try_stmt(t),
            py::Stmt::Raise(r) => StmtKind::Raise(r.exc.as_ref().map(|e| self.expr(e))),
            py::Stmt::Assert(a) => {
                StmtKind::Assert(self.expr(&a.test), a.msg.as_ref().map(|m| self.expr(m)))
            }
            py::Stmt::Delete(d) => {
                StmtKind::Delete(d.targets.iter().map(|t| self.target(t)).collect())
            }
            py::Stmt::Import(i) => StmtKind::Import(
                i.names
                    .iter()
                    .map(|a| {
                        let full: Rc<str> = Rc::from(a.name.as_str());
                        match &a.asname {
                            Some(alias) => (full, self.name(alias.as_str()), true),
                            None => {
                                let first = a.name.as_str().split('.').next().unwrap_or("");
                                (full, self.name(first), false)
                            }
                        }
                    })
                    .collect(),
            ),
            py::Stmt::ImportFrom(i) if i.level > 0 => StmtKind::Unsupported("relative imports"),
            py::Stmt::ImportFrom(i) => {
                let module: Rc<str> = Rc::from(i.module.as_ref().map_or("", |m| m.as_str()));
                let names = i
                    .names
                    .iter()
                    .map(|a| {
                        let bound = a.asname.as_ref().unwrap_or(&a.name);
                        (Rc::from(a.name.as_str()), self.name(bound.as_str()))
                    })
                    .collect();
                StmtKind::ImportFrom(module, names)
            }
            py::Stmt::Global(_) | py::Stmt::Nonlocal(_) => StmtKind::Pass,
            py::Stmt::ClassDef(c) => self.class_def(c),
            py::Stmt::With(_) => StmtKind::Unsupported("'with' statements"),
            py::Stmt::Match(_) => StmtKind::Unsupported("'match' statements"),
            py::Stmt::TypeAlias(_) => StmtKind::Unsupported("type aliases"),
            py::Stmt::IpyEscapeCommand(_) => StmtKind::Unsupported("IPython commands"),
        };
        Stmt { line, kind }
    }

    fn if_stmt(&mut self, i: &py::StmtIf) -> StmtKind {
        let test = self.expr(&i.test);
        let body = self.block(&i.body);
        // `elif`/`else` clauses nest as the else branch of the previous test.
        let mut orelse: Vec<Stmt> = Vec::new();
        for clause in i.elif_else_clauses.iter().rev() {
            let block = self.block(&clause.body);
            orelse = match &clause.test {
                None => block,
                Some(t) => {
                    let line = self.line(clause);
                    vec![Stmt {
                        line,
                        kind: StmtKind::If(self.expr(t), block, orelse),
                    }]
                }
            };
        }
        StmtKind::If(test, body, orelse)
    }

    fn try_stmt(&mut self, t: &py::StmtTry) -> StmtKind {
        if t.is_star {
            return StmtKind::Unsupported("'except*' clauses");
        }
        let body = self.block(&t.body);
        let handlers = t
            .handlers
            .iter()
            .map(|h| {
                let py::ExceptHandler::ExceptHandler(h) = h;
                Handler {
                    line: self.line(h),
                    kind: h.type_.as_ref().map(|e| self.expr(e)),
                    name: h.name.as_ref().map(|n| self.name(n.as_str())),
                    body: self.block(&h.body),
                }
            })
            .collect();
        StmtKind::Try {
            body,
            handlers,
            orelse: self.block(&t.orelse),
            finally: self.block(&t.finalbody),
        }
    }

    fn def(&mut self, f: &py::StmtFunctionDef) -> StmtKind {
        if f.is_async {
            return StmtKind::Unsupported("'async def' functions");
        }
        // Decorators are evaluated in the enclosing scope, before the function is made.
        let decorators: Vec<Expr> = f
            .decorator_list
            .iter()
            .map(|d| self.expr(&d.expression))
            .collect();
        let name = self.name(f.name.as_str());
        let mut def = self.function(
            f.name.as_str(),
            &f.parameters,
            FuncBody::Block(&f.body),
            self.line(f),
        );
        def.decorators = decorators;
        StmtKind::Def(name, Rc::new(def))
    }

    /// A class statement: bases in the enclosing scope, the body as a scope of its own whose
    /// names the methods cannot see (Python's class scope).
    fn class_def(&mut self, c: &py::StmtClassDef) -> StmtKind {
        if !c.decorator_list.is_empty() {
            return StmtKind::Unsupported("class decorators (such as @dataclass)");
        }
        if c.type_params.is_some() {
            return StmtKind::Unsupported("generic classes");
        }
        let mut bases = Vec::new();
        if let Some(args) = &c.arguments {
            if !args.keywords.is_empty() {
                return StmtKind::Unsupported("class keywords (such as metaclass=)");
            }
            for a in args.args.iter() {
                if matches!(a, py::Expr::Starred(_)) {
                    return StmtKind::Unsupported("starred class bases");
                }
                bases.push(self.expr(a));
            }
        }
        let name = self.name(c.name.as_str());
        let mut bound = Vec::new();
        let mut declared = Vec::new();
        bound_in_block(&c.body, &mut bound, &mut declared);
        let mut locals: Vec<Sym> = Vec::new();
        for n in bound {
            let s = self.sym(&n);
            if !locals.contains(&s) && !declared.contains(&n) {
                locals.push(s);
            }
        }
        let qualname = format!("{}{}", self.qual.concat(), c.name);
        self.scopes.push(locals);
        self.class_scopes.push(true);
        self.qual.push(format!("{qualname}."));
        let body = self.block(&c.body);
        self.qual.pop();
        self.class_scopes.pop();
        let locals = self.scopes.pop().unwrap_or_default();
        let line = self.line(c);
        let def = FuncDef {
            name: Rc::from(c.name.as_str()),
            qualname: Rc::from(qualname),
            decorators: Vec::new(),
            params: Vec::new(),
            vararg: None,
            kwonly: Vec::new(),
            kwarg: None,
            body,
            locals,
            line,
        };
        StmtKind::Class(
            name,
            Rc::new(ClassDef {
                name: Rc::from(c.name.as_str()),
                bases,
                body: Rc::new(def),
                line,
            }),
        )
    }

    /// Lowers a function body in its own scope: parameters and every name bound in the body
    /// (but not in nested functions) are locals, unless declared `global`/`nonlocal`.
    fn function(
        &mut self,
        name: &str,
        params: &py::Parameters,
        body: FuncBody,
        line: u32,
    ) -> FuncDef {
        // Defaults are evaluated in the enclosing scope, when the `def` runs.
        let lower_params =
            |l: &mut Self, ps: &[py::ParameterWithDefault]| -> Vec<(Sym, Option<Expr>)> {
                ps.iter()
                    .map(|p| {
                        (
                            l.sym(p.parameter.name.as_str()),
                            p.default.as_ref().map(|d| l.expr(d)),
                        )
                    })
                    .collect()
            };
        let mut positional = lower_params(self, &params.posonlyargs);
        positional.extend(lower_params(self, &params.args));
        let kwonly = lower_params(self, &params.kwonlyargs);
        let vararg = params.vararg.as_ref().map(|p| self.sym(p.name.as_str()));
        let kwarg = params.kwarg.as_ref().map(|p| self.sym(p.name.as_str()));
        let mut locals: Vec<Sym> = positional.iter().chain(&kwonly).map(|(s, _)| *s).collect();
        locals.extend(vararg);
        locals.extend(kwarg);
        let mut declared = Vec::new();
        if let FuncBody::Block(stmts) = body {
            let mut bound = Vec::new();
            bound_in_block(stmts, &mut bound, &mut declared);
            for n in bound {
                let s = self.sym(&n);
                if !locals.contains(&s) && !declared.contains(&n) {
                    locals.push(s);
                }
            }
        }
        let qualname = format!("{}{name}", self.qual.concat());
        self.scopes.push(locals);
        self.class_scopes.push(false);
        self.qual.push(format!("{qualname}.<locals>."));
        let body = match body {
            FuncBody::Block(stmts) => self.block(stmts),
            FuncBody::Lambda(e) => {
                let value = self.expr(e);
                vec![Stmt {
                    line: value.line,
                    kind: StmtKind::Return(Some(value)),
                }]
            }
        };
        self.qual.pop();
        self.class_scopes.pop();
        let locals = self.scopes.pop().unwrap_or_default();
        let to_param = |(name, default)| Param { name, default };
        FuncDef {
            name: Rc::from(name),
            qualname: Rc::from(qualname),
            decorators: Vec::new(),
            params: positional.into_iter().map(to_param).collect(),
            vararg,
            kwonly: kwonly.into_iter().map(to_param).collect(),
            kwarg,
            body,
            locals,
            line,
        }
    }

    fn target(&mut self, e: &py::Expr) -> Target {
        match e {
            py::Expr::Name(n) => Target::Name(self.name(n.id.as_str())),
            py::Expr::Attribute(a) => Target::Attr(self.expr(&a.value), Rc::from(a.attr.as_str())),
            py::Expr::Subscript(s) => Target::Subscript(self.expr(&s.value), self.expr(&s.slice)),
            py::Expr::Tuple(t) => Target::Tuple(t.elts.iter().map(|x| self.target(x)).collect()),
            py::Expr::List(t) => Target::Tuple(t.elts.iter().map(|x| self.target(x)).collect()),
            py::Expr::Starred(s) => Target::Starred(Box::new(self.target(&s.value))),
            // The parser rejects other targets; keep a harmless one.
            _ => Target::Tuple(Vec::new()),
        }
    }

    fn boxed(&mut self, e: &py::Expr) -> Box<Expr> {
        Box::new(self.expr(e))
    }

    fn exprs(&mut self, es: &[py::Expr]) -> Vec<Expr> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    fn expr(&mut self, e: &py::Expr) -> Expr {
        let line = self.line(e);
        let kind = match e {
            py::Expr::NoneLiteral(_) => ExprKind::Const(Const::None),
            py::Expr::BooleanLiteral(b) => ExprKind::Const(Const::Bool(b.value)),
            py::Expr::EllipsisLiteral(_) => ExprKind::Const(Const::Ellipsis),
            py::Expr::NumberLiteral(n) => number(&n.value),
            py::Expr::StringLiteral(s) => ExprKind::Const(Const::Str(Rc::from(s.value.to_str()))),
            py::Expr::BytesLiteral(_) => ExprKind::Unsupported("bytes literals"),
            py::Expr::FString(f) => ExprKind::FString(self.fstring(f)),
            py::Expr::TString(_) => ExprKind::Unsupported("template strings"),
            py::Expr::Name(n) => ExprKind::Name(self.name(n.id.as_str())),
            py::Expr::Attribute(a) => {
                ExprKind::Attr(self.boxed(&a.value), Rc::from(a.attr.as_str()))
            }
            py::Expr::Subscript(s) => {
                ExprKind::Subscript(self.boxed(&s.value), self.boxed(&s.slice))
            }
            py::Expr::Slice(s) => ExprKind::Slice(
                s.lower.as_ref().map(|x| self.boxed(x)),
                s.upper.as_ref().map(|x| self.boxed(x)),
                s.step.as_ref().map(|x| self.boxed(x)),
            ),
            py::Expr::BinOp(b) => {
                ExprKind::Bin(binop(b.op), self.boxed(&b.left), self.boxed(&b.right))
            }
            py::Expr::UnaryOp(u) => ExprKind::Unary(unary(u.op), self.boxed(&u.operand)),
            py::Expr::BoolOp(b) => {
                ExprKind::Bool(matches!(b.op, py::BoolOp::And), self.exprs(&b.values))
            }
            py::Expr::Compare(c) => {
                let left = self.boxed(&c.left);
                let rest = c
                    .ops
                    .iter()
                    .zip(c.comparators.iter())
                    .map(|(op, x)| (cmpop(*op), self.expr(x)))
                    .collect();
                ExprKind::Compare(left, rest)
            }
            py::Expr::Call(c) => self.call(c),
            py::Expr::If(i) => ExprKind::IfExp(
                self.boxed(&i.test),
                self.boxed(&i.body),
                self.boxed(&i.orelse),
            ),
            py::Expr::Lambda(l) => {
                let empty = py::Parameters::default();
                let params = l.parameters.as_deref().unwrap_or(&empty);
                ExprKind::Lambda(Rc::new(self.function(
                    "<lambda>",
                    params,
                    FuncBody::Lambda(&l.body),
                    line,
                )))
            }
            py::Expr::List(l) => ExprKind::List(self.exprs(&l.elts)),
            py::Expr::Tuple(t) => ExprKind::Tuple(self.exprs(&t.elts)),
            py::Expr::Set(s) => ExprKind::Set(self.exprs(&s.elts)),
            py::Expr::Dict(d) => ExprKind::Dict(
                d.items
                    .iter()
                    .map(|it| (it.key.as_ref().map(|k| self.expr(k)), self.expr(&it.value)))
                    .collect(),
            ),
            py::Expr::ListComp(c) => self.comp(&c.generators, |l| CompKind::List(l.expr(&c.elt))),
            py::Expr::SetComp(c) => self.comp(&c.generators, |l| CompKind::Set(l.expr(&c.elt))),
            py::Expr::DictComp(c) => match &c.key {
                Some(key) => self.comp(&c.generators, |l| {
                    CompKind::Dict(l.expr(key), l.expr(&c.value))
                }),
                None => ExprKind::Unsupported("dict unpacking in comprehensions"),
            },
            py::Expr::Generator(c) => self.comp(&c.generators, |l| CompKind::Gen(l.expr(&c.elt))),
            py::Expr::Starred(s) => ExprKind::Starred(self.boxed(&s.value)),
            py::Expr::Named(n) => match &*n.target {
                py::Expr::Name(t) => {
                    ExprKind::Walrus(self.name(t.id.as_str()), self.boxed(&n.value))
                }
                _ => ExprKind::Unsupported("this assignment expression"),
            },
            py::Expr::Await(_) => ExprKind::Unsupported("'await'"),
            py::Expr::Yield(_) | py::Expr::YieldFrom(_) => {
                ExprKind::Unsupported("generators ('yield')")
            }
            py::Expr::IpyEscapeCommand(_) => ExprKind::Unsupported("IPython commands"),
        };
        Expr { line, kind }
    }

    fn call(&mut self, c: &py::ExprCall) -> ExprKind {
        let func = self.boxed(&c.func);
        // Python evaluates arguments in source order, positional and keyword interleaved.
        let mut items: Vec<(usize, Arg)> = Vec::new();
        for a in c.arguments.args.iter() {
            let arg = match a {
                py::Expr::Starred(s) => Arg::Star(self.expr(&s.value)),
                other => Arg::Pos(self.expr(other)),
            };
            items.push((a.start().to_usize(), arg));
        }
        for k in c.arguments.keywords.iter() {
            let value = self.expr(&k.value);
            let arg = match &k.arg {
                Some(name) => Arg::Kw(Rc::from(name.as_str()), value),
                None => Arg::StarStar(value),
            };
            items.push((k.start().to_usize(), arg));
        }
        items.sort_by_key(|(pos, _)| *pos);
        ExprKind::Call(func, items.into_iter().map(|(_, a)| a).collect())
    }

    /// A comprehension runs in its own scope; its first iterable is evaluated outside it.
    fn comp(
        &mut self,
        gens: &[py::Comprehension],
        elt: impl FnOnce(&mut Self) -> CompKind,
    ) -> ExprKind {
        let first_iter = gens.first().map(|g| self.expr(&g.iter));
        let mut bound = Vec::new();
        for g in gens {
            bound_in_target(&g.target, &mut bound);
        }
        let locals: Vec<Sym> = {
            let mut v: Vec<Sym> = Vec::new();
            for n in &bound {
                let s = self.sym(n);
                if !v.contains(&s) {
                    v.push(s);
                }
            }
            v
        };
        self.scopes.push(locals);
        self.class_scopes.push(false);
        let mut generators = Vec::new();
        for (i, g) in gens.iter().enumerate() {
            let iter = match (i, &first_iter) {
                (0, Some(e)) => e.clone(),
                _ => self.expr(&g.iter),
            };
            let target = self.target(&g.target);
            let ifs = self.exprs(&g.ifs);
            generators.push(Generator { target, iter, ifs });
        }
        let kind = elt(self);
        self.class_scopes.pop();
        self.scopes.pop();
        ExprKind::Comp(Rc::new(Comp { generators, kind }))
    }

    fn fstring(&mut self, f: &py::ExprFString) -> Vec<FPart> {
        let mut parts = Vec::new();
        for part in f.value.iter() {
            match part {
                py::FStringPart::Literal(s) => parts.push(FPart::Lit(Rc::from(s.value.as_ref()))),
                py::FStringPart::FString(fs) => self.elements(&fs.elements, &mut parts),
            }
        }
        parts
    }

    fn elements(&mut self, elements: &py::InterpolatedStringElements, parts: &mut Vec<FPart>) {
        for el in elements.iter() {
            match el {
                py::InterpolatedStringElement::Literal(l) => {
                    parts.push(FPart::Lit(Rc::from(l.value.as_ref())))
                }
                py::InterpolatedStringElement::Interpolation(i) => {
                    let expr = self.expr(&i.expression);
                    let conversion = match i.conversion {
                        py::ConversionFlag::None => None,
                        py::ConversionFlag::Str => Some('s'),
                        py::ConversionFlag::Repr => Some('r'),
                        py::ConversionFlag::Ascii => Some('a'),
                    };
                    let spec = i.format_spec.as_ref().map(|s| {
                        let mut v = Vec::new();
                        self.elements(&s.elements, &mut v);
                        v
                    });
                    let debug = i.debug_text.as_ref().map(|d| {
                        Rc::from(
                            format!("{}{}{}", d.leading(), d.expression(), d.trailing()).as_str(),
                        )
                    });
                    parts.push(FPart::Value {
                        expr,
                        conversion,
                        spec,
                        debug,
                    });
                }
            }
        }
    }
}

enum FuncBody<'a> {
    Block(&'a [py::Stmt]),
    Lambda(&'a py::Expr),
}

fn number(n: &py::Number) -> ExprKind {
    match n {
        py::Number::Int(i) => match i.as_i64() {
            Some(v) => ExprKind::Const(Const::Int(v)),
            None => ExprKind::Unsupported("integers this large"),
        },
        py::Number::Float(x) => ExprKind::Const(Const::Float(*x)),
        py::Number::Complex { .. } => ExprKind::Unsupported("complex numbers"),
    }
}

fn binop(op: py::Operator) -> BinOp {
    match op {
        py::Operator::Add => BinOp::Add,
        py::Operator::Sub => BinOp::Sub,
        py::Operator::Mult => BinOp::Mul,
        py::Operator::MatMult => BinOp::MatMul,
        py::Operator::Div => BinOp::Div,
        py::Operator::Mod => BinOp::Mod,
        py::Operator::Pow => BinOp::Pow,
        py::Operator::LShift => BinOp::LShift,
        py::Operator::RShift => BinOp::RShift,
        py::Operator::BitOr => BinOp::BitOr,
        py::Operator::BitXor => BinOp::BitXor,
        py::Operator::BitAnd => BinOp::BitAnd,
        py::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn unary(op: py::UnaryOp) -> UnaryOp {
    match op {
        py::UnaryOp::Invert => UnaryOp::Invert,
        py::UnaryOp::Not => UnaryOp::Not,
        py::UnaryOp::UAdd => UnaryOp::Pos,
        py::UnaryOp::USub => UnaryOp::Neg,
    }
}

fn cmpop(op: py::CmpOp) -> CmpOp {
    match op {
        py::CmpOp::Eq => CmpOp::Eq,
        py::CmpOp::NotEq => CmpOp::NotEq,
        py::CmpOp::Lt => CmpOp::Lt,
        py::CmpOp::LtE => CmpOp::LtE,
        py::CmpOp::Gt => CmpOp::Gt,
        py::CmpOp::GtE => CmpOp::GtE,
        py::CmpOp::Is => CmpOp::Is,
        py::CmpOp::IsNot => CmpOp::IsNot,
        py::CmpOp::In => CmpOp::In,
        py::CmpOp::NotIn => CmpOp::NotIn,
    }
}

/// Names a block binds (assignments, loop targets, defs, imports, except names), not looking
/// into nested functions; `global`/`nonlocal` names go to `declared`.
fn bound_in_block(stmts: &[py::Stmt], bound: &mut Vec<String>, declared: &mut Vec<String>) {
    for s in stmts {
        match s {
            py::Stmt::Assign(a) => a.targets.iter().for_each(|t| bound_in_target(t, bound)),
            py::Stmt::AugAssign(a) => bound_in_target(&a.target, bound),
            py::Stmt::AnnAssign(a) => bound_in_target(&a.target, bound),
            py::Stmt::For(f) => {
                bound_in_target(&f.target, bound);
                bound_in_block(&f.body, bound, declared);
                bound_in_block(&f.orelse, bound, declared);
            }
            py::Stmt::While(w) => {
                bound_in_block(&w.body, bound, declared);
                bound_in_block(&w.orelse, bound, declared);
            }
            py::Stmt::If(i) => {
                bound_in_block(&i.body, bound, declared);
                i.elif_else_clauses
                    .iter()
                    .for_each(|c| bound_in_block(&c.body, bound, declared));
            }
            py::Stmt::Try(t) => {
                bound_in_block(&t.body, bound, declared);
                for h in &t.handlers {
                    let py::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        bound.push(n.to_string());
                    }
                    bound_in_block(&h.body, bound, declared);
                }
                bound_in_block(&t.orelse, bound, declared);
                bound_in_block(&t.finalbody, bound, declared);
            }
            py::Stmt::FunctionDef(f) => bound.push(f.name.to_string()),
            py::Stmt::ClassDef(c) => bound.push(c.name.to_string()),
            py::Stmt::Import(i) => i.names.iter().for_each(|a| {
                let n = a.asname.as_ref().map_or_else(
                    || a.name.split('.').next().unwrap_or("").to_string(),
                    |x| x.to_string(),
                );
                bound.push(n);
            }),
            py::Stmt::ImportFrom(i) => i
                .names
                .iter()
                .for_each(|a| bound.push(a.asname.as_ref().unwrap_or(&a.name).to_string())),
            py::Stmt::Delete(d) => d.targets.iter().for_each(|t| bound_in_target(t, bound)),
            py::Stmt::Global(g) => declared.extend(g.names.iter().map(|n| n.to_string())),
            py::Stmt::Nonlocal(g) => declared.extend(g.names.iter().map(|n| n.to_string())),
            _ => {}
        }
    }
}

fn bound_in_target(e: &py::Expr, bound: &mut Vec<String>) {
    match e {
        py::Expr::Name(n) => bound.push(n.id.to_string()),
        py::Expr::Tuple(t) => t.elts.iter().for_each(|x| bound_in_target(x, bound)),
        py::Expr::List(t) => t.elts.iter().for_each(|x| bound_in_target(x, bound)),
        py::Expr::Starred(s) => bound_in_target(&s.value, bound),
        _ => {}
    }
}

/// Lowers code given to `eval`/`exec` at run time: names the program already has keep their
/// symbols (so they reach its globals), new names are appended, and every node carries `line`,
/// the line of the `eval`/`exec` call (CPython's traceback names that line of the snippet).
pub fn lower_more(module: &py::ModModule, symbols: &[Rc<str>], line: u32) -> Module {
    // Every offset lies at or after `line` line starts, so each node gets `line`.
    let starts = vec![0; line.max(1) as usize];
    let mut l = Lowerer {
        lines: &starts,
        symbols: symbols.to_vec(),
        ids: symbols
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), Sym(i as u32)))
            .collect(),
        scopes: Vec::new(),
        class_scopes: Vec::new(),
        qual: Vec::new(),
    };
    let body = l.block(&module.body);
    Module {
        body,
        symbols: l.symbols,
    }
}
