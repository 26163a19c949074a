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
        let lr = self.schedulers[child.0 as usize].last_lr.clone();
        self.schedulers[i].last_lr = lr;
        Ok(())
    }

    /// `ChainedScheduler.step()`: steps every child in order; the rates compound.
    pub(crate) fn chained_step(&mut self, id: SchedId, host: &mut dyn Host) -> PyResult<()> {
        let children = self.scheduler(id).children().to_vec();
        for child in &children {
            self.step(*child, None, host)?;
        }
        self.refresh_last_lr_from_groups(id, children.last().copied())
    }

    /// Sets `_last_lr` to the current rates of the optimizer of `source` (or of `id`).
    pub(crate) fn refresh_last_lr_from_groups(
        &mut self,
        id: SchedId,
        source: Option<SchedId>,
    ) -> PyResult<()> {
        let opt = self.scheduler(source.unwrap_or(id)).opt;
        let mut lrs = Vec::with_capacity(self.optimizer(opt).groups.len());
        for g in &self.optimizer(opt).groups {
            lrs.push(g.lr()?);
        }
        self.schedulers[id.0 as usize].last_lr = lrs;
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
