"""Hand-picked edge-case scenarios for the lrtutor engine, evaluated on real PyTorch.

Usage:  /tmp/torchenv/bin/python tools/oracle/edge_scenarios.py [OUT.json]
Default output: tests/fixtures/engine/edge-cases.json (relative to the repository root).

Every scenario uses the engine-vector format (see tests/fixtures/engine/*.json): an optimizer
(type, defaults, param_groups), a scheduler spec (type, kwargs; SequentialLR/ChainedScheduler carry
child specs in kwargs.schedulers), a step count and optionally "metrics" (ReduceLROnPlateau) or
"step_epochs" (deprecated step(epoch) form). The "expected" block is filled in here by running
the scenario on the installed torch.optim.lr_scheduler.
"""
import json
import math
import os
import sys
import warnings

import torch
from torch.optim import lr_scheduler

# Extra defaults for each optimizer type, beyond "lr".
OPT_EXTRA = {
    "SGD": {"momentum": 0.9},
    "RMSprop": {"momentum": 0.9},
}

CASES = []


def optim(kind="SGD", lrs=(0.1,), extra=None, groups_extra=None):
    """Optimizer description: defaults (lr = first group's lr plus extras) and one group per lr."""
    defaults = {"lr": lrs[0]}
    defaults.update(OPT_EXTRA.get(kind, {}) if extra is None else extra)
    groups = []
    for i, lr in enumerate(lrs):
        g = {"lr": lr}
        if groups_extra and i < len(groups_extra) and groups_extra[i]:
            g.update(groups_extra[i])
        groups.append(g)
    return {"type": kind, "defaults": defaults, "param_groups": groups}


def spec(kind, **kwargs):
    return {"type": kind, "kwargs": kwargs}


def add(ident, sched, steps=10, opt=None, metrics=None, epochs=None):
    sc = {"id": "edge-" + ident, "optimizer": opt or optim(), "scheduler": sched}
    if metrics is not None:
        sc["metrics"] = list(metrics)
        steps = len(metrics)
    if epochs is not None:
        sc["step_epochs"] = list(epochs)
        steps = len(epochs)
    sc["steps"] = steps
    CASES.append(sc)


# --------------------------------------------------------------------------- scenarios

def multistep():
    M = "MultiStepLR"
    add("MultiStepLR-repeated-milestone", spec(M, milestones=[3, 3, 6], gamma=0.1), 10)
    add("MultiStepLR-triple-repeated-milestone", spec(M, milestones=[2, 2, 2], gamma=0.5), 6)
    add("MultiStepLR-unsorted-milestones", spec(M, milestones=[8, 2, 5], gamma=0.5), 12)
    add("MultiStepLR-unsorted-repeated", spec(M, milestones=[5, 2, 5], gamma=0.1), 8)
    add("MultiStepLR-milestone-zero", spec(M, milestones=[0, 3], gamma=0.5), 6)
    add("MultiStepLR-negative-milestone", spec(M, milestones=[-1, 3], gamma=0.5), 6)
    add("MultiStepLR-milestones-beyond-steps", spec(M, milestones=[50, 100], gamma=0.1), 8)
    add("MultiStepLR-float-milestones", spec(M, milestones=[2.0, 4.5], gamma=0.5), 8)
    add("MultiStepLR-empty-milestones", spec(M, milestones=[], gamma=0.5), 5)
    add("MultiStepLR-gamma-above-one", spec(M, milestones=[2, 4], gamma=2.0), 6)
    add("MultiStepLR-milestones-int-not-list", spec(M, milestones=4, gamma=0.5), 6)
    add("MultiStepLR-default-gamma-Adam-2groups", spec(M, milestones=[1, 4]), 7,
        optim("Adam", (0.01, 0.003)))
    add("MultiStepLR-int-lr-int-gamma", spec(M, milestones=[2, 3], gamma=2), 5,
        optim("SGD", (1,), extra={}))


def steplr():
    S = "StepLR"
    add("StepLR-step-size-1", spec(S, step_size=1, gamma=0.5), 8)
    add("StepLR-float-step-size", spec(S, step_size=2.5, gamma=0.5), 10)
    add("StepLR-gamma-one", spec(S, step_size=2, gamma=1.0), 6)
    add("StepLR-gamma-zero", spec(S, step_size=2, gamma=0.0), 6)
    add("StepLR-negative-gamma", spec(S, step_size=2, gamma=-0.5), 7)
    add("StepLR-negative-step-size", spec(S, step_size=-2, gamma=0.5), 6)
    add("StepLR-step-size-zero", spec(S, step_size=0, gamma=0.5), 5)
    add("StepLR-step-size-zero-float", spec(S, step_size=0.0, gamma=0.5), 5)
    add("StepLR-last-epoch-without-initial-lr", spec(S, step_size=3, last_epoch=5), 5)
    add("StepLR-last-epoch-zero-without-initial-lr", spec(S, step_size=3, last_epoch=0), 5)
    add("StepLR-default-gamma-RMSprop-3groups", spec(S, step_size=3), 9,
        optim("RMSprop", (0.1, 0.01, 0.5)))
    add("StepLR-int-lr", spec(S, step_size=2, gamma=0.5), 6, optim("SGD", (1,), extra={}))
    add("StepLR-unexpected-kwarg-milestones", spec(S, step_size=2, milestones=[3]), 5)
    add("StepLR-missing-step-size", spec(S, gamma=0.5), 5)
    add("StepLR-verbose-kwarg", spec(S, step_size=2, verbose=True), 5)
    add("StepLR-Adadelta", spec(S, step_size=2, gamma=0.3), 7, optim("Adadelta", (1.0,)))


