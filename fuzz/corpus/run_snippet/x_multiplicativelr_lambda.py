import torch
from torch.optim.lr_scheduler import MultiplicativeLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=1.0)
scheduler = MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.5 if epoch % 3 == 0 else 0.9)
seen = []
for epoch in range(8):
    optimizer.step()
    scheduler.step()
    seen.append(scheduler.get_last_lr()[0])
print(seen)
print([f"{v:.4g}" for v in seen])
