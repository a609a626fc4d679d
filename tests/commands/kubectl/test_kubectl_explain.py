"""``kubectl explain``: kubectl 1.33's plaintext template over the stored storage schema, and its errors."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.commands.kubectl.explain import wrap

PVC = (
    'KIND:       PersistentVolumeClaim\n'
    'VERSION:    v1\n'
    '\n'
    'DESCRIPTION:\n'
    "    PersistentVolumeClaim is a user's request for and claim to a persistent\n"
    '    volume\n'
    '    \n'
    'FIELDS:\n'
    '  apiVersion\t<string>\n'
    '    APIVersion defines the versioned schema of this representation of an object.\n'
    '    Servers should convert recognized schemas to the latest internal value, and\n'
    '    may reject unrecognized values. More info:\n'
    '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n'
    '\n'
    '  kind\t<string>\n'
    '    Kind is a string value representing the REST resource this object\n'
    '    represents. Servers may infer this from the endpoint the client submits\n'
    '    requests to. Cannot be updated. In CamelCase. More info:\n'
    '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds\n'
    '\n'
    '  metadata\t<ObjectMeta>\n'
    "    Standard object's metadata. More info:\n"
    '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n'
    '\n'
    '  spec\t<PersistentVolumeClaimSpec>\n'
    '    spec defines the desired characteristics of a volume requested by a pod\n'
    '    author. More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n'
    '\n'
    '  status\t<PersistentVolumeClaimStatus>\n'
    '    status represents the current information/status of a persistent volume\n'
    '    claim. Read-only. More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n'
    '\n'
    '\n'
)

RECLAIM_POLICY = (
    'KIND:       PersistentVolume\n'
    'VERSION:    v1\n'
    '\n'
    'FIELD: persistentVolumeReclaimPolicy <string>\n'
    'ENUM:\n'
    '    Delete\n'
    '    Recycle\n'
    '    Retain\n'
    '\n'
    'DESCRIPTION:\n'
    '    persistentVolumeReclaimPolicy defines what happens to a persistent volume\n'
    '    when released from its claim. Valid options are Retain (default for manually\n'
    '    created PersistentVolumes), Delete (default for dynamically provisioned\n'
    '    PersistentVolumes), and Recycle (deprecated). Recycle must be supported by\n'
    '    the volume plugin underlying this PersistentVolume. More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming\n'
    '    \n'
    '    Possible enum values:\n'
    '     - `"Delete"` means the volume will be deleted from Kubernetes on release\n'
    '    from its claim. The volume plugin must support Deletion.\n'
    '     - `"Recycle"` means the volume will be recycled back into the pool of\n'
    '    unbound persistent volumes on release from its claim. The volume plugin must\n'
    '    support Recycling.\n'
    '     - `"Retain"` means the volume will be left in its current phase (Released)\n'
    '    for manual reclamation by the administrator. The default policy is Retain.\n'
    '    \n'
    '\n'
)

PVC_VOLUME_SOURCE = (
    'KIND:       Pod\n'
    'VERSION:    v1\n'
    '\n'
    'FIELD: persistentVolumeClaim <PersistentVolumeClaimVolumeSource>\n'
    '\n'
    '\n'
    'DESCRIPTION:\n'
    '    persistentVolumeClaimVolumeSource represents a reference to a\n'
    '    PersistentVolumeClaim in the same namespace. More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n'
    "    PersistentVolumeClaimVolumeSource references the user's PVC in the same\n"
    '    namespace. This volume finds the bound PV and mounts that volume for the\n'
    '    pod. A PersistentVolumeClaimVolumeSource is, essentially, a wrapper around\n'
    '    another type of volume that is owned by someone else (the system).\n'
    '    \n'
    'FIELDS:\n'
    '  claimName\t<string> -required-\n'
    '    claimName is the name of a PersistentVolumeClaim in the same namespace as\n'
    '    the pod using this volume. More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n'
    '\n'
    '  readOnly\t<boolean>\n'
    '    readOnly Will force the ReadOnly setting in VolumeMounts. Default false.\n'
    '\n'
    '\n'
)

SC_RECURSIVE = (
    'GROUP:      storage.k8s.io\n'
    'KIND:       StorageClass\n'
    'VERSION:    v1\n'
    '\n'
    'DESCRIPTION:\n'
    '    StorageClass describes the parameters for a class of storage for which\n'
    '    PersistentVolumes can be dynamically provisioned.\n'
    '    \n'
    '    StorageClasses are non-namespaced; the name of the storage class according\n'
    '    to etcd is in ObjectMeta.Name.\n'
    '    \n'
    'FIELDS:\n'
    '  allowVolumeExpansion\t<boolean>\n'
    '  allowedTopologies\t<[]TopologySelectorTerm>\n'
    '  apiVersion\t<string>\n'
    '  kind\t<string>\n'
    '  metadata\t<ObjectMeta>\n'
    '  mountOptions\t<[]string>\n'
    '  parameters\t<map[string]string>\n'
    '  provisioner\t<string> -required-\n'
    '  reclaimPolicy\t<string>\n'
    '  enum: Delete, Recycle, Retain\n'
    '  volumeBindingMode\t<string>\n'
    '  enum: Immediate, WaitForFirstConsumer\n'
    '\n'
)


@pytest.fixture
def cluster():
    return sk.Cluster(nodes=["node1"])


@pytest.mark.parametrize("line, expected", [
    ("kubectl explain pvc", PVC),
    ("kubectl explain persistentvolumeclaims", PVC),
    ("kubectl explain pv.spec.persistentVolumeReclaimPolicy", RECLAIM_POLICY),
    ("kubectl explain pod.spec.volumes.persistentVolumeClaim", PVC_VOLUME_SOURCE),
    ("kubectl explain po.spec.volumes.persistentVolumeClaim --api-version=v1", PVC_VOLUME_SOURCE),
    ("kubectl explain sc --recursive", SC_RECURSIVE),
    ("kubectl explain storageclass --recursive=true --api-version storage.k8s.io/v1", SC_RECURSIVE),
])
def test_explain_prints_what_kubectl_prints(cluster, line, expected):
    r = cluster.sh(line)
    assert (r.out, r.err, r.code) == (expected, "", 0)


@pytest.mark.parametrize("line, header", [
    ("kubectl explain pv", "KIND:       PersistentVolume\nVERSION:    v1\n\nDESCRIPTION:\n"),
    ("kubectl explain pod.spec", "KIND:       Pod\nVERSION:    v1\n\nFIELD: spec <PodSpec>\n\n\nDESCRIPTION:\n"),
    ("kubectl explain persistentvolumeclaim.spec.accessModes",
     "KIND:       PersistentVolumeClaim\nVERSION:    v1\n\nFIELD: accessModes <[]string>\n\n\nDESCRIPTION:\n"),
    ("kubectl explain pod.spec.restartPolicy",
     "KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n\n"),
])
def test_headers_and_field_lines(cluster, line, header):
    assert cluster.sh(line).out.startswith(header)


@pytest.mark.parametrize("line, fragment", [
    ("kubectl explain pod.spec", "  containers\t<[]Container> -required-\n    List of containers belonging to the pod."),
    ("kubectl explain pod.spec", "  volumes\t<[]Volume>\n"),
    ("kubectl explain pod.spec", "  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n"),
    ("kubectl explain pod.spec.volumes", "  emptyDir\t<EmptyDirVolumeSource>\n"),
    ("kubectl explain pod.spec.volumes", "  name\t<string> -required-\n"),
    ("kubectl explain pod.spec.containers.volumeMounts", "  mountPath\t<string> -required-\n"),
    ("kubectl explain pv --recursive", "    volumeMode\t<string>\n    enum: Block, Filesystem\n"),
])
def test_field_lists(cluster, line, fragment):
    assert fragment in cluster.sh(line).out


@pytest.mark.parametrize("line, err", [
    ("kubectl explain foo", 'error: the server doesn\'t have a resource type "foo"\n'),
    ("kubectl explain pvc.spec.bogus", 'error: field "bogus" does not exist\n'),
    ("kubectl explain pod.bogus.deeper", 'error: field "deeper" does not exist\n'),
    ("kubectl explain", 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a '
                        "complete list of supported resources.\n"),
    # A type the stored schema does not carry is refused with the missing-field wording (and a simulator note).
    ("kubectl explain pv.spec.nfs", 'error: field "nfs" does not exist\n'),
    ("kubectl explain pvc pv", "error: We accept only this format: explain RESOURCE\n"),
    ("kubectl explain pvc --api-version=apps/v1",
     "error: GVR (apps/v1, Resource=persistentvolumeclaims) not found in OpenAPI schema\n"),
])
def test_errors(cluster, line, err):
    r = cluster.sh(line)
    assert (r.out, r.err, r.code) == ("", err, 1)


@pytest.mark.parametrize("text, limit, expected", [
    ("this is a really good test", 3, "this\nis\na\nreally\ngood\ntest"),
    ("More info: https://example.com/a/very/long/url/that/does/not/fit", 20,
     "More info:\nhttps://example.com/a/very/long/url/that/does/not/fit"),
    ("keeps\n\nparagraphs", 76, "keeps\n\nparagraphs"),
])
def test_wrap_is_go_wordwraps(text, limit, expected):
    assert wrap(text, limit) == expected
