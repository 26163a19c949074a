import torch
from torch.optim.lr_scheduler import StepLR

config = dict(lr=0.05, step_size=2, gamma=0.1, epochs=int(6.0))
lr, gamma = config["lr"], config["gamma"]
optimizer = torch.optim.SGD(torch.nn.Linear(3, 1).parameters(), lr=lr)
scheduler = StepLR(optimizer, step_size=config["step_size"], gamma=gamma)
log = {}
for epoch in range(config["epochs"]):
    optimizer.step()
    scheduler.step()
    log[epoch] = scheduler.get_last_lr()[0]
print(log)
print(sorted(config.keys()), len(log), tuple(sorted(log))[-2:], float(config["step_size"]), str(gamma))
sd = scheduler.state_dict()
print(sd["step_size"], sd["gamma"], sd["last_epoch"], sd["base_lrs"], sd["_last_lr"])
