import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

start_epoch = 12
optimizer = torch.optim.Adam(torch.nn.Linear(3, 1).parameters(), lr=0.001)
print("resuming at epoch", start_epoch)
scheduler = CosineAnnealingLR(optimizer, T_max=50, last_epoch=start_epoch - 1)
print(scheduler.get_last_lr())
