import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = CosineAnnealingLR(optimizer, T_max=4)
lrs = []
for epoch in range(4):
    scheduler.step()
    optimizer.step()
    lrs.append(round(scheduler.get_last_lr()[0], 6))
print("lrs used:", lrs)
print("did we ever train at 0.1?", 0.1 in lrs)
