import torch
a = []
a.append(a)
print(a)
b = []
b.append(b)
same = a == b
