//! The standard-library modules training scripts import around a scheduler (`copy`,
//! `functools`, `collections`, `itertools`, `random`, `time`, `types`, `__future__`), the
//! objects they make (`Ext`), `eval`/`exec` of strings, and the cheap torch helpers scripts touch
//! (devices, `torch.Size`, data loaders). Each area has a file; this one holds the shared object
//! type and the dispatch the evaluator calls into.

pub mod collections;
mod copy;
mod evalexec;
mod functools;
mod itertools;
pub mod nn_repr;
pub mod random;
mod setops;
pub mod setorder;
mod time;
mod torch_extra;
mod warnings;
pub use torch_extra::{forward_shape, size};

use super::{Ev, Ex, raise};
use crate::sandbox::value::{Dict, V};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

pub type Kw = Vec<(Rc<str>, V)>;

pub use collections::COUNTER_METHODS;

/// The modules of this folder, by the name `import` uses.
pub const MODULES: &[&str] = &[
    "copy",
    "functools",
    "collections",
    "itertools",
    "random",
    "time",
    "types",
    "warnings",
    "__future__",
    "torch.optim.optimizer",
    "torch.cuda",
    "torch.utils",
    "torch.utils.data",
];

/// An object of one of these modules.
#[derive(Debug)]
pub enum Ext {
    /// A value PyTorch has and lrtutor does not model (the optimizer's per-parameter state
    /// after a `backward()` and a step). It can be held, copied and loaded; looking inside it is
    /// a `SandboxError` naming what is not modelled, never a made-up value.
    Unmodelled(&'static str),
    /// `functools.partial(func, *args, **kw)`.
    Partial { func: V, args: Vec<V>, kw: Kw },
    /// `random.Random(seed)`: a generator of its own.
    Random(RefCell<random::Generator>),
    /// `dict.keys()` / `values()` / `items()`: a live view of the dict.
    View(ViewKind, Dict),
    /// `collections.deque`.
    Deque(RefCell<VecDeque<V>>, Option<usize>),
    /// `types.SimpleNamespace`: attributes in the order they were set.
    Namespace(Dict),
    /// An iterator that produces its items one at a time (`itertools.count`, `cycle`, ...).
    Lazy(RefCell<itertools::Lazy>),
    /// `tensor.shape`: `torch.Size([...])`, a tuple of ints.
    Size(Rc<Vec<i64>>),
    /// `torch.device('cpu')`.
    Device(Rc<str>),
    /// `torch.utils.data.TensorDataset(*tensors)`: `len` samples, each a tuple of opaque
    /// tensors of the given shapes (`None`: the dataset is a plain list or range of numbers).
    Dataset {
        len: i64,
        shapes: Option<Vec<Vec<i64>>>,
    },
    /// `DataLoader(dataset, batch_size, drop_last=...)`: yields opaque batches.
    Loader {
        dataset: V,
        batch_size: i64,
        drop_last: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// What the run keeps for these modules: the `random` module's generator.
#[derive(Debug, Default)]
pub struct State {
    /// The module-level generator, once `random.seed(n)` seeded it.
    pub random: Option<random::Generator>,
    /// `warnings.filterwarnings("ignore", ...)` filters, newest first.
    pub ignored: Vec<warnings::Ignore>,
}

/// `Ext` values as `V`.
pub fn ext(e: Ext) -> V {
    V::Ext(Rc::new(e))
}

impl Ext {
    /// `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Ext::Partial { .. } => "partial",
            // What it stands for in PyTorch (a dict), so Python's own type errors still apply.
            Ext::Unmodelled(_) => "dict",
            Ext::Random(_) => "Random",
            Ext::View(ViewKind::Keys, _) => "dict_keys",
            Ext::View(ViewKind::Values, _) => "dict_values",
            Ext::View(ViewKind::Items, _) => "dict_items",
            Ext::Deque(..) => "deque",
            Ext::Namespace(_) => "SimpleNamespace",
            Ext::Lazy(l) => l.borrow().type_name(),
            Ext::Size(_) => "Size",
            Ext::Device(_) => "device",
            Ext::Dataset { .. } => "TensorDataset",
            Ext::Loader { .. } => "DataLoader",
        }
    }

    /// Python's truth value.
    pub fn truthy(&self) -> bool {
        match self {
            Ext::View(_, d) => !d.borrow().is_empty(),
            Ext::Deque(items, _) => !items.borrow().is_empty(),
            Ext::Size(s) => !s.is_empty(),
            _ => true,
        }
    }

    /// `a == b` where `a` is one of these objects.
    pub fn eq(&self, other: &V) -> bool {
        match (self, other) {
            (Ext::Size(a), V::Ext(b)) => matches!(&**b, Ext::Size(b) if a == b),
            (Ext::Size(a), V::Tuple(t)) => {
                a.len() == t.len()
                    && a.iter()
                        .zip(t.iter())
                        .all(|(x, y)| y.num().is_some_and(|n| n.eq(crate::engine::Num::Int(*x))))
            }
            (Ext::Device(a), V::Ext(b)) => matches!(&**b, Ext::Device(b) if a == b),
            (Ext::Namespace(a), V::Ext(b)) => match &**b {
                Ext::Namespace(b) => {
                    Rc::ptr_eq(a, b)
                        || crate::sandbox::value::py_eq(&V::Dict(a.clone()), &V::Dict(b.clone()))
                }
                _ => false,
            },
            (Ext::Deque(a, _), V::Ext(b)) => match &**b {
                Ext::Deque(b, _) => {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len()
                        && a.iter()
                            .zip(b.iter())
                            .all(|(x, y)| crate::sandbox::value::py_eq(x, y))
                }
                _ => false,
            },
            (Ext::View(ViewKind::Keys, a), V::Ext(b)) => match &**b {
                Ext::View(ViewKind::Keys, b) => a.borrow().same_keys(&b.borrow()),
                _ => false,
            },
            (Ext::View(ViewKind::Keys, a), V::Set(b)) => a.borrow().same_keys(&b.borrow()),
            (_, V::Ext(b)) => std::ptr::eq(self, &**b),
            _ => false,
        }
    }
}

/// Whether `path` names one of these modules.
pub fn known(path: &str) -> Option<&'static str> {
    MODULES.iter().find(|m| **m == path).copied()
}

