import torch
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts

optimizer = torch.optim.SGD(torch.nn.Linear(3, 3).parameters(), lr=0.05)
scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=2, T_mult=2, eta_min=1e-4)
for epoch in range(10):
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.T_cur, scheduler.T_i, round(scheduler.get_last_lr()[0], 6))
print(scheduler.T_0, scheduler.T_mult, scheduler.eta_min)
