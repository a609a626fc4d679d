"""Maintainers' tools that rebuild the kit's data from real sources; not part of the installed package."""