/// A name bound by `from <module> import *` of these modules (every public name it has).
pub fn star_allowed(m: &str) -> bool {
    matches!(
        m,
        "copy"
            | "functools"
            | "collections"
            | "itertools"
            | "random"
            | "time"
            | "types"
            | "warnings"
            | "torch.nn"
            | "torch.optim"
            | "torch.utils.data"
    )
}

/// Whether `from m import *` binds `name` (submodules outside a module's `__all__` are not).
pub fn in_star(m: &str, name: &str) -> bool {
    !matches!((m, name), ("torch.optim", "optimizer") | ("torch", _))
}

/// Whether `m.name` exists in Python but is not modelled here.
pub fn not_modelled_name(m: &str, name: &str) -> bool {
    NOT_MODELLED.contains(&(m, name))
}

/// The static name for a qualified builtin of these modules.
fn builtin_name(full: &str) -> Option<&'static str> {
    FUNCS.iter().find(|f| **f == full).copied()
}

const FUNCS: &[&str] = &[
    "copy.copy",
    "copy.deepcopy",
    "functools.partial",
    "functools.reduce",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.deque",
    "collections.Counter",
    "itertools.count",
    "itertools.cycle",
    "itertools.repeat",
    "itertools.chain",
    "itertools.chain.from_iterable",
    "itertools.islice",
    "itertools.product",
    "itertools.accumulate",
    "itertools.zip_longest",
    "itertools.pairwise",
    "itertools.permutations",
    "itertools.combinations",
    "itertools.starmap",
    "itertools.takewhile",
    "itertools.dropwhile",
    "random.seed",
    "random.random",
    "random.randint",
    "random.randrange",
    "random.choice",
    "random.shuffle",
    "random.uniform",
    "random.sample",
    "random.gauss",
    "random.getrandbits",
    "random.Random",
    "time.time",
    "time.perf_counter",
    "time.monotonic",
    "time.process_time",
    "time.sleep",
    "types.SimpleNamespace",
    "warnings.warn",
    "warnings.filterwarnings",
    "warnings.simplefilter",
    "torch.cuda.is_available",
    "torch.cuda.device_count",
    "torch.device",
    "torch.as_tensor",
    "torch.tensor",
    "torch.utils.data.DataLoader",
    "torch.utils.data.TensorDataset",
];

