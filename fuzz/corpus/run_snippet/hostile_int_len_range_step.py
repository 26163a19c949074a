print(len(range(0, 2**62, -1)), len(range(-2**62, 2**62, 3)))
