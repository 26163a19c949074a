//! `get_lr` and the closed forms of the schedulers whose rule is one formula per group:
//! LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR,
//! PolynomialLR and CosineAnnealingLR. Each follows PyTorch's chainable form operation by operation.

use super::{Kind, Scheduler};
use crate::engine::Host;
use crate::engine::error::{PyErr, PyResult};
use crate::engine::num::Num::{self, Float, Int};
use crate::engine::num::{cos_arg, fcos, fdiv};
use crate::engine::optimizer::ParamGroup;
use crate::engine::value::Value;
use std::f64::consts::PI;

/// `math.cos(x)` of a Python number.
pub(super) fn cos(x: Num) -> PyResult<Num> {
    fcos(x.f()).map(Float)
}

const ONE: Num = Int(1);
const ONE_F: Num = Float(1.0);
const PI_N: Num = Float(PI);

/// Whether `step(epoch)` uses a closed form for this class (PyTorch's `_get_closed_form_lr`).
pub(super) fn has_closed_form(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Step { .. }
            | Kind::MultiStep { .. }
            | Kind::Constant { .. }
            | Kind::Linear { .. }
            | Kind::Exponential { .. }
            | Kind::Polynomial { .. }
            | Kind::Cosine { .. }
    )
}

/// Pushes every group's current lr unchanged.
fn keep(groups: &[ParamGroup], out: &mut Vec<Num>) -> PyResult<()> {
    for g in groups {
        out.push(g.lr()?);
    }
    Ok(())
}

/// Pushes `group['lr'] * factor` for every group.
fn scale(groups: &[ParamGroup], factor: Num, out: &mut Vec<Num>) -> PyResult<()> {
    for g in groups {
        out.push(g.lr()?.mul(factor)?);
    }
    Ok(())
}

/// The chainable `get_lr` of the one-formula schedulers.
pub(super) fn get_lr(
    s: &Scheduler,
    groups: &[ParamGroup],
    host: &mut dyn Host,
    out: &mut Vec<Num>,
) -> PyResult<()> {
    let e = s.last_epoch;
    match &s.kind {
        Kind::Lambda { lambdas } => {
            for (f, base) in lambdas.iter().zip(&s.base_lrs) {
                out.push(times_value(*base, call_lambda(host, f, e)?)?);
            }
            Ok(())
        }
        Kind::Multiplicative { lambdas } => {
            if s.is_initial {
                return keep(groups, out);
            }
            for (f, g) in lambdas.iter().zip(groups) {
                out.push(times_value(g.lr()?, call_lambda(host, f, e)?)?);
            }
            Ok(())
        }
        Kind::Step { .. }
        | Kind::MultiStep { .. }
        | Kind::Constant { .. }
        | Kind::Linear { .. }
        | Kind::Exponential { .. }
        | Kind::Polynomial { .. } => match factor(s, e)? {
            Factor::Keep => keep(groups, out),
            Factor::Scale(f) => scale(groups, f, out),
        },
        Kind::Cosine {
            t_max,
            eta_min,
            memo,
        } => cosine_get_lr(s, groups, (*t_max, *eta_min), memo, out),
        _ => Err(PyErr::new(crate::engine::ErrKind::NotImplementedError, "")),
    }
}

/// What a one-factor scheduler does to every group's lr at epoch `e`.
pub(super) enum Factor {
    /// `[group['lr'] for group in groups]`: the rates stay.
    Keep,
    /// `[group['lr'] * factor for group in groups]`.
    Scale(Num),
}

/// The chainable rule of StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR and
/// PolynomialLR at epoch `e`: the factor depends on the epoch only, never on the group, so it is
/// computed once (in PyTorch's operation order) and the fast step path can reuse it.
pub(super) fn factor(s: &Scheduler, e: Num) -> PyResult<Factor> {
    use Factor::{Keep, Scale};
    match &s.kind {
        Kind::Step {
            step_size,
            gamma,
            odd,
        } => {
            if e.is_zero() {
                return Ok(Keep);
            }
            if let Some(t) = odd[0] {
                return Err(operand_error("%", e.type_name(), t));
            }
            if !e.rem(*step_size)?.is_zero() {
                return Ok(Keep);
            }
            if let Some(t) = odd[1] {
                return Err(times_error(t));
            }
            Ok(Scale(*gamma))
        }
        Kind::MultiStep { milestones, gamma } => match milestones.count_at(e) {
            0 => Ok(Keep),
            count => Ok(Scale(gamma.pow(Int(count))?)),
        },
        Kind::Constant {
            factor,
            total_iters,
        } => {
            if e.is_zero() {
                return Ok(Scale(*factor));
            }
            if !e.eq(*total_iters) {
                return Ok(Keep);
            }
            Ok(Scale(ONE_F.div(*factor)?))
        }
        Kind::Linear {
            start,
            end,
            total_iters,
        } => {
            if e.is_zero() {
                return Ok(Scale(*start));
            }
            if s.is_initial || e.gt(*total_iters) {
                return Ok(Keep);
            }
            let diff = end.sub(*start)?;
            let denom = total_iters.mul(*start)?.add(e.sub(ONE)?.mul(diff)?)?;
            Ok(Scale(ONE_F.add(diff.div(denom)?)?))
        }
        Kind::Exponential { gamma } => Ok(if s.is_initial { Keep } else { Scale(*gamma) }),
        Kind::Polynomial { total_iters, power } => {
            if s.is_initial || e.gt(*total_iters) {
                return Ok(Keep);
            }
            let now = ONE_F.sub(e.div(*total_iters)?)?;
            let before = ONE_F.sub(e.sub(ONE)?.div(*total_iters)?)?;
            Ok(Scale(now.div(before)?.pow(*power)?))
        }
        _ => Err(PyErr::new(crate::engine::ErrKind::NotImplementedError, "")),
    }
}

