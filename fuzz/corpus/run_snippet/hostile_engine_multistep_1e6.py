import torch
from torch.optim.lr_scheduler import MultiStepLR
opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=1.0)
sched = MultiStepLR(opt, milestones=list(range(1, 2 * 10**6, 2)), gamma=0.5)
for _ in range(1000):
    opt.step()
    sched.step()
print(sched.get_last_lr())
