import torch
import torch.nn as nn
from torch.optim.lr_scheduler import ExponentialLR

backbone, head = nn.Linear(16, 8), nn.Linear(8, 2)
names = ["backbone", "head"]
optimizer = torch.optim.Adam([{"params": backbone.parameters(), "lr": 1e-4},
                              {"params": head.parameters(), "lr": 1e-3, "betas": (0.8, 0.9)}])
scheduler = ExponentialLR(optimizer, gamma=0.5)
for epoch in range(3):
    optimizer.step()
    scheduler.step()
    for i, (name, lr) in enumerate(zip(names, scheduler.get_last_lr())):
        print(epoch, i, f"{name:>8}", f"{lr:.2e}")
for name, group in zip(names, optimizer.param_groups):
    print(name, group["betas"], group["eps"])
