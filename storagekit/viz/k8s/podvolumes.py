"""Inside one Pod: its containers, the volumes they mount, and where each volume's files live.

Read left to right, from a container (what its own writable layer holds, and
how often it restarted) along each ``volumeMount`` (the path, ``ro``, a
``subPath``) to one of the Pod's ``spec.volumes``, whose box says what kind
of volume it is, where its files are (a directory on the node, the node's
memory, a PersistentVolume) and the files there now. The Pod sits in the box
of the node it runs on: what lives on that node's disk or memory is gone
for the Pod once it leaves the node, as an ``emptyDir`` is; a hostPath stays
with the node, a claim's volume with the claim.
"""

from __future__ import annotations

from storagekit.commands.kubectl.printers import pod_status
from storagekit.fs.nodes import Dir, iter_tree
from storagekit.k8s import claims as c
from storagekit.k8s.mounttable import KUBELET_FILES
from storagekit.k8s.projection import source_kind
from storagekit.viz import style
from storagekit.viz.k8s import common as k

TOKEN = "kube-api-access-"
TITLE = "Where the files of each of the Pod's volumes live"
FILES_SHOWN = 4
"""Paths listed in a volume's or a writable layer's box; the others are counted."""
LOOKS = {"emptyDir": "volume", "memory": "tmpfs", "hostPath": "bind", "configMap": "file", "secret": "tmpfs",
         "downwardAPI": "file", "projected": "tmpfs", "persistentVolumeClaim": "claim", "ephemeral": "claim"}
EDGES = {"volume": "volume", "tmpfs": "tmpfs", "bind": "bind", "file": "uses", "claim": "volume"}
LEGEND = (("container", "container: its own writable layer"), ("volume", "emptyDir on the node's disk"),
          ("tmpfs", "in memory (tmpfs)"), ("bind", "hostPath: a node directory"),
          ("file", "files from API objects (read-only)"), ("claim", "claim: a PersistentVolume"))


def _files(tree: Dir | None, skip: tuple[str, ...] = ()) -> str:
    """The files in a tree, a few of them: ``/a.txt, /logs/b.log, … 3 more``; ``empty``. The atomic writer's
    ``..data`` directories of a configMap or secret volume, and the paths in ``skip``, are left out."""
    if tree is None:
        return "not set up yet"
    paths = [p for p, node in iter_tree(tree) if not isinstance(node, Dir) and p not in skip
             and not any(part.startswith("..") for part in p.split("/"))]
    if not paths:
        return "empty"
    shown = ", ".join(paths[:FILES_SHOWN])
    return shown + (f", … {len(paths) - FILES_SHOWN} more" if len(paths) > FILES_SHOWN else "")


def _kind(volume: dict) -> str:
    if (volume.get("emptyDir") or {}).get("medium") == "Memory":
        return "memory"
    return next((kind for kind in LOOKS if kind != "memory" and volume.get(kind) is not None), "emptyDir")


def _what(volume: dict, kind: str) -> str:
    """The volume's kind and its key settings, as the manifest says them."""
    spec = volume.get(kind if kind != "memory" else "emptyDir") or {}
    if kind in ("emptyDir", "memory"):
        limit = spec.get("sizeLimit")
        return "emptyDir" + (", medium: Memory" if kind == "memory" else "") + (f", sizeLimit {limit}" if limit else "")
    if kind == "hostPath":
        return f"hostPath {spec.get('path', '')}" + (f", type {spec['type']}" if spec.get("type") else "")
    if kind == "configMap":
        return f"configMap {spec.get('name', '')}"
    if kind == "secret":
        return f"secret {spec.get('secretName', '')}"
    if kind == "projected":
        sources = [next(iter(s), "") for s in spec.get("sources") or []]
        return "projected: " + ", ".join(sources)
    if kind == "persistentVolumeClaim":
        return f"claim {spec.get('claimName', '')}"
    if kind == "ephemeral":
        return "ephemeral: a claim of its own"
    return kind


def _token(volume: dict) -> bool:
    """The service-account token volume that admission adds to every Pod (``kube-api-access-…``)."""
    return volume.get("name", "").startswith(TOKEN) and volume.get("projected") is not None


