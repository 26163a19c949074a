import math
import torch
from torch.optim import lr_scheduler

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
schedulers = [lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.1),
              lr_scheduler.ExponentialLR(optimizer, gamma=0.1)]
for s in schedulers:
    print(type(s).__name__, isinstance(s, lr_scheduler.StepLR), isinstance(s, lr_scheduler.ExponentialLR))
for epoch in range(3):
    optimizer.step()
    for s in schedulers:
        s.step()
lr = optimizer.param_groups[0]["lr"]
print(lr, lr == 1e-7, math.isclose(lr, 1e-7), math.isclose(lr, 1e-7, rel_tol=1e-12))
print(isinstance(lr, float), type(schedulers).__name__, type(lr).__name__)
