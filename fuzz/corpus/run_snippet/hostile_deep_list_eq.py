x = []
y = []
for _ in range(2000000):
    x = [x]
    y = [y]
print(x == y)
