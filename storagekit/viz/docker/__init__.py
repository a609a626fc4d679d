"""Docker's storage drawn: images and their layers, builds, a container's overlay and mounts, the data root."""

__all__: list[str] = []
