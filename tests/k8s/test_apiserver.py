"""The API server's write path: defaults, admission, validation in the real words, and deletion with finalizers."""

from __future__ import annotations

import pytest

from storagekit.k8s.apiserver import APIServer, qos_class
from storagekit.k8s.controllers.persistentvolume import PVController
from storagekit.k8s.controllers.protection import sync_protection
from storagekit.k8s.errors import StatusError
from storagekit.k8s.store import ObjectStore
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory


@pytest.fixture
def api():
    return APIServer(ObjectStore(Clock(), IdFactory("api")))


def claim(name="c1", size="1Gi", modes=("ReadWriteOnce",), **spec):
    body = {"accessModes": list(modes), "resources": {"requests": {"storage": size}}, **spec}
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name}, "spec": body}


def volume(name="v1", size="1Gi", modes=("ReadWriteOnce",), **spec):
    body = {"capacity": {"storage": size}, "accessModes": list(modes), **spec}
    body.setdefault("hostPath", {"path": "/mnt/data"})
    return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name}, "spec": body}


def klass(name="standard", default=False, **fields):
    ann = {"storageclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name, "annotations": ann},
            "provisioner": "rancher.io/local-path", **fields}


def pod(context=None, **container_context):
    container = {"name": "app", "image": "busybox"}
    if container_context:
        container["securityContext"] = container_context
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [container], "securityContext": context or {}}}


