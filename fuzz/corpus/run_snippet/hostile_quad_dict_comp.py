d = {i: i for i in range(100000)}
print(len(d), d[0], d[99999], sum(d.values()))
