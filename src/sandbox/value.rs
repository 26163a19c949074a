//! Python values in the sandbox: numbers, strings, containers, functions, and handles to the
//! torch facade's objects (optimizers and schedulers live in the engine). Also `repr`/`str`,
//! truth and equality exactly as CPython defines them for these types.

use super::ast::FuncDef;
use super::class::{ClassObj, Descriptor, Instance};
use super::dict::PyDict;
use crate::engine::repr::{float_repr, str_repr};
use crate::engine::{Num, OptId, SchedId};
use std::cell::RefCell;
use std::rc::Rc;

pub type List = Rc<RefCell<Items>>;
/// A dict, or a set (whose values are unused).
pub type Dict = Rc<RefCell<PyDict>>;

/// A Python value.
#[derive(Clone, Debug)]
pub enum V {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(List),
    Tuple(Rc<Items>),
    Dict(Dict),
    Set(Dict),
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
    /// A class the snippet defined.
    UserClass(Rc<ClassObj>),
    /// An instance of a snippet's class.
    Instance(Rc<Instance>),
    /// A function bound to its first argument (a method of an instance, a classmethod's class).
    Bound(Rc<(V, V)>),
    /// `staticmethod`, `classmethod` or `property` objects.
    Descriptor(Rc<Descriptor>),
    /// `super()`: the class after which the search starts, and the receiver.
    Super(Rc<(Rc<ClassObj>, V)>),
    /// An object of the standard-library modules and torch helpers in `interp/modules/`
    /// (a partial, a deque, a dict view, a data loader, ...).
    Ext(Rc<super::interp::modules::Ext>),
}

/// The items of a list or tuple. Dropping a container nested millions deep (`x = [x]` in a
/// loop) would recurse once per level; this `Drop` takes the nested containers it owns apart
/// on a heap stack instead, so freeing any structure uses a few bytes of the call stack.
#[derive(Clone, Debug, Default)]
pub struct Items(pub Vec<V>);

impl std::ops::Deref for Items {
    type Target = Vec<V>;
    fn deref(&self) -> &Vec<V> {
        &self.0
    }
}

impl std::ops::DerefMut for Items {
    fn deref_mut(&mut self) -> &mut Vec<V> {
        &mut self.0
    }
}

