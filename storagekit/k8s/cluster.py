"""A cluster's control plane: the object store, the API server, and the controllers run to a fixpoint.

``ClusterState.settle()`` runs the workload controllers, the ephemeral volume
controller, the scheduler, the PV controller, the provisioners that run in the
cluster, the kubelets and the protection controllers until a round changes nothing, which is what a learner sees after
each command; ``step()`` runs one round, for lessons that show the controllers
at work.
"""

from __future__ import annotations

from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.controllers.persistentvolume import PVController
from storagekit.k8s.controllers.protection import sync_protection
from storagekit.k8s.controllers.provisioner import sync_provisioners
from storagekit.k8s.controllers.kubelet import run_kubelets
from storagekit.k8s.controllers.scheduler import schedule
from storagekit.k8s.controllers.deployment import sync_deployments
from storagekit.k8s.controllers.ephemeral import sync_ephemeral
from storagekit.k8s.controllers.expand import sync_expansion
from storagekit.k8s.controllers.statefulset import sync_statefulsets
from storagekit.k8s.runtime import ClusterRuntime
from storagekit.k8s.serviceaccount import publish_root_ca
from storagekit.k8s.store import ObjectStore
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory

KUBELET_VERSION = "v1.33.1"
MAX_ROUNDS = 50


class ClusterState:
    def __init__(self, clock: Clock, ids: IdFactory, nodes: list[str], provisioners: list[str]) -> None:
        self.clock, self.ids = clock, ids
        self.store = ObjectStore(clock, ids)
        self.api = APIServer(self.store)
        self.pv_controller = PVController(self.store)
        self.runtime = ClusterRuntime(clock)
        self.provisioners = list(provisioners)
        """Provisioners running in the cluster (the others only leave an ExternalProvisioning event)."""
        for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
            self.store.create({"apiVersion": "v1", "kind": "Namespace",
                               "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
                               "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
        publish_root_ca(self.store)
        for i, name in enumerate(nodes):
            self.add_node(name, control_plane=i == 0 and "control-plane" in name)

    def add_node(self, name: str, *, control_plane: bool = False, labels: dict | None = None) -> dict:
        """A Ready node with its own disk (see :class:`~storagekit.k8s.runtime.ClusterRuntime`)."""
        self.runtime.add_node(name)
        base = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
        if control_plane:
            base["node-role.kubernetes.io/control-plane"] = ""
        base.update(labels or {})
        return self.store.create({
            "apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": base},
            "spec": {}, "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                                   "message": "kubelet is posting ready status"}],
                                   "nodeInfo": {"kubeletVersion": KUBELET_VERSION, "osImage": "Debian GNU/Linux 12 (bookworm)",
                                                "kernelVersion": "6.1.0-37-amd64",
                                                "containerRuntimeVersion": "containerd://2.1.1"}},
        })

    def step(self) -> bool:
        """One round of every controller; True if it changed anything."""
        before = (self.store.resource_version, len(self.store.objects))
        sync_statefulsets(self.api)
        sync_deployments(self.api)
        sync_ephemeral(self.api)
        schedule(self.api)
        self.pv_controller.sync()
        sync_provisioners(self.api, self.provisioners)
        run_kubelets(self.store)
        sync_expansion(self.store)
        sync_protection(self.api)
        publish_root_ca(self.store)
        self.runtime.sync(self.store)
        return (self.store.resource_version, len(self.store.objects)) != before

    def settle(self) -> None:
        for _ in range(MAX_ROUNDS):
            if not self.step():
                return
