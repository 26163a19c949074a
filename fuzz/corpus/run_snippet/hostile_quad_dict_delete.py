d = {i: str(i) for i in range(100000)}
for k in list(d):
    del d[k]
print(len(d), d)
d[5] = 1
print(d)
