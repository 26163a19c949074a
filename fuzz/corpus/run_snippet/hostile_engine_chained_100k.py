import torch
from torch.optim.lr_scheduler import ChainedScheduler, ExponentialLR
opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=1.0)
sched = ChainedScheduler([ExponentialLR(opt, gamma=0.9999) for _ in range(100000)])
for _ in range(100000):
    opt.step()
    sched.step()
print(sched.get_last_lr())
