s = 'a'.center(2 * 10**9)
