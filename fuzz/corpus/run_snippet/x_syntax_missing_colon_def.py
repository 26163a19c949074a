import torch
from torch.optim.lr_scheduler import LambdaLR

def warmup(step)
    return min(1.0, (step + 1) / 5)

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = LambdaLR(optimizer, warmup)
print(scheduler.get_last_lr())
