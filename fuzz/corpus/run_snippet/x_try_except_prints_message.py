import torch
from torch.optim.lr_scheduler import StepLR, MultiStepLR

optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=0.1)
try:
    scheduler = StepLR(optimizer, milestones=[2, 4])
except TypeError as err:
    print("oops:", err)
    scheduler = MultiStepLR(optimizer, milestones=[2, 4], gamma=0.1)
print("using", type(scheduler).__name__)
for epoch in range(5):
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr())
