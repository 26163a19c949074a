import torch
from torch.optim.lr_scheduler import MultiStepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=1.0)
scheduler = MultiStepLR(optimizer, milestones=[2, 3], gamma=0.1)
for epoch in range(4):
    optimizer.step()
    scheduler.step()
    wrong = scheduler.get_lr()[0]
    right = scheduler.get_last_lr()[0]
    print(epoch, wrong, right, "same" if wrong == right else "DIFFERENT")
