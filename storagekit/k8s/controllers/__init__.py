"""Controllers: each reads objects from the store and writes the next state, until nothing changes."""
