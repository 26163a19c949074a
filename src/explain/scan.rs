//! A walk over the sandbox AST that collects what the static detectors look at: scheduler
//! constructor calls (with literal arguments), `.step(...)` calls and the loops around them, and
//! hand edits of `param_groups[...]['lr']`.

use crate::sandbox::ast::{
    Arg, Comp, CompKind, Const, Expr, ExprKind, FPart, Module, Stmt, StmtKind, Target, UnaryOp,
};

/// A literal value written in the source.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Lit>, bool),
    Other,
}

impl Lit {
    pub fn num(&self) -> Option<f64> {
        match self {
            Lit::Int(i) => Some(*i as f64),
            Lit::Float(x) => Some(*x),
            _ => None,
        }
    }

    /// The literal as Python would print it in source.
    pub fn text(&self) -> String {
        match self {
            Lit::Int(i) => i.to_string(),
            Lit::Float(x) => crate::engine::repr::float_repr(*x),
            Lit::Str(s) => format!("'{s}'"),
            Lit::Seq(items, list) => {
                let inner: Vec<String> = items.iter().map(Lit::text).collect();
                if *list {
                    format!("[{}]", inner.join(", "))
                } else {
                    format!("({})", inner.join(", "))
                }
            }
            Lit::Other => "…".into(),
        }
    }
}

/// A call that constructs a scheduler (or optimizer) class.
#[derive(Debug, Clone)]
pub struct Ctor {
    pub class: String,
    pub line: u32,
    pub keywords: Vec<(String, Lit)>,
    pub positional: Vec<Lit>,
    /// The names each argument's expression mentions (lower-cased), keywords by name and
    /// positionals by index, so a detector can tell `T_max=epochs` from
    /// `T_max=epochs * len(loader)` when the value is not a literal.
    pub keyword_words: Vec<(String, Vec<String>)>,
    pub positional_words: Vec<Vec<String>>,
    /// The name the result was assigned to, if any.
    pub bound_to: Option<String>,
}

impl Ctor {
    pub fn kw(&self, name: &str) -> Option<&Lit> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The names in the expression given as keyword `name` or at position `pos`.
    pub fn words(&self, name: &str, pos: usize) -> Option<&[String]> {
        self.keyword_words
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, w)| w.as_slice())
            .or_else(|| self.positional_words.get(pos).map(Vec::as_slice))
    }
}

/// A `.step(...)` call on a name, with the loops it sits in (outermost first).
#[derive(Debug, Clone)]
pub struct StepCall {
    pub receiver: String,
    pub line: u32,
    pub args: usize,
    pub loops: Vec<LoopInfo>,
}

/// What a loop iterates: the names in its target and iterable (to tell batches from epochs).
#[derive(Debug, Clone, Default)]
pub struct LoopInfo {
    pub line: u32,
    pub words: Vec<String>,
}

/// Everything the static detectors need.
#[derive(Debug, Default)]
pub struct Scan {
    pub ctors: Vec<Ctor>,
    pub steps: Vec<StepCall>,
    /// Lines where `...['lr']` is assigned inside a loop.
    pub lr_edits_in_loops: Vec<u32>,
}

struct Walker<'m> {
    module: &'m Module,
    loops: Vec<LoopInfo>,
    scan: Scan,
}

/// Scans a program.
pub fn scan(module: &Module) -> Scan {
    let mut w = Walker {
        module,
        loops: Vec::new(),
        scan: Scan::default(),
    };
    w.block(&module.body);
    w.scan
}

