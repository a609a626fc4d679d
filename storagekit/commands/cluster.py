"""``Cluster``: a simulated Kubernetes cluster and a workstation shell that has ``kubectl`` on its PATH.

>>> cluster = Cluster(nodes=["node1"])
>>> cluster.sh("kubectl get nodes").out.splitlines()[0].split()
['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']
"""

from __future__ import annotations

import functools

from storagekit.commands.host import Result
from storagekit.commands.shell.redirect import encode, typed
from storagekit.fs import Dir, FileSystem, users
from storagekit.fs import paths as fspaths
from storagekit.fs.devices import dev_tree
from storagekit.k8s.cluster import ClusterState
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory
from storagekit.sim.serial import serialised
from storagekit.sim.snapshot import Snapshots

KIND_PROVISIONER = "rancher.io/local-path"


class Cluster(Snapshots):
    """A cluster and the workstation shell a learner types kubectl at.

    A value like :class:`~storagekit.commands.host.DockerHost`: ``snapshot()``,
    ``restore(snap)`` and ``copy.deepcopy``.
    """

    hostname = "workstation"
    """The machine kubectl runs on, as its prompt shows it."""

    def __init__(self, nodes: list[str] | None = None, provisioners: list[str] | None = None, *,
                 seed: str = "storagekit") -> None:
        """A cluster with these Ready nodes (``node1`` when not given; ``[]`` is a cluster with none) and these
        dynamic provisioners running, and no StorageClass."""
        self.clock = Clock()
        self.ids = IdFactory(seed)
        from storagekit.commands.runner import run_in_rootfs

        runner = functools.partial(run_in_rootfs, clock=self.clock)
        nodes = ["node1"] if nodes is None else nodes
        self.state = ClusterState(self.clock, self.ids, list(nodes), list(provisioners or []), runner)
        self.fs = FileSystem(Dir(), clock=self.clock)
        for d in ("/root", "/tmp", "/etc"):
            self.fs.mkdir(d, 0o700 if d == "/root" else 0o755)
        self.fs.put("/dev", dev_tree(self.clock.now))
        users.install(self.fs)
        from storagekit.commands.kubectl import kubectl_program
        from storagekit.commands.shell.coreutils import COREUTILS
        from storagekit.commands.shell.coreutils.editors import PROGRAMS as EDITORS
        from storagekit.commands.shell.interpreter import Shell

        programs = dict(COREUTILS)
        programs["kubectl"] = functools.partial(kubectl_program, self)
        programs.update(EDITORS)
        self.shell = Shell(self.fs, cwd="/root", programs=programs, dialect="bash", clock=self.clock)

    @classmethod
    def kind(cls) -> Cluster:
        """What ``kind create cluster`` gives: one node, the ``standard`` default class of local-path-provisioner."""
        cluster = cls(nodes=["kind-control-plane"], provisioners=[KIND_PROVISIONER])
        cluster.state.api.create({
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": KIND_PROVISIONER, "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer",
        })
        cluster.state.baseline()
        return cluster

    @property
    def stepping(self) -> bool:
        """When True, kubectl leaves the controllers alone and :meth:`step` runs them one round at a time."""
        return self.state.stepping

    @stepping.setter
    def stepping(self, on: bool) -> None:
        self.state.stepping = on

    @serialised
    def step(self):
        """One round of every controller: a :class:`~storagekit.k8s.cluster.Round` listing what each one wrote."""
        return self.state.step()

    @serialised
    def settle(self) -> None:
        """Run the controllers until nothing changes, as the cluster does by itself outside stepping mode."""
        self.state.run_to_fixpoint()

    @serialised
    def sh(self, line: str, stdin: str | bytes | None = None) -> Result:
        """Run one line at the workstation's bash prompt (each line advances the clock by one second)."""
        self.clock.advance(1)
        self.state.command_started()
        return Result.of(self.shell.run(line, stdin))

    @serialised
    def node_sh(self, node: str, line: str) -> Result:
        """Run a line at a node's own shell (``minikube ssh``, ``docker exec -it kind-control-plane bash``)."""
        from storagekit.commands.shell.coreutils import COREUTILS
        from storagekit.commands.shell.interpreter import Shell

        self.clock.advance(1)
        shell = Shell(self.state.runtime.nodes[node], cwd="/", programs=dict(COREUTILS), dialect="bash",
                      clock=self.clock)
        return Result.of(shell.run(line))

    def _read_only(self) -> list[Dir]:
        return self.state.runtime.read_only_trees()

    @serialised
    def write(self, path: str, data: str | bytes) -> None:
        """Put a file (a manifest, say) on the workstation."""
        path = fspaths.normalize(fspaths.join(self.shell.cwd, typed(path)))
        self.fs.mkdir(fspaths.parent(path), parents=True)
        self.fs.write(path, encode(typed(data)) if isinstance(data, str) else data)
