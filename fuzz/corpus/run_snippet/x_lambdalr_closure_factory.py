import torch
from torch.optim.lr_scheduler import LambdaLR

def make_inverse_sqrt(warmup):
    def factor(step):
        step = max(step, 1)
        return min(step / warmup, (warmup / step) ** 0.5)
    return factor

optimizer = torch.optim.Adam(torch.nn.Linear(3, 1).parameters(), lr=0.002)
scheduler = LambdaLR(optimizer, lr_lambda=make_inverse_sqrt(4))
for step in range(10):
    optimizer.step()
    scheduler.step()
    print(step, scheduler.last_epoch, scheduler.get_last_lr()[0])
