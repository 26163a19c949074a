import torch
from torch.optim.lr_scheduler import ConstantLR

layer = torch.nn.Linear(4, 4)
optimizer = torch.optim.RMSprop(layer.parameters(), lr=0.01, alpha=0.95)
scheduler = ConstantLR(optimizer, factor=0.25, total_iters=4)
print("initial {:.3e}".format(optimizer.param_groups[0]["lr"]))
for epoch in range(7):
    optimizer.step()
    scheduler.step()
    print("epoch {} -> {:.3e}".format(epoch, scheduler.get_last_lr()[0]))
print(optimizer.param_groups[0]["alpha"], scheduler.factor, scheduler.total_iters)
