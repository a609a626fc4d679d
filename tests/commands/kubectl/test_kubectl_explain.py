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
    '    annotations\t<map[string]string>\n'
    '    creationTimestamp\t<string>\n'
    '    deletionGracePeriodSeconds\t<integer>\n'
    '    deletionTimestamp\t<string>\n'
    '    finalizers\t<[]string>\n'
    '    generateName\t<string>\n'
    '    generation\t<integer>\n'
    '    labels\t<map[string]string>\n'
    '    managedFields\t<[]ManagedFieldsEntry>\n'
    '      apiVersion\t<string>\n'
    '      fieldsType\t<string>\n'
    '      fieldsV1\t<FieldsV1>\n'
    '      manager\t<string>\n'
    '      operation\t<string>\n'
    '      subresource\t<string>\n'
    '      time\t<string>\n'
    '    name\t<string>\n'
    '    namespace\t<string>\n'
    '    ownerReferences\t<[]OwnerReference>\n'
    '      apiVersion\t<string> -required-\n'
    '      blockOwnerDeletion\t<boolean>\n'
    '      controller\t<boolean>\n'
    '      kind\t<string> -required-\n'
    '      name\t<string> -required-\n'
    '      uid\t<string> -required-\n'
    '    resourceVersion\t<string>\n'
    '    selfLink\t<string>\n'
    '    uid\t<string>\n'
    '  mountOptions\t<[]string>\n'
    '  parameters\t<map[string]string>\n'
    '  provisioner\t<string> -required-\n'
    '  reclaimPolicy\t<string>\n'
    '  enum: Delete, Recycle, Retain\n'
    '  volumeBindingMode\t<string>\n'
    '  enum: Immediate, WaitForFirstConsumer\n'
    '\n'
)

CONFIGMAP_VOLUME = (
    'KIND:       Pod\n'
    'VERSION:    v1\n'
    '\n'
    'FIELD: configMap <ConfigMapVolumeSource>\n'
    '\n'
    '\n'
    'DESCRIPTION:\n'
    '    configMap represents a configMap that should populate this volume\n'
    '    Adapts a ConfigMap into a volume.\n'
    '    \n'
    "    The contents of the target ConfigMap's Data field will be presented in a\n"
    '    volume as files using the keys in the Data field as the file names, unless\n'
    '    the items element is populated with specific mappings of keys to paths.\n'
    '    ConfigMap volumes support ownership management and SELinux relabeling.\n'
    '    \n'
    'FIELDS:\n'
    '  defaultMode\t<integer>\n'
    '    defaultMode is optional: mode bits used to set permissions on created files\n'
    '    by default. Must be an octal value between 0000 and 0777 or a decimal value\n'
    '    between 0 and 511. YAML accepts both octal and decimal values, JSON requires\n'
    '    decimal values for mode bits. Defaults to 0644. Directories within the path\n'
    '    are not affected by this setting. This might be in conflict with other\n'
    '    options that affect the file mode, like fsGroup, and the result can be other\n'
    '    mode bits set.\n'
    '\n'
    '  items\t<[]KeyToPath>\n'
    '    items if unspecified, each key-value pair in the Data field of the\n'
    '    referenced ConfigMap will be projected into the volume as a file whose name\n'
    '    is the key and content is the value. If specified, the listed keys will be\n'
    '    projected into the specified paths, and unlisted keys will not be present.\n'
    '    If a key is specified which is not present in the ConfigMap, the volume\n'
    '    setup will error unless it is marked optional. Paths must be relative and\n'
    "    may not contain the '..' path or start with '..'.\n"
    '\n'
    '  name\t<string>\n'
    '    Name of the referent. This field is effectively required, but due to\n'
    '    backwards compatibility is allowed to be empty. Instances of this type with\n'
    '    an empty value here are almost certainly wrong. More info:\n'
    '    https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names\n'
    '\n'
    '  optional\t<boolean>\n'
    '    optional specify whether the ConfigMap or its keys must be defined\n'
    '\n'
    '\n'
)

