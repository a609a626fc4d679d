"""StatefulSets and their claims: one per template and ordinal, kept when scaled down or deleted unless told not to."""

from __future__ import annotations

import storagekit as sk

STS = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: {replicas}
  selector:
    matchLabels:
      app: nginx
  {policy}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"""


def cluster_with(replicas=3, policy=""):
    kind = sk.Cluster.kind()
    kind.write("sts.yaml", STS.format(replicas=replicas, policy=policy))
    assert kind.sh("kubectl apply -f sts.yaml").out == "statefulset.apps/web created\n"
    return kind


def names(kind, what):
    return [line.split()[0] for line in kind.sh(f"kubectl get {what}").out.splitlines()[1:]]


def test_each_ordinal_gets_its_claim_and_its_pod():
    kind = cluster_with()
    assert names(kind, "pvc") == ["www-web-0", "www-web-1", "www-web-2"]
    assert names(kind, "pods") == ["web-0", "web-1", "web-2"]
    assert kind.sh("kubectl get sts web").out.splitlines()[1].split()[:2] == ["web", "3/3"]
    pod = kind.state.store.get("Pod", "web-1", "default")
    assert pod["spec"]["volumes"][0] == {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}}
    assert pod["spec"]["volumes"][1]["name"].startswith("kube-api-access-")  # the ServiceAccount admission's
    assert pod["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] == "web-1"


def test_scaling_down_keeps_claims_and_a_returning_pod_finds_its_data():
    kind = cluster_with()
    kind.sh("kubectl exec web-2 -- sh -c 'echo two > /usr/share/nginx/html/index.html'")
    assert kind.sh("kubectl scale sts web --replicas=1").out == "statefulset.apps/web scaled\n"
    assert names(kind, "pods") == ["web-0"] and len(names(kind, "pvc")) == 3
    kind.sh("kubectl scale sts web --replicas=3")
    assert kind.sh("kubectl exec web-2 -- curl -s localhost").out == "two\n"


def test_deleting_the_set_keeps_claims_unless_the_policy_says_delete():
    kind = cluster_with()
    assert kind.sh("kubectl delete sts web").out == 'statefulset.apps "web" deleted\n'
    assert names(kind, "pods") == [] and len(names(kind, "pvc")) == 3
    gone = cluster_with(policy="persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}")
    gone.sh("kubectl scale sts web --replicas=2")
    assert names(gone, "pvc") == ["www-web-0", "www-web-1"]
    gone.sh("kubectl delete sts web")
    assert gone.sh("kubectl get pvc").err == "No resources found in default namespace.\n"
    assert gone.sh("kubectl get pv").err == "No resources found\n"  # the claims' Delete volumes went too


def test_a_selector_that_misses_the_template_is_refused():
    kind = sk.Cluster.kind()
    kind.write("bad.yaml", STS.format(replicas=1, policy="").replace("      labels:\n        app: nginx\n",
                                                                     "      labels:\n        app: web\n"))
    r = kind.sh("kubectl apply -f bad.yaml")
    assert r.code == 1 and r.err == ('The StatefulSet "web" is invalid: spec.template.metadata.labels: Invalid value: '
                                     'map[string]string{"app":"web"}: `selector` does not match template `labels`\n')


def test_ordered_ready_waits_behind_a_pod_that_is_not_ready():
    kind = sk.Cluster.kind()
    kind.write("web.yaml", STS.format(replicas=3, policy="").replace("image: nginx", "image: busybox\n        "
                                                                      "command: [sh, -c, 'exit 1']"))
    kind.sh("kubectl apply -f web.yaml")
    assert names(kind, "pods") == ["web-0"]  # web-0 crash-loops, so web-1 is never created
    assert kind.sh("kubectl get sts web").out.splitlines()[1].split()[1] == "0/3"
    assert kind.sh("kubectl get pod web-0").out.splitlines()[1].split()[2] == "CrashLoopBackOff"
