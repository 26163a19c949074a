keep = []
for i in range(1000):
    keep.append([i] * 10**6)