PVC_STATUS = (
    'KIND:       PersistentVolumeClaim\n'
    'VERSION:    v1\n'
    '\n'
    'FIELD: status <PersistentVolumeClaimStatus>\n'
    '\n'
    '\n'
    'DESCRIPTION:\n'
    '    status represents the current information/status of a persistent volume\n'
    '    claim. Read-only. More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n'
    '    PersistentVolumeClaimStatus is the current status of a persistent volume\n'
    '    claim.\n'
    '    \n'
    'FIELDS:\n'
    '  accessModes\t<[]string>\n'
    '    accessModes contains the actual access modes the volume backing the PVC has.\n'
    '    More info:\n'
    '    https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1\n'
    '\n'
    '  allocatedResourceStatuses\t<map[string]string>\n'
    '    allocatedResourceStatuses stores status of resource being resized for the\n'
    '    given PVC. Key names follow standard Kubernetes label syntax. Valid values\n'
    '    are either:\n'
    '    \t* Un-prefixed keys:\n'
    '    \t\t- storage - the capacity of the volume.\n'
    '    \t* Custom resources must use implementation-defined prefixed names such as\n'
    '    "example.com/my-custom-resource"\n'
    '    Apart from above values - keys that are unprefixed or have kubernetes.io\n'
    '    prefix are considered reserved and hence may not be used.\n'
    '    \n'
    '    ClaimResourceStatus can be in any of following states:\n'
    '    \t- ControllerResizeInProgress:\n'
    '    \t\tState set when resize controller starts resizing the volume in\n'
    '    control-plane.\n'
    '    \t- ControllerResizeFailed:\n'
    '    \t\tState set when resize has failed in resize controller with a terminal\n'
    '    error.\n'
    '    \t- NodeResizePending:\n'
    '    \t\tState set when resize controller has finished resizing the volume but\n'
    '    further resizing of\n'
    '    \t\tvolume is needed on the node.\n'
    '    \t- NodeResizeInProgress:\n'
    '    \t\tState set when kubelet starts resizing the volume.\n'
    '    \t- NodeResizeFailed:\n'
    '    \t\tState set when resizing has failed in kubelet with a terminal error.\n'
    "    Transient errors don't set\n"
    '    \t\tNodeResizeFailed.\n'
    '    For example: if expanding a PVC for more capacity - this field can be one of\n'
    '    the following states:\n'
    "    \t- pvc.status.allocatedResourceStatus['storage'] =\n"
    '    "ControllerResizeInProgress"\n'
    "         - pvc.status.allocatedResourceStatus['storage'] =\n"
    '    "ControllerResizeFailed"\n'
    '         - pvc.status.allocatedResourceStatus[\'storage\'] = "NodeResizePending"\n'
    "         - pvc.status.allocatedResourceStatus['storage'] =\n"
    '    "NodeResizeInProgress"\n'
    '         - pvc.status.allocatedResourceStatus[\'storage\'] = "NodeResizeFailed"\n'
    '    When this field is not set, it means that no resize operation is in progress\n'
    '    for the given PVC.\n'
    '    \n'
    '    A controller that receives PVC update with previously unknown resourceName\n'
    '    or ClaimResourceStatus should ignore the update for the purpose it was\n'
    '    designed. For example - a controller that only is responsible for resizing\n'
    '    capacity of the volume, should ignore PVC updates that change other valid\n'
    '    resources associated with PVC.\n'
    '    \n'
    '    This is an alpha field and requires enabling RecoverVolumeExpansionFailure\n'
    '    feature.\n'
    '\n'
    '  allocatedResources\t<map[string]Quantity>\n'
    '    allocatedResources tracks the resources allocated to a PVC including its\n'
    '    capacity. Key names follow standard Kubernetes label syntax. Valid values\n'
    '    are either:\n'
    '    \t* Un-prefixed keys:\n'
    '    \t\t- storage - the capacity of the volume.\n'
    '    \t* Custom resources must use implementation-defined prefixed names such as\n'
    '    "example.com/my-custom-resource"\n'
    '    Apart from above values - keys that are unprefixed or have kubernetes.io\n'
    '    prefix are considered reserved and hence may not be used.\n'
    '    \n'
    '    Capacity reported here may be larger than the actual capacity when a volume\n'
    '    expansion operation is requested. For storage quota, the larger value from\n'
    '    allocatedResources and PVC.spec.resources is used. If allocatedResources is\n'
    '    not set, PVC.spec.resources alone is used for quota calculation. If a volume\n'
    '    expansion capacity request is lowered, allocatedResources is only lowered if\n'
    '    there are no expansion operations in progress and if the actual volume\n'
    '    capacity is equal or lower than the requested capacity.\n'
    '    \n'
    '    A controller that receives PVC update with previously unknown resourceName\n'
    '    should ignore the update for the purpose it was designed. For example - a\n'
    '    controller that only is responsible for resizing capacity of the volume,\n'
    '    should ignore PVC updates that change other valid resources associated with\n'
    '    PVC.\n'
    '    \n'
    '    This is an alpha field and requires enabling RecoverVolumeExpansionFailure\n'
    '    feature.\n'
    '\n'
    '  capacity\t<map[string]Quantity>\n'
    '    capacity represents the actual resources of the underlying volume.\n'
    '\n'
    '  conditions\t<[]PersistentVolumeClaimCondition>\n'
    '    conditions is the current Condition of persistent volume claim. If\n'
    '    underlying persistent volume is being resized then the Condition will be set\n'
    "    to 'Resizing'.\n"
    '\n'
    '  currentVolumeAttributesClassName\t<string>\n'
    '    currentVolumeAttributesClassName is the current name of the\n'
    '    VolumeAttributesClass the PVC is using. When unset, there is no\n'
    '    VolumeAttributeClass applied to this PersistentVolumeClaim This is a beta\n'
    '    field and requires enabling VolumeAttributesClass feature (off by default).\n'
    '\n'
    '  modifyVolumeStatus\t<ModifyVolumeStatus>\n'
    '    ModifyVolumeStatus represents the status object of ControllerModifyVolume\n'
    '    operation. When this is unset, there is no ModifyVolume operation being\n'
    '    attempted. This is a beta field and requires enabling VolumeAttributesClass\n'
    '    feature (off by default).\n'
    '\n'
    '  phase\t<string>\n'
    '  enum: Bound, Lost, Pending\n'
    '    phase represents the current phase of PersistentVolumeClaim.\n'
    '    \n'
    '    Possible enum values:\n'
    '     - `"Bound"` used for PersistentVolumeClaims that are bound\n'
    '     - `"Lost"` used for PersistentVolumeClaims that lost their underlying\n'
    '    PersistentVolume. The claim was bound to a PersistentVolume and this volume\n'
    '    does not exist any longer and all data on it was lost.\n'
    '     - `"Pending"` used for PersistentVolumeClaims that are not yet bound\n'
    '\n'
    '\n'
)

