//! The tree-walking evaluator: runtime state (globals, output, warnings, trace, limits), frames,
//! exceptions with their snippet line, and statement execution. Expressions, calls, builtins and
//! the torch facade live in the sibling modules.

mod builtins;
mod call;
mod checkpoint;
mod class_def;
mod classes;
mod custom_sched;
mod expr;
mod methods;
mod module_class;
pub mod modules;
mod nesting;
mod objects;
mod stmt;
mod swa;
mod torch;

use super::ast::{Module, Sym};
use super::value::{Exc, Frame, V};
use crate::engine::{Engine, FnId, Host, PyErr, PyResult, Value};
use std::rc::Rc;

/// Resource limits of one run.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Evaluation steps (statements and calls) before the run is stopped.
    pub max_steps: u64,
    /// Nested calls before RecursionError (CPython's default limit).
    pub max_depth: usize,
    /// Bytes of printed output.
    pub max_output: usize,
    /// Trace events kept (a million-step loop keeps the first ones and counts the rest).
    pub max_trace: usize,
    /// Warnings kept (a warning raised in a long loop keeps the first ones and counts the rest).
    pub max_warnings: usize,
    /// Heap bytes the run may hold at once (values, strings, the engine's state).
    pub max_memory: usize,
    /// Whether the caller takes `--max-steps` / `--max-memory` (`lrtutor run`), so the messages
    /// of the limits can name them; elsewhere (check, quiz) they only say what stopped the run.
    pub flags: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 20_000_000,
            max_depth: 1000,
            max_output: 4 << 20,
            max_trace: 50_000,
            max_warnings: 1000,
            max_memory: 256 << 20,
            flags: false,
        }
    }
}

/// A warning raised during the run, with the snippet line that caused it (None when PyTorch's
/// own code was the caller, as CPython reports it).
#[derive(Clone, Debug, PartialEq)]
pub struct RunWarning {
    pub category: String,
    pub message: String,
    pub line: Option<u32>,
    /// Without a line: the scheduler class whose PyTorch code raised it (each class's code is
    /// its own place for Python's once-per-place display).
    pub origin: Option<&'static str>,
    /// Bytes of stdout printed before it was raised (where it shows in a plain run).
    pub at: usize,
}

/// One event of the learning-rate trace.
#[derive(Clone, Debug)]
pub struct TraceEvent {
    /// `scheduler.init`, `scheduler.step`, `lr.set` (a manual change in `param_groups`),
    /// `optimizer.step` (the rates in effect as that step runs) or `epoch.end` (the end of one
    /// pass of the outermost loop).
    pub kind: &'static str,
    /// `optimizer.step()` calls made before this event.
    pub optimizer_steps: u64,
    pub line: u32,
    /// The scheduler class, for scheduler events.
    pub scheduler: Option<&'static str>,
    /// Every group's lr after the event.
    pub lr: Vec<f64>,
    /// Every group's momentum (or beta1), where the groups have one.
    pub momentum: Vec<Option<f64>>,
}

/// A Python exception in flight: the object, where it was raised, and the call chain.
#[derive(Clone, Debug)]
pub struct Raised {
    pub exc: Rc<Exc>,
    /// Innermost snippet line.
    pub line: u32,
    /// `(function, line)` frames, outermost first.
    pub frames: Vec<(Rc<str>, u32)>,
}

/// How a statement ends other than by falling through.
#[derive(Debug)]
pub enum Unwind {
    Break,
    Continue,
    Return(V),
    Raise(Box<Raised>),
}

pub type Ex<T> = Result<T, Unwind>;

