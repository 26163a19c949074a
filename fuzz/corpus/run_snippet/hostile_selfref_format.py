a = [1]
a.append(a)
print(format(a), "{}".format(a), "%s" % (a,))
