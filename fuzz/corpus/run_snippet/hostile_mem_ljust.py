s = 'a'.ljust(10**12)
