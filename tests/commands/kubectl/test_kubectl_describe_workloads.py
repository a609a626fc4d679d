"""``kubectl describe`` of StatefulSets, Deployments, ReplicaSets, Nodes and Namespaces, whole texts as kubectl
v1.33 prints them (``pkg/describe``: one tabwriter, padding 2, the events table after a flush)."""

from __future__ import annotations

import pytest

import storagekit as sk
from tests.k8s.manifests import statefulset

WEB = statefulset(app="nginx", image="registry.k8s.io/nginx-slim:0.24", service="nginx", claim_labels="tier: data")

APP = """apiVersion: apps/v1
kind: Deployment
metadata: {name: app, labels: {app: app}}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - name: app
        image: busybox
        command: [sleep, "3600"]
        resources: {requests: {cpu: 250m}, limits: {cpu: 500m, memory: 128Mi}}
        env:
        - {name: MODE, value: fast}
        - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
        volumeMounts: [{name: scratch, mountPath: /tmp}, {name: data, mountPath: /data, readOnly: true}]
      volumes:
      - {name: data, persistentVolumeClaim: {claimName: shared}}
      - {name: scratch, emptyDir: {}}
"""


@pytest.fixture
def web():
    cluster = sk.Cluster.kind()
    cluster.write("web.yaml", WEB)
    cluster.sh("kubectl apply -f web.yaml")
    return cluster


def test_describe_statefulset_shows_its_volume_claim_templates(web):
    r = web.sh("kubectl describe sts web")
    assert (r.code, r.err) == (0, "")
    assert r.out == (
        "Name:               web\n"
        "Namespace:          default\n"
        "CreationTimestamp:  Mon, 05 Jan 2026 09:00:01 +0000\n"
        "Selector:           app=nginx\n"
        "Labels:             <none>\n"
        "Annotations:        <none>\n"
        "Replicas:           2 desired | 2 total\n"
        "Update Strategy:    RollingUpdate\n"
        "  Partition:        0\n"
        "Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
        "Pod Template:\n"
        "  Labels:  app=nginx\n"
        "  Containers:\n"
        "   nginx:\n"
        "    Image:        registry.k8s.io/nginx-slim:0.24\n"
        "    Port:         80/TCP\n"
        "    Host Port:    0/TCP\n"
        "    Environment:  <none>\n"
        "    Mounts:\n"
        "      /usr/share/nginx/html from www (rw)\n"
        "  Volumes:         <none>\n"
        "  Node-Selectors:  <none>\n"
        "  Tolerations:     <none>\n"
        "Volume Claims:\n"
        "  Name:          www\n"
        "  StorageClass:  \n"
        "  Labels:        tier=data\n"
        "  Annotations:   <none>\n"
        "  Capacity:      1Gi\n"
        "  Access Modes:  [ReadWriteOnce]\n"
        "Events:\n"
        "  Type    Reason            Age   From                    Message\n"
        "  ----    ------            ----  ----                    -------\n"
        "  Normal  SuccessfulCreate  1s    statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web "
        "success\n"
        "  Normal  SuccessfulCreate  1s    statefulset-controller  create Pod web-0 in StatefulSet web successful\n"
        "  Normal  SuccessfulCreate  1s    statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web "
        "success\n"
        "  Normal  SuccessfulCreate  1s    statefulset-controller  create Pod web-1 in StatefulSet web successful\n")


def test_the_claim_template_has_no_class_but_each_claim_gets_the_default(web):
    """The template's empty StorageClass is not the claims': admission fills in ``standard`` on each."""
    assert "  StorageClass:  \n" in web.sh("kubectl describe statefulset web").out
    assert "StorageClass:  standard\n" in web.sh("kubectl describe pvc www-web-0").out


