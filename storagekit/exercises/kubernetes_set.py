"""The Kubernetes exercises: a claim that will not bind, a claim for one volume, storage per replica, data kept."""

from __future__ import annotations

from storagekit.exercises import state
from storagekit.exercises.model import Exercise, Goal, Hint

CLAIMS = ["data", "orders", "uploads", "reports", "cache-store", "media"]


def _pv(name: str, size: str, modes: str, cls: str = "manual") -> str:
    return (f"apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}}}\nspec:\n"
            f"  storageClassName: {cls}\n  capacity: {{storage: {size}}}\n  accessModes: [{modes}]\n"
            f"  hostPath: {{path: /mnt/{name}}}\n")


def _claim(name: str, size: str, cls: str = "manual", volume: str = "") -> str:
    pinned = f"  volumeName: {volume}\n" if volume else ""
    return (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n"
            f"  storageClassName: {cls}\n  accessModes: [ReadWriteOnce]\n{pinned}"
            f"  resources: {{requests: {{storage: {size}}}}}\n")


def _claim_params(rng) -> dict:
    return {"claim": rng.choice(CLAIMS), "size": rng.choice([4, 5, 6])}


PENDING = Exercise(
    id="k8s-pending-claim", title="A claim that stays Pending", concepts=("K2.4", "K2.5"),
    points=2, kind="repair", target="kubernetes",
    instructions="""The claim `{claim}` asks for {size}Gi, ReadWriteOnce, class `manual`, and stays `Pending`: neither
existing volume fits it. Find out why, and make it bind without changing it or the existing volumes.""",
    files=lambda p: {"/root/start.yaml": "---\n".join([
        _pv("pv-small", "1Gi", "ReadWriteOnce"), _pv("pv-shared", "20Gi", "ReadWriteMany"),
        _claim(p["claim"], f"{p['size']}Gi")])},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: [f"kubectl apply -f - <<'EOF'\n{_pv('pv-fits', '10Gi', 'ReadWriteOnce')}EOF"],
    par=1,
    goals=(Goal("bound", "the claim {claim} is Bound", lambda c, p: state.phase(state.claim(c, p["claim"])) == "Bound"),
           Goal("same", "the claim still asks for {size}Gi of class manual",
                lambda c, p: (state.claim(c, p["claim"]) or {}).get("spec", {}).get("resources", {}).get(
                    "requests", {}).get("storage") == f"{p['size']}Gi", keep=True)),
    hints=(Hint("A volume of another class never binds to this claim: storageClassName must be manual.",
                lambda c, p: any(v["spec"].get("storageClassName") != "manual"
                                 for v in c.state.store.list("PersistentVolume")),
                lambda p: [f"kubectl apply -f - <<'EOF'\n{_pv('pv-new', '10Gi', 'ReadWriteOnce', 'standard')}EOF"]),
           Hint("kubectl describe pvc {claim} lists its events; compare each volume's capacity and access modes "
                "with the claim's."),
           Hint("A new PersistentVolume of class manual, at least {size}Gi, ReadWriteOnce, is one the claim can "
                "take.")),
    params=_claim_params,
)

PINNED = Exercise(
    id="k8s-claim-this-volume", title="A claim for one particular volume", concepts=("K2.3", "K2.6"),
    points=2, kind="build", target="kubernetes",
    instructions="""Two volumes of class `manual` are free: `pv-a` (2Gi) and `pv-big` (20Gi). Create a claim `{claim}`
for 1Gi, ReadWriteOnce, class `manual`, that binds to `pv-big`, and leave `pv-a` Available.""",
    files=lambda p: {"/root/start.yaml": "---\n".join([_pv("pv-a", "2Gi", "ReadWriteOnce"),
                                                        _pv("pv-big", "20Gi", "ReadWriteOnce")])},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: [f"kubectl apply -f - <<'EOF'\n{_claim(p['claim'], '1Gi', volume='pv-big')}EOF"],
    par=1,
    goals=(Goal("bound", "{claim} is bound to pv-big", lambda c, p: state.bound_volume(c, p["claim"]) == "pv-big"),
           Goal("free", "pv-a is still Available",
                lambda c, p: state.phase(c.state.store.get("PersistentVolume", "pv-a")) == "Available", keep=True)),
    hints=(Hint("The binder gives a claim the smallest volume that fits: that is pv-a.",
                lambda c, p: state.bound_volume(c, p["claim"]) == "pv-a",
                lambda p: [f"kubectl apply -f - <<'EOF'\n{_claim(p['claim'], '1Gi')}EOF"]),
           Hint("A claim can name its volume: spec.volumeName.")),
    params=_claim_params,
)

