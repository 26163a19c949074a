t = (0,)
while True:
    t = t + t
