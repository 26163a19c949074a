print(abs(-2**63))
