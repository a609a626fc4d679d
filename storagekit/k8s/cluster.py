"""A cluster's control plane: the object store, the API server, and the controllers run to a fixpoint.

``ClusterState.settle()`` runs the workload controllers, the ephemeral volume
controller, the scheduler, the PV controller, the provisioners that run in the
cluster, the kubelets and the protection controllers until a round changes nothing, which is what a learner sees after
each command. In stepping mode commands leave that to the learner: ``step()``
runs one round and reports what each controller wrote, for lessons that show
the controllers at work.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.controllers.deployment import sync_deployments
from storagekit.k8s.controllers.ephemeral import sync_ephemeral
from storagekit.k8s.controllers.expand import Resizer
from storagekit.k8s.controllers.job import due as job_due
from storagekit.k8s.controllers.job import sync_jobs
from storagekit.k8s.controllers.kubelet import run_kubelets
from storagekit.k8s.controllers.persistentvolume import PVController
from storagekit.k8s.controllers.protection import sync_protection
from storagekit.k8s.controllers.provisioner import sync_provisioners
from storagekit.k8s.controllers.scheduler import schedule
from storagekit.k8s.controllers.statefulset import sync_statefulsets
from storagekit.k8s.runtime import ClusterRuntime
from storagekit.k8s.serviceaccount import publish_root_ca
from storagekit.k8s.store import ObjectStore
from storagekit.runc.process import Runner
from storagekit.sim import kernel
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory

KUBELET_VERSION = "v1.33.1"
SYSTEM_SERVICES = (
    {"apiVersion": "v1", "kind": "Service",
     "metadata": {"name": "kubernetes", "namespace": "default",
                  "labels": {"component": "apiserver", "provider": "kubernetes"}},
     "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "internalTrafficPolicy": "Cluster",
              "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
              "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
              "sessionAffinity": "None", "type": "ClusterIP"}, "status": {"loadBalancer": {}}},
    {"apiVersion": "v1", "kind": "Service",
     "metadata": {"name": "kube-dns", "namespace": "kube-system",
                  "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                             "kubernetes.io/name": "CoreDNS"}},
     "spec": {"clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"], "internalTrafficPolicy": "Cluster",
              "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
              "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                        {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                        {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
              "selector": {"k8s-app": "kube-dns"}, "sessionAffinity": "None", "type": "ClusterIP"},
     "status": {"loadBalancer": {}}},
)
"""The Services every kubeadm cluster (kind's included) starts with: the API server's and the cluster DNS."""
USER = "kubectl"
"""Who :attr:`ClusterState.recent` says made the writes that came between rounds: the learner's commands."""
MAX_ROUNDS = 500
"""A guard against controllers that never agree; an OrderedReady StatefulSet of n replicas needs about 2n rounds."""


@dataclass(frozen=True)
class Change:
    """One write a controller made during a round: ``persistentvolume-controller updated PersistentVolumeClaim
    default/data``."""

    controller: str
    action: str
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.controller} {self.action} {self.kind} {where}"


@dataclass
class Round:
    """What one pass of every controller did: the writes in order, and the events it recorded."""

    changes: list[Change] = field(default_factory=list)
    events: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __str__(self) -> str:
        lines = [str(c) for c in self.changes] + [f"  event {e.type} {e.reason} {e.kind.lower()}/{e.name}: {e.message}"
                                                 for e in self.events]
        return "\n".join(lines) if lines else "nothing to do: the cluster has settled"


