"""``fsGroup``: the kubelet gives a Pod's volumes to the Pod's group as it mounts them (``pkg/volume``).

``SetVolumeOwnership`` walks the volume and, for every file and directory,
sets the group to ``fsGroup`` (``lchown``, the owner kept) and adds to the
mode read and write for the group (read only on a read-only volume);
directories also get search for owner and group and the setgid bit, so that
whatever is created in them later belongs to the group too. Symlinks keep
their mode. With ``fsGroupChangePolicy: OnRootMismatch`` the walk is skipped
when the volume's root already has the group, those bits and setgid; without
it (``Always``) every mount walks the whole volume.

Not every volume gets this: emptyDir and the projected kinds (configMap,
secret, downwardAPI, projected) always do, whatever the policy says, when
they are set up or rewritten; a ``local`` PV when it is mounted writable and
no other Pod has it mounted; a CSI PV (an in-tree cloud disk is migrated to
one) when the driver allows it, which by default (``ReadWriteOnceWithFSType``,
no CSIDriver object to say otherwise) needs an ``fsType``, ReadWriteOnce among
the PV's access modes, and a mount that is not read-only. hostPath and nfs
never: their files stay as they are, and so does kind's local-path volume,
which is a hostPath (its provisioner makes the directory 0777 instead).
"""

from __future__ import annotations

import stat

from storagekit.fs import FileSystem
from storagekit.fs.nodes import Dir, Node, Symlink

RW_MASK, RO_MASK, EXEC_MASK = 0o660, 0o440, 0o110
ALWAYS, ON_ROOT_MISMATCH = "Always", "OnRootMismatch"
CSI_MIGRATED = ("awsElasticBlockStore", "azureDisk", "cinder", "gcePersistentDisk")
"""In-tree sources whose mounts go to a CSI driver (CSI migration): the CSI rule applies, with their ``fsType``."""


def _mask(node: Node, readonly: bool) -> int:
    mask = RO_MASK if readonly else RW_MASK
    return mask | EXEC_MASK | stat.S_ISGID if isinstance(node, Dir) else mask


def requires_change(fs: FileSystem, path: str, fs_group: int, readonly: bool) -> bool:
    """``requiresPermissionChange``: whether the volume's root lacks the group, the group's bits or setgid."""
    root = fs.stat(path)
    if root.gid != fs_group or not isinstance(root, Dir):
        return True
    wanted = (RO_MASK if readonly else RW_MASK) | EXEC_MASK
    return root.perm & wanted != wanted or not root.mode & stat.S_ISGID


def set_volume_ownership(fs: FileSystem, path: str, fs_group: int | None, *, readonly: bool = False,
                         policy: str | None = None) -> bool:
    """Give the volume at ``path`` to ``fs_group`` (nothing without one); False when OnRootMismatch finds it done."""
    if fs_group is None:
        return False
    if policy == ON_ROOT_MISMATCH and not requires_change(fs, path, fs_group, readonly):
        return False
    for where, node in [*fs.walk(path), (path, fs.stat(path))]:
        fs.chown(where, -1, fs_group, follow=False)
        if not isinstance(node, Symlink):  # chmod would go through the link to the file it names
            fs.chmod(where, node.perm | _mask(node, readonly))
    return True


def fs_group(pod: dict) -> int | None:
    return ((pod.get("spec") or {}).get("securityContext") or {}).get("fsGroup")


def change_policy(pod: dict) -> str | None:
    return ((pod.get("spec") or {}).get("securityContext") or {}).get("fsGroupChangePolicy")


def csi_supports_fs_group(pv: dict, readonly: bool) -> bool:
    """``supportsFSGroup`` of the CSI mounter under the default ``ReadWriteOnceWithFSType`` policy."""
    spec = pv.get("spec") or {}
    source = next((spec[k] or {} for k in ("csi", *CSI_MIGRATED) if spec.get(k) is not None), None)
    if source is None or readonly or source.get("readOnly"):
        return False
    return bool(source.get("fsType")) and "ReadWriteOnce" in (spec.get("accessModes") or [])


def persistent_volume_owned(pv: dict, readonly: bool, mounted_elsewhere: bool) -> bool:
    """Whether mounting this PV for a Pod with an fsGroup changes its ownership: a writable ``local`` volume
    that no other Pod has mounted, or a CSI volume its driver lets the kubelet change; never hostPath or nfs."""
    spec = pv.get("spec") or {}
    if spec.get("local") is not None:
        return not readonly and not mounted_elsewhere
    return csi_supports_fs_group(pv, readonly)
