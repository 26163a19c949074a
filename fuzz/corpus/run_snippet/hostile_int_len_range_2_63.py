print(len(range(-2**62, 2**62)))
