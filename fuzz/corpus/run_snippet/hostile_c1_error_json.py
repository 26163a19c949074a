raise ValueError("x\x9b[31my")
