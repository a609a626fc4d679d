"""More Kubernetes exercises: a configuration file from a ConfigMap, the default class, a claim that waits for its
first consumer, a Terminating claim, and storage for three applications without a hand-made volume."""

from __future__ import annotations

from storagekit.exercises import state
from storagekit.exercises.model import Exercise, Goal, Hint, Question

FAST_CLASS = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
"""


def _claim(name: str, cls: str | None = None) -> str:
    line = f"  storageClassName: {cls}\n" if cls is not None else ""
    return (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n{line}"
            "  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n")


def _is_default(cluster, name: str) -> bool:
    sc = cluster.state.store.get("StorageClass", name) or {"metadata": {}}
    return (sc["metadata"].get("annotations") or {}).get("storageclass.kubernetes.io/is-default-class") == "true"


CONFIG_FILE = Exercise(
    id="k8s-config-file-from-configmap", title="A configuration file from a ConfigMap", concepts=("K1.4", "K1.1"),
    points=2, kind="build", target="kubernetes",
    instructions="""The ConfigMap `app-config` holds the key `{key}`. Run a Pod `app` (image `busybox`, command
`sleep 3600`) in which that key is the file `/etc/app/{key}`, and nothing else of the ConfigMap appears in
`/etc/app`.""",
    files=lambda p: {"/root/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\n"
                                          f"data:\n  {p['key']}: \"mode=fast\"\n  secret.txt: \"do not mount\"\n"},
    setup=lambda p: ["kubectl apply -f /root/config.yaml"],
    solution=lambda p: ["kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n"
                        "  containers:\n  - name: app\n    image: busybox\n    command: [sleep, '3600']\n"
                        f"    volumeMounts: [{{name: cfg, mountPath: /etc/app/{p['key']}, subPath: {p['key']}}}]\n"
                        "  volumes:\n  - name: cfg\n    configMap: {name: app-config}\nEOF"],
    par=1,
    goals=(Goal("running", "the Pod app is Running",
                lambda c, p: state.phase(c.state.store.get("Pod", "app", "default")) == "Running"),
           Goal("file", "/etc/app/{key} holds the key's value",
                lambda c, p: c.sh(f"kubectl exec app -- cat /etc/app/{p['key']}").out == "mode=fast",
                after=("running",)),
           Goal("only", "/etc/app holds nothing else",
                lambda c, p: c.sh("kubectl exec app -- ls /etc/app").out.split() == [p["key"]], after=("file",))),
    hints=(Hint("Mounting the whole ConfigMap at /etc/app shows every key; subPath mounts one key as one file, "
                "or items picks keys."),),
    params=lambda rng: {"key": rng.choice(["settings.ini", "app.conf", "config.yaml"])},
)

DEFAULT_CLASS = Exercise(
    id="k8s-switch-the-default-class", title="Switch the default StorageClass", concepts=("K4.3", "K4.1"),
    points=2, kind="build", target="kubernetes",
    instructions="""The cluster's default class is `standard`. Make the class `fast` (already there) the only default,
so that a claim `{claim}` created without a class gets `fast`; create that claim.""",
    files=lambda p: {"/root/fast.yaml": FAST_CLASS},
    setup=lambda p: ["kubectl apply -f /root/fast.yaml"],
    solution=lambda p: [
        "kubectl annotate storageclass standard storageclass.kubernetes.io/is-default-class=false --overwrite",
        "kubectl annotate storageclass fast storageclass.kubernetes.io/is-default-class=true",
        f"kubectl apply -f - <<'EOF'\n{_claim(p['claim'])}EOF"],
    par=3,
    goals=(Goal("fast", "fast is a default class", lambda c, p: _is_default(c, "fast")),
           Goal("only", "standard is no longer one", lambda c, p: not _is_default(c, "standard")),
           Goal("claim", "the claim {claim} got the class fast",
                lambda c, p: ((state.claim(c, p["claim"]) or {}).get("spec") or {}).get("storageClassName") == "fast",
                after=("fast",))),
    hints=(Hint("The claim was made before fast became the default, or while standard still was one (then the "
                "newest default wins): delete it and create it again.",
                lambda c, p: ((state.claim(c, p["claim"]) or {}).get("spec") or {}).get("storageClassName")
                == "standard",
                lambda p: [f"kubectl apply -f - <<'EOF'\n{_claim(p['claim'])}EOF"]),
           Hint("The default is the class annotated storageclass.kubernetes.io/is-default-class=true; "
                "kubectl annotate changes annotations (--overwrite replaces one).")),
    params=lambda rng: {"claim": rng.choice(["data", "uploads", "reports"])},
)


def _phase_then(cluster, p) -> str:
    return state.phase(state.claim(cluster, p["claim"]))


WAITING = Exercise(
    id="k8s-waiting-for-a-consumer", title="A claim that waits for its first Pod", concepts=("K4.5", "K2.5"),
    points=1, kind="predict", target="kubernetes",
    instructions="""On this cluster the default class `standard` has `volumeBindingMode: WaitForFirstConsumer`. The
