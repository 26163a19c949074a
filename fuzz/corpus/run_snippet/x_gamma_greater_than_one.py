import torch
from torch.optim.lr_scheduler import StepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.01)
scheduler = StepLR(optimizer, step_size=2, gamma=1.5)
for epoch in range(8):
    optimizer.step()
    scheduler.step()
    lr = scheduler.get_last_lr()[0]
    print(epoch, lr, "growing!" if lr > 0.01 else "")
