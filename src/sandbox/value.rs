//! Python values in the sandbox: numbers, strings, containers, functions, and handles to the
//! torch facade's objects (optimizers and schedulers live in the engine). Also `repr`/`str`,
//! truth and equality exactly as CPython defines them for these types.

use super::ast::FuncDef;
use crate::engine::repr::{float_repr, str_repr};
use crate::engine::{Num, OptId, SchedId};
use std::cell::RefCell;
use std::rc::Rc;

pub type List = Rc<RefCell<Vec<V>>>;

/// A Python value.
#[derive(Clone, Debug)]
pub enum V {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(List),
    Tuple(Rc<Vec<V>>),
    Dict(Rc<RefCell<Vec<(V, V)>>>),
    Set(List),
    Range(i64, i64, i64),
    /// A one-shot iterator (enumerate, zip, map, a generator expression, `iter(x)`).
    Iter(Rc<RefCell<std::vec::IntoIter<V>>>),
    Func(Rc<Closure>),
    /// A builtin function or constructor, by qualified name (`print`, `math.cos`, `torch.zeros`).
    Builtin(&'static str),
    /// `obj.name` for a method: called later with `obj` as the receiver.
    Method(Rc<(V, Rc<str>)>),
    /// An importable module by qualified name (`torch`, `torch.optim.lr_scheduler`, `math`).
    Module(&'static str),
    /// A class: a Python type (`int`, `list`) or a torch class (`StepLR`, `SGD`, `Linear`).
    Class(&'static str),
    Exception(Rc<Exc>),
    /// `collections.Counter`, read-only here (MultiStepLR's milestones).
    Counter(Rc<Vec<(V, i64)>>),
    Tensor(Rc<Tensor>),
    NnModule(Rc<NnModule>),
    Optimizer(OptId),
    Scheduler(SchedId),
    /// `optimizer.param_groups` (a live view).
    ParamGroups(OptId),
    /// `optimizer.param_groups[i]` (a live view of the engine's dict).
    ParamGroup(OptId, usize),
    /// `model.parameters()`: a generator of parameters (one-shot, like PyTorch's).
    Params(Rc<RefCell<Option<Vec<V>>>>),
}

/// A user function: its definition, captured enclosing frames and evaluated defaults.
#[derive(Debug)]
pub struct Closure {
    pub def: Rc<FuncDef>,
    pub defaults: Vec<V>,
    pub kw_defaults: Vec<Option<V>>,
    /// Frames of the enclosing functions, innermost first.
    pub env: Vec<Frame>,
}

/// A function call's local slots (shared, so closures see later assignments).
pub type Frame = Rc<RefCell<Vec<Option<V>>>>;

/// A raised (or caught) exception object.
#[derive(Debug, Clone)]
pub struct Exc {
    pub kind: Rc<str>,
    pub message: String,
    /// The arguments as given (`e.args`).
    pub args: Vec<V>,
}

/// An opaque tensor: the sandbox tracks shape, not values.
#[derive(Debug)]
pub struct Tensor {
    pub shape: Vec<i64>,
    pub requires_grad: bool,
    /// A scalar computed by a loss module (its value is not meaningful).
    pub is_loss: bool,
}

/// An `nn.Module`: layer kind, constructor text and its named parameters' shapes.
#[derive(Debug)]
pub struct NnModule {
    pub kind: &'static str,
    pub params: Vec<(String, Rc<Tensor>)>,
    pub is_loss: bool,
    pub children: Vec<Rc<NnModule>>,
}

impl V {
    pub fn str(s: &str) -> V {
        V::Str(Rc::from(s))
    }

    pub fn list(items: Vec<V>) -> V {
        V::List(Rc::new(RefCell::new(items)))
    }

    pub fn tuple(items: Vec<V>) -> V {
        V::Tuple(Rc::new(items))
    }

    pub fn dict(items: Vec<(V, V)>) -> V {
        V::Dict(Rc::new(RefCell::new(items)))
    }

    pub fn iter(items: Vec<V>) -> V {
        V::Iter(Rc::new(RefCell::new(items.into_iter())))
    }

    pub fn is_none(&self) -> bool {
        matches!(self, V::None)
    }

    /// The value as a Python number (bool counts as int).
    pub fn num(&self) -> Option<Num> {
        match self {
            V::Int(i) => Some(Num::Int(*i)),
            V::Float(x) => Some(Num::Float(*x)),
            V::Bool(b) => Some(Num::Int(i64::from(*b))),
            _ => None,
        }
    }

    pub fn from_num(n: Num) -> V {
        match n {
            Num::Int(i) => V::Int(i),
            Num::Float(x) => V::Float(x),
        }
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            V::None => "NoneType",
            V::Bool(_) => "bool",
            V::Int(_) => "int",
            V::Float(_) => "float",
            V::Str(_) => "str",
            V::List(_) => "list",
            V::Tuple(_) => "tuple",
            V::Dict(_) | V::ParamGroup(..) => "dict",
            V::Set(_) => "set",
            V::Range(..) => "range",
            V::Iter(_) => "iterator",
            V::Func(_) => "function",
            // `...` is lowered to the builtin name `Ellipsis`; Python calls its type `ellipsis`.
            V::Builtin("Ellipsis") => "ellipsis",
            V::Builtin(_) => "builtin_function_or_method",
            V::Method(_) => "method",
            V::Module(_) => "module",
            V::Class(_) => "type",
            V::Exception(_) => "Exception",
            V::Counter(_) => "Counter",
            V::Tensor(t) if t.requires_grad => "Parameter",
            V::Tensor(_) => "Tensor",
            V::NnModule(m) => m.kind,
            V::Optimizer(_) => "Optimizer",
            V::Scheduler(_) => "LRScheduler",
            V::ParamGroups(_) => "list",
            V::Params(_) => "generator",
        }
    }

    /// Python's truth value.
    pub fn truthy(&self) -> bool {
        match self {
            V::None => false,
            V::Bool(b) => *b,
            V::Int(i) => *i != 0,
            V::Float(x) => *x != 0.0,
            V::Str(s) => !s.is_empty(),
            V::List(l) | V::Set(l) => !l.borrow().is_empty(),
            V::Tuple(t) => !t.is_empty(),
            V::Dict(d) => !d.borrow().is_empty(),
            V::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            V::Counter(c) => !c.is_empty(),
            _ => true,
        }
    }
}

/// `len(range(a, b, s))`.
pub fn range_len(a: i64, b: i64, s: i64) -> i64 {
    if s > 0 && a < b {
        (b - a - 1) / s + 1
    } else if s < 0 && a > b {
        (a - b - 1) / (-s) + 1
    } else {
        0
    }
}

/// `x == y` for the value types where Python compares by value.
pub fn py_eq(a: &V, b: &V) -> bool {
    if let (Some(x), Some(y)) = (a.num(), b.num()) {
        return x.eq(y);
    }
    match (a, b) {
        (V::None, V::None) => true,
        (V::Str(x), V::Str(y)) => x == y,
        (V::List(x), V::List(y)) => Rc::ptr_eq(x, y) || seq_eq(&x.borrow(), &y.borrow()),
        (V::Tuple(x), V::Tuple(y)) => seq_eq(x, y),
        (V::Dict(x), V::Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| py_eq(k, k2) && py_eq(v, v2)))
        }
        (V::Set(x), V::Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().all(|v| y.iter().any(|w| py_eq(v, w)))
        }
        (V::Range(a1, b1, s1), V::Range(a2, b2, s2)) => (a1, b1, s1) == (a2, b2, s2),
        (V::Optimizer(x), V::Optimizer(y)) => x == y,
        (V::Scheduler(x), V::Scheduler(y)) => x == y,
        (V::Class(x), V::Class(y))
        | (V::Builtin(x), V::Builtin(y))
        | (V::Module(x), V::Module(y)) => x == y,
        (V::Func(x), V::Func(y)) => Rc::ptr_eq(x, y),
        (V::Tensor(x), V::Tensor(y)) => Rc::ptr_eq(x, y),
        (V::NnModule(x), V::NnModule(y)) => Rc::ptr_eq(x, y),
        (V::ParamGroup(o1, i1), V::ParamGroup(o2, i2)) => o1 == o2 && i1 == i2,
        _ => false,
    }
}

