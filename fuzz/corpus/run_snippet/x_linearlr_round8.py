import torch
from torch.optim.lr_scheduler import LinearLR

model = torch.nn.Conv2d(3, 8, kernel_size=3)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01)
scheduler = LinearLR(optimizer, start_factor=0.2, end_factor=1.0, total_iters=6)
history = []
for epoch in range(8):
    history.append(round(scheduler.get_last_lr()[0], 8))
    optimizer.step()
    scheduler.step()
print(history)
print(round(optimizer.param_groups[0]["lr"], 8), optimizer.param_groups[0]["weight_decay"])
