import torch
from torch.optim.lr_scheduler import MultiStepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.8)
scheduler = MultiStepLR(optimizer, milestones=[6, 3, 6, 1], gamma=0.5)
print(scheduler.milestones)
print(scheduler.milestones[6], scheduler.milestones[3], len(scheduler.milestones))
out = []
for epoch in range(7):
    optimizer.step()
    scheduler.step()
    out.append(scheduler.get_last_lr()[0])
print(out)