claim `{claim}` was just created without a class, and no Pod uses it. What is its phase (`kubectl get pvc`)?""",
    files=lambda p: {"/root/claim.yaml": _claim(p["claim"])},
    setup=lambda p: ["kubectl apply -f /root/claim.yaml"],
    solution=lambda p: [],
    par=0,
    question=Question("What is the claim's phase?", _phase_then,
                      wrong={"Bound": "No volume exists for it yet: the provisioner waits until a Pod using the claim "
                                      "is scheduled."}),
    hints=(Hint("WaitForFirstConsumer: nothing is provisioned or bound before a Pod that uses the claim is "
                "scheduled."),),
    params=lambda rng: {"claim": rng.choice(["data", "cache", "logs"])},
)

TERMINATING = Exercise(
    id="k8s-terminating-claim", title="A claim stuck in Terminating", concepts=("K2.8",),
    points=2, kind="repair", target="kubernetes",
    instructions="""Someone deleted the claim `{claim}`, and `kubectl get pvc` shows it `Terminating`. Find out what
holds it, and let it go, so that no claim is left.""",
    files=lambda p: {"/root/app.yaml": _claim(p["claim"]) + "---\n" + (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: reader}\nspec:\n  containers:\n  - name: r\n"
        "    image: busybox\n    command: [sleep, '3600']\n    volumeMounts: [{name: d, mountPath: /data}]\n"
        f"  volumes:\n  - name: d\n    persistentVolumeClaim: {{claimName: {p['claim']}}}\n")},
    setup=lambda p: ["kubectl apply -f /root/app.yaml", f"kubectl delete pvc {p['claim']} --wait=false"],
    solution=lambda p: ["kubectl delete pod reader"],
    par=1,
    goals=(Goal("gone", "the claim {claim} is gone", lambda c, p: state.claim(c, p["claim"]) is None),),
    hints=(Hint("kubectl describe pvc {claim} shows 'Used By': the protection finalizer stays while a Pod uses "
                "the claim."),),
    params=lambda rng: {"claim": rng.choice(["data", "cache", "logs"])},
)

THREE_APPS = Exercise(
    id="k8s-storage-without-volumes", title="Storage for three apps, no volume by hand", concepts=("K4.2", "K2.2"),
    points=2, kind="build", target="kubernetes",
    instructions="""Give the applications `shop`, `blog` and `wiki` 1Gi of storage each, as claims of those names bound
to volumes, without writing a PersistentVolume yourself: let the default class provision them. (On this
cluster's class, a volume is made once a Pod uses the claim.)""",
    setup=lambda p: [],
    solution=lambda p: ["kubectl apply -f - <<'EOF'\n" + "---\n".join(
        _claim(app) + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + app + "}\nspec:\n  containers:\n"
        "  - name: app\n    image: busybox\n    command: [sleep, '3600']\n"
        "    volumeMounts: [{name: d, mountPath: /data}]\n  volumes:\n  - name: d\n"
        "    persistentVolumeClaim: {claimName: " + app + "}\n" for app in ("shop", "blog", "wiki")) + "EOF"],
    par=1,
    goals=(Goal("bound", "the claims shop, blog and wiki are Bound",
                lambda c, p: all(state.bound_volume(c, a) for a in ("shop", "blog", "wiki"))),
           Goal("provisioned", "their volumes were provisioned, not written by hand",
                lambda c, p: all(state.bound_volume(c, a).startswith("pvc-") for a in ("shop", "blog", "wiki")),
                after=("bound",))),
    hints=(Hint("The claims wait (WaitForFirstConsumer): a Pod that uses each claim starts the provisioning.",
                lambda c, p: any(state.phase(state.claim(c, a)) == "Pending" for a in ("shop", "blog", "wiki")),
                lambda p: [f"kubectl apply -f - <<'EOF'\n{_claim('shop')}EOF"]),),
)



def _static(name: str, policy: str) -> str:
    return (f"apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}}}\nspec:\n  storageClassName: manual\n"
            f"  capacity: {{storage: 5Gi}}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: {policy}\n"
            f"  hostPath: {{path: /mnt/{name}}}\n")