/// CosineAnnealingLR's recursive form, with its special cases for a resumed first step and for
/// the step that starts a new half period.
fn cosine_get_lr(
    s: &Scheduler,
    groups: &[ParamGroup],
    (t_max, eta_min): (Num, Num),
    memo: &super::CosMemo,
    out: &mut Vec<Num>,
) -> PyResult<()> {
    let cos = |x: Num| -> PyResult<Num> { Ok(Float(memo.cos(cos_arg(x.f())?))) };
    let e = s.last_epoch;
    if s.is_initial {
        return keep(groups, out);
    }
    if s.step_count == 1 && e.gt(Int(0)) {
        let c = ONE.add(cos(e.mul(PI_N)?.div(t_max)?)?)?;
        for base in &s.base_lrs {
            out.push(eta_min.add(base.sub(eta_min)?.mul(c)?.div(Int(2))?)?);
        }
        return Ok(());
    }
    if e.sub(ONE)?.sub(t_max)?.rem(Int(2).mul(t_max)?)?.is_zero() {
        let c = ONE.sub(cos(PI_N.div(t_max)?)?)?;
        for (base, g) in s.base_lrs.iter().zip(groups) {
            out.push(g.lr()?.add(base.sub(eta_min)?.mul(c)?.div(Int(2))?)?);
        }
        return Ok(());
    }
    // Every operation from here on is a float one in PyTorch (the angles are true divisions), so
    // bare f64 gives the same bits. The previous step's angle first: the memo still holds it.
    let (e, t, eta) = (e.f(), t_max.f(), eta_min.f());
    let before = 1.0 + memo.cos(cos_arg(fdiv(PI * (e - 1.0), t)?)?);
    let ratio = fdiv(1.0 + memo.cos(cos_arg(fdiv(PI * e, t)?)?), before)?;
    for g in groups {
        out.push(Float(ratio * (g.lr()?.f() - eta) + eta));
    }
    Ok(())
}

/// `_get_closed_form_lr`: the rate as a function of `last_epoch` and `base_lrs` only.
pub(super) fn closed_form(s: &Scheduler, out: &mut Vec<Num>) -> PyResult<()> {
    let e = s.last_epoch;
    for base in &s.base_lrs {
        let lr = match &s.kind {
            Kind::Step {
                step_size,
                gamma,
                odd,
            } => {
                if let Some(t) = odd[0] {
                    return Err(operand_error("//", e.type_name(), t));
                }
                if let Some(t) = odd[1] {
                    return Err(operand_error("** or pow()", t, "int"));
                }
                base.mul(gamma.pow(e.floordiv(*step_size)?)?)?
            }
            Kind::MultiStep { milestones, gamma } => {
                let passed: i64 = milestones
                    .counts()
                    .iter()
                    .filter(|(m, _)| m.le(e))
                    .map(|(_, n)| *n)
                    .sum();
                base.mul(gamma.pow(Int(passed))?)?
            }
            Kind::Constant {
                factor,
                total_iters,
            } => {
                let reached = Int(i64::from(e.ge(*total_iters)));
                base.mul(factor.add(reached.mul(ONE.sub(*factor)?)?)?)?
            }
            Kind::Linear {
                start,
                end,
                total_iters,
            } => {
                let progress = end
                    .sub(*start)?
                    .mul(total_iters.min(e))?
                    .div(*total_iters)?;
                base.mul(start.add(progress)?)?
            }
            Kind::Exponential { gamma } => base.mul(gamma.pow(e)?)?,
            Kind::Polynomial { total_iters, power } => base.mul(
                ONE_F
                    .sub(total_iters.min(e).div(*total_iters)?)?
                    .pow(*power)?,
            )?,
            Kind::Cosine { t_max, eta_min, .. } => {
                let c = ONE.add(cos(PI_N.mul(e)?.div(*t_max)?)?)?;
                eta_min.add(base.sub(*eta_min)?.mul(c)?.div(Int(2))?)?
            }
            _ => return Err(PyErr::new(crate::engine::ErrKind::NotImplementedError, "")),
        };
        out.push(lr);
    }
    Ok(())
}

/// Python's TypeError for `a <op> b` between unsupported types.
fn operand_error(op: &str, a: &str, b: &str) -> PyErr {
    PyErr::type_error(format!(
        "unsupported operand type(s) for {op}: '{a}' and '{b}'"
    ))
}

/// Python's TypeError for `lr * x` (a float times a non-number).
fn times_error(t: &str) -> PyErr {
    match t {
        "list" | "tuple" | "str" => {
            PyErr::type_error("can't multiply sequence by non-int of type 'float'")
        }
        _ => operand_error("*", "float", t),
    }
}

/// Calls a learner's `lr_lambda(epoch)`.
fn call_lambda(host: &mut dyn Host, f: &Value, epoch: Num) -> PyResult<Value> {
    match f {
        Value::Func(id) => host.call(*id, epoch.into()),
        other => Err(PyErr::type_error(format!(
            "'{}' object is not callable",
            other.type_name()
        ))),
    }
}

/// `lr * value` where `value` came from learner code: a non-number is Python's TypeError.
pub(super) fn times_value(lr: Num, v: Value) -> PyResult<Num> {
    match v.num() {
        Some(n) => lr.mul(n),
        None => Err(PyErr::type_error(format!(
            "unsupported operand type(s) for *: '{}' and '{}'",
            lr.type_name(),
            v.type_name()
        ))),
    }
}
