import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

num_epochs = 4
batches = 5
optimizer = torch.optim.SGD(torch.nn.Linear(4, 1).parameters(), lr=0.1)
scheduler = CosineAnnealingLR(optimizer, T_max=num_epochs)
for epoch in range(num_epochs):
    for batch in range(batches):
        optimizer.step()
        scheduler.step()  # meant once per epoch!
    print(f"end of epoch {epoch}: lr={scheduler.get_last_lr()[0]:.6f} (step {scheduler.last_epoch})")