/// Names of these modules that exist in Python but are not modelled (named in the error).
const NOT_MODELLED: &[(&str, &str)] = &[
    ("collections", "namedtuple"),
    ("collections", "ChainMap"),
    ("functools", "lru_cache"),
    ("functools", "cache"),
    ("functools", "wraps"),
    ("itertools", "groupby"),
    ("itertools", "tee"),
    ("random", "normalvariate"),
    ("random", "choices"),
    ("random", "betavariate"),
    ("random", "expovariate"),
    ("random", "triangular"),
    ("random", "getstate"),
    ("random", "setstate"),
    ("torch.utils.data", "Dataset"),
    ("torch.utils.data", "random_split"),
    ("torch.utils.data", "Subset"),
    ("torch.utils.data", "RandomSampler"),
];

impl Ev<'_> {
    /// `module.attr` for these modules; `None` when the name is not one of theirs.
    /// `f.attr` of a builtin of these modules (`itertools.chain.from_iterable`).
    pub fn builtin_attr(name: &str, attr: &str) -> Option<V> {
        match (name, attr) {
            ("itertools.chain", "from_iterable") => {
                Some(V::Builtin("itertools.chain.from_iterable"))
            }
            _ => None,
        }
    }

    pub fn ext_module_attr(&mut self, m: &str, attr: &str) -> Option<Ex<V>> {
        // The parts of `torch` itself that live here.
        let torch = match (m, attr) {
            ("torch", "cuda") => Some(V::Module("torch.cuda")),
            ("torch", "utils") => Some(V::Module("torch.utils")),
            ("torch", "device") => Some(V::Builtin("torch.device")),
            ("torch", "as_tensor") => Some(V::Builtin("torch.as_tensor")),
            ("torch", "tensor") => Some(V::Builtin("torch.tensor")),
            ("torch.optim", "optimizer") => Some(V::Module("torch.optim.optimizer")),
            ("torch.nn.functional", f) => torch_extra::functional(f).map(V::Builtin),
            _ => None,
        };
        if torch.is_some() {
            return torch.map(Ok);
        }
        known(m)?;
        let full = format!("{m}.{attr}");
        if let Some(f) = builtin_name(&full) {
            return Some(Ok(V::Builtin(f)));
        }
        let v = match (m, attr) {
            ("torch.optim.optimizer", "Optimizer") => V::Class("Optimizer"),
            ("torch.utils", "data") => V::Module("torch.utils.data"),
            ("__future__", "annotations") => V::None,
            ("itertools", "chain") => V::Builtin("itertools.chain"),
            _ if NOT_MODELLED.contains(&(m, attr)) => {
                return Some(raise(
                    self.rt,
                    "SandboxError",
                    format!(
                        "`{m}.{attr}` is not modelled in lrtutor's sandbox (line {})",
                        self.rt.line
                    ),
                ));
            }
            _ => {
                return Some(raise(
                    self.rt,
                    "SandboxError",
                    format!(
                        "`{m}.{attr}` is not part of lrtutor's sandbox (line {}); see README \"What a snippet can use\"",
                        self.rt.line
                    ),
                ));
            }
        };
        Some(Ok(v))
    }

    /// Calls a function of these modules; `None` when `name` is not one of theirs.
    pub fn call_ext(&mut self, name: &str, pos: Vec<V>, kw: Kw) -> Option<Ex<V>> {
        let (m, f) = name.rsplit_once('.')?;
        let m = if m == "itertools.chain" {
            "itertools"
        } else {
            m
        };
        let f = if name == "itertools.chain.from_iterable" {
            "from_iterable"
        } else {
            f
        };
        Some(match m {
            "copy" => self.call_copy(f, pos),
            "functools" => self.call_functools(f, pos, kw),
            "collections" => self.call_collections(f, pos, kw),
            "itertools" => self.call_itertools(f, pos, kw),
            "random" => self.call_random(None, f, pos, kw),
            "time" => self.call_time(f, pos),
            "types" => Ok(self.namespace(kw)),
            "warnings" => self.call_warnings(f, pos, kw),
            "torch.cuda" | "torch" | "torch.utils.data" | "torch.nn.functional" => {
                self.call_torch_extra(name, pos, kw)?
            }
            _ => return None,
        })
    }

    /// `obj.attr` on these objects.
    /// The error for looking inside an [`Ext::Unmodelled`] value.
    fn unmodelled<T>(&mut self, what: &str) -> Ex<T> {
        super::raise(
            self.rt,
            "SandboxError",
            format!(
                "lrtutor does not model {what} (it can be kept in a checkpoint dict, copied and loaded, not looked into)"
            ),
        )
    }

    pub fn ext_attr(&mut self, o: &V, e: &Ext, attr: &str) -> Ex<V> {
        let method = || Ok(V::Method(Rc::new((o.clone(), Rc::from(attr)))));
        match e {
            Ext::Unmodelled(what) => self.unmodelled(what),
            Ext::Namespace(d) => {
                let found = d.borrow().get(&V::str(attr)).ok().flatten().cloned();
                match found {
                    Some(v) => Ok(v),
                    None => raise(
                        self.rt,
                        "AttributeError",
                        format!("'types.SimpleNamespace' object has no attribute '{attr}'"),
                    ),
                }
            }
            Ext::Partial { func, .. } if attr == "func" => Ok(func.clone()),
            Ext::Partial { args, .. } if attr == "args" => Ok(V::tuple(args.clone())),
            Ext::Partial { kw, .. } if attr == "keywords" => Ok(V::dict_of(
                kw.iter()
                    .map(|(k, v)| (V::Str(k.clone()), v.clone()))
                    .collect(),
            )),
            Ext::Deque(_, maxlen) if attr == "maxlen" => {
                Ok(maxlen.map_or(V::None, |n| V::Int(n as i64)))
            }
            Ext::Device(t) if attr == "type" => Ok(V::Str(t.clone())),
            Ext::Device(_) if attr == "index" => Ok(V::None),
            Ext::Random(_) if random::METHODS.contains(&attr) => method(),
            Ext::Deque(..) if collections::DEQUE_METHODS.contains(&attr) => method(),
            Ext::Size(_) if attr == "numel" || attr == "index" || attr == "count" => method(),
            Ext::View(ViewKind::Keys | ViewKind::Items, _) if attr == "isdisjoint" => method(),
            Ext::Loader { .. } if attr == "dataset" || attr == "batch_size" => {
                torch_extra::loader_attr(self, e, attr)
            }
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{attr}'", e.type_name()),
            ),
        }
    }

    /// `obj.attr = v` on these objects.
    pub fn ext_set_attr(&mut self, e: &Ext, attr: &str, v: V) -> Ex<()> {
        match e {
            Ext::Unmodelled(what) => self.unmodelled(what),
            Ext::Namespace(d) => {
                d.borrow_mut()
                    .insert(V::str(attr), v)
                    .or_else(|err| self.hash_error(err))?;
                Ok(())
            }
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{attr}'", e.type_name()),
            ),
        }
    }

    /// Methods of these objects.
    pub fn ext_method(&mut self, e: &Rc<Ext>, name: &str, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match &**e {
            Ext::Random(g) => self.call_random(Some(g), name, pos, kw),
            Ext::Deque(..) => self.deque_method(e, name, pos),
            Ext::Size(s) => match name {
                "numel" => Ok(V::Int(s.iter().product())),
                _ => {
                    let items: Vec<V> = s.iter().map(|d| V::Int(*d)).collect();
                    self.call_method(&V::tuple(items), name, pos, kw)
                }
            },
            Ext::View(_, d) => {
                let mine = self.ext_items(e)?;
                let other = self.iterate(pos.first().unwrap_or(&V::None))?;
                let _ = d;
                let other = self.make_set(other)?;
                Ok(V::Bool(
                    !mine.iter().any(|x| other.contains(x).unwrap_or(false)),
                ))
            }
            _ => raise(
                self.rt,
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", e.type_name()),
            ),
        }
    }

    /// Calling one of these objects (`partial(...)()`).
    pub fn call_ext_object(&mut self, e: &Ext, pos: Vec<V>, kw: Kw) -> Ex<V> {
        match e {
            Ext::Partial {
                func,
                args,
                kw: fixed,
            } => {
                let mut all = args.clone();
                all.extend(pos);
                let mut kws: Kw = fixed.clone();
                for (k, v) in kw {
                    match kws.iter_mut().find(|(n, _)| *n == k) {
                        Some(slot) => slot.1 = v,
                        None => kws.push((k, v)),
                    }
                }
                self.call_value(func, all, kws)
            }
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not callable", e.type_name()),
            ),
        }
    }

    /// All items of one of these objects, when it is iterable.
    pub fn ext_items(&mut self, e: &Rc<Ext>) -> Ex<Vec<V>> {
        match &**e {
            Ext::Unmodelled(what) => self.unmodelled(what),
            Ext::View(kind, d) => Ok(d
                .borrow()
                .iter()
                .map(|(k, v)| match kind {
                    ViewKind::Keys => k.clone(),
                    ViewKind::Values => v.clone(),
                    ViewKind::Items => V::tuple(vec![k.clone(), v.clone()]),
                })
                .collect()),
            Ext::Deque(items, _) => Ok(items.borrow().iter().cloned().collect()),
            Ext::Size(s) => Ok(s.iter().map(|d| V::Int(*d)).collect()),
            Ext::Lazy(_) => {
                let mut out = Vec::new();
                while let Some(v) = self.lazy_next(e)? {
                    self.tick()?;
                    out.push(v);
                }
                Ok(out)
            }
            Ext::Loader { .. } | Ext::Dataset { .. } => {
                // Every batch is built at once: the count is checked against the memory budget.
                let n = match &**e {
                    Ext::Dataset { len, .. } => *len,
                    _ => torch_extra::batches(e),
                };
                self.reserve_items(usize::try_from(n).unwrap_or(0).saturating_mul(4))?;
                torch_extra::items(e)
            }
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not iterable", e.type_name()),
            ),
        }
    }

    /// `len(x)`.
    pub fn ext_len(&mut self, e: &Rc<Ext>) -> Ex<V> {
        let n = match &**e {
            Ext::Unmodelled(what) => return self.unmodelled(what),
            Ext::View(_, d) => d.borrow().len() as i64,
            Ext::Deque(items, _) => items.borrow().len() as i64,
            Ext::Size(s) => s.len() as i64,
            Ext::Dataset { len, .. } => *len,
            Ext::Loader { .. } => torch_extra::batches(e),
            _ => {
                return raise(
                    self.rt,
                    "TypeError",
                    format!("object of type '{}' has no len()", e.type_name()),
                );
            }
        };
        Ok(V::Int(n))
    }

    /// `x[i]`.
    pub fn ext_get_item(&mut self, e: &Rc<Ext>, i: &V) -> Ex<V> {
        match &**e {
            Ext::Unmodelled(what) => self.unmodelled(what),
            Ext::Size(_) | Ext::Deque(..) => {
                let items = self.ext_items(e)?;
                let what = if matches!(&**e, Ext::Size(_)) {
                    "tuple"
                } else {
                    "deque"
                };
                if let V::Tuple(t) = i
                    && t.len() == 4
                {
                    return self.get_item(&V::tuple(items), i);
                }
                let k = self.index(i, items.len(), what)?;
                Ok(items[k].clone())
            }
            Ext::Dataset { .. } => Ok(torch_extra::dataset_item(e)),
            _ => raise(
                self.rt,
                "TypeError",
                format!("'{}' object is not subscriptable", e.type_name()),
            ),
        }
    }

    /// `repr(x)`.
    pub fn ext_repr(&mut self, e: &Rc<Ext>) -> Ex<String> {
        match &**e {
            Ext::Unmodelled(what) => self.unmodelled(what),
            Ext::View(kind, _) => {
                let items = self.ext_items(e)?;
                let name = match kind {
                    ViewKind::Keys => "dict_keys",
                    ViewKind::Values => "dict_values",
                    ViewKind::Items => "dict_items",
                };
                let inner = self.repr(&V::list(items))?;
                Ok(format!("{name}({inner})"))
            }
            Ext::Deque(items, maxlen) => {
                let items: Vec<V> = items.borrow().iter().cloned().collect();
                let inner = self.repr(&V::list(items))?;
                Ok(match maxlen {
                    Some(n) => format!("deque({inner}, maxlen={n})"),
                    None => format!("deque({inner})"),
                })
            }
            Ext::Namespace(d) => {
                let pairs = d.borrow().pairs();
                let mut parts = Vec::new();
                for (k, v) in pairs {
                    let k = self.str_of(&k)?;
                    parts.push(format!("{k}={}", self.repr(&v)?));
                }
                Ok(format!("namespace({})", parts.join(", ")))
            }
            Ext::Partial { func, args, kw } => {
                let mut parts = vec![self.repr(func)?];
                for a in args {
                    parts.push(self.repr(a)?);
                }
                for (k, v) in kw {
                    parts.push(format!("{k}={}", self.repr(v)?));
                }
                Ok(format!("functools.partial({})", parts.join(", ")))
            }
            Ext::Size(s) => {
                let dims: Vec<String> = s.iter().map(i64::to_string).collect();
                Ok(format!("torch.Size([{}])", dims.join(", ")))
            }
            Ext::Device(t) => Ok(format!("device(type='{t}')")),
            Ext::Lazy(l) => Ok(l.borrow().repr()),
            Ext::Random(_) => Ok("<random.Random object at 0x55d4c0a3e8f0>".into()),
            Ext::Dataset { .. } => {
                Ok("<torch.utils.data.dataset.TensorDataset object at 0x7f3a2c1b4040>".into())
            }
            Ext::Loader { .. } => {
                Ok("<torch.utils.data.dataloader.DataLoader object at 0x7f3a2c1b4040>".into())
            }
        }
    }

    /// `str(x)` where it differs from `repr`.
    pub fn ext_str(&mut self, e: &Rc<Ext>) -> Ex<String> {
        match &**e {
            Ext::Device(t) => Ok(t.to_string()),
            _ => self.ext_repr(e),
        }
    }

    /// `x in obj`.
    pub fn ext_contains(&mut self, e: &Rc<Ext>, x: &V) -> Ex<bool> {
        if let Ext::Unmodelled(what) = &**e {
            return self.unmodelled(what);
        }
        if let Ext::View(ViewKind::Keys, d) = &**e {
            let found = d.borrow().contains(x);
            return found.or_else(|err| self.hash_error(err));
        }
        let items = self.ext_items(e)?;
        Ok(self.position(&items, x)?.is_some())
    }

    /// `types.SimpleNamespace(**kw)`.
    fn namespace(&mut self, kw: Kw) -> V {
        let pairs = kw.into_iter().map(|(k, v)| (V::Str(k), v)).collect();
        ext(Ext::Namespace(Rc::new(RefCell::new(
            crate::sandbox::dict::PyDict::from_pairs(pairs).unwrap_or_default(),
        ))))
    }

    /// `dict.keys()` and friends.
    pub fn dict_view(kind: ViewKind, d: &Dict) -> V {
        ext(Ext::View(kind, d.clone()))
    }
}

