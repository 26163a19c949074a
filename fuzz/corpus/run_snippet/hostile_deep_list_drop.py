x = []
for _ in range(2000000):
    x = [x]
del x
print("done")