def pod_volumes(cluster, pod: str, *, namespace: str = "default", token: bool = False) -> style.Diagram:
    """One Pod's containers and volumes: what each container's writable layer holds (besides the mount points the
    runtime makes), where each mounts which volume, and where the volume's files are now. The service-account
    token volume every Pod gets is left out unless ``token``."""
    store, runtime = cluster.state.store, cluster.state.runtime
    obj = store.get("Pod", pod, namespace)
    g = style.diagram("pod_volumes", f"{TITLE}: Pod {pod}", rankdir="LR", ranksep="0.9")
    if obj is None:
        g.node("missing", style.label(f'pods "{pod}" not found', f"in namespace {namespace}"),
               **{**style.style("idle"), **style.GONE})
        return g
    node_name = obj["spec"].get("nodeName") or ""
    statuses = {cs.get("name"): cs for cs in (obj.get("status") or {}).get("containerStatuses") or []}
    uid = obj["metadata"]["uid"]
    volumes = [v for v in obj["spec"].get("volumes") or [] if token or not _token(v)]
    with g.subgraph(name=f"cluster_{style.node_id('node', node_name or 'none')}") as box:
        box.attr(label=f"node {node_name}" if node_name else "not scheduled on a node yet", color=style.FRAME,
                 fontsize="10")
        with box.subgraph(name=f"cluster_{style.node_id('pod', namespace, pod)}") as pod_box:
            pod_box.attr(label=f"Pod {pod} · {pod_status(obj)}", color=style.ORANGE, style="rounded", fontsize="10")
            for ct in k.top_down(obj["spec"].get("containers") or []):
                status = statuses.get(ct["name"]) or {}
                restarts = status.get("restartCount", 0)
                upper = runtime.uppers.get((uid, ct["name"]))
                mount_points = KUBELET_FILES + tuple(m.get("mountPath", "") for m in ct.get("volumeMounts") or [])
                pod_box.node(style.node_id("container", uid, ct["name"]),
                             style.label(f"container {ct['name']} · {ct.get('image', '')}",
                                         f"restarts: {restarts}",
                                         k.wrap("own layer: " + _files(upper, mount_points), 34, 3)),
                             **style.style("container"))
        for volume in k.top_down(volumes):
            kind = _kind(volume)
            where, tree = runtime.volume_files(store, obj, volume) if node_name else ("", None)
            claimed = kind in ("persistentVolumeClaim", "ephemeral")
            lines = [f"{volume.get('name', '')}: {_what(volume, kind)}"]
            if claimed:
                pvc = store.get("PersistentVolumeClaim", c.volume_claim(obj, volume) or "", namespace)
                lines.append(f"claim {c.volume_claim(obj, volume)} · {k.phase(pvc) if pvc else 'not found'}")
                if where:
                    lines.append(where)
            else:
                where = (where or "not set up yet").replace(uid, uid[:8] + "…")
                lines.append(where.replace("/volumes/", "\n/volumes/", 1))  # the kubelet's long paths in two
            if node_name:
                lines.append(k.wrap("files: " + _files(tree), 40, 2))
            on_node = not claimed or where.startswith(f"{node_name}:")  # else the cluster's storage holds it
            (box if on_node else g).node(style.node_id("volume", uid, volume.get("name", "")), style.label(*lines),
                       **style.style(LOOKS[kind]))
    for ct in obj["spec"].get("containers") or []:
        for m in ct.get("volumeMounts") or []:
            volume = next((v for v in volumes if v.get("name") == m.get("name")), None)
            if volume is None:
                continue
            text = m.get("mountPath", "") + (" (ro)" if m.get("readOnly") or source_kind(volume) else "")
            if m.get("subPath"):
                text += f"\nsubPath {m['subPath']}"
            g.edge(style.node_id("container", uid, ct["name"]), style.node_id("volume", uid, m["name"]),
                   label=text, **style.EDGES[EDGES[LOOKS[_kind(volume)]]])
    style.legend(g, [(text, style.style(look)) for look, text in LEGEND
                     if look == "container" or any(LOOKS[_kind(v)] == look for v in volumes)])
    return g
