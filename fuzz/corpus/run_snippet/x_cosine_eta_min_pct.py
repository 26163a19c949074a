import math
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

base_lr = 0.1
optimizer = torch.optim.SGD(torch.nn.Linear(8, 2).parameters(), lr=base_lr, momentum=0.9)
scheduler = CosineAnnealingLR(optimizer, T_max=8, eta_min=0.001)
for epoch in range(10):
    optimizer.step()
    scheduler.step()
    lr = scheduler.get_last_lr()[0]
    closed = 0.001 + (base_lr - 0.001) * (1 + math.cos(math.pi * (epoch + 1) / 8)) / 2
    print(f"{epoch + 1:>2} {lr:.6f} {lr / base_lr * 100:.1f}% {math.isclose(lr, closed)}")