def test_describe_deployment_and_its_replicaset():
    cluster = sk.Cluster.kind()
    cluster.write("app.yaml", APP)
    cluster.sh("kubectl apply -f app.yaml")
    rs = cluster.state.store.list("ReplicaSet")[0]["metadata"]["name"]
    pod = cluster.state.store.list("Pod")[0]["metadata"]["name"]
    template = (
        "Pod Template:\n"
        "  Labels:  app=app\n"
        "{more}"
        "  Containers:\n"
        "   app:\n"
        "    Image:      busybox\n"
        "    Port:       <none>\n"
        "    Host Port:  <none>\n"
        "    Command:\n"
        "      sleep\n"
        "      3600\n"
        "    Limits:\n"
        "      cpu:     500m\n"
        "      memory:  128Mi\n"
        "    Requests:\n"
        "      cpu:  250m\n"
        "    Environment:\n"
        "      MODE:      fast\n"
        "      PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false\n"
        "    Mounts:\n"
        "      /data from data (ro)\n"
        "      /tmp from scratch (rw)\n"
        "  Volumes:\n"
        "   data:\n"
        "    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
        "    ClaimName:  shared\n"
        "    ReadOnly:   false\n"
        "   scratch:\n"
        "    Type:          EmptyDir (a temporary directory that shares a pod's lifetime)\n"
        "    Medium:        \n"
        "    SizeLimit:     <unset>\n"
        "  Node-Selectors:  <none>\n"
        "  Tolerations:     <none>\n")
    assert cluster.sh("kubectl describe deploy app").out == (
        "Name:                   app\n"
        "Namespace:              default\n"
        "CreationTimestamp:      Mon, 05 Jan 2026 09:00:01 +0000\n"
        "Labels:                 app=app\n"
        "Annotations:            deployment.kubernetes.io/revision: 1\n"
        "Selector:               app=app\n"
        "Replicas:               1 desired | 1 updated | 1 total | 0 available | 1 unavailable\n"
        "StrategyType:           RollingUpdate\n"
        "MinReadySeconds:        0\n"
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"
        + template.format(more="")
        + "Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n"
        "  Available      False   MinimumReplicasUnavailable\n  Progressing    True    ReplicaSetUpdated\n"
        f"OldReplicaSets:  <none>\nNewReplicaSet:   {rs} (1/1 replicas created)\n"
        "Events:\n"
        "  Type    Reason             Age   From                   Message\n"
        "  ----    ------             ----  ----                   -------\n"
        f"  Normal  ScalingReplicaSet  1s    deployment-controller  Scaled up replica set {rs} from 0 to 1\n")
    hash_ = rs.removeprefix("app-")
    assert cluster.sh(f"kubectl describe rs {rs}").out == (
        f"Name:           {rs}\n"
        "Namespace:      default\n"
        f"Selector:       app=app,pod-template-hash={hash_}\n"
        "Labels:         app=app\n"
        f"                pod-template-hash={hash_}\n"
        "Annotations:    deployment.kubernetes.io/desired-replicas: 1\n"
        "                deployment.kubernetes.io/max-replicas: 2\n"
        "                deployment.kubernetes.io/revision: 1\n"
        "Controlled By:  Deployment/app\n"
        "Replicas:       1 current / 1 desired\n"
        "Pods Status:    0 Running / 1 Waiting / 0 Succeeded / 0 Failed\n"
        + template.format(more=f"           pod-template-hash={hash_}\n")
        + "Events:\n"
        "  Type    Reason            Age   From                   Message\n"
        "  ----    ------            ----  ----                   -------\n"
        f"  Normal  SuccessfulCreate  2s    replicaset-controller  Created pod: {pod}\n")


def test_a_new_template_makes_the_first_replicaset_old():
    cluster = sk.Cluster.kind()
    cluster.write("app.yaml", APP)
    cluster.sh("kubectl apply -f app.yaml")
    first = cluster.state.store.list("ReplicaSet")[0]["metadata"]["name"]
    cluster.sh("kubectl rollout restart deployment/app")
    second = next(rs["metadata"]["name"] for rs in cluster.state.store.list("ReplicaSet")
                  if rs["metadata"]["name"] != first)
    text = cluster.sh("kubectl describe deployment app").out
    assert "  Annotations:  kubectl.kubernetes.io/restartedAt: 2026-01-05T09:00:02Z\n" in text
    assert f"OldReplicaSets:  {first} (1/1 replicas created)\nNewReplicaSet:   {second} (1/1 replicas created)\n" \
        in text
    assert cluster.state.store.get("Deployment", "app")["metadata"]["annotations"] == {
        "deployment.kubernetes.io/revision": "2"}


