d = {}
for k in ['b', 'a', 'c']:
    d[k] = len(d)
del d['a']
d['a'] = 9
d['b'] = 7
print(d, list(d))
