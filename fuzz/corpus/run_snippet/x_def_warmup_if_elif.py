import torch
from torch.optim.lr_scheduler import LambdaLR

def warmup_hold_decay(epoch, warmup=3, hold=2, decay=0.7):
    if epoch < warmup:
        return (epoch + 1) / warmup
    elif epoch < warmup + hold:
        return 1.0
    else:
        return decay ** (epoch - warmup - hold + 1)

optimizer = torch.optim.RMSprop(torch.nn.Linear(3, 1).parameters(), lr=0.003)
scheduler = LambdaLR(optimizer, lr_lambda=warmup_hold_decay)
for epoch in range(9):
    print(epoch, f"{warmup_hold_decay(epoch):.4f}", f"{scheduler.get_last_lr()[0]:.6f}")
    optimizer.step()
    scheduler.step()