def statefulset(**policy):
    spec = {"selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}}, "spec": pod()["spec"]}}
    if policy:
        spec["persistentVolumeClaimRetentionPolicy"] = policy
    return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": spec}


@pytest.mark.parametrize("policy, defaulted", [
    ({}, {"whenDeleted": "Retain", "whenScaled": "Retain"}),
    ({"whenScaled": "Delete"}, {"whenDeleted": "Retain", "whenScaled": "Delete"}),
    ({"whenDeleted": "Delete"}, {"whenDeleted": "Delete", "whenScaled": "Retain"}),
    ({"whenDeleted": "", "whenScaled": "Delete"}, {"whenDeleted": "Retain", "whenScaled": "Delete"}),
])
def test_each_claim_retention_field_left_out_defaults_to_retain(api, policy, defaulted):
    sts = api.create(statefulset(**policy))
    assert sts["spec"]["persistentVolumeClaimRetentionPolicy"] == defaulted


def test_defaults_finalizers_and_status(api):
    pv = api.create(dict(volume(), status={"phase": "Bound"}))  # status on create is ignored
    assert pv["spec"]["persistentVolumeReclaimPolicy"] == "Retain" and pv["spec"]["volumeMode"] == "Filesystem"
    assert pv["status"] == {"phase": "Pending"} and pv["metadata"]["finalizers"] == ["kubernetes.io/pv-protection"]
    pvc = api.create(claim())
    assert pvc["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    assert pvc["metadata"]["namespace"] == "default"
    assert "storageClassName" not in pvc["spec"]
    sc = api.create(klass())
    assert (sc["reclaimPolicy"], sc["volumeBindingMode"]) == ("Delete", "Immediate")


def test_default_class_admission_takes_the_newest_default(api):
    api.create(klass("old", default=True))
    api.store.clock.advance(5)
    api.create(klass("new", default=True))
    assert api.create(claim("a"))["spec"]["storageClassName"] == "new"
    assert api.create(claim("b", storageClassName=""))["spec"]["storageClassName"] == ""


INVALID = [
    (claim(modes=()), 'PersistentVolumeClaim "c1" is invalid: spec.accessModes: Required value: at least 1 '
                      "access mode is required"),
    (claim(modes=("ReadWriteSome",)), 'PersistentVolumeClaim "c1" is invalid: spec.accessModes: Unsupported value: '
                                      '"ReadWriteSome": supported values: "ReadOnlyMany", "ReadWriteMany", '
                                      '"ReadWriteOnce", "ReadWriteOncePod"'),
    (claim(modes=("ReadWriteOncePod", "ReadWriteOnce")), 'PersistentVolumeClaim "c1" is invalid: spec.accessModes: '
                                                         "Forbidden: may not use ReadWriteOncePod with other access "
                                                         "modes"),
    (claim(size="0"), 'PersistentVolumeClaim "c1" is invalid: spec.resources[storage]: Invalid value: "0": '
                      "must be greater than zero"),
    (claim(name="Data"), 'PersistentVolumeClaim "Data" is invalid: metadata.name: Invalid value: "Data": a lowercase '
                         "RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
                         "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
                         "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    (claim(modes=(), size="0"), 'PersistentVolumeClaim "c1" is invalid: [spec.accessModes: Required value: at '
                                'least 1 access mode is required, spec.resources[storage]: Invalid value: "0": must '
                                "be greater than zero]"),
    (volume(hostPath=None), 'PersistentVolume "v1" is invalid: spec: Required value: must specify a volume type'),
    (volume(nfs={"server": "s", "path": "/"}), 'PersistentVolume "v1" is invalid: spec.nfs: Forbidden: may not '
                                               "specify more than 1 volume type"),
    (volume(persistentVolumeReclaimPolicy="Keep"), 'PersistentVolume "v1" is invalid: '
                                                   'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": '
                                                   'supported values: "Delete", "Recycle", "Retain"'),
    (volume(local={"path": "/mnt/disk"}, hostPath=None),
     'PersistentVolume "v1" is invalid: spec.nodeAffinity: Required value: Local volume requires node affinity'),
    (klass(reclaimPolicy="Recycle"), 'StorageClass.storage.k8s.io "standard" is invalid: reclaimPolicy: Unsupported '
                                     'value: "Recycle": supported values: "Delete", "Retain"'),
    (pod({"fsGroup": -1}), 'Pod "p" is invalid: spec.securityContext.fsGroup: Invalid value: -1: must be between 0 '
                           "and 2147483647, inclusive"),
    (pod({"runAsUser": 1000, "supplementalGroups": [1, -2]}),
     'Pod "p" is invalid: spec.securityContext.supplementalGroups[1]: Invalid value: -2: must be between 0 and '
     "2147483647, inclusive"),
    (pod(runAsUser=2147483648, runAsGroup=-1),
     'Pod "p" is invalid: [spec.containers[0].securityContext.runAsUser: Invalid value: 2147483648: must be between 0 '
     "and 2147483647, inclusive, spec.containers[0].securityContext.runAsGroup: Invalid value: -1: must be between 0 "
     "and 2147483647, inclusive]"),
    (pod({"fsGroup": 2000, "fsGroupChangePolicy": "Sometimes"}),
     'Pod "p" is invalid: spec.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: '
     '"Always", "OnRootMismatch"'),
    (pod({"supplementalGroupsPolicy": "Loose"}),
     'Pod "p" is invalid: spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Loose": supported '
     'values: "Merge", "Strict"'),
    ({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
      "spec": {"selector": {"matchLabels": {"app": "web"}},
               "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod({"runAsGroup": -5})["spec"]}}},
     'Deployment.apps "web" is invalid: spec.template.spec.securityContext.runAsGroup: Invalid value: -5: must be '
     "between 0 and 2147483647, inclusive"),
    (statefulset(whenScaled="Remove"),
     'StatefulSet.apps "db" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: '
     '"Remove": supported values: "Retain", "Delete"'),
    (statefulset(whenDeleted="delete", whenScaled="Keep"),
     'StatefulSet.apps "db" is invalid: [spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: '
     '"delete": supported values: "Retain", "Delete", spec.persistentVolumeClaimRetentionPolicy.whenScaled: '
     'Unsupported value: "Keep": supported values: "Retain", "Delete"]'),
]


@pytest.mark.parametrize("obj, message", INVALID)
def test_invalid_objects_are_refused_and_nothing_changes(api, obj, message):
    if obj.get("spec", {}).get("hostPath", "") is None:
        del obj["spec"]["hostPath"]
    with pytest.raises(StatusError) as caught:
        api.create(obj)
    assert (caught.value.reason, caught.value.message) == ("Invalid", message)
    assert api.store.objects == {}


def test_a_malformed_quantity_fails_decoding(api):
    with pytest.raises(StatusError) as caught:
        api.create(claim(size="1GB"))
    assert caught.value.message == ('PersistentVolumeClaim in version "v1" cannot be handled as a '
                                    'PersistentVolumeClaim: '
                                    "quantities must match the regular expression "
                                    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def test_immutability_and_resize_admission(api):
    api.create(klass("exp", allowVolumeExpansion=True))
    pvc = api.create(claim(storageClassName="exp"))
    changed = dict(pvc, spec=dict(pvc["spec"], accessModes=["ReadWriteMany"]))
    with pytest.raises(StatusError) as caught:
        api.update(changed)
    assert caught.value.message.endswith("spec: Forbidden: spec is immutable after creation except "
                                         "resources.requests and volumeAttributesClassName for bound claims")
    grown = dict(pvc, spec=dict(pvc["spec"], resources={"requests": {"storage": "2Gi"}}))
    with pytest.raises(StatusError) as caught:
        api.update(grown)
    assert "spec is immutable" in caught.value.message  # an unbound claim cannot grow at all
    sc = api.store.get("StorageClass", "exp")
    with pytest.raises(StatusError) as caught:
        api.update(dict(sc, provisioner="other.io/x"))
    assert caught.value.message == ('StorageClass.storage.k8s.io "exp" is invalid: provisioner: Forbidden: updates to '
                                    "provisioner are forbidden.")


def test_deleting_a_bound_pair_waits_for_the_finalizers(api):
    api.create(volume())
    api.create(claim())
    controller = PVController(api.store)
    controller.sync()
    assert api.delete("PersistentVolume", "v1") == "terminating"
    sync_protection(api)
    assert api.store.get("PersistentVolume", "v1")["status"]["phase"] == "Bound"  # still bound: kept
    assert api.delete("PersistentVolumeClaim", "c1", "default") == "terminating"
    sync_protection(api)  # no pod uses the claim: it goes
    controller.sync()  # the volume is Released
    sync_protection(api)  # and, no longer bound, goes too
    assert api.store.objects == {}


def test_missing_and_duplicate_objects(api):
    api.create(claim())
    with pytest.raises(StatusError) as caught:
        api.create(claim())
    assert (caught.value.reason, caught.value.message) == ("AlreadyExists",
                                                           'persistentvolumeclaims "c1" already exists')
    with pytest.raises(StatusError) as caught:
        api.delete("PersistentVolume", "nope")
    assert (caught.value.reason, caught.value.message) == ("NotFound", 'persistentvolumes "nope" not found')


def test_metadata_changes_leave_the_spec_rule_alone(api):
    pvc = api.create(claim())
    labelled = dict(pvc, metadata=dict(pvc["metadata"], labels={"tier": "db"}))
    assert api.update(labelled)["metadata"]["labels"] == {"tier": "db"}
    named = dict(pvc, spec=dict(pvc["spec"], volumeName="v9"))
    assert api.update(named)["spec"]["volumeName"] == "v9"  # set once, while empty


def test_a_claim_in_use_waits_for_its_pod(api):
    api.create(volume())
    api.create(claim())
    PVController(api.store).sync()
    api.store.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
                      "spec": {"volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "c1"}}]},
                      "status": {"phase": "Running"}})
    assert api.delete("PersistentVolumeClaim", "c1", "default") == "terminating"
    sync_protection(api)
    assert api.store.get("PersistentVolumeClaim", "c1")["status"]["phase"] == "Bound"  # Terminating, still Bound
    api.store.get("Pod", "p", "default")["status"]["phase"] = "Succeeded"
    sync_protection(api)
    assert api.store.get("PersistentVolumeClaim", "c1") is None


def test_resize_admission_for_a_bound_claim(api):
    api.create(klass("fixed"))
    api.create(volume(storageClassName="fixed"))
    api.create(claim(storageClassName="fixed"))
    PVController(api.store).sync()
    pvc = api.store.get("PersistentVolumeClaim", "c1")
    grown = dict(pvc, spec=dict(pvc["spec"], resources={"requests": {"storage": "2Gi"}}))
    with pytest.raises(StatusError) as caught:
        api.update(grown)
    assert caught.value.message == ('persistentvolumeclaims "c1" is forbidden: only dynamically provisioned pvc can be '
                                    "resized and the storageclass that provisions the pvc must support resize")
    shrunk = dict(pvc, spec=dict(pvc["spec"], resources={"requests": {"storage": "500Mi"}}))
    with pytest.raises(StatusError) as caught:
        api.update(shrunk)
    assert "field can not be less than previous value" in caught.value.message


def test_default_classes_created_together_tie_by_name(api):
    api.create(klass("zeta", default=True))
    api.create(klass("alpha", default=True))
    assert api.create(claim())["spec"]["storageClassName"] == "alpha"


@pytest.mark.parametrize("resources, qos", [
    ([{}], "BestEffort"),
    ([{"requests": {"memory": "64Mi"}}], "Burstable"),
    ([{"limits": {"memory": "64Mi", "cpu": "1"}}], "Guaranteed"),
    ([{"limits": {"memory": "64Mi", "cpu": "1"}, "requests": {"cpu": "500m"}}], "Burstable"),
    ([{"limits": {"memory": "1Gi", "cpu": "1"}}, {}], "Burstable"),
    ([{"limits": {"memory": "1Gi", "cpu": "1000m"}, "requests": {"memory": "1024Mi", "cpu": "1"}}], "Guaranteed"),
])
def test_a_pods_qos_class_follows_its_requests_and_limits(resources, qos):
    spec = {"containers": [{"name": f"c{i}", "resources": r} for i, r in enumerate(resources)]}
    assert qos_class(spec) == qos


def test_storage_object_in_use_protection_adds_its_finalizer_after_the_users():
    from storagekit.k8s.apiserver import APIServer
    from storagekit.k8s.store import ObjectStore
    from storagekit.sim.clock import Clock
    from storagekit.sim.ids import IdFactory

    api = APIServer(ObjectStore(Clock(), IdFactory("t")))
    pv = api.create({"apiVersion": "v1", "kind": "PersistentVolume",
                     "metadata": {"name": "v", "finalizers": ["example.com/hold"]},
                     "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                              "hostPath": {"path": "/mnt/v"}}})
    assert pv["metadata"]["finalizers"] == ["example.com/hold", "kubernetes.io/pv-protection"]
    assert api.delete("PersistentVolume", "v") == "terminating"
