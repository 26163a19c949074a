d = {i * 3: None for i in range(100000)}
n = 0
for i in range(300000):
    if i in d:
        n += 1
print(n)
