"""Regenerators of the image catalogue: they read real package and image metadata and write the data files."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "storagekit" / "docker" / "catalogue" / "data"
