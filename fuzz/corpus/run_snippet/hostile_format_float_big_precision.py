s = format(1e308, '.9999999f')
print(len(s), s[:12], s[-3:])
