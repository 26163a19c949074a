a = [1]
a.append(a)
d = {"a": a}
d["d"] = d
print(f"{a} {a!r} {d}")
