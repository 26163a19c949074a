import torch
from torch.optim.lr_scheduler import StepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
first = StepLR(optimizer, step_size=5)
print(type(first).__name__, first.get_last_lr())
second = CosineAnnealingLR(optimizer, T_max=10)
