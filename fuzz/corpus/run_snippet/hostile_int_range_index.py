print(range(-2**62 * 2, 2**62)[-1])
