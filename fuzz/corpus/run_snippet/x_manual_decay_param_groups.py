import torch
import torch.nn as nn

encoder = nn.Linear(8, 4)
decoder = nn.Linear(4, 8)
optimizer = torch.optim.SGD([{"params": encoder.parameters(), "lr": 0.01},
                             {"params": decoder.parameters(), "lr": 0.1}], momentum=0.5)
for epoch in range(6):
    optimizer.step()
    if epoch % 2 == 1:
        for group in optimizer.param_groups:
            group["lr"] *= 0.5
    print(epoch, [g["lr"] for g in optimizer.param_groups])
print(optimizer.param_groups[0]["momentum"], optimizer.param_groups[1]["momentum"])