STATEFUL = Exercise(
    id="k8s-storage-per-replica", title="Storage for each replica", concepts=("K6.3", "K6.2"),
    points=3, kind="build", target="kubernetes",
    instructions="""Run `nginx` as a StatefulSet `web` of 3 replicas, each with a claim of its own for 1Gi (template
name `www`, ReadWriteOnce, the default class) mounted at `/usr/share/nginx/html`.""",
    setup=lambda p: [],
    solution=lambda p: ["kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\n"
                        "spec:\n  replicas: 3\n  serviceName: web\n  selector: {matchLabels: {app: web}}\n"
                        "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
                        "      - name: nginx\n        image: nginx\n        volumeMounts:\n"
                        "        - {name: www, mountPath: /usr/share/nginx/html}\n  volumeClaimTemplates:\n"
                        "  - metadata: {name: www}\n    spec:\n      accessModes: [ReadWriteOnce]\n"
                        "      resources: {requests: {storage: 1Gi}}\nEOF"],
    par=1,
    goals=(Goal("claims", "the claims www-web-0, www-web-1 and www-web-2 are Bound",
                lambda c, p: all(state.phase(state.claim(c, f"www-web-{i}")) == "Bound" for i in range(3))),
           Goal("pods", "the Pods web-0, web-1 and web-2 are Running",
                lambda c, p: sorted(q["metadata"]["name"] for q in state.pods(c)
                                    if state.phase(q) == "Running") == ["web-0", "web-1", "web-2"])),
    hints=(Hint("A Deployment shares one claim between its replicas; a StatefulSet's volumeClaimTemplates give "
                "each replica its own.", lambda c, p: bool(c.state.store.list("Deployment")),
                lambda p: ["kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
                           "spec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n"
                           "    metadata: {labels: {app: web}}\n    spec:\n"
                           "      containers: [{name: nginx, image: nginx}]\nEOF"]),
           Hint("The claims are named TEMPLATE-STATEFULSET-ORDINAL: the template must be called www."),),
)

KEEP = Exercise(
    id="k8s-keep-the-data", title="Keep a volume when its claim goes", concepts=("K5.1",),
    points=3, kind="repair", target="kubernetes",
    instructions="""The claim `{claim}` was provisioned by the default class, whose reclaim policy is Delete, and the
Pod `writer` wrote into it. Delete the Pod and the claim, but keep the volume and its data.""",
    files=lambda p: {"/root/start.yaml": _claim(p["claim"], "1Gi", cls="standard") + "---\n" + (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: writer}\nspec:\n  containers:\n  - name: w\n    image: busybox\n"
        "    command: [sh, -c, 'echo kept > /data/file && sleep 3600']\n"
        f"    volumeMounts: [{{name: d, mountPath: /data}}]\n  volumes:\n"
        f"  - name: d\n    persistentVolumeClaim: {{claimName: {p['claim']}}}\n")},
    setup=lambda p: ["kubectl apply -f /root/start.yaml"],
    solution=lambda p: ["kubectl patch pv $(kubectl get pvc " + p["claim"] + " -o jsonpath='{.spec.volumeName}') "
                        "-p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}'",
                        "kubectl delete pod writer", f"kubectl delete pvc {p['claim']}"],
    par=3,
    goals=(Goal("gone", "the Pod writer and the claim {claim} are gone",
                lambda c, p: state.claim(c, p["claim"]) is None
                and c.state.store.get("Pod", "writer", "default") is None),
           Goal("kept", "the volume is still there, Released, with the Retain policy",
                lambda c, p: any(state.phase(v) == "Released" and v["spec"].get("persistentVolumeReclaimPolicy")
                                 == "Retain" for v in c.state.store.list("PersistentVolume")), after=("gone",))),
    hints=(Hint("The volume went with its claim: with the Delete policy, deleting the claim deletes the volume. "
                "Start again (reset) and change the policy first.",
                lambda c, p: state.claim(c, p["claim"]) is None and not c.state.store.list("PersistentVolume"),
                lambda p: ["kubectl delete pod writer", f"kubectl delete pvc {p['claim']}"]),
           Hint("kubectl patch pv NAME -p '{{\"spec\":{{\"persistentVolumeReclaimPolicy\":\"Retain\"}}}}' changes "
                "the policy of a volume that exists."),),
    params=_claim_params,
)

EXERCISES = (PENDING, PINNED, STATEFUL, KEEP)
