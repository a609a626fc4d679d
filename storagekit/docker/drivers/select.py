"""How dockerd picks its storage at start-up, step by step, with the errors it stops on.

Two decisions, in the order the daemon makes them:

1. **Image store** (Engine 29+, moby ``daemon/image_store_choice.go``
   ``determineImageStoreChoice``): a fresh install uses the containerd image
   store; a data root that already holds graph-driver state keeps graph
   drivers; ``"features": {"containerd-snapshotter": true|false}`` chooses
   explicitly, and so does a configured ``vfs``, ``overlay2`` or ``btrfs``.
   ``userns-remap`` switches the containerd store off (PR 51042).
2. **Graph driver** (``daemon/graphdriver/driver.go`` ``New``): a configured
   driver is used or the daemon fails; otherwise the driver whose state is in
   the data root is reused (several -> refuse to start); otherwise the first
   driver of the priority list whose ``Init`` succeeds.

>>> from storagekit.docker.drivers.host import HOSTS
>>> select_driver("1.12.6", HOSTS["ubuntu-16.04"]).driver
'aufs'
>>> select_driver("1.12.6", HOSTS["centos-7.2"]).driver
'devicemapper'
>>> select_driver("29.0.0", HOSTS["debian-12"]).driver
'overlayfs'
>>> select_driver("29.0.0", HOSTS["debian-12"], prior_state={"overlay2"}).driver
'overlay2'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storagekit.docker.drivers import catalogue as cat
from storagekit.docker.drivers.host import HostSpec

CONTAINERD_DEFAULT_SINCE: cat.Version = (29, 0, 0)
"""docker/docs ``engine/storage/containerd.md``: default for fresh installs of 29.0 and later."""
SNAPSHOTTER_FEATURE_SINCE: cat.Version = (24, 0, 0)
"""The ``containerd-snapshotter`` feature flag is honoured from 24.0 (docs; derived for earlier betas)."""
GRAPHDRIVER_NAMES_ON_29 = ("vfs", "overlay2", "btrfs")
"""Configured names that mean "graph drivers" to ``determineImageStoreChoice``; other names are snapshotters."""
SNAPSHOTTERS = ("overlayfs", "native", "btrfs", "zfs")
"""containerd's built-in snapshotters that dockerd can use (containerd ``docs/snapshotters/README.md``)."""
SNAPSHOTTER_UNAVAILABLE = 'snapshotter "{name}" is not available ({why})'
"""Our wording, not dockerd's: the daemon's text for a snapshotter that cannot load was not found in its sources."""


@dataclass(frozen=True)
class Step:
    """One line of the decision trace: what was looked at, what happened, and why."""

    driver: str
    verdict: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.driver}: {self.verdict}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Selection:
    """The outcome: a driver (or snapshotter) and why, or the error the daemon exits with.

    ``error`` is what the selection code returned; ``message`` is the line
    dockerd prints before exiting (graph-driver errors are wrapped as
    ``error initializing graphdriver: ...``, with ``: <name>`` appended when
    the driver was configured).
    """

    engine_version: str
    driver: str | None
    reason: str
    image_store: str = "graphdriver"
    error: str = ""
    configured: str | None = None
    trace: tuple[Step, ...] = ()
    wrapped: bool = True

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        v = cat.parse_version(self.engine_version)
        prefix = "failed to start daemon: " if v >= (20, 10, 0) else "Error starting daemon: "
        if not self.wrapped:
            return prefix + self.error
        suffix = f": {self.configured}" if self.configured else ""
        return f"{prefix}error initializing graphdriver: {self.error}{suffix}"

    @property
    def driver_type(self) -> str:
        """``docker info``'s ``driver-type`` line, shown for containerd snapshotters only."""
        return "io.containerd.snapshotter.v1" if self.image_store == "containerd" and self.ok else ""

    def explain(self) -> str:
        """The trace as numbered lines, for the course's decision diagram and for learners."""
        lines = [f"{i}. {step}" for i, step in enumerate(self.trace, 1)]
        lines.append(f"=> {self.driver} ({self.reason})" if self.ok else f"=> {self.message}")
        return "\n".join(lines)


def _graph_prior(prior_state: Iterable[str], version: cat.Version) -> tuple[set[str], list[Step]]:
    """``scanPriorDrivers``: non-empty directories of registered drivers, never ``vfs``."""
    found, notes = set(), []
    for name in sorted(set(prior_state)):
        if name == "vfs":
            notes.append(Step(name, "ignored", "vfs state never decides the driver"))
        elif not cat.is_built_in(name, version):
            notes.append(Step(name, "ignored", "state of a driver this engine does not have (derived)"))
        else:
            found.add(name)
    return found, notes


