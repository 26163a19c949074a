import torch
from torch.optim.lr_scheduler import PolynomialLR

optimizer = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=0.08)
scheduler = PolynomialLR(optimizer, total_iters=6, power=2.0)
for epoch in range(8):
    optimizer.step()
    scheduler.step()
    lr = scheduler.get_last_lr()[0]
    print(f"{epoch}: {lr!r:>24} {lr:.5f}")
