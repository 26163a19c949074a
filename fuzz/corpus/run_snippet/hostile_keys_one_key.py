d = {1: 'a', 1.0: 'b', True: 'c'}
print(d, len(d))
s = {1, 1.0, True}
print(s, len(s))
e = {0: 'x'}
e[False] = 'y'
e[0.0] = 'z'
print(e, e[False], 1.0 in d, True in {1}, {2.0: 2}[2])
