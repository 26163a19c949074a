//! The Python values that cross the engine's boundary: constructor arguments, param-group
//! entries, scheduler attributes and `state_dict()` contents.

use super::num::Num;
use super::repr::str_repr;
use std::fmt;

/// Handle of a callable owned by the host (a learner's `lambda` or `def`): the engine calls it
/// back through [`super::Host`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FnId(pub u32);

/// Handle of an optimizer in an [`super::Engine`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OptId(pub u32);

/// Handle of a scheduler in an [`super::Engine`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SchedId(pub u32);

/// A Python value as the engine sees it.
#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    /// `dict` with insertion order (state dicts, Counters' items).
    Dict(Vec<(Value, Value)>),
    /// `collections.Counter` (MultiStepLR's milestones), in insertion order.
    Counter(Vec<(Num, i64)>),
    Func(FnId),
    Optimizer(OptId),
    Scheduler(SchedId),
    /// A group's `params` list: the engine only knows how many parameters it holds.
    Params(usize),
}

impl Value {
    /// The value as a Python number; `bool` counts as an int, as in Python arithmetic.
    #[inline]
    pub fn num(&self) -> Option<Num> {
        match self {
            Value::Int(i) => Some(Num::Int(*i)),
            Value::Float(x) => Some(Num::Float(*x)),
            Value::Bool(b) => Some(Num::Int(i64::from(*b))),
            _ => None,
        }
    }

    /// Python's truth value.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(x) => *x != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(v) | Value::Tuple(v) => !v.is_empty(),
            Value::Dict(v) => !v.is_empty(),
            Value::Counter(v) => !v.is_empty(),
            Value::Params(n) => *n != 0,
            Value::Func(_) | Value::Optimizer(_) | Value::Scheduler(_) => true,
        }
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) | Value::Params(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Counter(_) => "Counter",
            Value::Func(_) => "function",
            Value::Optimizer(_) => "Optimizer",
            Value::Scheduler(_) => "LRScheduler",
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

impl From<Num> for Value {
    fn from(n: Num) -> Value {
        match n {
            Num::Int(i) => Value::Int(i),
            Num::Float(x) => Value::Float(x),
        }
    }
}

impl fmt::Display for Value {
    /// `str(x)` for the values whose text appears in PyTorch's messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            other => f.write_str(&repr(other)),
        }
    }
}

/// `repr(x)` for plain data; handles print as a short placeholder (the sandbox prints its own).
pub fn repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => Num::Float(*x).to_string(),
        Value::Str(s) => str_repr(s),
        Value::List(items) => format!("[{}]", join(items)),
        Value::Tuple(items) if items.len() == 1 => format!("({},)", repr(&items[0])),
        Value::Tuple(items) => format!("({})", join(items)),
        Value::Dict(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Counter(items) => counter_repr(items),
        Value::Func(_) => "<function>".into(),
        Value::Optimizer(_) => "<optimizer>".into(),
        Value::Scheduler(_) => "<scheduler>".into(),
        Value::Params(n) => format!("[<{n} parameters>]"),
    }
}

fn join(items: &[Value]) -> String {
    items.iter().map(repr).collect::<Vec<_>>().join(", ")
}

/// `repr(Counter)`: `Counter({k: n, ...})` ordered by count, most common first (ties keep
/// insertion order), or `Counter()` when empty.
pub fn counter_repr(items: &[(Num, i64)]) -> String {
    if items.is_empty() {
        return "Counter()".into();
    }
    let mut sorted: Vec<&(Num, i64)> = items.iter().collect();
    sorted.sort_by_key(|item| std::cmp::Reverse(item.1));
    let parts: Vec<String> = sorted.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    format!("Counter({{{}}})", parts.join(", "))
}
