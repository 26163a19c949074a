//! Scheduler objects: the state every `LRScheduler` shares (`last_epoch`, `base_lrs`,
//! `_step_count`, ...) plus each class's own parameters, and the dispatch of `get_lr` and the
//! closed forms to the class modules.

mod attrs;
mod basic;
mod build;
mod composite;
mod custom;
mod cyclic;
mod fast;
mod milestones;
mod onecycle;
mod plateau;
mod setattr;
mod step;
mod swa;
mod warm;

pub use build::signature;
pub(crate) use custom::{EPOCH_DEPRECATION, STEP_ORDER};
pub use cyclic::Cyclic;
pub use onecycle::OneCycle;
pub use plateau::Plateau;
pub use setattr::{PoppedKey, popped_key};
pub use swa::Swa;
pub use warm::WarmRestarts;

use super::num::Num;
use super::value::{OptId, SchedId, Value};
use milestones::Milestones;

macro_rules! classes {
    ($($variant:ident),* $(,)?) => {
        /// The scheduler classes of `torch.optim.lr_scheduler`, then `swa_utils.SWALR`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Class { $($variant),* }

        impl Class {
            /// Every class, in `__all__` order (SWALR last).
            pub const ALL: &'static [Class] = &[$(Class::$variant),*];

            /// The class name as Python spells it.
            pub fn name(self) -> &'static str {
                match self { $(Class::$variant => stringify!($variant)),* }
            }

            /// SequentialLR and ChainedScheduler: they step other schedulers.
            pub fn is_composite(self) -> bool {
                matches!(self, Class::SequentialLR | Class::ChainedScheduler)
            }

            pub fn from_name(name: &str) -> Option<Class> {
                match name { $(stringify!($variant) => Some(Class::$variant),)* _ => None }
            }
        }
    };
}

classes!(
    LambdaLR,
    MultiplicativeLR,
    StepLR,
    MultiStepLR,
    ConstantLR,
    LinearLR,
    ExponentialLR,
    SequentialLR,
    CosineAnnealingLR,
    ChainedScheduler,
    ReduceLROnPlateau,
    CyclicLR,
    CosineAnnealingWarmRestarts,
    OneCycleLR,
    PolynomialLR,
    LRScheduler,
    SWALR,
);

impl Class {
    /// The module that defines the class: SWALR lives in `torch.optim.swa_utils`.
    pub fn module(self) -> &'static str {
        match self {
            Class::SWALR => "torch.optim.swa_utils",
            _ => "torch.optim.lr_scheduler",
        }
    }
}

/// Remembers the last two `math.cos` results by argument bits: CosineAnnealingLR's recursive form
/// evaluates cos at the previous step's argument again, and the same input gives the same bits.
/// Empty slots hold a NaN argument with a NaN result, which is also what `cos(NaN)` returns.
#[derive(Clone, Debug)]
pub struct CosMemo(std::cell::Cell<[(u64, f64); 2]>);

impl Default for CosMemo {
    fn default() -> Self {
        CosMemo(std::cell::Cell::new([(f64::NAN.to_bits(), f64::NAN); 2]))
    }
}

impl CosMemo {
    #[inline]
    pub fn cos(&self, x: f64) -> f64 {
        let [a, b] = self.0.get();
        let bits = x.to_bits();
        if bits == b.0 {
            return b.1;
        }
        if bits == a.0 {
            return a.1;
        }
        let v = x.cos();
        self.0.set([b, (bits, v)]);
        v
    }
}

/// One scheduler: the shared `LRScheduler` state and its class's own.
#[derive(Clone, Debug)]
pub struct Scheduler {
    pub class: Class,
    pub opt: OptId,
    pub last_epoch: Num,
    /// `_step_count`: 1 after construction, +1 per `step()`.
    pub step_count: i64,
    pub base_lrs: Vec<Num>,
    pub last_lr: Vec<Num>,
    /// `_is_initial`: true only during the step made by the constructor.
    pub is_initial: bool,
    /// `_get_lr_called_within_step`.
    pub in_step: bool,
    pub kind: Kind,
    /// Attributes a learner (or `load_state_dict`) added that the class does not have, in the
    /// order they were added: Python keeps them in `__dict__`, so `state_dict()` lists them.
    pub extra: Vec<(String, Value)>,
}

/// What each class adds to the shared state.
#[derive(Clone, Debug)]
pub enum Kind {
    /// `LRScheduler` itself: its `get_lr` is abstract.
    Base,
    Lambda {
        lambdas: Vec<Value>,
    },
    Multiplicative {
        lambdas: Vec<Value>,
    },
    Step {
        step_size: Num,
        gamma: Num,
        /// Type names of a `step_size`/`gamma` that is not a number: PyTorch stores them and
        /// fails only where the formula uses them (a learner mistake the explainer recognises).
        odd: [Option<&'static str>; 2],
    },
    /// A `Counter` of milestones, in insertion order.
    MultiStep {
        milestones: Milestones,
        gamma: Num,
    },
    Constant {
        factor: Num,
        total_iters: Num,
    },
    Linear {
        start: Num,
        end: Num,
        total_iters: Num,
    },
    Exponential {
        gamma: Num,
    },
    Polynomial {
        total_iters: Num,
        power: Num,
    },
    Cosine {
        t_max: Num,
        eta_min: Num,
        memo: CosMemo,
    },
    Sequential {
        children: Vec<SchedId>,
        milestones: Vec<Num>,
    },
    Chained {
        children: Vec<SchedId>,
    },
    Plateau(Box<Plateau>),
    Cyclic(Box<Cyclic>),
    WarmRestarts(Box<WarmRestarts>),
    OneCycle(Box<OneCycle>),
    Swa(Swa),
}

impl Scheduler {
    fn new(class: Class, opt: OptId, kind: Kind) -> Scheduler {
        Scheduler {
            class,
            opt,
            last_epoch: Num::Int(-1),
            step_count: 0,
            base_lrs: Vec::new(),
            last_lr: Vec::new(),
            is_initial: false,
            in_step: false,
            kind,
            extra: Vec::new(),
        }
    }

    /// The schedulers this one drives (SequentialLR, ChainedScheduler), else none.
    pub fn children(&self) -> &[SchedId] {
        match &self.kind {
            Kind::Sequential { children, .. } | Kind::Chained { children } => children,
            _ => &[],
        }
    }
}