class ClusterState:
    def __init__(self, clock: Clock, ids: IdFactory, nodes: list[str], provisioners: list[str],
                 runner: Runner) -> None:
        self.clock, self.ids = clock, ids
        self.store = ObjectStore(clock, ids)
        self.api = APIServer(self.store)
        self.pv_controller = PVController(self.store)
        self.resizer = Resizer(self.store)
        self.runtime = ClusterRuntime(clock, runner)
        self.provisioners = list(provisioners)
        """Provisioners running in the cluster (the others only leave an ExternalProvisioning event)."""
        self.stepping = False
        """When True, commands do not settle the cluster; :meth:`step` runs one round at a time."""
        for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
            self.store.create({"apiVersion": "v1", "kind": "Namespace",
                               "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
                               "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
        publish_root_ca(self.store)
        for service in SYSTEM_SERVICES:
            self.store.create(copy.deepcopy(service))
        for i, name in enumerate(nodes):
            self.add_node(name, control_plane=i == 0 and "control-plane" in name)
        self.recent: list[Change] = []
        """What the last command changed, settled: its own writes (by ``kubectl``), then each controller's,
        round after round, until the next command writes; reads leave it as it is."""
        self._fresh = True
        self.baseline()

    def baseline(self) -> None:
        """The cluster as it is now is where things start: nothing counts as changed."""
        self.store.journal.clear()
        self.recent = []

    def command_started(self) -> None:
        """A new command line: its first write starts a new :attr:`recent`."""
        self._fresh = True

    def add_node(self, name: str, *, control_plane: bool = False, labels: dict | None = None) -> dict:
        """A Ready node with its own disk (see :class:`~storagekit.k8s.runtime.ClusterRuntime`) and a kubelet, which
        reports the node's address on kind's network (``172.18.0.2`` for the first)."""
        address = f"172.18.0.{2 + len(self.runtime.nodes)}"
        self.runtime.add_node(name)
        base = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
        if control_plane:
            base["node-role.kubernetes.io/control-plane"] = ""
        base.update(labels or {})
        return self.store.create({
            "apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": base},
            "spec": {}, "status": {"addresses": [{"address": address, "type": "InternalIP"},
                                                 {"address": name, "type": "Hostname"}],
                                   "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                                   "message": "kubelet is posting ready status"}],
                                   "nodeInfo": {"kubeletVersion": KUBELET_VERSION,
                                                "osImage": "Debian GNU/Linux 12 (bookworm)",
                                                "kernelVersion": kernel.RELEASE,
                                                "containerRuntimeVersion": "containerd://2.1.1"}},
        })

    def _controllers(self) -> list[tuple[str, Callable[[], None]]]:
        """Every controller of a round, in the order they run, by the name its events carry."""
        return [
            ("statefulset-controller", lambda: sync_statefulsets(self.api)),
            ("deployment-controller", lambda: sync_deployments(self.api)),
            ("job-controller", lambda: sync_jobs(self.api)),
            ("ephemeral-volume-controller", lambda: sync_ephemeral(self.api)),
            ("default-scheduler", lambda: schedule(self.api)),
            ("persistentvolume-controller", self._sync_volumes),
            ("external-provisioner", lambda: sync_provisioners(self.api, self.provisioners,
                                                               self.runtime.local_path_setup,
                                                               self.runtime.copy_volume)),
            ("kubelet", lambda: run_kubelets(self.store, self.runtime)),
            ("volume_expand", self.resizer.sync),
            ("pvc-protection-controller", lambda: sync_protection(self.api)),
            ("root-ca-cert-publisher", lambda: publish_root_ca(self.store)),
        ]

    def _sync_volumes(self) -> None:
        self.pv_controller.sync()
        for pv in self.pv_controller.recycled:
            self.runtime.scrub(pv)
        self.pv_controller.recycled.clear()

    def step(self) -> Round:
        """One round of every controller; the :class:`Round` is true if anything changed."""
        journal, first_event = self.store.journal, len(self.store.events)
        if journal:  # written since the last round, so by a command
            mine = [Change(USER, *entry) for entry in journal]
            self.recent = mine if self._fresh else self.recent + mine
            self._fresh = False
        journal.clear()
        report = Round()
        for name, run in self._controllers():
            start = len(journal)
            run()
            report.changes += [Change(name, *entry) for entry in journal[start:]]
        self.runtime.sync(self.store)
        journal.clear()  # what is there at the start of the next round is a command's
        report.events = self.store.events[first_event:]
        self.recent += report.changes
        return report

    def settle(self) -> None:
        """Run rounds until one changes nothing (not in stepping mode, where the learner steps)."""
        if not self.stepping:
            self.run_to_fixpoint()

    def catch_up(self) -> None:
        """Let what time alone brings (a crashed container's back-off running out, a sleeping script's next pass, a
        Job's replacement Pod or TTL) happen before a read."""
        restarts = self.runtime.due() or any(due <= self.clock.now for due in self.runtime.backoff.values())
        if not self.stepping and (restarts or any(job_due(self.store, j,
                                                          self.clock.now) for j in self.store.list("Job"))):
            self.run_to_fixpoint()

    def run_to_fixpoint(self) -> None:
        for _ in range(MAX_ROUNDS):
            if not self.step():
                return
