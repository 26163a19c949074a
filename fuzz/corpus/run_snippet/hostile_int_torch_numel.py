import torch
print(torch.zeros(2**62, 4).numel())
