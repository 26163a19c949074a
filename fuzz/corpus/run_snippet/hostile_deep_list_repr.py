x = []
for _ in range(2000000):
    x = [x]
print(repr(x))
