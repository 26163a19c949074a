import torch
from torch.optim.lr_scheduler import ExponentialLR
groups = [{'params': [torch.nn.Parameter(torch.zeros(1))], 'lr': 0.1} for _ in range(2000)]
opt = torch.optim.SGD(groups, lr=0.1)
sched = ExponentialLR(opt, gamma=0.9999)
for _ in range(100000):
    opt.step()
    sched.step()
print(sched.get_last_lr()[0])
