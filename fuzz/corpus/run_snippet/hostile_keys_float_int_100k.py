d = {float(i): i for i in range(100000)}
print(len(d), d[99999], 99999 in d, 100000.5 in d)
d.update({i: -i for i in range(50000)})
print(len(d), d[0.0], d[49999.0], list(d.keys())[0])
