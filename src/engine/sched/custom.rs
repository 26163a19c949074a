//! What a learner's subclass of a scheduler needs from the engine: the built-in parent's
//! `__init__` without its initial step (the host makes that step, so that the subclass's own
//! `step`/`get_lr` run where PyTorch runs them), and the parent's closed form on its own.

use super::step::compute;

/// The warnings `LRScheduler.step` raises, for a host that runs the step of a subclass.
pub(crate) use super::step::{EPOCH_DEPRECATION, STEP_ORDER};
use crate::engine::{CallArgs, Class, Engine, Host, Num, PyResult, SchedId};

impl Engine {
    /// `Parent.__init__(self, ...)` for a subclass: the checks, the param-group writes and the
    /// state of `new_scheduler`, but no initial step (the caller makes it, with `step_count`
    /// at 0 and `is_initial` set, as `_initial_step` does).
    pub fn new_scheduler_deferred(
        &mut self,
        class: Class,
        args: CallArgs,
        host: &mut dyn Host,
    ) -> PyResult<SchedId> {
        self.defer_initial_step = true;
        let r = self.new_scheduler(class, args, host);
        self.defer_initial_step = false;
        r
    }

    /// Whether the class of `id` has `_get_closed_form_lr` (what `step(epoch)` uses).
    pub fn has_closed_form(&self, id: SchedId) -> bool {
        super::basic::has_closed_form(&self.scheduler(id).kind)
    }

    /// The parent's `_get_closed_form_lr()` at the current `last_epoch` (the caller checks
    /// [`Engine::has_closed_form`] first; a class without one computes its `get_lr`).
    pub fn closed_form_lr(&mut self, id: SchedId, host: &mut dyn Host) -> PyResult<Vec<Num>> {
        let (s, opt, scratch, _) = self.parts(id);
        scratch.clear();
        compute(s, opt, true, host, scratch)?;
        Ok(scratch.clone())
    }
}
