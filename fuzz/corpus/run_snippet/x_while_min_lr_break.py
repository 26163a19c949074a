import torch
from torch.optim.lr_scheduler import StepLR

optimizer = torch.optim.Adam(torch.nn.Linear(3, 1).parameters(), lr=0.01)
scheduler = StepLR(optimizer, step_size=3, gamma=0.5)
epoch, min_lr = 0, 1e-3
while epoch < 100:
    optimizer.step()
    scheduler.step()
    epoch += 1
    lr = scheduler.get_last_lr()[0]
    if epoch % 3 != 0:
        continue
    print("epoch", epoch, "lr", lr)
    if lr < min_lr:
        print("stopping: lr below", min_lr)
        break
