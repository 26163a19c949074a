import torch
from torch.optim.lr_scheduler import ExponentialLR

steps_per_epoch = 4
total_steps = 14
optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
scheduler = ExponentialLR(optimizer, gamma=0.5)
for global_step in range(total_steps):
    epoch, batch = global_step // steps_per_epoch, global_step % steps_per_epoch
    optimizer.step()
    if batch == steps_per_epoch - 1:
        scheduler.step()
        print(f"epoch {epoch} done at step {global_step}: lr={scheduler.get_last_lr()[0]}")
print(total_steps // steps_per_epoch, total_steps % steps_per_epoch, -total_steps // steps_per_epoch)
print(f"{total_steps * 1000:,} samples, {2 ** 10} batch, {7.5 // 2} {7.5 % 2}")