impl Walker<'_> {
    fn name(&self, sym: crate::sandbox::ast::Sym) -> String {
        self.module
            .symbols
            .get(sym.0 as usize)
            .map_or_else(String::new, |s| s.to_string())
    }

    fn block(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign(targets, value) => {
                let before = self.scan.ctors.len();
                self.expr(value);
                if let (Some(Target::Name(n)), true) =
                    (targets.first(), matches!(value.kind, ExprKind::Call(..)))
                {
                    let name = self.name(n.sym);
                    if let Some(c) = self.scan.ctors.get_mut(before..).and_then(|c| c.last_mut()) {
                        c.bound_to = Some(name);
                    }
                }
                targets.iter().for_each(|t| self.target(t, s.line));
            }
            StmtKind::AugAssign(t, _, value) => {
                self.expr(value);
                self.target(t, s.line);
            }
            StmtKind::If(test, body, orelse) => {
                self.expr(test);
                self.block(body);
                self.block(orelse);
            }
            StmtKind::While(test, body, orelse) => {
                self.expr(test);
                let words = self.words(test);
                self.in_loop(s.line, words, body);
                self.block(orelse);
            }
            StmtKind::For(target, iter, body, orelse) => {
                self.expr(iter);
                let mut words = self.words(iter);
                words.extend(self.target_words(target));
                self.in_loop(s.line, words, body);
                self.block(orelse);
            }
            StmtKind::Return(Some(e)) | StmtKind::Raise(Some(e)) => self.expr(e),
            StmtKind::Def(_, def) => {
                // A function body may run inside any loop that calls it: scan it without loops.
                let saved = std::mem::take(&mut self.loops);
                self.block(&def.body);
                self.loops = saved;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.block(body);
                handlers.iter().for_each(|h| self.block(&h.body));
                self.block(orelse);
                self.block(finally);
            }
            _ => {}
        }
    }

    fn in_loop(&mut self, line: u32, words: Vec<String>, body: &[Stmt]) {
        self.loops.push(LoopInfo { line, words });
        self.block(body);
        self.loops.pop();
    }

    fn target(&mut self, t: &Target, line: u32) {
        if let Target::Subscript(_, index) = t
            && matches!(&index.kind, ExprKind::Const(Const::Str(s)) if &**s == "lr")
            // A loop over `param_groups` alone sets each group's rate (before training, say);
            // only an edit repeated by some other loop is a hand-made schedule.
            && self
                .loops
                .iter()
                .any(|l| !l.words.iter().any(|w| w == "param_groups"))
        {
            self.scan.lr_edits_in_loops.push(line);
        }
    }

    /// Lower-cased names appearing in an expression (variables, attributes, called functions).
    fn words(&self, e: &Expr) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_words(e, &mut out);
        out
    }

    fn collect_words(&self, e: &Expr, out: &mut Vec<String>) {
        match &e.kind {
            ExprKind::Name(n) => out.push(self.name(n.sym).to_lowercase()),
            ExprKind::Attr(o, a) => {
                self.collect_words(o, out);
                out.push(a.to_lowercase());
            }
            ExprKind::Call(f, args) => {
                self.collect_words(f, out);
                for a in args {
                    self.collect_words(arg_expr(a), out);
                }
            }
            ExprKind::Bin(_, a, b) => {
                self.collect_words(a, out);
                self.collect_words(b, out);
            }
            ExprKind::Subscript(a, b) => {
                self.collect_words(a, out);
                self.collect_words(b, out);
            }
            _ => {}
        }
    }

    fn target_words(&self, t: &Target) -> Vec<String> {
        match t {
            Target::Name(n) => vec![self.name(n.sym).to_lowercase()],
            Target::Tuple(ts) => ts.iter().flat_map(|t| self.target_words(t)).collect(),
            _ => Vec::new(),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Call(f, args) => self.call(e.line, f, args),
            ExprKind::Attr(o, _) => self.expr(o),
            ExprKind::Subscript(a, b) | ExprKind::Bin(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Unary(_, x) | ExprKind::Starred(x) | ExprKind::Walrus(_, x) => self.expr(x),
            ExprKind::Bool(_, xs)
            | ExprKind::List(xs)
            | ExprKind::Tuple(xs)
            | ExprKind::Set(xs) => xs.iter().for_each(|x| self.expr(x)),
            ExprKind::Compare(a, rest) => {
                self.expr(a);
                rest.iter().for_each(|(_, x)| self.expr(x));
            }
            ExprKind::IfExp(a, b, c) => {
                self.expr(a);
                self.expr(b);
                self.expr(c);
            }
            ExprKind::Dict(items) => items.iter().for_each(|(k, v)| {
                if let Some(k) = k {
                    self.expr(k);
                }
                self.expr(v);
            }),
            ExprKind::Comp(c) => self.comp(c),
            ExprKind::FString(parts) => self.fparts(parts),
            ExprKind::Lambda(def) => self.block(&def.body),
            _ => {}
        }
    }

    fn fparts(&mut self, parts: &[FPart]) {
        for p in parts {
            if let FPart::Value { expr, spec, .. } = p {
                self.expr(expr);
                if let Some(s) = spec {
                    self.fparts(s);
                }
            }
        }
    }

    fn comp(&mut self, c: &Comp) {
        for g in &c.generators {
            self.expr(&g.iter);
            g.ifs.iter().for_each(|x| self.expr(x));
        }
        match &c.kind {
            CompKind::List(x) | CompKind::Set(x) | CompKind::Gen(x) => self.expr(x),
            CompKind::Dict(k, v) => {
                self.expr(k);
                self.expr(v);
            }
        }
    }

    fn call(&mut self, line: u32, f: &Expr, args: &[Arg]) {
        self.expr(f);
        for a in args {
            self.expr(arg_expr(a));
        }
        let callee = match &f.kind {
            ExprKind::Name(n) => Some(self.name(n.sym)),
            ExprKind::Attr(_, a) => Some(a.to_string()),
            _ => None,
        };
        let Some(callee) = callee else { return };
        if crate::engine::Class::from_name(&callee).is_some() {
            let positional = args
                .iter()
                .filter_map(|a| {
                    if let Arg::Pos(x) = a {
                        Some(literal(x))
                    } else {
                        None
                    }
                })
                .collect();
            let keywords = args
                .iter()
                .filter_map(|a| {
                    if let Arg::Kw(k, x) = a {
                        Some((k.to_string(), literal(x)))
                    } else {
                        None
                    }
                })
                .collect();
            let positional_words = args
                .iter()
                .filter_map(|a| match a {
                    Arg::Pos(x) => Some(self.words(x)),
                    _ => None,
                })
                .collect();
            let keyword_words = args
                .iter()
                .filter_map(|a| match a {
                    Arg::Kw(k, x) => Some((k.to_string(), self.words(x))),
                    _ => None,
                })
                .collect();
            self.scan.ctors.push(Ctor {
                class: callee,
                line,
                keywords,
                positional,
                keyword_words,
                positional_words,
                bound_to: None,
            });
            return;
        }
        if callee == "step"
            && let ExprKind::Attr(recv, _) = &f.kind
            && let ExprKind::Name(n) = &recv.kind
        {
            self.scan.steps.push(StepCall {
                receiver: self.name(n.sym),
                line,
                args: args.len(),
                loops: self.loops.clone(),
            });
        }
    }
}

fn arg_expr(a: &Arg) -> &Expr {
    let (Arg::Pos(x) | Arg::Kw(_, x) | Arg::Star(x) | Arg::StarStar(x)) = a;
    x
}

/// The literal value of an expression, if it is one (numbers, strings, lists and tuples of them).
pub fn literal(e: &Expr) -> Lit {
    match &e.kind {
        ExprKind::Const(Const::Int(i)) => Lit::Int(*i),
        ExprKind::Const(Const::Float(x)) => Lit::Float(*x),
        ExprKind::Const(Const::Str(s)) => Lit::Str(s.to_string()),
        ExprKind::Unary(UnaryOp::Neg, x) => match literal(x) {
            Lit::Int(i) => Lit::Int(-i),
            Lit::Float(f) => Lit::Float(-f),
            _ => Lit::Other,
        },
        ExprKind::List(items) => Lit::Seq(items.iter().map(literal).collect(), true),
        ExprKind::Tuple(items) => Lit::Seq(items.iter().map(literal).collect(), false),
        _ => Lit::Other,
    }
}
