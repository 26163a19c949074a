import torch
from torch.optim.lr_scheduler import MultiStepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = MultiStepLR(optimizer, milestones=[2, 4], gamma=0.5)
lrs = []
for epoch in range(6):
    optimizer.step()
    scheduler.step()
    lrs.append(scheduler.get_last_lr()[0])
print(" -> ".join(f"{lr:.4f}" for lr in lrs))
print(", ".join(str(lr) for lr in lrs))
print("|".join("{:.1e}".format(v) for v in lrs[::2]))
for lr in lrs:
    print(round(lr, 3), end=" ")
print()
print("min", min(lrs), "max", max(lrs), sep=" | ")
print("%d values, last %.5f" % (len(lrs), lrs[-1]), lrs[1:3], lrs[-2:])
