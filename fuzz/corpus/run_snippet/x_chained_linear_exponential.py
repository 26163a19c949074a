import torch
from torch.optim.lr_scheduler import LinearLR, ExponentialLR, ChainedScheduler

optimizer = torch.optim.Adam(torch.nn.Linear(3, 1).parameters(), lr=0.01)
s1 = LinearLR(optimizer, start_factor=0.5, total_iters=3)
s2 = ExponentialLR(optimizer, gamma=0.8)
scheduler = ChainedScheduler([s1, s2])
for epoch in range(7):
    optimizer.step()
    scheduler.step()
    print(epoch, "%.7f" % scheduler.get_last_lr()[0], s1.last_epoch, s2.last_epoch)
