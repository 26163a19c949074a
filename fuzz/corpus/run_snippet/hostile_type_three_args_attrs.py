X = type('X', (object,), {'a': 1})
print(X.a)
