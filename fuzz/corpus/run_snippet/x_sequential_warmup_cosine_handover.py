import torch
from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, SequentialLR

optimizer = torch.optim.SGD(torch.nn.Linear(4, 2).parameters(), lr=0.4, momentum=0.9)
warmup = LinearLR(optimizer, start_factor=0.25, total_iters=3)
decay = CosineAnnealingLR(optimizer, T_max=6, eta_min=0.0)
scheduler = SequentialLR(optimizer, schedulers=[warmup, decay], milestones=[3])
lrs = [scheduler.get_last_lr()[0]]
for epoch in range(9):
    optimizer.step()
    scheduler.step()
    lrs.append(scheduler.get_last_lr()[0])
for i, lr in enumerate(lrs):
    phase = "warmup" if i < 3 else "cosine"
    print(f"{i:>2} {phase:<7}{lr:.5f}")
print(warmup.last_epoch, decay.last_epoch, scheduler.last_epoch)
