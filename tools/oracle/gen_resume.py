# Usage: PYTHON_WITH_TORCH gen_resume.py PYTHON_WITH_TORCH tests/fixtures/resume/cases.json
"""Writes tests/fixtures/resume/cases.json: for every scheduler, a training script that runs
N+M epochs uninterrupted, then N epochs, saves a checkpoint, builds a fresh optimizer and
scheduler (sometimes with other arguments), loads the checkpoint and runs M more. The stdout is
recorded from real CPython 3.11 + PyTorch 2.15."""
import json, subprocess, sys

TEMPLATE = '''import torch
from torch.optim.lr_scheduler import *
from torch.optim.swa_utils import SWALR

metrics = [1.0, 0.9, 0.9, 0.95, 0.9, 0.91, 0.92, 0.93, 0.85, 0.85, 0.86, 0.87, 0.88, 0.8, 0.8, 0.8]


def build(fresh):
    model = torch.nn.Linear(4, 2)
    optimizer = {opt}
    if fresh:
{fresh}
    else:
{setup}
    return optimizer, scheduler


def momentum(group):
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


def train(optimizer, scheduler, start, stop, tag):
    for epoch in range(start, stop):
        optimizer.step()
        scheduler.step({arg})
        lrs, momenta = [], []
        for group in optimizer.param_groups:
            lrs.append(group["lr"])
            momenta.append(momentum(group))
        print(tag, epoch, lrs, momenta, scheduler.get_last_lr())


optimizer, scheduler = build(False)
train(optimizer, scheduler, 0, {total}, "full")
optimizer, scheduler = build(False)
train(optimizer, scheduler, 0, {n}, "first")
checkpoint = {{"epoch": {n}, "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}}
optimizer, scheduler = build(True)
scheduler.load_state_dict(checkpoint["scheduler"])
optimizer.load_state_dict(checkpoint["optimizer"])
train(optimizer, scheduler, checkpoint["epoch"], {total}, "resumed")
'''

SGD = 'torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)'
SGD2 = 'torch.optim.SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.01}], lr=0.1, momentum=0.9)'
ADAM = 'torch.optim.Adam(model.parameters(), lr=0.05)'
ADAMW2 = 'torch.optim.AdamW([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.02}], lr=0.05)'

