"""The kubelet's image pulls: the events before a container starts, and the images a node keeps."""

from __future__ import annotations

from storagekit.k8s.apiserver import pull_policy
from storagekit.k8s.events import container_field


def _go_duration(ms: int) -> str:
    return f"{ms}ms" if ms < 1000 else f"{ms / 1000:.3f}".rstrip("0").rstrip(".") + "s"


def pull(store, pod: dict, container: dict) -> None:
    """The image pull before a container starts, as its events tell it: pulled (timed by a modelled 40 MB/s
    registry), or already present for IfNotPresent. The node remembers what it pulled in ``status.images``."""
    node = store.get("Node", pod["spec"]["nodeName"])
    images = node.setdefault("status", {}).setdefault("images", []) if node else []
    image = container.get("image", "")
    present = any(_canonical(image) in entry.get("names", []) for entry in images)
    policy = container.get("imagePullPolicy") or pull_policy(image)
    if present and policy == "IfNotPresent":
        store.record(pod, "Normal", "Pulled", f'Container image "{image}" already present on machine', "kubelet",
                     container_field(pod, container))
        return
    size = _image_size(image)
    ms = 400 + (size // 40_000 if not present else 0)
    store.record(pod, "Normal", "Pulling", f'Pulling image "{image}"', "kubelet", container_field(pod, container))
    store.record(pod, "Normal", "Pulled", f'Successfully pulled image "{image}" in {_go_duration(ms)} '
                 f"({_go_duration(ms)} including waiting). Image size: {size} bytes.", "kubelet",
                 container_field(pod, container))
    if not present and node is not None:
        images.append({"names": [_canonical(image)], "sizeBytes": size})
        store.update(node)


def _canonical(image: str) -> str:
    """``nginx`` and ``docker.io/library/nginx:latest`` are one image on the node."""
    from storagekit.docker import reference as refs

    try:
        return refs.parse(image).with_default_tag().canonical
    except Exception:  # noqa: BLE001 - an unparsable name stays as written
        return image


def image_id(image: str) -> str:
    """What the runtime reports as the image a container runs: ``docker.io/library/nginx@sha256:...``."""
    from storagekit.docker import reference as refs
    from storagekit.docker.catalogue import images as catalogue

    try:
        ref = refs.parse(image).with_default_tag()
        spec = catalogue.find_image(ref.canonical)
    except Exception:  # noqa: BLE001 - an image the catalogue does not hold: named by its tag only
        return _canonical(image)
    if spec is None or not spec.repo_digest:
        return _canonical(image)
    return f"{_canonical(image).rsplit(':', 1)[0]}@{spec.repo_digest}"


def _image_size(image: str) -> int:
    """What containerd reports for a pulled image: its compressed layers (modelled from the catalogue's sizes)."""
    from storagekit.docker import reference as refs
    from storagekit.docker.catalogue import images as catalogue
    from storagekit.docker.content import GZIP_RATIO

    try:
        spec = catalogue.find_image(refs.parse(image).with_default_tag().canonical)
    except Exception:  # noqa: BLE001 - an image the catalogue does not hold: a small one
        spec = None
    return int(spec.size * GZIP_RATIO) if spec is not None else 2_000_000
