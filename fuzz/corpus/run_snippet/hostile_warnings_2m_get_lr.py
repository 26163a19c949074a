import torch
from torch.optim.lr_scheduler import StepLR
opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
sched = StepLR(opt, step_size=10)
for _ in range(2000000):
    sched.get_lr()
print('done')