/// The hash of one of these objects as a dict key (`None`: unhashable, as the mutable ones
/// are in Python). A `torch.Size` hashes as the tuple it equals.
pub fn hash_of(e: &Rc<Ext>) -> Option<u64> {
    match &**e {
        Ext::View(..) | Ext::Deque(..) | Ext::Namespace(_) => None,
        Ext::Size(s) => {
            let t = V::tuple(s.iter().map(|d| V::Int(*d)).collect());
            crate::sandbox::dict::py_hash(&t).ok()
        }
        Ext::Device(d) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            d.hash(&mut h);
            Some(h.finish())
        }
        _ => Some(Rc::as_ptr(e).cast::<()>() as usize as u64),
    }
}

/// How one of these objects reaches the engine: the items of a sequence-like one (a deque, a
/// view, a `torch.Size`), or `None` for a callable (a partial), which goes as a callback.
pub fn engine_form(e: &Rc<Ext>) -> Option<Vec<V>> {
    match &**e {
        Ext::Deque(items, _) => Some(items.borrow().iter().cloned().collect()),
        Ext::Size(s) => Some(s.iter().map(|d| V::Int(*d)).collect()),
        Ext::View(ViewKind::Keys, d) => Some(d.borrow().keys().cloned().collect()),
        Ext::View(ViewKind::Values, d) => Some(d.borrow().iter().map(|(_, v)| v.clone()).collect()),
        _ => None,
    }
}

/// Where CPython says the classes of these objects live (`<class 'torch.device'>`).
pub fn class_path(name: &str) -> Option<&'static str> {
    Some(match name {
        "partial" => "functools.partial",
        "Random" => "random.Random",
        "dict_keys" => "dict_keys",
        "dict_values" => "dict_values",
        "dict_items" => "dict_items",
        "deque" => "collections.deque",
        "SimpleNamespace" => "types.SimpleNamespace",
        "count" => "itertools.count",
        "cycle" => "itertools.cycle",
        "repeat" => "itertools.repeat",
        "islice" => "itertools.islice",
        "Size" => "torch.Size",
        "device" => "torch.device",
        "TensorDataset" => "torch.utils.data.dataset.TensorDataset",
        "DataLoader" => "torch.utils.data.dataloader.DataLoader",
        _ => return None,
    })
}
