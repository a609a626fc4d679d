"""Service account credentials in every Pod: the ServiceAccount admission plugin and the root CA publisher.

Admission gives each Pod (unless ``automountServiceAccountToken: false``) a
projected volume ``kube-api-access-<5 characters>`` holding a token, the
cluster's CA certificate (from the ``kube-root-ca.crt`` ConfigMap the
publisher keeps in every namespace) and the namespace's name, mounted read-only
at ``/var/run/secrets/kubernetes.io/serviceaccount`` in every container. It is
the volume learners find in ``kubectl describe pod`` without having asked for it.
"""

from __future__ import annotations

import base64
import hashlib

from storagekit.k8s.names import suffix

ROOT_CA = "kube-root-ca.crt"
MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
TOKEN_SECONDS = 3607


def _ca_certificate() -> str:
    """A PEM block shaped like kind's cluster CA (its bytes are made up, and the same on every run)."""
    raw = b"".join(hashlib.sha512(f"kind-ca-{i}".encode()).digest() for i in range(12))[:720]
    body = base64.b64encode(raw).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


CA_CERTIFICATE = _ca_certificate()


def admit(pod: dict, seed: str) -> None:
    """Add the token volume and its mounts, as the plugin does on create."""
    spec = pod.setdefault("spec", {})
    if spec.get("automountServiceAccountToken") is False:
        return
    volumes = spec.setdefault("volumes", []) or []
    spec["volumes"] = volumes
    if any(v.get("name", "").startswith("kube-api-access-") for v in volumes):
        return
    name = f"kube-api-access-{suffix(seed, 5)}"
    volumes.append({"name": name, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": TOKEN_SECONDS, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": ROOT_CA}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                    "path": "namespace"}]}}]}})
    for container in spec.get("containers") or []:
        mounts = container.setdefault("volumeMounts", []) or []
        container["volumeMounts"] = mounts
        if not any(m.get("mountPath") == MOUNT_PATH for m in mounts):
            mounts.append({"mountPath": MOUNT_PATH, "name": name, "readOnly": True})


def publish_root_ca(store) -> None:
    """``root-ca-cert-publisher``: each active namespace has the ``kube-root-ca.crt`` ConfigMap."""
    for ns in store.list("Namespace"):
        name = ns["metadata"]["name"]
        if ns["metadata"].get("deletionTimestamp") or store.get("ConfigMap", ROOT_CA, name) is not None:
            continue
        store.create({"apiVersion": "v1", "kind": "ConfigMap",
                      "metadata": {"name": ROOT_CA, "namespace": name,
                                   "annotations": {"kubernetes.io/description": "Contains a CA bundle that can be "
                                                   "used to verify the kube-apiserver when using internal endpoints "
                                                   "such as the internal service IP or kubernetes.default.svc. No "
                                                   "other usage is guaranteed across distributions of Kubernetes "
                                                   "clusters."}},
                      "data": {"ca.crt": CA_CERTIFICATE}})
