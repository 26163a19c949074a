import torch
from torch.optim import lr_scheduler

optimizer = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.05)
epochs = 5
print(f"training for {epochs} epochs")
scheduler = lr_scheduler.ExponentialLR(optimizer, gama=0.9)
for epoch in range(epochs):
    optimizer.step()
    scheduler.step()
