//! SequentialLR and ChainedScheduler: schedulers that drive other schedulers on the same optimizer.

use super::Kind;
use crate::engine::error::PyResult;
use crate::engine::num::Num::{self, Int};
use crate::engine::value::SchedId;
use crate::engine::{Engine, Host};

/// `bisect_right(milestones, x)`: how many milestones are `<= x` (milestones assumed sorted).
pub(super) fn bisect_right(milestones: &[Num], x: Num) -> usize {
    let (mut lo, mut hi) = (0, milestones.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x.lt(milestones[mid]) {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    lo
}

impl Engine {
    /// `SequentialLR.step()`: steps the active child; at a milestone, restarts the new child with
    /// `_update_lr(0)` (its schedule starts again from its `base_lrs`).
    pub(crate) fn sequential_step(&mut self, id: SchedId, host: &mut dyn Host) -> PyResult<()> {
        let i = id.0 as usize;
        let epoch = self.schedulers[i].last_epoch.add(Int(1))?;
        self.schedulers[i].last_epoch = epoch;
        let Kind::Sequential {
            children,
            milestones,
        } = &self.schedulers[i].kind
        else {
            return Ok(());
        };
        let idx = bisect_right(milestones, epoch);
        let child = children[idx.min(children.len() - 1)];
        let at_milestone = idx > 0 && milestones[idx - 1].eq(epoch);
        if at_milestone {
            self.update_lr(child, Some(Int(0)), host)?;
        } else {
            self.step(child, None, host)?;
        }
        self.copy_last_lr(child, id);
        Ok(())
    }

    /// `self._last_lr = child.get_last_lr()`, reusing `self`'s buffer.
    pub(crate) fn copy_last_lr(&mut self, from: SchedId, to: SchedId) {
        let mut buf = std::mem::take(&mut self.schedulers[to.0 as usize].last_lr);
        buf.clear();
        buf.extend_from_slice(&self.schedulers[from.0 as usize].last_lr);
        self.schedulers[to.0 as usize].last_lr = buf;
    }

    /// `ChainedScheduler.step()`: steps every child in order; the rates compound.
    pub(crate) fn chained_step(&mut self, id: SchedId, host: &mut dyn Host) -> PyResult<()> {
        let n = self.scheduler(id).children().len();
        for k in 0..n {
            let child = self.scheduler(id).children()[k];
            self.step(child, None, host)?;
        }
        let last = self.scheduler(id).children().last().copied();
        self.refresh_last_lr_from_groups(id, last)
    }

    /// Sets `_last_lr` to the current rates of the optimizer of `source` (or of `id`).
    pub(crate) fn refresh_last_lr_from_groups(
        &mut self,
        id: SchedId,
        source: Option<SchedId>,
    ) -> PyResult<()> {
        let opt = self.scheduler(source.unwrap_or(id)).opt;
        let groups = &self.optimizers[opt.0 as usize].groups;
        let last_lr = &mut self.schedulers[id.0 as usize].last_lr;
        last_lr.clear();
        for g in groups {
            last_lr.push(g.lr()?);
        }
        Ok(())
    }

    /// `recursive_undo`: one step back for every leaf scheduler under `id`.
    pub(crate) fn recursive_undo(&mut self, id: SchedId) -> PyResult<()> {
        let s = self.scheduler(id);
        match &s.kind {
            Kind::Sequential { children, .. } | Kind::Chained { children } => {
                for c in children.clone() {
                    self.recursive_undo(c)?;
                }
            }
            _ => {
                let e = s.last_epoch.sub(Int(1))?;
                self.schedulers[id.0 as usize].last_epoch = e;
            }
        }
        Ok(())
    }
}
