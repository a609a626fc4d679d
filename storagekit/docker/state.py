"""What every part of the Docker engine works on, named once.

:class:`~storagekit.docker.engine.DockerEngine` is put together from parts in
modules of their own: the containers' lifecycle, image removal, listings,
volumes. They share the daemon's state and call on one another; this base
class says what that state is and which calls a part may make, with their
types, so that each part reads (and is checked) on its own.
``DockerEngine.__init__`` sets the state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storagekit.docker import reference as refs
    from storagekit.docker.build.cache import BuildCache
    from storagekit.docker.containers import Container, ContainerStore
    from storagekit.docker.engine import EngineInfo
    from storagekit.docker.events_service import EventsService
    from storagekit.docker.images import Image, ImageStore
    from storagekit.docker.layers import Layer, LayerStore
    from storagekit.docker.layout import DataRoot
    from storagekit.docker.mounttable import HostMounts
    from storagekit.docker.storage.base import GraphDriver
    from storagekit.docker.volumes.store import VolumeStore
    from storagekit.fs import FileSystem
    from storagekit.fs.nodes import Dir
    from storagekit.runc.process import Process, Runner
    from storagekit.sim.clock import Clock
    from storagekit.sim.events import EventLog
    from storagekit.sim.ids import IdFactory


class EngineState:
    fs: FileSystem
    """The host's file system, which holds the data root."""
    clock: Clock
    ids: IdFactory
    events: EventLog
    events_service: EventsService
    """What ``docker events`` replays (:mod:`storagekit.docker.events_service`)."""
    runner: Runner
    machine: Callable[..., HostMounts] | None
    """The mount table of the host the daemon runs on, given by that host (None: a default Debian 12 host's)."""
    background: dict[str, Process]
    """Containers' main processes waiting in a ``sleep``, by container id, resumed as simulated time passes."""
    last_pid: int
    """The host's pid counter (:func:`storagekit.docker.top.fork`)."""
    info: EngineInfo
    layers: LayerStore
    images: ImageStore
    cache: BuildCache
    graph: GraphDriver
    data_root: DataRoot
    containers: ContainerStore
    volumes: VolumeStore

    if TYPE_CHECKING:  # the calls one part makes on another (DockerEngine's own, or another part's)
        def register_layer(self, root: Dir, parent: Layer | None, known_diff_id: tuple[str, int] | None = None,
                           blob_digest: str = "") -> Layer: ...

        def _release(self, layer: Layer | None) -> list[Layer]: ...

        def commit(self, config_json: bytes, top: Layer | None, parent: str = "",
                   repo_digests: list[str] | None = None, index_digest: str = "", attest: bool = False) -> Image: ...

        def tag(self, ref: refs.Reference, image: Image, *, log: bool = True) -> Image | None: ...

        def log_image_event(self, image_id: str, ref_name: str, action: str) -> None: ...

        def _write_repositories(self) -> None: ...

        def delete_image(self, image: Image) -> list[Layer]: ...

        def remove_container(self, c: Container, *, force: bool = False, volumes: bool = False) -> None: ...
