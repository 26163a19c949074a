//! The sandbox's own small AST: only what the evaluator runs, with every name already resolved
//! to a symbol and a scope, and a line number on each node. `lower.rs` builds it from Ruff's AST,
//! so a parser upgrade touches only that file.

use std::rc::Rc;

/// An interned identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// Where a name lives, decided when lowering (Python's compile-time scoping rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Slot of a local of the current function (or comprehension).
    Local(u16),
    /// Slot of a local of the enclosing function `depth` levels out (a closure variable).
    Enclosing(u16, u16),
    /// Module globals, then builtins.
    Global,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub sym: Sym,
    pub scope: Scope,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
}

impl BinOp {
    /// The operator as Python writes it (for TypeError messages).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::MatMul => "@",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// A literal constant.
#[derive(Clone, Debug)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Ellipsis,
}

/// One piece of an f-string.
#[derive(Clone, Debug)]
pub enum FPart {
    Lit(Rc<str>),
    Value {
        expr: Expr,
        conversion: Option<char>,
        spec: Option<Vec<FPart>>,
        debug: Option<Rc<str>>,
    },
}

/// A call argument.
#[derive(Clone, Debug)]
pub enum Arg {
    Pos(Expr),
    Star(Expr),
    Kw(Rc<str>, Expr),
    StarStar(Expr),
}

/// `for target in iter if cond ...` inside a comprehension.
#[derive(Clone, Debug)]
pub struct Generator {
    pub target: Target,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

/// A comprehension: its own scope (a hidden function), its generators and what it builds.
#[derive(Clone, Debug)]
pub struct Comp {
    pub generators: Vec<Generator>,
    pub kind: CompKind,
}

#[derive(Clone, Debug)]
pub enum CompKind {
    List(Expr),
    Set(Expr),
    Dict(Expr, Expr),
    /// A generator expression; evaluated eagerly into a one-shot iterator.
    Gen(Expr),
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub line: u32,
    pub kind: ExprKind,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Const(Const),
    Name(Name),
    Attr(Box<Expr>, Rc<str>),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// `and` (true) / `or` (false) over the operands.
    Bool(bool, Vec<Expr>),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    Call(Box<Expr>, Vec<Arg>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    Lambda(Rc<FuncDef>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<(Option<Expr>, Expr)>),
    Comp(Rc<Comp>),
    FString(Vec<FPart>),
    Starred(Box<Expr>),
    /// `x := value`.
    Walrus(Name, Box<Expr>),
    /// Valid Python the sandbox does not run (await, yield, ...): raises when evaluated.
    Unsupported(&'static str),
}

/// An assignment target.
#[derive(Clone, Debug)]
pub enum Target {
    Name(Name),
    Attr(Expr, Rc<str>),
    Subscript(Expr, Expr),
    Tuple(Vec<Target>),
    Starred(Box<Target>),
}

/// A parameter of a `def` or `lambda`.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: Sym,
    pub default: Option<Expr>,
}

/// A function body with its signature and scope information.
#[derive(Debug)]
pub struct FuncDef {
    /// `<lambda>` for lambdas, `<listcomp>` etc. for comprehensions.
    pub name: Rc<str>,
    /// `Class.method`, `outer.<locals>.inner`: what CPython's argument errors name.
    pub qualname: Rc<str>,
    /// Decorator expressions, outermost first (evaluated before the function is made).
    pub decorators: Vec<Expr>,
    pub params: Vec<Param>,
    pub vararg: Option<Sym>,
    pub kwonly: Vec<Param>,
    pub kwarg: Option<Sym>,
    pub body: Vec<Stmt>,
    /// Every name local to this function (parameters first, in order).
    pub locals: Vec<Sym>,
    pub line: u32,
}

/// A `class` statement: its bases and its body, run like a function whose locals become the
/// class namespace.
#[derive(Debug)]
pub struct ClassDef {
    pub name: Rc<str>,
    pub bases: Vec<Expr>,
    /// The body as a parameterless function (its locals, in slot order, are the namespace).
    pub body: Rc<FuncDef>,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct Handler {
    pub line: u32,
    pub kind: Option<Expr>,
    pub name: Option<Name>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub line: u32,
    pub kind: StmtKind,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    Assign(Vec<Target>, Expr),
    AugAssign(Target, BinOp, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Target, Expr, Vec<Stmt>, Vec<Stmt>),
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    Def(Name, Rc<FuncDef>),
    /// `class Name(bases): body`.
    Class(Name, Rc<ClassDef>),
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Vec<Stmt>,
        finally: Vec<Stmt>,
    },
    Raise(Option<Expr>),
    Assert(Expr, Option<Expr>),
    Delete(Vec<Target>),
    /// `import a.b.c` binds `a`; `import a.b as x` binds `x` to `a.b`.
    Import(Vec<(Rc<str>, Name, bool)>),
    /// `from module import name as alias`.
    ImportFrom(Rc<str>, Vec<(Rc<str>, Name)>),
    /// Valid Python outside the sandbox's subset: raises a clear error when reached.
    Unsupported(&'static str),
}

/// A lowered program.
#[derive(Debug)]
pub struct Module {
    pub body: Vec<Stmt>,
    /// Symbol names, indexed by `Sym`.
    pub symbols: Vec<Rc<str>>,
}
