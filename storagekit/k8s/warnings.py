"""Warnings the API server returns with an accepted request (``kubectl`` prints each as ``Warning: ...``).

They flag deprecated fields and values of an object it stored anyway
(``GetWarningsForPersistentVolume``): the Recycle reclaim policy, volume types
that no longer work, and the beta annotations that fields replaced.
"""

from __future__ import annotations

RECYCLE = ("spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended "
           "approach is to use dynamic provisioning.")
REMOVED_SOURCES = {
    "cephfs": "deprecated in v1.28, non-functional in v1.31+",
    "glusterfs": "deprecated in v1.25, non-functional in v1.26+",
    "photonPersistentDisk": "deprecated in v1.11, non-functional in v1.16+",
    "rbd": "deprecated in v1.28, non-functional in v1.31+",
    "scaleIO": "deprecated in v1.16, non-functional in v1.22+",
    "storageOS": "deprecated in v1.22, non-functional in v1.25+",
}
"""PV volume sources whose in-tree plugin is gone, and since when."""
BETA_ANNOTATIONS = {
    "volume.beta.kubernetes.io/storage-class": 'deprecated since v1.8; use "storageClassName" attribute instead',
    "volume.beta.kubernetes.io/mount-options": 'deprecated since v1.31; use "mountOptions" attribute instead',
}


def warnings_for(obj: dict) -> list[str]:
    """The warnings for an object the API server has just accepted, in the order the API server lists them."""
    if obj.get("kind") != "PersistentVolume":
        return []
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    found = [f"metadata.annotations[{name}]: {text}" for name, text in BETA_ANNOTATIONS.items() if name in annotations]
    spec = obj.get("spec") or {}
    if spec.get("persistentVolumeReclaimPolicy") == "Recycle":
        found.append(RECYCLE)
    found += [f"spec.{source}: {text}" for source, text in REMOVED_SOURCES.items() if source in spec]
    return found
