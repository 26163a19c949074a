import torch
from torch.optim.lr_scheduler import MultiStepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = MultiStepLR(optimizer, milestones=[10, 20], gamma=0.1
for epoch in range(30):
    optimizer.step()
    scheduler.step()
print(scheduler.get_last_lr())
