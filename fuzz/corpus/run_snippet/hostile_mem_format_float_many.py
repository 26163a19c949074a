keep = [format(1e308, '.9999999f') for _ in range(100)]
