a = [1]
a.append(a)
s = str(a)
print(len(s), s)