fn seq_eq(x: &[V], y: &[V]) -> bool {
    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| py_eq(a, b))
}

/// `repr(x)` for plain data values (torch objects are printed by the interpreter, which can
/// reach the engine).
pub fn repr_plain(v: &V) -> Option<String> {
    Some(match v {
        V::None => "None".into(),
        V::Bool(b) => if *b { "True" } else { "False" }.into(),
        V::Int(i) => i.to_string(),
        V::Float(x) => float_repr(*x),
        V::Str(s) => str_repr(s),
        V::Range(a, b, 1) => format!("range({a}, {b})"),
        V::Range(a, b, s) => format!("range({a}, {b}, {s})"),
        V::Class(name) => format!("<class '{}'>", class_path(name)),
        V::Module(name) => format!("<module '{name}'>"),
        V::Builtin("Ellipsis") => "Ellipsis".into(),
        V::Builtin(name) => format!(
            "<built-in function {}>",
            name.rsplit('.').next().unwrap_or(name)
        ),
        V::Exception(e) => exc_repr(e),
        _ => return None,
    })
}

/// `repr(exception)`: `ValueError('message')`.
fn exc_repr(e: &Exc) -> String {
    match e.args.as_slice() {
        [] if &*e.kind == "KeyError" && !e.message.is_empty() => format!("KeyError({})", e.message),
        [] => format!("{}()", e.kind),
        [V::Str(s)] => format!("{}({})", e.kind, str_repr(s)),
        _ => format!("{}({})", e.kind, str_repr(&e.message)),
    }
}

/// The module path CPython shows for a class in `<class '...'>`.
pub fn class_path(name: &str) -> String {
    const BUILTIN: &[&str] = &[
        "int", "float", "str", "bool", "list", "tuple", "dict", "set", "range", "type", "object",
        "NoneType",
    ];
    if BUILTIN.contains(&name)
        || name.ends_with("Error")
        || name.ends_with("Exception")
        || name.ends_with("Warning")
    {
        return name.to_string();
    }
    let module = if crate::engine::Class::from_name(name).is_some() {
        "torch.optim.lr_scheduler"
    } else if crate::engine::optimizer::kind(name).is_some() {
        "torch.optim"
    } else {
        "torch.nn"
    };
    format!("{module}.{name}")
}
