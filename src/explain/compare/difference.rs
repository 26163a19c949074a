//! The kinds of difference an exercise attempt can have from its reference, with a stable id (for
//! JSON and tests), a one-line description and, where the name is certain, a catalog mistake.

/// How an attempt differs from the reference. Each is named only when the run shows it for
/// certain; anything else is [`Difference::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// The attempt does not parse.
    Syntax,
    /// A `...` placeholder (as starters have) is still in place: Python's 'ellipsis' object error.
    Unfinished,
    /// The attempt raised an exception.
    Raised,
    /// `optimizer.step()` is never called, so training used no rate at all.
    NoOptimizerStep,
    /// `scheduler.step()` ran before `optimizer.step()` (PyTorch's warning, or every epoch
    /// trained with the rate the target has only after that epoch).
    StepOrder,
    /// One `scheduler.step()` line runs several times per epoch where the target's runs once.
    PerBatch,
    /// `scheduler.step()` runs a different number of times per epoch than the target's.
    StepsPerEpoch,
    /// `scheduler.step(epoch)` (deprecated: PyTorch warns and uses the closed form) where the
    /// target calls `scheduler.step()`.
    StepWithEpoch,
    /// `scheduler.step()` is never called.
    NeverSteps,
    /// The scheduler steps but the rate stays at its first value.
    NeverChanges,
    /// One param group keeps its rate while the others change.
    GroupNeverChanges,
    /// The run records fewer epochs than compared.
    TooShort,
    /// The optimizer starts from another learning rate.
    WrongStart,
    /// SequentialLR restarted the next scheduler from the initial rate at a switch.
    Restart,
    /// The same drops, some of them one epoch early or late.
    ShiftedDrops,
    /// Only some of the target's drops.
    MissingDrops,
    /// The target's drops and more.
    ExtraDrops,
    /// As many drops by the same factor, at other epochs (more than one epoch away).
    DropsElsewhere,
    /// From the first difference on, every rate is the same multiple of the target's.
    Scaled,
    /// Drops (or decays) at the same epochs by a different factor.
    WrongGamma,
    /// Regular drops with another period.
    WrongStepSize,
    /// MultiStepLR milestones differ in another way.
    WrongMilestones,
    /// CosineAnnealingLR's `T_max` differs.
    WrongTMax,
    /// The floor (`eta_min`) differs.
    WrongEtaMin,
    /// The warm-up phase is longer than the target's.
    WarmupTooLong,
    /// The warm-up phase is shorter than the target's.
    WarmupTooShort,
    /// ReduceLROnPlateau's `mode` differs (`min` for a loss, `max` for an accuracy).
    PlateauMode,
    /// The same schedulers, differing in one other parameter (named in the detail).
    WrongParameter,
    /// Other scheduler classes than the target's (said when nothing more precise is known).
    OtherSchedulers,
    /// A difference lrtutor cannot name.
    Other,
}

impl Difference {
    /// Every kind, in declaration order (for tests that check each has an id and a text).
    pub const ALL: &[Difference] = &[
        Difference::Syntax,
        Difference::Unfinished,
        Difference::Raised,
        Difference::NoOptimizerStep,
        Difference::StepOrder,
        Difference::PerBatch,
        Difference::StepsPerEpoch,
        Difference::StepWithEpoch,
        Difference::NeverSteps,
        Difference::NeverChanges,
        Difference::GroupNeverChanges,
        Difference::TooShort,
        Difference::WrongStart,
        Difference::Restart,
        Difference::ShiftedDrops,
        Difference::MissingDrops,
        Difference::ExtraDrops,
        Difference::DropsElsewhere,
        Difference::Scaled,
        Difference::WrongGamma,
        Difference::WrongStepSize,
        Difference::WrongMilestones,
        Difference::WrongTMax,
        Difference::WrongEtaMin,
        Difference::WarmupTooLong,
        Difference::WarmupTooShort,
        Difference::PlateauMode,
        Difference::WrongParameter,
        Difference::OtherSchedulers,
        Difference::Other,
    ];

