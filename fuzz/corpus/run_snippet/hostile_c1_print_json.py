print("a\x9bb\x85c")
