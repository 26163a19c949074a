l = list('a' * 10**8)
