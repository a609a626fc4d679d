"""What the kubelet writes into configMap, secret, downwardAPI and projected volumes, and how it writes it.

A volume's files are computed from API objects (:func:`payload`); a missing
object or key is the kubelet's ``MountVolume.SetUp failed`` reason. They are
written as the kubelet's atomic writer does (:func:`write_atomic`): the files
sit in a hidden timestamped directory, ``..data`` points at it, and each
top-level name is a symlink through ``..data``. An update writes a new
directory and swaps the link in one step, so a reader never sees half of it;
a ``subPath`` mount, bound to one file when the container started, keeps the
old file for ever.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from storagekit.fs import FileSystem
from storagekit.fs.nodes import Dir, File

DEFAULT_MODE = 0o644
DATA_LINK = "..data"
PLUGIN_DIRS = {"configMap": "kubernetes.io~configmap", "secret": "kubernetes.io~secret",
               "downwardAPI": "kubernetes.io~downward-api", "projected": "kubernetes.io~projected"}
"""Each projected source's directory under ``/var/lib/kubelet/pods/<uid>/volumes``."""
FIELD_PATHS = ("metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels", "metadata.annotations")


class MountError(Exception):
    """Why the kubelet cannot set the volume up (its ``MountVolume.SetUp failed`` event says so)."""


def source_kind(volume: dict) -> str | None:
    """``configMap``, ``secret``, ``downwardAPI`` or ``projected``, if the volume is one of these."""
    return next((k for k in PLUGIN_DIRS if volume.get(k) is not None), None)


def _object_files(store, kind: str, source: dict, ns: str, default_mode: int) -> dict[str, tuple[bytes, int]]:
    """The files of one ConfigMap or Secret source: every key, or the ``items`` chosen (renamed, own modes)."""
    name = source.get("name") if kind == "ConfigMap" else source.get("secretName", source.get("name"))
    obj = store.get(kind, name or "", ns)
    word = "configmap" if kind == "ConfigMap" else "secret"
    if obj is None:
        if source.get("optional"):
            return {}
        raise MountError(f'{word} "{name}" not found')
    if kind == "ConfigMap":
        data = {k: v.encode() for k, v in (obj.get("data") or {}).items()}
        data.update({k: base64.b64decode(v) for k, v in (obj.get("binaryData") or {}).items()})
    else:
        data = {k: base64.b64decode(v) for k, v in (obj.get("data") or {}).items()}
    items = source.get("items")
    if not items:
        return {k: (v, default_mode) for k, v in data.items()}
    files = {}
    for item in items:
        key = item.get("key", "")
        if key not in data:
            if source.get("optional"):
                continue
            raise MountError(f"configmap references non-existent config key: {key}" if kind == "ConfigMap"
                             else f"references non-existent secret key: {key}")
        files[item.get("path") or key] = (data[key], item.get("mode", default_mode))
    return files


def _field(pod: dict, path: str) -> bytes:
    """One ``fieldRef`` as the kubelet formats it; labels and annotations as sorted ``key="value"`` lines."""
    meta = pod["metadata"]
    if path in ("metadata.labels", "metadata.annotations"):
        mapping = meta.get(path.split(".")[1]) or {}
        return "\n".join(f'{k}="{v}"' for k, v in sorted(mapping.items())).encode()
    return str(meta.get(path.split(".")[1], "")).encode()


def _downward_files(pod: dict, source: dict, default_mode: int) -> dict[str, tuple[bytes, int]]:
    return {item.get("path", ""): (_field(pod, (item.get("fieldRef") or {}).get("fieldPath", "")),
                                   item.get("mode", default_mode))
            for item in source.get("items") or [] if item.get("fieldRef")}


def service_account_token(pod: dict, audience: str = "https://kubernetes.default.svc.cluster.local") -> bytes:
    """A token shaped like the kubelet's (a JWT), made from the Pod's identity so it is the same on every run."""
    header = {"alg": "RS256", "kid": hashlib.sha256(b"kind-cluster").hexdigest()[:43]}
    claims = {"aud": [audience], "iss": "https://kubernetes.default.svc.cluster.local",
              "kubernetes.io": {"namespace": pod["metadata"]["namespace"],
                                "pod": {"name": pod["metadata"]["name"], "uid": pod["metadata"]["uid"]},
                                "serviceaccount": {"name": pod["spec"].get("serviceAccountName", "default")}},
              "sub": f"system:serviceaccount:{pod['metadata']['namespace']}:"
                     f"{pod['spec'].get('serviceAccountName', 'default')}"}

    def part(value) -> str:
        import json

        raw = value if isinstance(value, bytes) else json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signature = hashlib.sha512(pod["metadata"]["uid"].encode()).digest() * 4
    return f"{part(header)}.{part(claims)}.{part(signature)}".encode()