def test_describe_node(web):
    assert web.sh("kubectl describe node kind-control-plane").out == (
        "Name:               kind-control-plane\n"
        "Roles:              control-plane\n"
        "Labels:             beta.kubernetes.io/arch=amd64\n"
        "                    beta.kubernetes.io/os=linux\n"
        "                    kubernetes.io/arch=amd64\n"
        "                    kubernetes.io/hostname=kind-control-plane\n"
        "                    kubernetes.io/os=linux\n"
        "                    node-role.kubernetes.io/control-plane=\n"
        "Annotations:        <none>\n"
        "CreationTimestamp:  Mon, 05 Jan 2026 09:00:00 +0000\n"
        "Taints:             <none>\n"
        "Unschedulable:      false\n"
        "Lease:\n"
        "  HolderIdentity:  kind-control-plane\n"
        "  AcquireTime:     <unset>\n"
        "  RenewTime:       Mon, 05 Jan 2026 09:00:02 +0000\n"
        "Conditions:\n"
        "  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason       "
        "                Message\n"
        "  ----             ------  -----------------                 ------------------                ------       "
        "                -------\n"
        "  MemoryPressure   False   Mon, 05 Jan 2026 09:00:00 +0000   Mon, 05 Jan 2026 09:00:00 +0000   "
        "KubeletHasSufficientMemory   kubelet has sufficient memory available\n"
        "  DiskPressure     False   Mon, 05 Jan 2026 09:00:00 +0000   Mon, 05 Jan 2026 09:00:00 +0000   "
        "KubeletHasNoDiskPressure     kubelet has no disk pressure\n"
        "  PIDPressure      False   Mon, 05 Jan 2026 09:00:00 +0000   Mon, 05 Jan 2026 09:00:00 +0000   "
        "KubeletHasSufficientPID      kubelet has sufficient PID available\n"
        "  Ready            True    Mon, 05 Jan 2026 09:00:00 +0000   Mon, 05 Jan 2026 09:00:00 +0000   "
        "KubeletReady                 kubelet is posting ready status\n"
        "Addresses:\n"
        "  InternalIP:  172.18.0.2\n"
        "  Hostname:    kind-control-plane\n"
        "Capacity:\n"
        "  cpu:                8\n"
        "  ephemeral-storage:  102626232Ki\n"
        "  hugepages-1Gi:      0\n"
        "  hugepages-2Mi:      0\n"
        "  memory:             16365488Ki\n"
        "  pods:               110\n"
        "Allocatable:\n"
        "  cpu:                8\n"
        "  ephemeral-storage:  102626232Ki\n"
        "  hugepages-1Gi:      0\n"
        "  hugepages-2Mi:      0\n"
        "  memory:             16365488Ki\n"
        "  pods:               110\n"
        "System Info:\n"
        "  Machine ID:                 0a46df59d368f586cba1ca1a6bd3bf2a\n"
        "  System UUID:                440f77dd-f8e4-cec0-e44b-331287e6239e\n"
        "  Boot ID:                    e6b4dd21-a04b-3354-73d6-db03d3c81d9d\n"
        "  Kernel Version:             6.1.0-37-amd64\n"
        "  OS Image:                   Debian GNU/Linux 12 (bookworm)\n"
        "  Operating System:           linux\n"
        "  Architecture:               amd64\n"
        "  Container Runtime Version:  containerd://2.1.1\n"
        "  Kubelet Version:            v1.33.1\n"
        "  Kube-Proxy Version:         \n"
        "Non-terminated Pods:          (2 in total)\n"
        "  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n"
        "  ---------                   ----     ------------  ----------  ---------------  -------------  ---\n"
        "  default                     web-0    0 (0%)        0 (0%)      0 (0%)           0 (0%)         1s\n"
        "  default                     web-1    0 (0%)        0 (0%)      0 (0%)           0 (0%)         1s\n"
        "Allocated resources:\n"
        "  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
        "  Resource           Requests  Limits\n"
        "  --------           --------  ------\n"
        "  cpu                0 (0%)    0 (0%)\n"
        "  memory             0 (0%)    0 (0%)\n"
        "  ephemeral-storage  0 (0%)    0 (0%)\n"
        "  hugepages-1Gi      0 (0%)    0 (0%)\n"
        "  hugepages-2Mi      0 (0%)    0 (0%)\n"
        "Events:              <none>\n")


def test_a_node_totals_its_pods_requests_and_a_cordon_shows_as_a_taint():
    cluster = sk.Cluster.kind()
    for name, cpu in (("small", "250m"), ("large", "1")):
        cluster.write(f"{name}.yaml", f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n"
                      "  - name: c\n    image: busybox\n    command: [sleep, '3600']\n"
                      f"    resources: {{requests: {{cpu: '{cpu}'}}, limits: {{memory: 1Gi}}}}\n")
        cluster.sh(f"kubectl apply -f {name}.yaml")
    cluster.sh("kubectl cordon kind-control-plane")
    text = cluster.sh("kubectl describe no").out
    assert "Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n" in text
    assert ("  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n"
            "  ---------                   ----     ------------  ----------  ---------------  -------------  ---\n"
            "  default                     large    1 (12%)       0 (0%)      1Gi (6%)         1Gi (6%)       2s\n"
            "  default                     small    250m (3%)     0 (0%)      1Gi (6%)         1Gi (6%)       3s\n"
            ) in text  # a memory limit without a request is the request too, as the API server fills it in
    assert "  cpu                1250m (15%)  0 (0%)\n  memory             2Gi (12%)    2Gi (12%)\n" in text


def test_describe_namespace():
    cluster = sk.Cluster.kind()
    assert cluster.sh("kubectl describe ns default").out == (
        "Name:         default\n"
        "Labels:       kubernetes.io/metadata.name=default\n"
        "Annotations:  <none>\n"
        "Status:       Active\n"
        "\n"
        "No resource quota.\n"
        "\n"
        "No LimitRange resource.\n")


@pytest.mark.parametrize("line, err", [
    ("kubectl describe sts nope", 'statefulsets.apps "nope" not found'),
    ("kubectl describe deploy nope", 'deployments.apps "nope" not found'),
    ("kubectl describe rs nope", 'replicasets.apps "nope" not found'),
    ("kubectl describe node nope", 'nodes "nope" not found'),
    ("kubectl describe ns nope", 'namespaces "nope" not found'),
])
def test_describe_what_is_not_there(line, err):
    r = sk.Cluster.kind().sh(line)
    assert (r.code, r.out, r.err) == (1, "", f"Error from server (NotFound): {err}\n")


def test_describe_several_statefulsets_by_kind(web):
    """With no name, every object of the kind in the namespace, one blank line apart."""
    web.write("db.yaml", WEB.split("---\n")[1].replace("name: web", "name: db"))
    web.sh("kubectl apply -f db.yaml")
    texts = web.sh("kubectl describe statefulsets").out.split("\n\n\n")
    assert [t.splitlines()[0] for t in texts] == ["Name:               db", "Name:               web"]
