import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=1, cooldown=1, min_lr=0.01)
val_losses = [1.0, 0.9, 0.95, 0.96, 0.97, 0.85, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95]
for epoch, val in enumerate(val_losses):
    optimizer.step()
    scheduler.step(val)
    lr = optimizer.param_groups[0]["lr"]
    print(epoch, val, lr, scheduler.num_bad_epochs, scheduler.cooldown_counter, scheduler.best)
print(scheduler.get_last_lr())
