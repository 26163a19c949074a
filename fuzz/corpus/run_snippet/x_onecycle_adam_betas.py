import torch
from torch.optim.lr_scheduler import OneCycleLR

model = torch.nn.Linear(5, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.99))
scheduler = OneCycleLR(optimizer, max_lr=0.01, epochs=2, steps_per_epoch=5,
                       pct_start=0.4, anneal_strategy="linear", div_factor=10.0,
                       final_div_factor=100.0)
for epoch in range(2):
    for batch in range(5):
        optimizer.step()
        scheduler.step()
        beta1, beta2 = optimizer.param_groups[0]["betas"]
        print(epoch, batch, f"{scheduler.get_last_lr()[0]:.6f}", round(beta1, 4), beta2)
print(scheduler.total_steps, scheduler.last_epoch)