def constant_linear():
    C, Li = "ConstantLR", "LinearLR"
    add("ConstantLR-total-iters-zero", spec(C, factor=0.5, total_iters=0), 5)
    add("ConstantLR-factor-zero", spec(C, factor=0.0, total_iters=3), 6)
    add("ConstantLR-factor-zero-total-iters-zero", spec(C, factor=0.0, total_iters=0), 4)
    add("ConstantLR-factor-one", spec(C, factor=1.0, total_iters=3), 6)
    add("ConstantLR-defaults", spec(C), 8, optim("Adamax", (0.002,)))
    add("ConstantLR-factor-negative", spec(C, factor=-0.1), 5)
    add("ConstantLR-2groups-Adagrad", spec(C, factor=0.25, total_iters=2), 5,
        optim("Adagrad", (0.1, 0.05)))
    add("LinearLR-total-iters-zero", spec(Li, start_factor=0.5, end_factor=1.0, total_iters=0), 5)
    add("LinearLR-total-iters-one", spec(Li, start_factor=0.5, end_factor=1.0, total_iters=1), 4)
    add("LinearLR-start-equals-end", spec(Li, start_factor=0.5, end_factor=0.5, total_iters=4), 7)
    add("LinearLR-end-factor-zero", spec(Li, start_factor=1.0, end_factor=0.0, total_iters=5), 8)
    add("LinearLR-decay-to-tenth", spec(Li, start_factor=1.0, end_factor=0.1, total_iters=4), 6)
    add("LinearLR-start-factor-zero", spec(Li, start_factor=0.0, total_iters=4), 5)
    add("LinearLR-start-factor-one-end-one", spec(Li, start_factor=1.0, end_factor=1.0, total_iters=3), 5)
    add("LinearLR-defaults-NAdam-2groups", spec(Li), 7, optim("NAdam", (0.002, 0.01)))
    add("LinearLR-negative-end-factor", spec(Li, end_factor=-0.5), 4)


def exponential_poly():
    E, P = "ExponentialLR", "PolynomialLR"
    add("ExponentialLR-gamma-zero", spec(E, gamma=0.0), 5)
    add("ExponentialLR-gamma-above-one", spec(E, gamma=1.5), 8)
    add("ExponentialLR-negative-gamma", spec(E, gamma=-0.5), 6)
    add("ExponentialLR-gamma-one-RAdam", spec(E, gamma=1.0), 4, optim("RAdam", (0.001,)))
    add("ExponentialLR-missing-gamma", spec(E), 4)
    add("PolynomialLR-power-zero", spec(P, total_iters=4, power=0.0), 7)
    add("PolynomialLR-power-two", spec(P, total_iters=5, power=2.0), 7)
    add("PolynomialLR-power-half", spec(P, total_iters=5, power=0.5), 7)
    add("PolynomialLR-total-iters-zero", spec(P, total_iters=0, power=1.0), 4)
    add("PolynomialLR-total-iters-one", spec(P, total_iters=1, power=1.0), 4)
    add("PolynomialLR-far-past-total", spec(P, total_iters=4, power=1.0), 15)
    add("PolynomialLR-defaults-ASGD", spec(P), 8, optim("ASGD", (0.01,)))
    add("PolynomialLR-negative-power", spec(P, total_iters=4, power=-1.0), 6)


