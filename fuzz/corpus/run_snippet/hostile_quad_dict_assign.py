d = {}
for i in range(100000):
    d[str(i)] = i
print(len(d), d["77777"], list(d)[:3], list(d)[-1])
