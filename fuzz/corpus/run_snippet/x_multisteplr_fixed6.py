import torch
from torch import nn, optim
from torch.optim import lr_scheduler

net = nn.Linear(10, 3)
optimizer = optim.SGD(net.parameters(), lr=0.2, momentum=0.9, nesterov=True)
scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[3, 5, 8], gamma=0.2)
for epoch in range(1, 11):
    optimizer.step()
    scheduler.step()
    lr = optimizer.param_groups[0]["lr"]
    print(f"epoch {epoch:02d}: lr = {lr:.6f}")
print(scheduler.milestones)
print(optimizer.param_groups[0]["nesterov"], optimizer.param_groups[0]["momentum"])
