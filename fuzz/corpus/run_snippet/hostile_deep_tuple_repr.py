t = ()
for _ in range(2000000):
    t = (t,)
print(repr(t))
