"""Exercises on what is under the hood: a layer's folder in /var/lib/docker, a storage driver switch, and a
ReadWriteOnce disk two nodes want."""

from __future__ import annotations

from storagekit.exercises import state
from storagekit.exercises.model import Exercise, Goal, Hint, Question


def _top_layer_folder(host, p) -> str:
    chain = host.engine.images.lookup(p["image"]).top_layer.chain_id
    return host.fs.read(f"/var/lib/docker/image/overlay2/layerdb/sha256/{chain[7:]}/cache-id").decode().strip()


LAYER_FOLDER = Exercise(
    id="docker-find-the-layer-folder", title="Find a layer's folder", concepts=("D5.2", "D5.3"),
    points=2, kind="predict", target="docker",
    instructions="""Which directory under `/var/lib/docker/overlay2/` holds the files of the top layer of the image
`{image}`? Find it by following the layer database from the image's last ChainID (not by asking `docker
inspect` for GraphDriver), and give the directory's name.""",
    setup=lambda p: [f"docker pull {p['image']}"],
    solution=lambda p: [],
    par=0,
    question=Question("Which overlay2 directory holds the top layer?", _top_layer_folder),
    hints=(Hint("image/overlay2/layerdb/sha256/<ChainID>/cache-id names the layer's folder under overlay2/."),
           Hint("The last ChainID: docker image inspect gives the DiffIDs; the ChainID of one layer is the sha256 "
                "of the ChainID below it, a space and its DiffID (the first layer's ChainID is its DiffID).")),
    params=lambda rng: {"image": rng.choice(["busybox", "alpine", "debian"])},
)


def _images_after_switch(host, p) -> str:
    host.write("/etc/docker/daemon.json", f'{{"storage-driver": "{p["driver"]}"}}\n')
    host.sh("systemctl restart docker")
    return str(len(host.sh("docker images -q").out.split()))


SWITCH = Exercise(
    id="docker-images-after-a-driver-switch", title="Images after a storage driver switch", concepts=("D8.6", "D8.1"),
    points=1, kind="predict", target="docker",
    instructions="""This host runs `overlay2` and holds {count} images. An admin writes
`{{"storage-driver": "{driver}"}}` to `/etc/docker/daemon.json` and restarts Docker. How many images does
`docker images -q` list then?""",
    setup=lambda p: [f"docker pull {image}" for image in p["images"]],
    solution=lambda p: [],
    par=0,
    question=Question("How many images are listed after the switch?", _images_after_switch,
                      wrong={str(n): "Each driver keeps its own layers: the overlay2 images are still on disk, "
                                     "but the new driver does not see them." for n in range(1, 4)}),
    hints=(Hint("Switching drivers hides images and containers; it does not convert them."),),
    params=lambda rng: {"driver": rng.choice(["vfs", "fuse-overlayfs"]),
                        "images": (images := sorted(rng.sample(["busybox", "alpine", "debian"], 2))),
                        "count": len(images)},
)


def _two_nodes():
    from storagekit import Cluster

    return Cluster(nodes=["node1", "node2"], provisioners=["ebs.csi.aws.com"])


DISK_CLASS = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: disk}
provisioner: ebs.csi.aws.com
"""


def _pod(name: str, node: str, claim: str) -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n"
            f"  nodeSelector: {{kubernetes.io/hostname: {node}}}\n  containers:\n"
            f"  - name: app\n    image: busybox\n    command: [sleep, '3600']\n"
            f"    volumeMounts: [{{name: d, mountPath: /data}}]\n  volumes:\n  - name: d\n"
            f"    persistentVolumeClaim: {{claimName: {claim}}}\n")


def _claim(name: str, mode: str) -> str:
    return (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n"
            f"  storageClassName: disk\n  accessModes: [{mode}]\n  resources: {{requests: {{storage: 1Gi}}}}\n")


MULTI_ATTACH = Exercise(
    id="k8s-two-nodes-one-disk", title="Two nodes, one ReadWriteOnce disk", concepts=("K3.1", "K3.3"),
    points=3, kind="repair", target="kubernetes", machine=_two_nodes,
    instructions="""`first` runs on node1 with the ReadWriteOnce claim `{claim}`; `second`, pinned to node2, uses the
same claim and hangs in ContainerCreating. Make `second` run on node2, using the claim's data, without deleting
the claim.""",
    files=lambda p: {"/root/start.yaml": "---\n".join([DISK_CLASS, _claim(p["claim"], "ReadWriteOnce"),
                                                        _pod("first", "node1", p["claim"]),
                                                        _pod("second", "node2", p["claim"])])},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: ["kubectl delete pod first"],
    par=1,
    goals=(Goal("running", "second runs on node2",
                lambda c, p: state.phase(c.state.store.get("Pod", "second", "default")) == "Running"),
           Goal("claim", "it still uses the claim {claim}", lambda c, p: state.phase(state.claim(c, p["claim"]))
                == "Bound", keep=True)),
    hints=(Hint("kubectl describe pod second shows a Multi-Attach error: a ReadWriteOnce disk attaches to one "
                "node at a time, and node1 holds it for first."),
           Hint("Once no Pod on node1 uses the disk, it can detach and attach to node2.")),
    params=lambda rng: {"claim": rng.choice(["data", "uploads", "state"])},
)

EXERCISES = (LAYER_FOLDER, SWITCH, MULTI_ATTACH)
