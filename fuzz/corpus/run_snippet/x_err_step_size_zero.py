import torch
from torch.optim.lr_scheduler import StepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
epochs = 10
step_size = epochs // 20
scheduler = StepLR(optimizer, step_size=step_size)
print("step_size =", step_size, "lr =", scheduler.get_last_lr())
for epoch in range(epochs):
    optimizer.step()
    scheduler.step()
