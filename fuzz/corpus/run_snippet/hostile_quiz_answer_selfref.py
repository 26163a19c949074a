a = []
a.append(a)
print(a)
b = []
b.append(b)
print(a == b)
.