def cosine():
    C = "CosineAnnealingLR"
    add("CosineAnnealingLR-Tmax-1", spec(C, T_max=1), 6)
    add("CosineAnnealingLR-Tmax-2", spec(C, T_max=2), 9)
    add("CosineAnnealingLR-Tmax-3-three-periods", spec(C, T_max=3, eta_min=0.001), 19)
    add("CosineAnnealingLR-Tmax-5-past-two-periods", spec(C, T_max=5, eta_min=0.01), 24)
    add("CosineAnnealingLR-eta-min-above-lr-2groups", spec(C, T_max=4, eta_min=0.5), 10,
        optim("SGD", (0.1, 0.01)))
    add("CosineAnnealingLR-2groups-Adam", spec(C, T_max=6, eta_min=1e-4), 14, optim("Adam", (0.001, 0.01)))
    add("CosineAnnealingLR-Tmax-zero", spec(C, T_max=0), 4)
    add("CosineAnnealingLR-Tmax-float", spec(C, T_max=2.5), 8)
    add("CosineAnnealingLR-unexpected-T0", spec(C, T_0=5), 4)
    add("CosineAnnealingLR-Rprop-3groups", spec(C, T_max=3), 8, optim("Rprop", (0.01, 0.02, 0.03)))


def warm_restarts():
    W = "CosineAnnealingWarmRestarts"
    add("CAWR-Tmult-1", spec(W, T_0=3, T_mult=1), 12)
    add("CAWR-Tmult-2", spec(W, T_0=2, T_mult=2), 16)
    add("CAWR-Tmult-3", spec(W, T_0=1, T_mult=3), 15)
    add("CAWR-eta-min", spec(W, T_0=4, eta_min=0.01), 10)
    add("CAWR-eta-min-above-lr", spec(W, T_0=3, eta_min=0.2), 7)
    add("CAWR-fractional-epochs-Tmult-1", spec(W, T_0=3, T_mult=1),
        epochs=[i * 0.25 for i in range(32)])
    add("CAWR-fractional-epochs-Tmult-2", spec(W, T_0=2, T_mult=2, eta_min=0.001),
        epochs=[i * 0.5 for i in range(30)])
    add("CAWR-epochs-jump-restarts-Tmult-2", spec(W, T_0=2, T_mult=2),
        epochs=[0, 5, 1, 12, 30, 2.5, 7, 6, 14.5])
    add("CAWR-epochs-jump-Tmult-3", spec(W, T_0=1, T_mult=3), epochs=[0, 1, 3.5, 4, 13, 40, 2])
    add("CAWR-epochs-then-beyond-Tmult-1", spec(W, T_0=4), epochs=[7, 8, 8, 3, 100])
    add("CAWR-T0-float-integral", spec(W, T_0=2.0), 5)
    add("CAWR-T0-float", spec(W, T_0=2.5), 5)
    add("CAWR-T0-zero", spec(W, T_0=0), 5)
    add("CAWR-Tmult-zero", spec(W, T_0=3, T_mult=0), 5)
    add("CAWR-Tmult-float", spec(W, T_0=3, T_mult=1.5), 5)
    add("CAWR-negative-epoch", spec(W, T_0=3), epochs=[0, 1, -1, 2])
    # eta_min="x" (PyTorch: ValueError) is a wrong kwarg type for `simulate`: tested as bad input instead.
    add("CAWR-2groups-AdamW", spec(W, T_0=3, T_mult=2, eta_min=1e-5), 12, optim("AdamW", (0.001, 0.004)))


def cyclic():
    C = "CyclicLR"
    base = dict(base_lr=0.01, max_lr=0.1)
    add("CyclicLR-triangular", spec(C, step_size_up=2, **base), 12)
    add("CyclicLR-triangular-step-size-down", spec(C, step_size_up=3, step_size_down=1, **base), 14)
    add("CyclicLR-triangular2", spec(C, step_size_up=2, mode="triangular2", **base), 20)
    add("CyclicLR-triangular2-step-size-down", spec(C, step_size_up=1, step_size_down=3,
                                                    mode="triangular2", **base), 20)
    add("CyclicLR-exp-range", spec(C, step_size_up=2, mode="exp_range", gamma=0.9, **base), 16)
    add("CyclicLR-exp-range-gamma-half", spec(C, step_size_up=3, step_size_down=2, mode="exp_range",
                                              gamma=0.5, **base), 14)
    add("CyclicLR-exp-range-default-gamma", spec(C, step_size_up=2, mode="exp_range", **base), 9)
    add("CyclicLR-SGD-no-momentum-key", spec(C, step_size_up=2, **base), 8,
        optim("SGD", (0.1,), extra={}))
    add("CyclicLR-Adam-betas-cycle", spec(C, step_size_up=3, **base), 12, optim("Adam", (0.001,)))
    add("CyclicLR-NAdam-betas-cycle", spec(C, step_size_up=2, base_momentum=0.7, max_momentum=0.95,
                                           **base), 10, optim("NAdam", (0.001,)))
    add("CyclicLR-RMSprop-momentum-cycle", spec(C, step_size_up=2, **base), 9, optim("RMSprop", (0.01,)))
    add("CyclicLR-cycle-momentum-false", spec(C, step_size_up=2, cycle_momentum=False, **base), 8)
    add("CyclicLR-Adagrad-cycle-momentum-default", spec(C, step_size_up=2, **base), 6,
        optim("Adagrad", (0.01,)))
    add("CyclicLR-Adagrad-cycle-momentum-false", spec(C, step_size_up=2, cycle_momentum=False, **base),
        8, optim("Adagrad", (0.01,)))
    add("CyclicLR-lists-2groups", spec(C, base_lr=[0.01, 0.001], max_lr=[0.1, 0.05], step_size_up=2),
        10, optim("SGD", (0.1, 0.2)))
    add("CyclicLR-list-wrong-length", spec(C, base_lr=[0.01], max_lr=0.1, step_size_up=2), 6,
        optim("SGD", (0.1, 0.2)))
    add("CyclicLR-max-lr-list-wrong-length", spec(C, base_lr=0.01, max_lr=[0.1, 0.2, 0.3], step_size_up=2),
        6, optim("SGD", (0.1, 0.2)))
    add("CyclicLR-momentum-lists-2groups", spec(C, step_size_up=2, base_momentum=[0.8, 0.5],
                                                max_momentum=[0.9, 0.99], **base), 10,
        optim("SGD", (0.1, 0.1), groups_extra=[None, {"momentum": 0.5}]))
    add("CyclicLR-invalid-mode", spec(C, mode="cosine", **base), 6)
    add("CyclicLR-base-above-max", spec(C, base_lr=0.1, max_lr=0.01, step_size_up=2), 8)
    add("CyclicLR-float-step-size-up", spec(C, step_size_up=2.5, **base), 10)
    add("CyclicLR-scale-mode-ignored", spec(C, step_size_up=2, mode="triangular2", scale_mode="iterations",
                                            **base), 12)
    add("CyclicLR-missing-base-and-max", spec(C, step_size_up=2), 5)
    add("CyclicLR-missing-max-lr", spec(C, base_lr=0.01), 5)