def payload(store, pod: dict, volume: dict) -> dict[str, tuple[bytes, int]]:
    """The files (path -> content, mode) the volume shows the Pod, or :class:`MountError`."""
    kind = source_kind(volume)
    ns = pod["metadata"]["namespace"]
    source = volume[kind] or {}
    mode = source.get("defaultMode", DEFAULT_MODE)
    if kind == "configMap":
        return _object_files(store, "ConfigMap", source, ns, mode)
    if kind == "secret":
        return _object_files(store, "Secret", source, ns, mode)
    if kind == "downwardAPI":
        return _downward_files(pod, source, mode)
    files: dict[str, tuple[bytes, int]] = {}
    for src in source.get("sources") or []:
        if src.get("configMap") is not None:
            files.update(_object_files(store, "ConfigMap", src["configMap"], ns, mode))
        elif src.get("secret") is not None:
            files.update(_object_files(store, "Secret", dict(src["secret"], secretName=src["secret"].get("name")), ns,
                                       mode))
        elif src.get("downwardAPI") is not None:
            files.update(_downward_files(pod, src["downwardAPI"], mode))
        elif src.get("serviceAccountToken") is not None:
            token = src["serviceAccountToken"]
            files[token.get("path", "token")] = (service_account_token(pod, token.get("audience") or
                                                                       "https://kubernetes.default.svc.cluster.local"),
                                                 mode)
    return files


def inputs(store, pod: dict, volume: dict) -> tuple:
    """What the volume's files are made from (the objects' resourceVersions, the Pod's labels and annotations):
    while it is unchanged the kubelet has nothing to rewrite."""
    kind = source_kind(volume)
    source = volume[kind] or {}
    refs = [("ConfigMap", source.get("name"))] if kind == "configMap" else \
        [("Secret", source.get("secretName"))] if kind == "secret" else []
    for src in source.get("sources") or []:
        if src.get("configMap") is not None:
            refs.append(("ConfigMap", src["configMap"].get("name")))
        elif src.get("secret") is not None:
            refs.append(("Secret", src["secret"].get("name")))
    ns = pod["metadata"]["namespace"]
    versions = tuple((k, n, (store.get(k, n or "", ns) or {}).get("metadata",
                                                                  {}).get("resourceVersion")) for k, n in refs)
    meta = pod["metadata"]
    return (versions, repr(sorted((meta.get("labels") or {}).items())),
            repr(sorted((meta.get("annotations") or {}).items())))


def current(fs: FileSystem, directory: str) -> dict[str, tuple[bytes, int]] | None:
    """What the volume's directory holds now (through ``..data``), or None before the first write."""
    link = f"{directory}/{DATA_LINK}"
    if not fs.lexists(link):
        return None
    base = f"{directory}/{fs.readlink(link)}"
    found = {}
    for path, node in fs.walk(base):
        if isinstance(node, File):
            found[path[len(base) + 1:]] = (fs.read(path), node.perm)
    return found


def write_atomic(fs: FileSystem, directory: str, files: dict[str, tuple[bytes, int]], stamp_seed: str) -> bool:
    """Make ``directory`` show ``files`` as the atomic writer does; False if it already did."""
    if current(fs, directory) == files:
        return False
    fs.mkdir(directory, 0o1777, parents=True, exist_ok=True)
    old = fs.readlink(f"{directory}/{DATA_LINK}") if fs.lexists(f"{directory}/{DATA_LINK}") else None
    when = dt.datetime.fromtimestamp(fs.clock(), dt.timezone.utc).strftime("%Y_%m_%d_%H_%M_%S")
    suffix = int(hashlib.sha256(f"{stamp_seed}/{old}".encode()).hexdigest()[:8], 16) % 10**10
    stamp = f"..{when}.{suffix}"
    fs.mkdir(f"{directory}/{stamp}", 0o755)
    for path, (content, mode) in sorted(files.items()):
        target = f"{directory}/{stamp}/{path}"
        fs.mkdir(target.rsplit("/", 1)[0], parents=True, exist_ok=True)
        fs.write(target, content, perm=mode)
    if old is not None:
        fs.unlink(f"{directory}/{DATA_LINK}")
    fs.symlink(stamp, f"{directory}/{DATA_LINK}")
    tops = {path.split("/", 1)[0] for path in files}
    for name in fs.listdir(directory):
        if not name.startswith("..") and name not in tops:
            fs.unlink(f"{directory}/{name}")
    for name in sorted(tops):
        if not fs.lexists(f"{directory}/{name}"):
            fs.symlink(f"{DATA_LINK}/{name}", f"{directory}/{name}")
    if old is not None:
        fs.discard(f"{directory}/{old}")
    return True


def pinned(fs: FileSystem, path: str) -> tuple[FileSystem, str]:
    """The file a ``subPath`` names, as the bind mount holds it: resolved once, never updated afterwards (a name
    the volume does not have becomes an empty directory, as the kubelet makes one)."""
    node = fs.stat(path) if fs.exists(path) else Dir(0o755)
    holder = Dir(0o755)
    holder.children["file"] = node
    return FileSystem(holder, clock=fs.clock), "/file"