impl Drop for Items {
    fn drop(&mut self) {
        if !self.0.iter().any(is_container) {
            return;
        }
        let mut pending = std::mem::take(&mut self.0);
        while let Some(v) = pending.pop() {
            match v {
                V::List(rc) => {
                    if let Ok(cell) = Rc::try_unwrap(rc) {
                        pending.append(&mut cell.into_inner().0);
                    }
                }
                V::Tuple(rc) => {
                    if let Ok(mut items) = Rc::try_unwrap(rc) {
                        pending.append(&mut items.0);
                    }
                }
                V::Dict(rc) | V::Set(rc) => {
                    if let Ok(cell) = Rc::try_unwrap(rc) {
                        pending.extend(cell.into_inner().take_all());
                    }
                }
                // An instance's attributes can chain instances (`node.next = prev`).
                V::Instance(rc) => {
                    if let Ok(inst) = Rc::try_unwrap(rc)
                        && let Ok(cell) = Rc::try_unwrap(inst.dict)
                    {
                        pending.extend(cell.into_inner().take_all());
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether a value is a container that can hold others (and so nest deeply).
fn is_container(v: &V) -> bool {
    matches!(
        v,
        V::List(_) | V::Tuple(_) | V::Dict(_) | V::Set(_) | V::Instance(_)
    )
}

/// A user function: its definition, captured enclosing frames and evaluated defaults.
#[derive(Debug)]
pub struct Closure {
    pub def: Rc<FuncDef>,
    pub defaults: Vec<V>,
    pub kw_defaults: Vec<Option<V>>,
    /// Frames of the enclosing functions, innermost first.
    pub env: Vec<Frame>,
    /// The class whose body defined this function (what a zero-argument `super()` uses).
    pub owner: RefCell<Option<std::rc::Weak<ClassObj>>>,
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
#[derive(Debug, Clone)]
pub struct Tensor {
    pub shape: Vec<i64>,
    pub requires_grad: bool,
    /// A scalar computed by a loss module (its value is not meaningful).
    pub is_loss: bool,
}

/// An `nn.Module`: layer kind, constructor text and its named parameters' shapes.
#[derive(Debug, Clone)]
pub struct NnModule {
    pub kind: &'static str,
    pub params: Vec<(String, Rc<Tensor>)>,
    pub is_loss: bool,
    pub children: Vec<Rc<NnModule>>,
    /// What PyTorch prints inside `Kind(...)`, when the sandbox knows it for these arguments.
    pub text: Option<String>,
    /// The children's names (`Sequential(OrderedDict(...))`, `ModuleDict`); empty: `0`, `1`, ...
    pub names: Vec<String>,
}

impl V {
    pub fn str(s: &str) -> V {
        V::Str(Rc::from(s))
    }

    pub fn list(items: Vec<V>) -> V {
        V::List(Rc::new(RefCell::new(Items(items))))
    }

    pub fn tuple(items: Vec<V>) -> V {
        V::Tuple(Rc::new(Items(items)))
    }

    pub fn dict(d: PyDict) -> V {
        V::Dict(Rc::new(RefCell::new(d)))
    }

    /// A dict of pairs whose keys are strings or numbers (always hashable, so nothing can fail).
    pub fn dict_of(pairs: Vec<(V, V)>) -> V {
        V::dict(PyDict::from_pairs(pairs).unwrap_or_default())
    }

    pub fn set(d: PyDict) -> V {
        V::Set(Rc::new(RefCell::new(d)))
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
    pub fn type_name(&self) -> &str {
        match self {
            V::Instance(i) => &i.class.name,
            other => other.static_type_name(),
        }
    }

    /// `type(x).__name__` for every value but an instance of a snippet's class (`object`).
    pub fn static_type_name(&self) -> &'static str {
        match self {
            V::None => "NoneType",
            V::Bool(_) => "bool",
            V::Int(_) => "int",
            V::Float(_) => "float",
            V::Str(_) => "str",
            V::List(_) => "list",
            V::Tuple(_) => "tuple",
            V::Dict(d) => match d.try_borrow().map(|d| d.flavor.clone()) {
                Ok(crate::sandbox::dict::Flavor::Counter) => "Counter",
                Ok(crate::sandbox::dict::Flavor::Ordered) => "OrderedDict",
                Ok(crate::sandbox::dict::Flavor::Default(_)) => "defaultdict",
                _ => "dict",
            },
            V::ParamGroup(..) => "dict",
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
            V::Tensor(t) if t.requires_grad => "Parameter",
            V::Tensor(_) => "Tensor",
            V::NnModule(m) => m.kind,
            V::Optimizer(_) => "Optimizer",
            V::Scheduler(_) => "LRScheduler",
            V::ParamGroups(_) => "list",
            V::Params(_) => "generator",
            V::UserClass(_) => "type",
            V::Instance(_) => "object",
            V::Bound(_) => "method",
            V::Descriptor(d) => match **d {
                Descriptor::Static(_) => "staticmethod",
                Descriptor::ClassMethod(_) => "classmethod",
                Descriptor::Property(..) => "property",
            },
            V::Super(_) => "super",
            V::Ext(e) => e.type_name(),
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
            V::List(l) => !l.borrow().is_empty(),
            V::Set(d) => !d.borrow().is_empty(),
            V::Tuple(t) => !t.is_empty(),
            V::Dict(d) => !d.borrow().is_empty(),
            V::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            V::Ext(e) => e.truthy(),
            _ => true,
        }
    }
}

/// `len(range(a, b, s))`, or `None` past `i64::MAX` (CPython's "Python int too large to
/// convert to C ssize_t"). Computed in 128 bits, so no bound wraps.
pub fn range_len_checked(a: i64, b: i64, s: i64) -> Option<i64> {
    i64::try_from(range_len128(a, b, s)).ok()
}

fn range_len128(a: i64, b: i64, s: i64) -> i128 {
    let (a, b, s) = (i128::from(a), i128::from(b), i128::from(s));
    if s > 0 && a < b {
        (b - a - 1) / s + 1
    } else if s < 0 && a > b {
        (a - b - 1) / (-s) + 1
    } else {
        0
    }
}

/// `range(a, b, s)[k]` (negative `k` counts from the end), or `None` out of range. In 128
/// bits: a range's length can pass `i64::MAX` while each of its items is an i64.
pub fn range_item(a: i64, b: i64, s: i64, k: i64) -> Option<i64> {
    let len = range_len128(a, b, s);
    let k = if k < 0 {
        i128::from(k) + len
    } else {
        i128::from(k)
    };
    if k < 0 || k >= len {
        return None;
    }
    i64::try_from(i128::from(a) + i128::from(s) * k).ok()
}

/// `len(range(a, b, s))` where it is only iterated or tested (a length past `i64::MAX` is
/// treated as `i64::MAX`: such a range is never walked to its end within the step limit).
pub fn range_len(a: i64, b: i64, s: i64) -> i64 {
    range_len_checked(a, b, s).unwrap_or(i64::MAX)
}

/// A comparison (or hash) that nests deeper than the recursion limit allows: the caller raises
/// `RecursionError`, as CPython does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep;

/// `x == y` where both are known to be shallow (keys, numbers, strings). A nesting past
/// CPython's recursion limit compares unequal; code comparing learner values uses [`eq_within`].
pub fn py_eq(a: &V, b: &V) -> bool {
    eq_within(a, b, 1000).unwrap_or(false)
}

/// `x == y` for the value types where Python compares by value, descending at most `depth`
/// containers (each level of nesting is one of CPython's recursive calls).
pub fn eq_within(a: &V, b: &V, depth: usize) -> Result<bool, TooDeep> {
    if let (Some(x), Some(y)) = (a.num(), b.num()) {
        return Ok(x.eq(y));
    }
    let inner = || depth.checked_sub(1).ok_or(TooDeep);
    Ok(match (a, b) {
        (V::None, V::None) => true,
        (V::Str(x), V::Str(y)) => x == y,
        (V::List(x), V::List(y)) => Rc::ptr_eq(x, y) || seq_eq(&x.borrow(), &y.borrow(), inner()?)?,
        (V::Tuple(x), V::Tuple(y)) => Rc::ptr_eq(x, y) || seq_eq(x, y, inner()?)?,
        (V::Dict(x), V::Dict(y)) => {
            Rc::ptr_eq(x, y) || x.borrow().eq_within(&y.borrow(), inner()?)?
        }
        (V::Set(x), V::Set(y)) => {
            Rc::ptr_eq(x, y) || {
                // A level of nesting, as CPython counts it, even though set keys are shallow.
                inner()?;
                x.borrow().same_keys(&y.borrow())
            }
        }
        (V::Range(a1, b1, s1), V::Range(a2, b2, s2)) => (a1, b1, s1) == (a2, b2, s2),
        (V::Optimizer(x), V::Optimizer(y)) => x == y,
        (V::Scheduler(x), V::Scheduler(y)) => x == y,
        (V::Class(x), V::Class(y))
        | (V::Builtin(x), V::Builtin(y))
        | (V::Module(x), V::Module(y)) => x == y,
        (V::Func(x), V::Func(y)) => Rc::ptr_eq(x, y),
        (V::UserClass(x), V::UserClass(y)) => Rc::ptr_eq(x, y),
        (V::Instance(x), V::Instance(y)) => Rc::ptr_eq(x, y),
        (V::Tensor(x), V::Tensor(y)) => Rc::ptr_eq(x, y),
        (V::NnModule(x), V::NnModule(y)) => Rc::ptr_eq(x, y),
        (V::ParamGroup(o1, i1), V::ParamGroup(o2, i2)) => o1 == o2 && i1 == i2,
        (V::Ext(x), _) => x.eq(b),
        (_, V::Ext(y)) => y.eq(a),
        _ => false,
    })
}

/// Item-wise equality; an item identical to its counterpart is equal without a comparison, as
/// in CPython (which is why a list that contains itself equals itself).
fn seq_eq(x: &[V], y: &[V], depth: usize) -> Result<bool, TooDeep> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (a, b) in x.iter().zip(y) {
        if !(same_object(a, b) || eq_within(a, b, depth)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `a is b` for the values that have an identity of their own.
pub fn same_object(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::List(x), V::List(y)) => Rc::ptr_eq(x, y),
        (V::Tuple(x), V::Tuple(y)) => Rc::ptr_eq(x, y),
        (V::Dict(x), V::Dict(y)) | (V::Set(x), V::Set(y)) => Rc::ptr_eq(x, y),
        (V::Str(x), V::Str(y)) => Rc::ptr_eq(x, y),
        (V::Instance(x), V::Instance(y)) => Rc::ptr_eq(x, y),
        (V::UserClass(x), V::UserClass(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
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
    if let Some(p) = super::interp::modules::class_path(name) {
        return p.to_string();
    }
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
    let module = if matches!(name, "Counter" | "OrderedDict" | "defaultdict" | "deque") {
        "collections"
    } else if name == "AveragedModel" {
        "torch.optim.swa_utils"
    } else if let Some(class) = crate::engine::Class::from_name(name) {
        class.module()
    } else if crate::engine::optimizer::kind(name).is_some() {
        "torch.optim"
    } else {
        "torch.nn"
    };
    format!("{module}.{name}")
}
