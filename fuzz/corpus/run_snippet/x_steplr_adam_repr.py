import torch
import torch.nn as nn
from torch.optim.lr_scheduler import StepLR

model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
scheduler = StepLR(optimizer, step_size=3, gamma=0.3)
loss_fn = nn.MSELoss()
x, y = torch.randn(8, 6), torch.randn(8, 1)
for epoch in range(9):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(epoch, repr(scheduler.get_last_lr()[0]))
print("last_epoch:", scheduler.last_epoch, "base:", scheduler.base_lrs)
