d = {}
print('\u009b[2J')
d['\u009b']
