import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

optimizer = torch.optim.Adam(torch.nn.Linear(3, 1).parameters(), lr=0.01)
scheduler = ReduceLROnPlateau(optimizer, patience=2)
for epoch in range(3):
    optimizer.step()
    print("epoch", epoch, "done")
    scheduler.step()