CONFIGMAP = (
    'KIND:       ConfigMap\n'
    'VERSION:    v1\n'
    '\n'
    'DESCRIPTION:\n'
    '    ConfigMap holds configuration data for pods to consume.\n'
    '    \n'
    'FIELDS:\n'
    '  apiVersion\t<string>\n'
    '    APIVersion defines the versioned schema of this representation of an object.\n'
    '    Servers should convert recognized schemas to the latest internal value, and\n'
    '    may reject unrecognized values. More info:\n'
    '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n'
    '\n'
    '  binaryData\t<map[string]string>\n'
    '    BinaryData contains the binary data. Each key must consist of alphanumeric\n'
    "    characters, '-', '_' or '.'. BinaryData can contain byte sequences that are\n"
    '    not in the UTF-8 range. The keys stored in BinaryData must not overlap with\n'
    '    the ones in the Data field, this is enforced during validation process.\n'
    '    Using this field will require 1.10+ apiserver and kubelet.\n'
    '\n'
    '  data\t<map[string]string>\n'
    '    Data contains the configuration data. Each key must consist of alphanumeric\n'
    "    characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use\n"
    '    the BinaryData field. The keys stored in Data must not overlap with the keys\n'
    '    in the BinaryData field, this is enforced during validation process.\n'
    '\n'
    '  immutable\t<boolean>\n'
    '    Immutable, if set to true, ensures that data stored in the ConfigMap cannot\n'
    '    be updated (only object metadata can be modified). If not set to true, the\n'
    '    field can be modified at any time. Defaulted to nil.\n'
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
    '\n'
)

NODE_AFFINITY_RECURSIVE = (
    'KIND:       PersistentVolume\n'
    'VERSION:    v1\n'
    '\n'
    'FIELD: nodeAffinity <VolumeNodeAffinity>\n'
    '\n'
    '\n'
    'DESCRIPTION:\n'
    '    nodeAffinity defines constraints that limit what nodes this volume can be\n'
    '    accessed from. This field influences the scheduling of pods that use this\n'
    '    volume.\n'
    '    VolumeNodeAffinity defines constraints that limit what nodes this volume can\n'
    '    be accessed from.\n'
    '    \n'
    'FIELDS:\n'
    '  required\t<NodeSelector>\n'
    '    nodeSelectorTerms\t<[]NodeSelectorTerm> -required-\n'
    '      matchExpressions\t<[]NodeSelectorRequirement>\n'
    '        key\t<string> -required-\n'
    '        operator\t<string> -required-\n'
    '        enum: DoesNotExist, Exists, Gt, In, ....\n'
    '        values\t<[]string>\n'
    '      matchFields\t<[]NodeSelectorRequirement>\n'
    '        key\t<string> -required-\n'
    '        operator\t<string> -required-\n'
    '        enum: DoesNotExist, Exists, Gt, In, ....\n'
    '        values\t<[]string>\n'
    '\n'
)

