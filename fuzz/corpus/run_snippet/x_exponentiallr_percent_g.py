import torch
from torch.optim import lr_scheduler

params = [torch.nn.Parameter(torch.zeros(5))]
optimizer = torch.optim.Adagrad(params, lr=0.5)
scheduler = lr_scheduler.ExponentialLR(optimizer, gamma=0.85)
for epoch in range(8):
    optimizer.step()
    scheduler.step()
    lr = scheduler.get_last_lr()[0]
    print("epoch %d lr %g" % (epoch, lr))
print("%.10f" % lr, "%s" % scheduler.gamma)
