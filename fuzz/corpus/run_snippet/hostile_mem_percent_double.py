s = 'ab'
while True:
    s = '%s%s' % (s, s)
