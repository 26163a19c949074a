import torch
from torch.optim.lr_scheduler import StepLR
opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
sched = StepLR(opt, step_size=10)
for epoch in range(2000000):
    opt.step()
    sched.step(epoch)
print('done')