/// Everything of a run except the engine (so the engine can call learner functions back).
pub struct Runtime {
    pub symbols: Vec<Rc<str>>,
    pub globals: Vec<Option<V>>,
    pub out: String,
    pub warnings: Vec<RunWarning>,
    /// Warnings raised past the cap, counted but not kept.
    pub warnings_dropped: u64,
    pub trace: Vec<TraceEvent>,
    /// Events not recorded once the trace reached its cap.
    pub trace_dropped: u64,
    /// Group values recorded in the trace so far.
    pub trace_values: usize,
    pub optimizer_steps: u64,
    /// Loops being run (the outermost module-level loop marks epochs).
    pub loop_depth: usize,
    /// The optimizer most recently created or stepped (whose lr the epoch marks record).
    pub last_opt: Option<crate::engine::OptId>,
    /// A `backward()` ran since the last `zero_grad()`: parameters have gradients.
    pub grads: bool,
    /// Optimizers holding per-parameter state in PyTorch (momentum buffers, Adam moments),
    /// which the sandbox does not model.
    pub stateful: Vec<crate::engine::OptId>,
    pub notes: Vec<String>,
    pub limits: Limits,
    pub steps: u64,
    /// The step count at which `tick` next checks the limits.
    pub next_check: u64,
    /// The thread's live heap bytes when the run started (see `crate::memory`).
    pub mem_base: isize,
    pub depth: usize,
    /// Containers whose repr is being built (a container met again inside is printed `[...]`).
    pub repr_active: Vec<usize>,
    /// Current snippet line.
    pub line: u32,
    /// Name of the function being run (`<module>` at top level).
    pub func: Rc<str>,
    /// Callables handed to the engine (LambdaLR's lr_lambda, CyclicLR's scale_fn).
    pub callbacks: Vec<V>,
    /// Scheduler attribute objects the learner may hold (see `checkpoint.rs`).
    pub live: checkpoint::LiveAttrs,
    /// The class whose method is running (what a zero-argument `super()` starts from).
    pub owner: Option<Rc<crate::sandbox::class::ClassObj>>,
    /// Frames captured by closures. A closure stored in the frame it captured is a reference
    /// cycle (Python's garbage collector would free it); `release` breaks them after the run.
    captured: Vec<std::rc::Weak<std::cell::RefCell<Vec<Option<V>>>>>,
    /// State of the standard-library modules (the `random` generator).
    pub ext: modules::State,
}

/// The evaluator: a runtime, the program, the current frame, and (outside engine callbacks) the
/// engine.
pub struct Ev<'a> {
    pub rt: &'a mut Runtime,
    pub engine: Option<&'a mut Engine>,
    pub module: &'a Module,
    /// Locals of the running function; None at module level.
    pub frame: Option<Frame>,
    /// Frames of the enclosing functions, innermost first.
    pub env: Vec<Frame>,
}

impl Runtime {
    pub fn new(module: &Module, limits: Limits) -> Runtime {
        Runtime {
            symbols: module.symbols.clone(),
            globals: vec![None; module.symbols.len()],
            out: String::new(),
            warnings: Vec::new(),
            warnings_dropped: 0,
            trace: Vec::new(),
            trace_dropped: 0,
            trace_values: 0,
            optimizer_steps: 0,
            loop_depth: 0,
            last_opt: None,
            grads: false,
            stateful: Vec::new(),
            notes: Vec::new(),
            limits,
            steps: 0,
            next_check: 0,
            mem_base: crate::memory::live_bytes(),
            depth: 0,
            repr_active: Vec::new(),
            line: 1,
            func: Rc::from("<module>"),
            callbacks: Vec::new(),
            live: Default::default(),
            owner: None,
            captured: Vec::new(),
            ext: modules::State::default(),
        }
    }

    /// Remembers a frame a closure captured (once per frame in a row of captures).
    pub fn note_captured(&mut self, frame: &Frame) {
        let weak = Rc::downgrade(frame);
        if self.captured.last().is_none_or(|w| !w.ptr_eq(&weak)) {
            self.captured.push(weak);
        }
    }

    /// Drops everything the run created, breaking closure/frame cycles, so a long session (or
    /// the fuzzer) does not accumulate memory run after run.
    pub fn release(&mut self) {
        let mut pending: Vec<V> = Vec::new();
        for w in std::mem::take(&mut self.captured) {
            if let Some(f) = w.upgrade() {
                pending.extend(std::mem::take(&mut *f.borrow_mut()).into_iter().flatten());
            }
        }
        pending.extend(std::mem::take(&mut self.globals).into_iter().flatten());
        pending.append(&mut self.callbacks);
        pending.extend(self.live.take());
        empty_containers(pending);
    }

    pub fn sym_name(&self, s: Sym) -> &str {
        self.symbols.get(s.0 as usize).map_or("?", |n| n)
    }

    /// Registers a callable for the engine and returns its handle.
    pub fn callback(&mut self, f: V) -> FnId {
        self.callbacks.push(f);
        FnId(self.callbacks.len() as u32 - 1)
    }
}

