import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.2)
scheduler = CosineAnnealingLR(optimizer, T_max=6)
lrs = []
for _ in range(12):
    lrs.append(scheduler.get_last_lr()[0])
    optimizer.step()
    scheduler.step()
rounded = [round(lr, 4) for lr in lrs]
print(rounded)
print("max", max(lrs), "min", min(lrs))
print("sum", sum(lrs), "mean", sum(lrs) / len(lrs))
print(sorted({r for r in rounded}, reverse=True)[:3])
print(sum(1 for lr in lrs if lr > 0.1), "epochs above 0.1")