    /// Stable id, for `--json` and tests.
    pub fn id(self) -> &'static str {
        match self {
            Difference::Syntax => "syntax-error",
            Difference::Unfinished => "unfinished-starter",
            Difference::Raised => "runtime-error",
            Difference::NoOptimizerStep => "no-optimizer-step",
            Difference::StepOrder => "step-order",
            Difference::PerBatch => "per-batch-stepping",
            Difference::StepsPerEpoch => "steps-per-epoch",
            Difference::StepWithEpoch => "step-with-epoch",
            Difference::NeverSteps => "never-steps",
            Difference::NeverChanges => "never-changes",
            Difference::GroupNeverChanges => "group-never-changes",
            Difference::TooShort => "too-short",
            Difference::WrongStart => "wrong-initial-lr",
            Difference::Restart => "sequential-restart",
            Difference::ShiftedDrops => "shifted-drops",
            Difference::MissingDrops => "missing-drops",
            Difference::ExtraDrops => "extra-drops",
            Difference::DropsElsewhere => "drops-elsewhere",
            Difference::Scaled => "scaled",
            Difference::WrongGamma => "wrong-gamma",
            Difference::WrongStepSize => "wrong-step-size",
            Difference::WrongMilestones => "wrong-milestones",
            Difference::WrongTMax => "wrong-t-max",
            Difference::WrongEtaMin => "wrong-eta-min",
            Difference::WarmupTooLong => "warmup-too-long",
            Difference::WarmupTooShort => "warmup-too-short",
            Difference::PlateauMode => "plateau-mode",
            Difference::WrongParameter => "wrong-parameter",
            Difference::OtherSchedulers => "other-schedulers",
            Difference::Other => "difference",
        }
    }

    /// The catalog entry that explains this difference, where it is certainly that mistake.
    pub fn mistake_id(self) -> Option<&'static str> {
        match self {
            Difference::StepOrder => Some("scheduler-before-optimizer"),
            Difference::PerBatch => Some("per-batch-stepping"),
            Difference::NeverSteps | Difference::NeverChanges => Some("schedule-never-steps"),
            Difference::StepWithEpoch => Some("step-with-epoch"),
            Difference::Restart => Some("sequential-restarts-lr"),
            _ => None,
        }
    }

    /// One line saying what is different.
    pub fn describe(self) -> &'static str {
        match self {
            Difference::Syntax => "your code is not valid Python",
            Difference::Unfinished => "a `...` placeholder is still in your code",
            Difference::Raised => "your code stopped with an error",
            Difference::NoOptimizerStep => "your code never calls optimizer.step()",
            Difference::StepOrder => "scheduler.step() ran before optimizer.step()",
            Difference::PerBatch => "your scheduler is stepped once per batch, not once per epoch",
            Difference::StepsPerEpoch => {
                "your scheduler.step() runs a different number of times per epoch than the target's"
            }
            Difference::StepWithEpoch => {
                "you pass the epoch to scheduler.step(epoch); the target calls scheduler.step()"
            }
            Difference::NeverSteps => "your code never calls scheduler.step()",
            Difference::NeverChanges => "your learning rate never changes",
            Difference::GroupNeverChanges => "one of your param groups keeps its learning rate",
            Difference::TooShort => "your run ends before the target's",
            Difference::WrongStart => "your learning rate starts from another value",
            Difference::Restart => {
                "your schedule jumps back up to the initial learning rate at a SequentialLR switch"
            }
            Difference::ShiftedDrops => "some of your drops come one epoch early or late",
            Difference::MissingDrops => "your schedule misses some of the target's drops",
            Difference::ExtraDrops => "your schedule drops where the target does not",
            Difference::DropsElsewhere => "your rate drops at other epochs than the target's",
            Difference::Scaled => "your rates are a constant multiple of the target's",
            Difference::WrongGamma => "your rate changes at the right epochs but by another factor",
            Difference::WrongStepSize => "your rate drops at a different rhythm (step_size)",
            Difference::WrongMilestones => "your milestones differ from the target's",
            Difference::WrongTMax => "your cosine runs over a different number of epochs (T_max)",
            Difference::WrongEtaMin => "your schedule goes down to a different floor (eta_min)",
            Difference::WarmupTooLong => "your warm-up lasts longer than the target's",
            Difference::WarmupTooShort => "your warm-up is shorter than the target's",
            Difference::PlateauMode => {
                "your ReduceLROnPlateau watches the metric the wrong way (mode)"
            }
            Difference::WrongParameter => {
                "one parameter of your scheduler differs from the target's"
            }
            Difference::OtherSchedulers => "you build other schedulers than the target",
            Difference::Other => "your schedule differs from the target",
        }
    }
}
