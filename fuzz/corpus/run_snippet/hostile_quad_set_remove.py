s = set(range(100000))
for i in range(100000):
    s.discard(i)
print(len(s), s)
