import torch
from torch.optim.lr_scheduler import ExponentialLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = ExponentialLR(optimizer, gamma=0.9)
for epoch in range(5):
    optimizer.step()
      scheduler.step()
    print(epoch, scheduler.get_last_lr())
