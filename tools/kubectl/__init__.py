"""Rebuilds kubectl's command tree from a real kubectl client."""
