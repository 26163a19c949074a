x = -2**62 * 2
print(abs(x) > 0, x < 0)
