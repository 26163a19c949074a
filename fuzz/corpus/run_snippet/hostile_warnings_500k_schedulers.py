import torch
from torch.optim.lr_scheduler import StepLR
opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
for _ in range(500000):
    StepLR(opt, step_size=10).step()
print('done')
