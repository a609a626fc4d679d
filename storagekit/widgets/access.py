"""AccessModeLab: place Pods on nodes and see which can mount their claim: ReadWriteOnce, ReadWriteMany, ReadWriteOncePod.

Two nodes and three claims: an attachable disk read-write by one node (RWO),
an NFS share read-write by many (RWX), and a disk for exactly one Pod (RWOP).
The learner creates Pods, pinned to a node (``nodeName`` or a
``nodeSelector``) or left to the scheduler, and reads what the cluster says:
a second node's Pod waits with the ``Multi-Attach error`` event, a second
Pod of an RWOP claim is not scheduled at all.
"""

from __future__ import annotations

import ipywidgets as widgets

from storagekit.commands.prompt import heredoc
from storagekit.widgets.base import Lab, button, heading, on_enter, replace_options, row
from storagekit.widgets.cards import MODES, manifest

SCHEDULER = "(the scheduler decides)"
DISK, NFS = "CSI disk (one node at a time)", "NFS share (many nodes)"
BACKINGS = {
    DISK: lambda name: {"csi": {"driver": "ebs.csi.aws.com", "volumeHandle": f"vol-{name}"}},
    NFS: lambda name: {"nfs": {"server": "nfs.example.com", "path": f"/exports/{name}"}},
}
"""What a new claim's volume can be: an attachable disk (the attach/detach rules apply) or a network share."""
START = [("rwo", "ReadWriteOnce", DISK), ("rwx", "ReadWriteMany", NFS), ("rwop", "ReadWriteOncePod", DISK)]
"""(claim name, access mode, what backs its volume) of the claims a fresh lab starts with."""


def claim_objects(name: str, mode: str, backing: str) -> list[dict]:
    """A volume of that backing and a claim pre-bound to it (``volumeName``), neither with a class."""
    pv = {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": f"pv-{name}"},
          "spec": {"capacity": {"storage": "1Gi"}, "accessModes": [mode], "storageClassName": "",
                   **BACKINGS[backing](name)}}
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name, "namespace": "default"},
           "spec": {"accessModes": [mode], "storageClassName": "", "volumeName": f"pv-{name}",
                    "resources": {"requests": {"storage": "1Gi"}}}}
    return [pv, pvc]


def pod_object(name: str, claim: str, node: str, how: str, read_only: bool) -> dict:
    spec: dict = {"containers": [{"name": "app", "image": "busybox", "command": ["sleep", "infinity"],
                                  "volumeMounts": [{"name": "data", "mountPath": "/data", **(
                                      {"readOnly": True} if read_only else {})}]}],
                  "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": claim}}]}
    if node != SCHEDULER:
        if how == "nodeName":
            spec = {"nodeName": node, **spec}
        else:
            spec = {"nodeSelector": {"kubernetes.io/hostname": node}, **spec}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"}, "spec": spec}


class AccessModeLab(Lab):
    """Create Pods that share a claim, on one node or on two, and see which of them can mount it.

    In a notebook::

        lab = AccessModeLab()               # node1, node2; claims rwo, rwx, rwop
        lab.claim.value = "rwo"; lab.node.value = "node1"; lab.create_button.click()
        lab.node.value = "node2"; lab.create_button.click()   # Multi-Attach error: the disk is on node1
    """

    title = "Access modes: which Pods, on which nodes, can mount the same claim?"

    def __init__(self, cluster=None) -> None:
        from storagekit import Cluster

        cluster = cluster if cluster is not None else Cluster(nodes=["node1", "node2"])
        setup = []
        if not cluster.state.store.list("PersistentVolumeClaim"):
            objects = [o for row in START for o in claim_objects(*row)]
            setup = [heredoc("kubectl apply -f -", "---\n".join(manifest(o) for o in objects)),
                     "kubectl get pv,pvc"]
        self.target = cluster
        self.pod_name = widgets.Text(description="Pod name")
        self.claim = widgets.Dropdown(description="claim")
        self.node = widgets.Dropdown(description="node")
        self.how = widgets.ToggleButtons(options=["nodeName", "nodeSelector"], description="pin with")
        self.read_only = widgets.Checkbox(description="readOnly mount", indent=False)
        self.create_button = button("Create Pod", self.create_pod, style="primary")
        self.pods = widgets.Dropdown(description="Pod")
        self.delete_button = button("Delete Pod", self.delete_pod)
        self.new_claim = widgets.Text(description="new claim", placeholder="name")
        self.new_mode = widgets.Dropdown(options=[(short, full) for short, full in MODES], description="mode")
        self.new_backing = widgets.Dropdown(options=list(BACKINGS), description="backed by")
        self.add_claim_button = button("Add claim", self.add_claim)
        on_enter(self.pod_name, self.create_pod)
        on_enter(self.new_claim, self.add_claim)
        super().__init__(cluster, [
            heading("A Pod that mounts a claim at /data"), self.pod_name, self.claim, self.node, self.how,
            self.read_only, self.create_button,
        ], setup=setup, side=[
            heading("Remove a Pod"), row(self.pods, self.delete_button),
            heading("Another claim (with its own volume)"), self.new_claim, self.new_mode, self.new_backing,
            self.add_claim_button,
        ])

    # ------------------------------------------------------------ actions

    def report(self) -> None:
        self.run("kubectl get pods -o wide")
        self.run("kubectl get events")

    def create_pod(self) -> None:
        name = self.pod_name.value.strip()
        if not name or not self.claim.value:
            return
        pod = pod_object(name, self.claim.value, self.node.value, self.how.value, self.read_only.value)
        with self.action(f"create Pod {name} ({self.claim.value}, {self.node.value})"):
            self.run(heredoc("kubectl apply -f -", manifest(pod)))
            self.report()

    def delete_pod(self) -> None:
        if not self.pods.value:
            return
        with self.action(f"delete Pod {self.pods.value}"):
            self.run(f"kubectl delete pod {self.pods.value}")
            self.report()

    def add_claim(self) -> None:
        name = self.new_claim.value.strip()
        if not name:
            return
        objects = claim_objects(name, self.new_mode.value, self.new_backing.value)
        with self.action(f"add claim {name}"):
            self.run(heredoc("kubectl apply -f -", "---\n".join(manifest(o) for o in objects)))
            self.run("kubectl get pv,pvc")

    # ------------------------------------------------------------ views

    def draw(self):
        from storagekit import viz

        return viz.pod_attachments(self.target)

    def refresh(self) -> None:
        store = self.target.state.store
        claims = tuple(o["metadata"]["name"] for o in store.list("PersistentVolumeClaim", "default"))
        nodes = (SCHEDULER, *(o["metadata"]["name"] for o in store.list("Node")))
        pods = tuple(o["metadata"]["name"] for o in store.list("Pod", "default"))
        for dropdown, options in ((self.claim, claims), (self.node, nodes), (self.pods, pods)):
            replace_options(dropdown, options)
        self.delete_button.disabled = not pods
        taken = set(pods)
        self.pod_name.value = next(f"app-{i}" for i in range(1, len(taken) + 2) if f"app-{i}" not in taken)