/// Empties every list, dict and set reachable from `pending`, so that containers holding
/// themselves (`d['k'] = d`), which reference counting alone never frees, are freed with the
/// rest. Walks with a heap stack and a visited set: any shape, any depth.
fn empty_containers(mut pending: Vec<V>) {
    // Only shared containers are remembered: one held by nothing else is emptied and freed
    // here and cannot be met again (so a long chain of lists costs no extra memory).
    let mut seen = std::collections::HashSet::new();
    let mut first = |shared: usize, ptr: usize| shared == 1 || seen.insert(ptr);
    while let Some(v) = pending.pop() {
        match v {
            V::List(l) if first(Rc::strong_count(&l), Rc::as_ptr(&l).cast::<()>() as usize) => {
                pending.append(&mut l.borrow_mut().0);
            }
            V::Dict(d) | V::Set(d)
                if first(Rc::strong_count(&d), Rc::as_ptr(&d).cast::<()>() as usize) =>
            {
                pending.extend(d.borrow_mut().take_all());
            }
            V::Tuple(t) if first(Rc::strong_count(&t), Rc::as_ptr(&t).cast::<()>() as usize) => {
                pending.extend(t.iter().cloned());
            }
            V::Func(f) if first(Rc::strong_count(&f), Rc::as_ptr(&f).cast::<()>() as usize) => {
                pending.extend(f.defaults.iter().cloned());
                pending.extend(f.kw_defaults.iter().flatten().cloned());
                for frame in &f.env {
                    pending.extend(
                        std::mem::take(&mut *frame.borrow_mut())
                            .into_iter()
                            .flatten(),
                    );
                }
            }
            V::Method(m) => pending.push(m.0.clone()),
            V::Instance(i) if first(Rc::strong_count(&i), Rc::as_ptr(&i).cast::<()>() as usize) => {
                pending.extend(i.dict.borrow_mut().take_all());
            }
            V::UserClass(c)
                if first(Rc::strong_count(&c), Rc::as_ptr(&c).cast::<()>() as usize) =>
            {
                pending.extend(c.attrs.borrow_mut().take_all());
            }
            V::Bound(b) => pending.extend([b.0.clone(), b.1.clone()]),
            V::Super(s) => pending.push(s.1.clone()),
            V::Descriptor(d) => match &*d {
                crate::sandbox::class::Descriptor::Static(f)
                | crate::sandbox::class::Descriptor::ClassMethod(f) => pending.push(f.clone()),
                crate::sandbox::class::Descriptor::Property(g, s) => {
                    pending.push(g.clone());
                    pending.extend(s.iter().cloned());
                }
            },
            V::Iter(it) => pending.extend(it.borrow_mut().by_ref()),
            V::Exception(e) => pending.extend(e.args.iter().cloned()),
            _ => {}
        }
    }
}

/// Builds a raised exception at the current line.
pub fn raise<T>(rt: &Runtime, kind: &str, message: impl Into<String>) -> Ex<T> {
    Err(raised(rt, kind, message.into()))
}

pub fn raised(rt: &Runtime, kind: &str, message: String) -> Unwind {
    // A KeyError's message is already its key's repr; keep no string arg that would repr twice.
    let args = if kind == "KeyError" {
        Vec::new()
    } else {
        vec![V::Str(Rc::from(message.as_str()))]
    };
    let exc = Rc::new(Exc {
        kind: Rc::from(kind),
        message,
        args,
    });
    Unwind::Raise(Box::new(Raised {
        exc,
        line: rt.line,
        frames: vec![(rt.func.clone(), rt.line)],
    }))
}

/// Converts an engine error into a Python exception at the current line.
pub fn from_engine(rt: &Runtime, e: PyErr) -> Unwind {
    raised(rt, e.kind.name(), e.message.clone())
}

/// The engine calls learner functions through this.
pub struct Callbacks<'a> {
    pub rt: &'a mut Runtime,
    pub module: &'a Module,
    /// The exception a callback raised, kept whole for the traceback.
    pub failure: Option<Box<Raised>>,
}

impl Host for Callbacks<'_> {
    fn call(&mut self, f: FnId, arg: Value) -> PyResult<Value> {
        let Some(func) = self.rt.callbacks.get(f.0 as usize).cloned() else {
            return Err(PyErr::type_error("unknown callback"));
        };
        let mut ev = Ev {
            rt: self.rt,
            engine: None,
            module: self.module,
            frame: None,
            env: Vec::new(),
        };
        let arg = call::from_engine_value(&arg);
        match ev.call_value(&func, vec![arg], Vec::new()) {
            Ok(v) => Ok(call::to_engine_value(ev.rt, &v)),
            Err(Unwind::Raise(r)) => {
                let err = PyErr::new(crate::engine::ErrKind::RuntimeError, r.exc.message.clone());
                self.failure = Some(r);
                Err(err)
            }
            Err(_) => Err(PyErr::type_error("bad control flow in callback")),
        }
    }
}