CREATION_TIMESTAMP = (
    'KIND:       Pod\n'
    'VERSION:    v1\n'
    '\n'
    'FIELD: creationTimestamp <string>\n'
    '\n'
    '\n'
    'DESCRIPTION:\n'
    '    CreationTimestamp is a timestamp representing the server time when this\n'
    '    object was created. It is not guaranteed to be set in happens-before order\n'
    '    across separate operations. Clients may not set this value. It is\n'
    '    represented in RFC3339 form and is in UTC.\n'
    '    \n'
    '    Populated by the system. Read-only. Null for lists. More info:\n'
    '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n'
    '    Time is a wrapper around time.Time which supports correct marshaling to YAML\n'
    '    and JSON.  Wrappers are provided for many of the factory methods that the\n'
    '    time package offers.\n'
    '    \n'
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
    ("kubectl explain pod.spec.volumes.configMap", CONFIGMAP_VOLUME),
    ("kubectl explain pvc.status", PVC_STATUS),
    ("kubectl explain cm", CONFIGMAP),
    ("kubectl explain configmaps", CONFIGMAP),
    ("kubectl explain pv.spec.nodeAffinity --recursive", NODE_AFFINITY_RECURSIVE),
    # A scalar type's description follows the field's, as kubectl appends a referenced schema's.
    ("kubectl explain pod.metadata.creationTimestamp", CREATION_TIMESTAMP),
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
     "KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n"
     "\n"),
])
def test_headers_and_field_lines(cluster, line, header):
    assert cluster.sh(line).out.startswith(header)


@pytest.mark.parametrize("line, fragment", [
    ("kubectl explain pod.spec",
     "  containers\t<[]Container> -required-\n    List of containers belonging to the pod."),
    ("kubectl explain pod.spec", "  volumes\t<[]Volume>\n"),
    ("kubectl explain pod.spec", "  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n"),
    ("kubectl explain pod.spec.volumes", "  emptyDir\t<EmptyDirVolumeSource>\n"),
    ("kubectl explain pod.spec.volumes", "  name\t<string> -required-\n"),
    ("kubectl explain pod.spec.containers.volumeMounts", "  mountPath\t<string> -required-\n"),
    ("kubectl explain pod.spec.containers", "  imagePullPolicy\t<string>\n  enum: Always, IfNotPresent, Never\n"),
    ("kubectl explain pod.spec.containers", "  livenessProbe\t<Probe>\n"),
    ("kubectl explain pod.spec.containers", "  name\t<string> -required-\n"),
    ("kubectl explain pod.spec.volumes.hostPath", "  type\t<string>\n  enum: \"\", BlockDevice, CharDevice, "
                                                  "Directory, ....\n"),
    ("kubectl explain pod.spec.volumes.secret.items", "  key\t<string> -required-\n"),
    ("kubectl explain pod.spec.volumes.downwardAPI.items.fieldRef", "  fieldPath\t<string> -required-\n"),
    ("kubectl explain pod.spec.volumes.projected.sources", "  serviceAccountToken\t<ServiceAccountTokenProjection>\n"),
    ("kubectl explain pod.spec.volumes.ephemeral.volumeClaimTemplate.spec",
     "  storageClassName\t<string>\n"),
    ("kubectl explain pod.spec.volumes.csi", "  driver\t<string> -required-\n"),
    ("kubectl explain pod.spec.volumes.nfs", "  server\t<string> -required-\n"),
    ("kubectl explain pv.status", "  phase\t<string>\n  enum: Available, Bound, Failed, Pending, ....\n"),
    ("kubectl explain pv.spec.claimRef", "  resourceVersion\t<string>\n"),
    ("kubectl explain pv.spec.csi", "  volumeHandle\t<string> -required-\n"),
    ("kubectl explain pv.spec.local", "  path\t<string> -required-\n"),
    ("kubectl explain pvc.spec.selector", "  matchExpressions\t<[]LabelSelectorRequirement>\n"),
    ("kubectl explain pvc.spec.resources", "  requests\t<map[string]Quantity>\n"),
    ("kubectl explain pvc.spec.dataSourceRef", "  namespace\t<string>\n"),
    ("kubectl explain pvc.status.conditions", "  lastTransitionTime\t<string>\n"),
    ("kubectl explain pvc.status.modifyVolumeStatus", "  status\t<string> -required-\n"),
    ("kubectl explain pvc.metadata", "  ownerReferences\t<[]OwnerReference>\n"),
    ("kubectl explain pod.metadata.labels", "FIELD: labels <map[string]string>\n\n\nDESCRIPTION:\n"
                                            "    Map of string keys"),
    ("kubectl explain secret", "  stringData\t<map[string]string>\n"),
    ("kubectl explain pvc --recursive", "      matchExpressions\t<[]LabelSelectorRequirement>\n"),
    ("kubectl explain pod --recursive", "        volumeClaimTemplate\t<PersistentVolumeClaimTemplate>\n"),
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
    ("kubectl explain pv.spec.iscsi", 'error: field "iscsi" does not exist\n'),
    ("kubectl explain pod.spec.containers.env", 'error: field "env" does not exist\n'),
    # Quantity's own description is not carried, so explaining a Quantity field is refused like a missing type.
    ("kubectl explain pv.spec.capacity", 'error: field "capacity" does not exist\n'),
    ("kubectl explain pod.metadata.labels.app", 'error: field "app" does not exist\n'),
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
