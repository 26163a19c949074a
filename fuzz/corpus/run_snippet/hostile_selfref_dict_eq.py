d1 = {}
d1['k'] = d1
d2 = {}
d2['k'] = d2
print(d1 == d2)