def onecycle():
    O = "OneCycleLR"
    add("OneCycleLR-cos", spec(O, max_lr=0.1, total_steps=10), 10)
    add("OneCycleLR-linear", spec(O, max_lr=0.1, total_steps=10, anneal_strategy="linear"), 10)
    add("OneCycleLR-three-phase-cos", spec(O, max_lr=0.1, total_steps=12, three_phase=True), 12)
    add("OneCycleLR-three-phase-linear", spec(O, max_lr=0.1, total_steps=12, three_phase=True,
                                              anneal_strategy="linear"), 12)
    add("OneCycleLR-epochs-steps-per-epoch", spec(O, max_lr=0.05, epochs=3, steps_per_epoch=4), 12)
    add("OneCycleLR-total-steps-1", spec(O, max_lr=0.1, total_steps=1), 1)
    add("OneCycleLR-total-steps-2", spec(O, max_lr=0.1, total_steps=2), 2)
    add("OneCycleLR-three-phase-total-steps-2", spec(O, max_lr=0.1, total_steps=2, three_phase=True), 2)
    add("OneCycleLR-pct-start-0", spec(O, max_lr=0.1, total_steps=8, pct_start=0.0), 8)
    add("OneCycleLR-pct-start-1", spec(O, max_lr=0.1, total_steps=8, pct_start=1.0), 8)
    add("OneCycleLR-pct-start-int-0", spec(O, max_lr=0.1, total_steps=8, pct_start=0), 8)
    add("OneCycleLR-pct-start-int-1", spec(O, max_lr=0.1, total_steps=8, pct_start=1), 8)
    add("OneCycleLR-SGD-momentum", spec(O, max_lr=0.1, total_steps=10), 10, optim("SGD", (0.1,)))
    add("OneCycleLR-Adam-betas", spec(O, max_lr=0.01, total_steps=10), 10, optim("Adam", (0.001,)))
    add("OneCycleLR-RMSprop-momentum", spec(O, max_lr=0.01, total_steps=9, anneal_strategy="linear"), 9,
        optim("RMSprop", (0.01,)))
    add("OneCycleLR-AdamW-betas", spec(O, max_lr=0.01, total_steps=10, three_phase=True), 10,
        optim("AdamW", (0.001,)))
    add("OneCycleLR-Adagrad-cycle-momentum", spec(O, max_lr=0.1, total_steps=10), 10,
        optim("Adagrad", (0.01,)))
    add("OneCycleLR-Adagrad-cycle-momentum-false", spec(O, max_lr=0.1, total_steps=10, cycle_momentum=False),
        10, optim("Adagrad", (0.01,)))
    add("OneCycleLR-div-factors", spec(O, max_lr=0.1, total_steps=10, div_factor=10.0, final_div_factor=100.0),
        10)
    add("OneCycleLR-max-lr-list-2groups", spec(O, max_lr=[0.1, 0.01], total_steps=10), 10,
        optim("SGD", (0.1, 0.1)))
    add("OneCycleLR-momentum-lists-2groups", spec(O, max_lr=0.1, total_steps=8, base_momentum=[0.85, 0.5],
                                                  max_momentum=[0.95, 0.6]), 8, optim("Adam", (0.001, 0.002)))
    add("OneCycleLR-step-exactly-total", spec(O, max_lr=0.1, total_steps=6), 6)
    add("OneCycleLR-step-one-past-total", spec(O, max_lr=0.1, total_steps=6), 7)
    add("OneCycleLR-total-steps-zero", spec(O, max_lr=0.1, total_steps=0), 3)
    add("OneCycleLR-total-steps-float", spec(O, max_lr=0.1, total_steps=10.0), 3)
    add("OneCycleLR-epochs-without-steps-per-epoch", spec(O, max_lr=0.1, epochs=3), 3)
    add("OneCycleLR-steps-per-epoch-zero", spec(O, max_lr=0.1, epochs=3, steps_per_epoch=0), 3)
    add("OneCycleLR-cycle-momentum-false-SGD", spec(O, max_lr=0.1, total_steps=6, cycle_momentum=False), 6)


