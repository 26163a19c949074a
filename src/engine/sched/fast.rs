//! The fast path of `scheduler.step()` for the everyday case: an int `last_epoch`, float rates in
//! every param group, and a schedule whose next value computes without an error. It does the same
//! float operations as the general path (`get_lr` into a buffer, then `_update_lr`'s write-back)
//! but writes the groups in place, without the buffer or the `PyResult` plumbing per value.
//!
//! Anything else (an int or missing lr, a float epoch, an error to raise) makes it return `false`
//! before it changes anything; the general path then runs and behaves exactly like PyTorch.
//! `tests/integration/engine_vectors.rs` runs every recorded scenario both ways, and
//! `tests/integration/fast_path.rs` compares the two on random scenarios.

use super::basic::{Factor, factor};
use super::{Kind, Scheduler};
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::optimizer::{Hot, Optimizer, ParamGroup};

/// Steps `s` (already counted in `_step_count`) if the fast path applies; `false` means nothing
/// changed and the general path must run.
#[inline]
pub(super) fn step(s: &mut Scheduler, opt: &mut Optimizer, scratch: &mut Vec<Num>) -> bool {
    let Int(e) = s.last_epoch else {
        return false;
    };
    let Some(next) = e.checked_add(1) else {
        return false;
    };
    let groups = &mut opt.groups[..];
    let done = match &s.kind {
        // `fast_step` stores float rates, so `write_back` cannot refuse after it wrote.
        Kind::OneCycle(c) => {
            c.fast_step(next, groups, scratch) && write_back(&mut s.last_lr, groups, |lr| lr)
        }
        Kind::Step { .. }
        | Kind::MultiStep { .. }
        | Kind::Constant { .. }
        | Kind::Linear { .. }
        | Kind::Exponential { .. }
        | Kind::Polynomial { .. } => match factor(s, Int(next)) {
            Ok(Factor::Keep) => write_back(&mut s.last_lr, groups, |lr| lr),
            Ok(Factor::Scale(Float(f))) => write_back(&mut s.last_lr, groups, |lr| lr * f),
            _ => false,
        },
        _ => false,
    };
    if done {
        s.last_epoch = Int(next);
    }
    done
}

/// `group['lr'] = new(group['lr'])` for every group, then the rates into `_last_lr`; refuses,
/// changing nothing, unless every group's lr is a float. (A closure rather than an optional
/// factor, so each use compiles to its own loop without a branch per group.)
#[inline]
fn write_back(last_lr: &mut Vec<Num>, groups: &mut [ParamGroup], new: impl Fn(f64) -> f64) -> bool {
    if !groups.iter().all(|g| g.float_hot(Hot::Lr).is_some()) {
        return false;
    }
    fit(last_lr, groups.len());
    for (dst, g) in last_lr.iter_mut().zip(groups) {
        if let Some(lr) = g.float_hot_mut(Hot::Lr) {
            *lr = new(*lr);
            *dst = Float(*lr);
        }
    }
    true
}

/// Sizes `_last_lr` to one entry per group.
#[inline]
fn fit(last_lr: &mut Vec<Num>, n: usize) {
    if last_lr.len() != n {
        last_lr.clear();
        last_lr.resize(n, Float(0.0));
    }
}
