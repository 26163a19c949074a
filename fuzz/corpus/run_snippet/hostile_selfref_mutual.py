a = []
b = [a]
a.append(b)
print(a, repr(b))
