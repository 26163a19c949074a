x = -2**62 * 2
print(abs(x))
