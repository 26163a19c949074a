import torch
from torch.optim.lr_scheduler import CyclicLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.02, momentum=0.95)
scheduler = CyclicLR(optimizer, base_lr=0.002, max_lr=0.02, step_size_up=2,
                     step_size_down=3, mode="exp_range", gamma=0.9,
                     base_momentum=0.8, max_momentum=0.95)
for it in range(11):
    optimizer.step()
    scheduler.step()
    g = optimizer.param_groups[0]
    print("{:2d} {:.6f} {:.4f}".format(it, g["lr"], g["momentum"]))
