import torch
from torch import optim
from torch.optim.lr_scheduler import MultiStepLR

optimizer = optim.Adam(torch.nn.Linear(4, 2).parameters(), lr=0.001)
scheduler = MultiStepLR(optimizer, step_size=10, gamma=0.5)
for epoch in range(30):
    optimizer.step()
    scheduler.step()
print(scheduler.get_last_lr())