def plateau():
    R = "ReduceLROnPlateau"
    stall = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    add("ReduceLROnPlateau-min-rel", spec(R, patience=2, factor=0.5), metrics=stall)
    add("ReduceLROnPlateau-max-rel", spec(R, mode="max", patience=1, factor=0.5),
        metrics=[0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3])
    add("ReduceLROnPlateau-min-abs", spec(R, patience=1, threshold=0.05, threshold_mode="abs", factor=0.5),
        metrics=[1.0, 0.97, 0.94, 0.91, 0.85, 0.84, 0.83, 0.82, 0.75, 0.74])
    add("ReduceLROnPlateau-max-abs", spec(R, mode="max", patience=1, threshold=0.05, threshold_mode="abs"),
        metrics=[0.5, 0.52, 0.54, 0.56, 0.62, 0.63, 0.64, 0.70, 0.71, 0.72])
    add("ReduceLROnPlateau-min-rel-large-threshold", spec(R, patience=0, threshold=0.1, factor=0.5),
        metrics=[1.0, 0.95, 0.89, 0.85, 0.79, 0.7, 0.69, 0.6])
    add("ReduceLROnPlateau-cooldown-0", spec(R, patience=1, cooldown=0, factor=0.5), metrics=stall)
    add("ReduceLROnPlateau-cooldown-2", spec(R, patience=1, cooldown=2, factor=0.5), metrics=stall)
    add("ReduceLROnPlateau-cooldown-5", spec(R, patience=0, cooldown=5, factor=0.5), metrics=stall + stall)
    add("ReduceLROnPlateau-patience-0", spec(R, patience=0, factor=0.5), metrics=stall)
    add("ReduceLROnPlateau-default-patience", spec(R), metrics=[1.0] * 25)
    add("ReduceLROnPlateau-min-lr-list-2groups", spec(R, patience=0, factor=0.1, min_lr=[0.005, 0.0001]),
        opt=optim("Adam", (0.1, 0.01)), metrics=stall)
    add("ReduceLROnPlateau-min-lr-above-lr", spec(R, patience=0, min_lr=0.5), metrics=stall)
    add("ReduceLROnPlateau-eps-large", spec(R, patience=0, factor=0.5, eps=0.04), metrics=stall)
    add("ReduceLROnPlateau-constant-metrics", spec(R, patience=2, factor=0.5), metrics=[0.5] * 12)
    add("ReduceLROnPlateau-improve-then-stall", spec(R, patience=2, factor=0.2),
        metrics=[1.0, 0.8, 0.6, 0.5, 0.45, 0.45, 0.46, 0.47, 0.45, 0.44999, 0.5, 0.5, 0.5, 0.5])
    add("ReduceLROnPlateau-int-metrics", spec(R, patience=1, factor=0.5), metrics=[5, 4, 4, 4, 3, 3, 3, 3])
    add("ReduceLROnPlateau-factor-zero", spec(R, patience=0, factor=0.0), metrics=stall)
    add("ReduceLROnPlateau-factor-zero-min-lr", spec(R, patience=0, factor=0.0, min_lr=0.001), metrics=stall)
    add("ReduceLROnPlateau-factor-one", spec(R, factor=1.0), metrics=stall)
    add("ReduceLROnPlateau-factor-above-one", spec(R, factor=2.0), metrics=stall)
    add("ReduceLROnPlateau-negative-factor", spec(R, patience=0, factor=-0.5), metrics=stall)
    add("ReduceLROnPlateau-min-lr-list-wrong-length", spec(R, min_lr=[0.1, 0.2]), metrics=stall)
    add("ReduceLROnPlateau-invalid-mode", spec(R, mode="avg"), metrics=stall)
    add("ReduceLROnPlateau-invalid-threshold-mode", spec(R, threshold_mode="relative"), metrics=stall)
    add("ReduceLROnPlateau-threshold-zero", spec(R, patience=1, threshold=0.0, factor=0.5),
        metrics=[1.0, 1.0, 1.0, 0.999, 0.999, 0.999, 1.0])
    add("ReduceLROnPlateau-last-epoch-kwarg", spec(R, last_epoch=3), metrics=stall)
    add("ReduceLROnPlateau-3groups-RMSprop", spec(R, patience=1, factor=0.3, min_lr=1e-3),
        opt=optim("RMSprop", (0.1, 0.01, 0.002)), metrics=stall)


