x = {}
for _ in range(2000000):
    x = {'k': x}
print(x)
