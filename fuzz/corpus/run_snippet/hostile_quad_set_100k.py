s = set()
for i in range(100000):
    s.add(i * 7)
t = {i for i in range(0, 700000, 2)}
print(len(s), len(t), 699993 in s, 699994 in s, sum(1 for x in s if x in t))
