import torch
from torch.optim.lr_scheduler import OneCycleLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1, momentum=0.9)
scheduler = OneCycleLR(optimizer, max_lr=0.1, epochs=2, steps_per_epoch=3)
for epoch in range(3):
    for batch in range(3):
        optimizer.step()
        scheduler.step()
    print(epoch, f"{scheduler.get_last_lr()[0]:.3e}")
