import torch
from torch.optim.lr_scheduler import StepLR

model = torch.nn.Linear(10, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
print("building scheduler...")
scheduler = StepLR(optimizer, milestones=[30, 60], gamma=0.1)
for epoch in range(90):
    optimizer.step()
    scheduler.step()
