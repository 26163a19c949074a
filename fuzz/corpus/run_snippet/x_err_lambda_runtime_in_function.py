import torch
from torch.optim.lr_scheduler import LambdaLR

schedule = {0: 1.0, 1: 0.5, 2: 0.25}

def lookup(epoch):
    factor = schedule[epoch]
    return factor

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.4)
scheduler = LambdaLR(optimizer, lr_lambda=lookup)
for epoch in range(5):
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr())
