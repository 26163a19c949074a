t = ()
u = ()
for _ in range(2000000):
    t = (t,)
    u = (u,)
print(t == u)