def _after_claim_deleted(cluster, p) -> str:
    cluster.sh(f"kubectl delete pvc {p['claim']}")
    pv = cluster.state.store.get("PersistentVolume", "pv-1")
    return state.phase(pv) if pv is not None else "deleted"


RECLAIM = Exercise(
    id="k8s-after-the-claim-goes", title="What happens to a volume when its claim goes?", concepts=("K5.1",),
    points=1, kind="predict", target="kubernetes",
    instructions="""The volume `pv-1` (class `manual`, reclaim policy `{policy}`) is bound to the claim `{claim}`,
which no Pod uses. After `kubectl delete pvc {claim}`, what does `kubectl get pv pv-1` show as its STATUS? Answer with
the phase, or `deleted` if the volume is gone.""",
    files=lambda p: {"/root/start.yaml": _static("pv-1", p["policy"]) + "---\n" + _claim(p["claim"], "manual")},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: [],
    par=0,
    question=Question("What is pv-1's STATUS after the claim is deleted?", _after_claim_deleted,
                      wrong={"Available": "A Released volume still remembers its old claim (claimRef): no new claim "
                                          "binds to it until an admin clears that."}),
    hints=(Hint("Retain keeps the volume and its data, Released; Delete removes both."),),
    params=lambda rng: {"policy": rng.choice(["Retain", "Delete"]), "claim": rng.choice(["data", "orders", "logs"])},
)

NAMESPACED = Exercise(
    id="k8s-claim-in-the-pods-namespace", title="A Pod that cannot find its claim", concepts=("K2.7",),
    points=2, kind="repair", target="kubernetes",
    instructions="""The Pod `db` in the namespace `{ns}` names the claim `data`, and stays Pending. A claim `data`
exists, in `default`. Make `db` run without changing it.""",
    files=lambda p: {"/root/start.yaml": f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {p['ns']}}}\n---\n"
                     + _claim("data") + "---\n" + (
                         f"apiVersion: v1\nkind: Pod\nmetadata: {{name: db, namespace: {p['ns']}}}\nspec:\n"
                         "  containers:\n  - name: db\n    image: busybox\n    command: [sleep, '3600']\n"
                         "    volumeMounts: [{name: d, mountPath: /data}]\n  volumes:\n  - name: d\n"
                         "    persistentVolumeClaim: {claimName: data}\n")},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: [f"kubectl apply -n {p['ns']} -f - <<'EOF'\n{_claim('data')}EOF"],
    par=1,
    goals=(Goal("running", "the Pod db in {ns} is Running",
                lambda c, p: state.phase(c.state.store.get("Pod", "db", p["ns"])) == "Running"),),
    hints=(Hint("A Pod finds its claims in its own namespace: kubectl describe pod db -n {ns} says "
                "'persistentvolumeclaim \"data\" not found'."),
           Hint("Create a claim data in the namespace {ns} (kubectl apply -n {ns} ...).")),
    params=lambda rng: {"ns": rng.choice(["shop", "blog", "team-a"])},
)


def _claims_for_deployment(cluster, p) -> str:
    return str(len(cluster.state.store.list("PersistentVolumeClaim")))


SHARED = Exercise(
    id="k8s-replicas-and-one-claim", title="How many claims does a Deployment make?", concepts=("K6.2", "K6.3"),
    points=1, kind="predict", target="kubernetes",
    instructions="""The Deployment `web` runs {replicas} replicas whose Pod template mounts the claim `shared` (which
exists, ReadWriteOnce, and all replicas run on the one node). How many claims does `kubectl get pvc` list?""",
    files=lambda p: {"/root/start.yaml": _claim("shared") + "---\n" + (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: {p['replicas']}\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
        "      containers:\n      - name: web\n        image: nginx\n"
        "        volumeMounts: [{name: d, mountPath: /usr/share/nginx/html}]\n      volumes:\n      - name: d\n"
        "        persistentVolumeClaim: {claimName: shared}\n")},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: [],
    par=0,
    question=Question("How many claims are there?", _claims_for_deployment,
                      wrong={str(n): "A Deployment's replicas all use the one claim their template names; only a "
                                     "StatefulSet's volumeClaimTemplates make one per replica." for n in (2, 3, 4)}),
    hints=(Hint("Does a Deployment have volumeClaimTemplates?"),),
    params=lambda rng: {"replicas": rng.choice([2, 3, 4])},
)

EXERCISES = (CONFIG_FILE, DEFAULT_CLASS, WAITING, TERMINATING, THREE_APPS, RECLAIM, NAMESPACED, SHARED)
