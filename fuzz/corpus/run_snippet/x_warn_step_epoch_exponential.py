import torch
from torch.optim.lr_scheduler import ExponentialLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = ExponentialLR(optimizer, gamma=0.5)
for epoch in range(1, 5):
    optimizer.step()
    scheduler.step(epoch * 2)
    print(epoch, scheduler.last_epoch, scheduler.get_last_lr()[0])
