"""The API server's warnings for accepted PersistentVolumes (the table of GetWarningsForPersistentVolume's test)."""

from __future__ import annotations

import pytest

from storagekit.k8s.warnings import warnings_for


def pv(spec: dict | None = None, annotations: dict | None = None) -> dict:
    meta: dict = {"name": "foo"}
    if annotations is not None:
        meta["annotations"] = annotations
    return {"kind": "PersistentVolume", "metadata": meta, "spec": spec or {}}


@pytest.mark.parametrize("obj, expected", [
    (pv(), []),
    (pv({"persistentVolumeReclaimPolicy": "Retain"}), []),
    (pv({"persistentVolumeReclaimPolicy": "Recycle"}),
     ["spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended "
      "approach is to use dynamic provisioning."]),
    (pv(annotations={"volume.beta.kubernetes.io/storage-class": "", "volume.beta.kubernetes.io/mount-options": ""}),
     ['metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" '
      "attribute instead",
      'metadata.annotations[volume.beta.kubernetes.io/mount-options]: deprecated since v1.31; use "mountOptions" '
      "attribute instead"]),
    (pv({"cephfs": {}}), ["spec.cephfs: deprecated in v1.28, non-functional in v1.31+"]),
    (pv({"photonPersistentDisk": {}}), ["spec.photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+"]),
    (pv({"rbd": {}}), ["spec.rbd: deprecated in v1.28, non-functional in v1.31+"]),
    (pv({"scaleIO": {}}), ["spec.scaleIO: deprecated in v1.16, non-functional in v1.22+"]),
    (pv({"storageOS": {}}), ["spec.storageOS: deprecated in v1.22, non-functional in v1.25+"]),
    (pv({"glusterfs": {}}), ["spec.glusterfs: deprecated in v1.25, non-functional in v1.26+"]),
    ({"kind": "PersistentVolumeClaim", "metadata": {"name": "foo"},
      "spec": {"persistentVolumeReclaimPolicy": "Recycle"}}, []),
])
def test_warnings_for(obj, expected):
    assert warnings_for(obj) == expected