def _image_store(v: cat.Version, host: HostSpec, configured: str | None, prior: set[str],
                 feature: bool | None) -> tuple[str, str, str, list[Step]]:
    """Returns (store, snapshotter or "", error, steps); store is "graphdriver" or "containerd"."""
    steps: list[Step] = []
    if feature is not None and v < SNAPSHOTTER_FEATURE_SINCE:
        steps.append(Step("image store", "graph drivers", "this engine has no containerd-snapshotter feature"))
        return "graphdriver", "", "", steps
    if host.userns_remap and feature is not False and (feature or v >= CONTAINERD_DEFAULT_SINCE):
        steps.append(Step("image store", "graph drivers", "userns remapping enabled, disabling containerd snapshotter"))
        feature = False
    if v < CONTAINERD_DEFAULT_SINCE:
        if feature:
            steps.append(Step("image store", "containerd", '"containerd-snapshotter": true in daemon.json'))
            return "containerd", configured or "", "", steps
        why = ("the containerd image store is opt-in before Engine 29.0" if v >= SNAPSHOTTER_FEATURE_SINCE
               else "this engine has graph drivers only")
        if not steps:
            steps.append(Step("image store", "graph drivers", why))
        return "graphdriver", "", "", steps
    explicit = feature is not None
    store = "containerd" if feature is not False else "graphdriver"
    if configured:
        if not explicit and (configured in GRAPHDRIVER_NAMES_ON_29 or configured in prior):
            store, explicit = "graphdriver", True
            why = f'"{configured}" names a graph driver' if configured in GRAPHDRIVER_NAMES_ON_29 \
                else f"{configured} state already in the data root (PR 51492)"
            steps.append(Step("image store", "graph drivers", why))
        if store == "graphdriver":
            if not cat.is_built_in(configured, v):
                feats = "map[]" if feature is None else f"map[containerd-snapshotter:{str(feature).lower()}]"
                err = f'graphdriver is explicitly enabled but "{configured}" is not registered, {feats} '
                return "graphdriver", "", err, steps
            return "graphdriver", "", "", steps
        steps.append(Step("image store", "containerd", f'"{configured}" is taken as a snapshotter name'))
        return "containerd", configured, "", steps
    if explicit:
        if not steps:  # otherwise userns-remap already said why
            steps.append(Step("image store", "containerd" if feature else "graph drivers",
                              f'"containerd-snapshotter": {str(feature).lower()} in daemon.json'))
        return store, "", "", steps
    if prior:
        steps.append(Step("image store", "graph drivers",
                          f"upgraded install: {', '.join(sorted(prior))} state in {host.graph_root}"))
        return "graphdriver", "", "", steps
    steps.append(Step("image store", "containerd", "fresh install of Engine 29+ (no graph-driver state)"))
    return "containerd", "", "", steps


def _snapshotter(v: cat.Version, host: HostSpec, name: str, configured: str | None,
                 steps: list[Step], version: str) -> Selection:
    if not name:
        overlay = cat.probe("overlay2", host, v)
        if overlay.ok:
            steps.append(Step("overlayfs", "selected", "containerd's default snapshotter"))
            return Selection(version, "overlayfs", "containerd image store, default snapshotter", "containerd",
                             trace=tuple(steps))
        steps.append(Step("overlayfs", "skipped", overlay.why))
        steps.append(Step("native", "selected", "plain copies, like vfs (derived fallback)"))
        return Selection(version, "native", "containerd image store, overlay unusable", "containerd",
                         trace=tuple(steps))
    usable = {"overlayfs": cat.probe("overlay2", host, v).ok, "native": True,
              "btrfs": host.backing_fs == "btrfs", "zfs": host.backing_fs == "zfs"}
    if usable.get(name):
        steps.append(Step(name, "selected", "configured snapshotter"))
        return Selection(version, name, "containerd image store, configured snapshotter", "containerd",
                         configured=configured, trace=tuple(steps))
    why = "not a built-in snapshotter" if name not in SNAPSHOTTERS else f"cannot run on {host.backing_fs}"
    steps.append(Step(name, "failed", why))
    return Selection(version, None, why, "containerd", error=SNAPSHOTTER_UNAVAILABLE.format(name=name, why=why),
                     configured=configured, trace=tuple(steps), wrapped=False)