def sequential():
    S = "SequentialLR"
    add("SequentialLR-linear-warmup-cosine",
        spec(S, schedulers=[spec("LinearLR", start_factor=0.1, total_iters=4),
                            spec("CosineAnnealingLR", T_max=8, eta_min=0.001)], milestones=[4]), 16)
    add("SequentialLR-constant-exponential",
        spec(S, schedulers=[spec("ConstantLR", factor=0.1, total_iters=3),
                            spec("ExponentialLR", gamma=0.9)], milestones=[3]), 10)
    add("SequentialLR-constant-exponential-late-milestone",
        spec(S, schedulers=[spec("ConstantLR", factor=0.1, total_iters=2),
                            spec("ExponentialLR", gamma=0.9)], milestones=[5]), 10)
    add("SequentialLR-three-schedulers",
        spec(S, schedulers=[spec("LinearLR", start_factor=0.25, total_iters=3),
                            spec("ConstantLR", factor=0.5, total_iters=2),
                            spec("StepLR", step_size=2, gamma=0.5)], milestones=[3, 6]), 14)
    add("SequentialLR-milestone-1",
        spec(S, schedulers=[spec("ConstantLR", factor=0.5, total_iters=4),
                            spec("ExponentialLR", gamma=0.8)], milestones=[1]), 6)
    add("SequentialLR-milestone-0",
        spec(S, schedulers=[spec("ConstantLR", factor=0.5, total_iters=4),
                            spec("ExponentialLR", gamma=0.8)], milestones=[0]), 6)
    add("SequentialLR-milestones-beyond-steps",
        spec(S, schedulers=[spec("LinearLR", start_factor=0.5, total_iters=3),
                            spec("ExponentialLR", gamma=0.5)], milestones=[50]), 8)
    add("SequentialLR-unsorted-milestones",
        spec(S, schedulers=[spec("ExponentialLR", gamma=0.9),
                            spec("StepLR", step_size=2, gamma=0.5),
                            spec("ConstantLR", factor=0.5, total_iters=2)], milestones=[6, 3]), 10)
    add("SequentialLR-wrong-milestone-count",
        spec(S, schedulers=[spec("ExponentialLR", gamma=0.9),
                            spec("StepLR", step_size=2)], milestones=[2, 4]), 6)
    add("SequentialLR-plateau-child",
        spec(S, schedulers=[spec("ExponentialLR", gamma=0.9),
                            spec("ReduceLROnPlateau")], milestones=[2]), 6)
    add("SequentialLR-exponential-then-step-restart",
        spec(S, schedulers=[spec("ExponentialLR", gamma=0.5),
                            spec("StepLR", step_size=2, gamma=0.1)], milestones=[3]), 9)
    add("SequentialLR-multistep-then-multistep",
        spec(S, schedulers=[spec("MultiStepLR", milestones=[1, 2], gamma=0.5),
                            spec("MultiStepLR", milestones=[0, 2], gamma=0.1)], milestones=[3]), 8)
    add("SequentialLR-cosine-then-warm-restarts",
        spec(S, schedulers=[spec("CosineAnnealingLR", T_max=3),
                            spec("CosineAnnealingWarmRestarts", T_0=3)], milestones=[3]), 12)
    add("SequentialLR-linear-then-cyclic",
        spec(S, schedulers=[spec("LinearLR", start_factor=0.5, total_iters=2),
                            spec("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=2)], milestones=[2]), 10)
    add("SequentialLR-onecycle-then-constant",
        spec(S, schedulers=[spec("OneCycleLR", max_lr=0.1, total_steps=5),
                            spec("ConstantLR", factor=0.5, total_iters=2)], milestones=[5]), 9)
    add("SequentialLR-polynomial-then-linear-2groups-Adam",
        spec(S, schedulers=[spec("PolynomialLR", total_iters=3, power=2.0),
                            spec("LinearLR", start_factor=0.2, total_iters=3)], milestones=[4]), 10,
        optim("Adam", (0.01, 0.001)))
    add("SequentialLR-nested-sequential",
        spec(S, schedulers=[spec(S, schedulers=[spec("ConstantLR", factor=0.5, total_iters=2),
                                                spec("ExponentialLR", gamma=0.9)], milestones=[2]),
                            spec("StepLR", step_size=2, gamma=0.5)], milestones=[4]), 10)
    add("SequentialLR-single-scheduler-no-milestones",
        spec(S, schedulers=[spec("ExponentialLR", gamma=0.7)], milestones=[]), 5)
    add("SequentialLR-empty-schedulers", spec(S, schedulers=[], milestones=[]), 4)
    add("SequentialLR-missing-milestones",
        spec(S, schedulers=[spec("ExponentialLR", gamma=0.7), spec("StepLR", step_size=2)]), 4)


def chained():
    C = "ChainedScheduler"
    add("ChainedScheduler-constant-exponential",
        spec(C, schedulers=[spec("ConstantLR", factor=0.1, total_iters=2),
                            spec("ExponentialLR", gamma=0.9)]), 8)
    add("ChainedScheduler-three-children",
        spec(C, schedulers=[spec("LinearLR", start_factor=0.5, total_iters=3),
                            spec("ExponentialLR", gamma=0.9),
                            spec("MultiStepLR", milestones=[2, 5], gamma=0.5)]), 10)
    add("ChainedScheduler-cyclic-child",
        spec(C, schedulers=[spec("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=2),
                            spec("ExponentialLR", gamma=0.9)]), 10)
    add("ChainedScheduler-exponential-then-cyclic",
        spec(C, schedulers=[spec("ExponentialLR", gamma=0.9),
                            spec("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=2)]), 8)
    add("ChainedScheduler-onecycle-child-Adam",
        spec(C, schedulers=[spec("OneCycleLR", max_lr=0.01, total_steps=8),
                            spec("ConstantLR", factor=0.5, total_iters=3)]), 8, optim("Adam", (0.001,)))
    add("ChainedScheduler-step-cosine-2groups",
        spec(C, schedulers=[spec("StepLR", step_size=3, gamma=0.5),
                            spec("CosineAnnealingLR", T_max=4)]), 12, optim("SGD", (0.1, 0.05)))
    add("ChainedScheduler-nested-sequential",
        spec(C, schedulers=[spec("SequentialLR", schedulers=[spec("LinearLR", start_factor=0.5, total_iters=2),
                                                             spec("ExponentialLR", gamma=0.8)],
                                 milestones=[2]),
                            spec("StepLR", step_size=3, gamma=0.5)]), 9)
    add("ChainedScheduler-single-child",
        spec(C, schedulers=[spec("PolynomialLR", total_iters=4, power=1.0)]), 6)
    add("ChainedScheduler-plateau-child",
        spec(C, schedulers=[spec("ExponentialLR", gamma=0.9), spec("ReduceLROnPlateau")]), 4)
    add("ChainedScheduler-empty", spec(C, schedulers=[]), 4)
    add("ChainedScheduler-warm-restarts-child-RAdam",
        spec(C, schedulers=[spec("CosineAnnealingWarmRestarts", T_0=2, T_mult=2),
                            spec("ExponentialLR", gamma=0.95)]), 10, optim("RAdam", (0.01,)))


def step_epochs():
    add("epochs-StepLR-nonmonotonic", spec("StepLR", step_size=2, gamma=0.5), epochs=[0, 3, 1, 5, 5, 2, 9])
    add("epochs-StepLR-repeated", spec("StepLR", step_size=3, gamma=0.1), epochs=[1, 1, 3, 3, 3, 6])
    add("epochs-MultiStepLR-nonmonotonic", spec("MultiStepLR", milestones=[2, 5, 5], gamma=0.5),
        epochs=[1, 6, 2, 5, 4, 0, 10])
    add("epochs-ConstantLR", spec("ConstantLR", factor=0.25, total_iters=4), epochs=[0, 2, 5, 3, 4, 1])
    add("epochs-LinearLR", spec("LinearLR", start_factor=0.2, end_factor=1.0, total_iters=5),
        epochs=[0, 1, 3, 7, 2, 5, 5])
    add("epochs-ExponentialLR", spec("ExponentialLR", gamma=0.9), epochs=[0, 2, 2, 10, 1, 4])
    add("epochs-PolynomialLR", spec("PolynomialLR", total_iters=6, power=2.0), epochs=[1, 3, 8, 2, 6, 0])
    add("epochs-CosineAnnealingLR", spec("CosineAnnealingLR", T_max=4, eta_min=0.01),
        epochs=[1, 2, 6, 9, 3, 3, 0])
    add("epochs-StepLR-2groups-Adam", spec("StepLR", step_size=2, gamma=0.5), opt=optim("Adam", (0.01, 0.001)),
        epochs=[4, 0, 7])
    add("epochs-CyclicLR-no-closed-form", spec("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=2),
        epochs=[1, 3, 2, 7, 4])
    add("epochs-ExponentialLR-float-epochs", spec("ExponentialLR", gamma=0.5), epochs=[0.5, 1.5, 2.0])
    add("epochs-CosineAnnealingLR-negative", spec("CosineAnnealingLR", T_max=4), epochs=[1, -1, 2])


def misc_optimizers():
    add("optim-SGD-group-momentum-override-ExponentialLR", spec("ExponentialLR", gamma=0.9), 5,
        optim("SGD", (0.1, 0.01), groups_extra=[{"momentum": 0.5}, None]))
    add("optim-Adamax-3groups-StepLR", spec("StepLR", step_size=2, gamma=0.5), 6,
        optim("Adamax", (0.002, 0.001, 0.004)))
    add("optim-ASGD-2groups-CosineAnnealingLR", spec("CosineAnnealingLR", T_max=3), 7,
        optim("ASGD", (0.01, 0.02)))
    add("optim-Rprop-CyclicLR-no-momentum", spec("CyclicLR", base_lr=0.001, max_lr=0.01, step_size_up=2), 4,
        optim("Rprop", (0.01,)))
    add("optim-Adadelta-OneCycleLR-no-cycle", spec("OneCycleLR", max_lr=1.0, total_steps=6, cycle_momentum=False),
        6, optim("Adadelta", (1.0,)))
    add("optim-Adam-group-betas-override-OneCycleLR", spec("OneCycleLR", max_lr=0.01, total_steps=6), 6,
        optim("Adam", (0.001, 0.001), groups_extra=[None, {"betas": [0.5, 0.9]}]))
    add("optim-RMSprop-no-momentum-CyclicLR", spec("CyclicLR", base_lr=0.001, max_lr=0.01, step_size_up=2), 6,
        optim("RMSprop", (0.01,), extra={}))


# --------------------------------------------------------------------------- runner

def build_scheduler(opt, s):
    kind, kwargs = s["type"], dict(s.get("kwargs", {}))
    if kind in ("SequentialLR", "ChainedScheduler"):
        children = [build_scheduler(opt, child) for child in kwargs.pop("schedulers")]
        if kind == "SequentialLR":
            return lr_scheduler.SequentialLR(opt, schedulers=children, **kwargs)
        return lr_scheduler.ChainedScheduler(children, optimizer=opt, **kwargs)
    return getattr(lr_scheduler, kind)(opt, **kwargs)


def group_momentum(group):
    if "momentum" in group:
        return group["momentum"]
    if "betas" in group:
        return group["betas"][0]
    return None


def evaluate(sc):
    o = sc["optimizer"]
    groups = []
    for g in o["param_groups"]:
        g = dict(g)
        g["params"] = [torch.nn.Parameter(torch.zeros(1))]
        groups.append(g)
    opt = getattr(torch.optim, o["type"])(groups, **o["defaults"])
    lrs, moms, error = [], [], None

    def record():
        lrs.append([g["lr"] for g in opt.param_groups])
        moms.append([group_momentum(g) for g in opt.param_groups])

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            sched = build_scheduler(opt, sc["scheduler"])
            record()
            for k in range(sc["steps"]):
                opt.step()
                if "metrics" in sc:
                    sched.step(sc["metrics"][k])
                elif "step_epochs" in sc:
                    sched.step(sc["step_epochs"][k])
                else:
                    sched.step()
                record()
        except Exception as exc:  # PyTorch's own exception: part of the expected result
            error = {"type": type(exc).__name__, "message": str(exc)}
    warns = sorted({f"{w.category.__name__}: {w.message}" for w in seen})
    if all(m == moms[0] for m in moms):
        moms = None
    sc["expected"] = {"lr": lrs, "momentum": moms, "error": error, "warnings": warns}
    return sc


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "tests", "fixtures", "engine", "edge-cases.json")
    for section in (multistep, steplr, constant_linear, exponential_poly, cosine, warm_restarts,
                    cyclic, onecycle, plateau, sequential, chained, step_epochs, misc_optimizers):
        section()
    ids = [c["id"] for c in CASES]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SystemExit(f"duplicate scenario ids: {dupes}")
    results = [evaluate(c) for c in CASES]
    for r in results:  # every value must be finite JSON; fail loudly otherwise
        for row in r["expected"]["lr"] + (r["expected"]["momentum"] or []):
            for v in row:
                if v is not None and not (isinstance(v, (int, float)) and math.isfinite(v)):
                    raise SystemExit(f"{r['id']}: non-finite or non-numeric value {v!r}")
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__.split("+")[0], "scenarios": results}, f,
                  indent=None, allow_nan=False)
        f.write("\n")
    raised = sum(1 for r in results if r["expected"]["error"])
    print(f"{len(results)} scenarios, {raised} raised -> {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