CASES = [
    ("LambdaLR", SGD, "LambdaLR(optimizer, lr_lambda=lambda e: 0.95 ** e)", None, 4, 5, ""),
    ("MultiplicativeLR", SGD2, "MultiplicativeLR(optimizer, lambda e: 0.9)", None, 3, 5, ""),
    ("StepLR", SGD, "StepLR(optimizer, step_size=3, gamma=0.5)", "StepLR(optimizer, step_size=10)", 4, 6, ""),
    ("MultiStepLR", SGD2, "MultiStepLR(optimizer, milestones=[3, 5, 5, 8], gamma=0.1)", "MultiStepLR(optimizer, [1])", 4, 6, ""),
    ("ConstantLR", SGD, "ConstantLR(optimizer, factor=0.5, total_iters=4)", "ConstantLR(optimizer)", 2, 5, ""),
    ("LinearLR", ADAM, "LinearLR(optimizer, start_factor=0.2, end_factor=0.9, total_iters=6)", "LinearLR(optimizer)", 3, 6, ""),
    ("ExponentialLR", SGD2, "ExponentialLR(optimizer, gamma=0.9)", "ExponentialLR(optimizer, gamma=0.5)", 3, 4, ""),
    ("SequentialLR", SGD,
     "LinearLR(optimizer, start_factor=0.1, total_iters=3)\n    cosine = CosineAnnealingLR(optimizer, T_max=6)\n    scheduler = SequentialLR(optimizer, [scheduler, cosine], milestones=[3])",
     None, 2, 7, ""),
    ("SequentialLR_after_milestone", SGD2,
     "ConstantLR(optimizer, factor=0.25, total_iters=2)\n    decay = ExponentialLR(optimizer, gamma=0.8)\n    scheduler = SequentialLR(optimizer, schedulers=[scheduler, decay], milestones=[4])",
     "ConstantLR(optimizer)\n    decay = ExponentialLR(optimizer, gamma=0.5)\n    scheduler = SequentialLR(optimizer, schedulers=[scheduler, decay], milestones=[2])",
     5, 4, ""),
    ("CosineAnnealingLR", SGD, "CosineAnnealingLR(optimizer, T_max=8, eta_min=0.001)", None, 3, 7, ""),
    ("ChainedScheduler", ADAM,
     "ConstantLR(optimizer, factor=0.5, total_iters=3)\n    decay = ExponentialLR(optimizer, gamma=0.9)\n    scheduler = ChainedScheduler([scheduler, decay])",
     "ConstantLR(optimizer, factor=0.1, total_iters=8)\n    decay = ExponentialLR(optimizer, gamma=0.5)\n    scheduler = ChainedScheduler([scheduler, decay])",
     2, 5, ""),
    ("ReduceLROnPlateau_max", SGD,
     "ReduceLROnPlateau(optimizer, mode='max', factor=0.5, patience=1, cooldown=1)",
     "ReduceLROnPlateau(optimizer)", 5, 9, "1.0 - metrics[epoch]"),
    ("ReduceLROnPlateau_min_abs", SGD2,
     "ReduceLROnPlateau(optimizer, patience=2, threshold=0.01, threshold_mode='abs', min_lr=[0.02, 0.001])",
     None, 6, 8, "metrics[epoch]"),
    ("CyclicLR_triangular2", SGD,
     "CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=3, mode='triangular2')",
     "CyclicLR(optimizer, base_lr=0.001, max_lr=0.5)", 4, 9, ""),
    ("CyclicLR_exp_range_adam", ADAM,
     "CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=3, mode='exp_range', gamma=0.9)",
     None, 5, 8, ""),
    ("CyclicLR_no_momentum", SGD2,
     "CyclicLR(optimizer, base_lr=[0.01, 0.001], max_lr=[0.1, 0.01], step_size_up=2, cycle_momentum=False)",
     "CyclicLR(optimizer, base_lr=0.001, max_lr=0.2, cycle_momentum=False)", 3, 7, ""),
    ("CosineAnnealingWarmRestarts", SGD,
     "CosineAnnealingWarmRestarts(optimizer, T_0=3, T_mult=2, eta_min=0.001)",
     "CosineAnnealingWarmRestarts(optimizer, T_0=10)", 5, 9, ""),
    ("OneCycleLR", SGD,
     "OneCycleLR(optimizer, max_lr=0.1, total_steps=12)",
     "OneCycleLR(optimizer, max_lr=0.1, total_steps=100)", 4, 8, ""),
    ("OneCycleLR_three_phase_linear", ADAMW2,
     "OneCycleLR(optimizer, max_lr=[0.1, 0.05], epochs=3, steps_per_epoch=4, three_phase=True, anneal_strategy='linear')",
     "OneCycleLR(optimizer, max_lr=0.3, total_steps=50)", 5, 7, ""),
    ("SWALR_cos", SGD2, "SWALR(optimizer, swa_lr=0.01, anneal_epochs=4)",
     "SWALR(optimizer, swa_lr=0.5, anneal_epochs=1, anneal_strategy='linear')", 2, 6, ""),
    ("SWALR_linear_after_cosine", ADAM,
     "CosineAnnealingLR(optimizer, T_max=20)\n    scheduler = SWALR(optimizer, swa_lr=[0.005], anneal_epochs=3, anneal_strategy='linear')",
     None, 2, 5, ""),
    ("PolynomialLR", SGD2, "PolynomialLR(optimizer, total_iters=6, power=2.0)", "PolynomialLR(optimizer)", 3, 5, ""),
]

def indent(code):
    return "\n".join("        " + ("scheduler = " if i == 0 else "") + line.strip()
                     for i, line in enumerate(code.split("\n")))

out = []
for name, opt, setup, fresh, n, m, arg in CASES:
    src = TEMPLATE.format(opt=opt, setup=indent(setup), fresh=indent(fresh or setup),
                          arg=arg, n=n, total=n + m)
    p = subprocess.run([sys.argv[1], "-c", src], capture_output=True, text=True)
    err = "\n".join(l for l in p.stderr.splitlines() if "NumPy" not in l and "_conversion_method_template" not in l)
    if p.returncode != 0 or err.strip():
        sys.exit(f"{name}: {p.stderr}")
    out.append({"name": name, "n": n, "m": m, "source": src, "stdout": p.stdout})
json.dump({"recorded_with": "CPython 3.11 + PyTorch 2.15.0 (gen_resume.py)", "cases": out},
          open(sys.argv[2], "w"), indent=1)
print(len(out), "cases")