def _graphdriver(v: cat.Version, host: HostSpec, configured: str | None, prior: set[str],
                 steps: list[Step], version: str) -> Selection:
    def fail(error: str, reason: str, **kw) -> Selection:
        return Selection(version, None, reason, error=error, configured=configured, trace=tuple(steps), **kw)

    if configured:
        if cat.is_removed(configured, v):
            steps.append(Step(configured, "failed", f"removed in {'.'.join(map(str, cat.REMOVED[configured][:2]))}"))
            return fail(cat.removed_error(configured), "configured driver was removed")
        if not cat.is_built_in(configured, v):
            steps.append(Step(configured, "failed", "no such driver in this engine, and no plugin by that name"))
            return fail(cat.ERR_NOT_SUPPORTED, "unknown driver")
        if cat.is_deprecated(configured, v):
            steps.append(Step(configured, "configured", "deprecated: the daemon logs a warning"))
        result = cat.probe(configured, host, v)
        if not result.ok:
            steps.append(Step(configured, "failed", result.why))
            return fail(result.error, "configured driver cannot initialise")
        steps.append(Step(configured, "selected", "configured (storage-driver, --storage-driver or DOCKER_DRIVER)"))
        return Selection(version, configured, "configured", configured=configured, trace=tuple(steps))

    order = cat.priority_list(v)
    for name in order:
        if name not in prior:
            continue
        if cat.is_deprecated(name, v) and v >= cat.REFUSE_DEPRECATED_PRIOR_SINCE:
            steps.append(Step(name, "failed", "prior state of a deprecated driver needs an explicit choice"))
            return fail(cat.deprecated_prior_error(name), "deprecated prior driver")
        result = cat.probe(name, host, v)
        if not result.ok:
            steps.append(Step(name, "failed", f"prior state found, but the driver no longer initialises: {result.why}"))
            return fail(result.error, "prior driver cannot initialise")
        if len(prior) > 1:
            steps.append(Step(name, "failed", f"state of {len(prior)} drivers in {host.graph_root}"))
            return fail(cat.several_error(host.graph_root, sorted(prior), v), "several prior drivers")
        steps.append(Step(name, "selected", f"prior state in {host.graph_root}/{name}"))
        return Selection(version, name, "prior state", trace=tuple(steps))

    for name in order:
        if cat.is_deprecated(name, v) and v >= cat.SKIP_DEPRECATED_SINCE:
            steps.append(Step(name, "skipped", "deprecated drivers are never chosen automatically"))
            continue
        result = cat.probe(name, host, v)
        if not result.ok:
            steps.append(Step(name, "skipped", f"{result.error}: {result.why}"))
            continue
        steps.append(Step(name, "selected", "first in the priority list that initialises"))
        return Selection(version, name, "priority list", trace=tuple(steps))
    return fail(cat.NO_BACKEND if v >= (23, 0, 0) else cat.NO_BACKEND_OLD, "nothing initialises")


def select_driver(engine_version: str, host: HostSpec, configured: str | None = None,
                  prior_state: Iterable[str] = frozenset(), containerd_store: bool | None = None) -> Selection:
    """Pick the storage the way ``dockerd`` of ``engine_version`` does on ``host``.

    Args:
        engine_version: e.g. ``"1.12.6"``, ``"18.03.1"``, ``"28.2.2"``, ``"29.0.0"``.
        host: the kernel, backing filesystem and daemon mode (see ``HOSTS``).
        configured: ``storage-driver`` from daemon.json, ``--storage-driver`` or ``$DOCKER_DRIVER``.
        prior_state: names of non-empty driver directories already in the data root.
        containerd_store: ``features.containerd-snapshotter`` from daemon.json (None when unset).

    Returns:
        A ``Selection``; on failure ``driver`` is None and ``message`` is the daemon's last line.
    """
    v = cat.parse_version(engine_version)
    prior, steps = _graph_prior(prior_state, v)
    if configured:
        steps.insert(0, Step(configured, "configured", "storage-driver / --storage-driver / DOCKER_DRIVER"))
    store, snapshotter, error, store_steps = _image_store(v, host, configured, prior, containerd_store)
    steps.extend(store_steps)
    if error:
        return Selection(engine_version, None, "image store choice failed", error=error, configured=configured,
                         trace=tuple(steps), wrapped=False)
    if store == "containerd":
        return _snapshotter(v, host, snapshotter, configured, steps, engine_version)
    return _graphdriver(v, host, configured, prior, steps, engine_version)
