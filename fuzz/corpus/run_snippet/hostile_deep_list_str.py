x = []
for _ in range(2000000):
    x = [x]
s = str(x)
