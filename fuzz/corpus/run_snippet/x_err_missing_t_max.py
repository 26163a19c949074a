import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

optimizer = torch.optim.AdamW(torch.nn.Linear(2, 1).parameters(), lr=3e-4)
scheduler = CosineAnnealingLR(optimizer, eta_min=1e-6)
for epoch in range(10):
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr())
