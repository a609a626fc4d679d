"""Data in a cluster behaves as storage does: the docs' task end to end, and where each kind of volume keeps files."""

from __future__ import annotations

import storagekit as sk
from tests.commands.kubectl.docs_task import TASK

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  volumes:
    - name: task-pv-storage
      persistentVolumeClaim:
        claimName: {claim}
    - name: scratch
      emptyDir: {{}}
  containers:
    - name: task-pv-container
      image: nginx
      volumeMounts:
        - mountPath: "/usr/share/nginx/html"
          name: task-pv-storage
          readOnly: {readonly}
        - mountPath: /scratch
          name: scratch
"""


def pod(cluster, name="task-pv-pod", claim="task-pv-claim", readonly="false"):
    cluster.write(f"{name}.yaml", POD.format(name=name, claim=claim, readonly=readonly))
    return cluster.sh(f"kubectl apply -f {name}.yaml")


def test_the_docs_task_end_to_end():
    cluster = sk.Cluster(nodes=["node1"])
    assert cluster.node_sh("node1", "sudo mkdir /mnt/data").code == 0
    cluster.node_sh("node1", "sudo sh -c \"echo 'Hello from Kubernetes storage' > /mnt/data/index.html\"")
    assert cluster.node_sh("node1", "cat /mnt/data/index.html").out == "Hello from Kubernetes storage\n"
    cluster.write("task.yaml", TASK)
    cluster.sh("kubectl apply -f task.yaml")
    pod(cluster)
    row = cluster.sh("kubectl get pod task-pv-pod").out.splitlines()[1].split()
    assert row[:3] == ["task-pv-pod", "1/1", "Running"]
    r = cluster.sh("kubectl exec task-pv-pod -- cat /usr/share/nginx/html/index.html")
    assert r.out == "Hello from Kubernetes storage\n"
    for line in ("kubectl delete pod task-pv-pod", "kubectl delete pvc task-pv-claim",
                 "kubectl delete pv task-pv-volume"):
        assert cluster.sh(line).code == 0
    assert cluster.node_sh("node1", "cat /mnt/data/index.html").out == "Hello from Kubernetes storage\n"  # Retain


def test_a_volume_outlives_its_pod_and_an_empty_dir_does_not():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("task.yaml", TASK)
    cluster.sh("kubectl apply -f task.yaml")
    pod(cluster, "first")
    cluster.sh("kubectl exec first -- sh -c 'echo kept > /usr/share/nginx/html/f; echo gone > /scratch/g'")
    uid = cluster.state.store.get("Pod", "first", "default")["metadata"]["uid"]
    scratch = f"/var/lib/kubelet/pods/{uid}/volumes/kubernetes.io~empty-dir/scratch"
    assert cluster.node_sh("node1", f"cat {scratch}/g").out == "gone\n"
    cluster.sh("kubectl delete pod first")
    pod(cluster, "second")
    assert cluster.sh("kubectl exec second -- cat /usr/share/nginx/html/f").out == "kept\n"
    assert cluster.sh("kubectl exec second -- ls /scratch").out == ""
    assert cluster.node_sh("node1", f"ls /var/lib/kubelet/pods/{uid}").code != 0


def test_a_read_only_mount_refuses_writes():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("task.yaml", TASK)
    cluster.sh("kubectl apply -f task.yaml")
    pod(cluster, "ro", readonly="true")
    r = cluster.sh("kubectl exec ro -- sh -c 'echo x > /usr/share/nginx/html/f'")
    assert r.code == 2 and "Read-only file system" in r.err and "command terminated with exit code 2" in r.err


def test_host_path_data_stays_on_its_node():
    cluster = sk.Cluster(nodes=["node1", "node2"])
    cluster.node_sh("node1", "mkdir -p /mnt/data && echo on-node1 > /mnt/data/where")
    cluster.write("hp.yaml", """apiVersion: v1
kind: Pod
metadata:
  name: hp
spec:
  nodeName: node2
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    volumeMounts: [{name: d, mountPath: /d}]
  volumes:
  - name: d
    hostPath: {path: /mnt/data}
""")
    cluster.sh("kubectl apply -f hp.yaml")
    assert cluster.sh("kubectl exec hp -- ls /d").out == ""  # node2 has its own /mnt/data
    cluster.sh("kubectl exec hp -- sh -c 'echo on-node2 > /d/where'")
    assert cluster.node_sh("node1", "cat /mnt/data/where").out == "on-node1\n"
    assert cluster.node_sh("node2", "cat /mnt/data/where").out == "on-node2\n"


def test_delete_policy_destroys_local_path_data():
    kind = sk.Cluster.kind()
    kind.write("c.yaml", TASK.split("---\n")[1].replace("  storageClassName: manual\n", ""))
    kind.sh("kubectl apply -f c.yaml")
    pod(kind, "writer")
    kind.sh("kubectl exec writer -- sh -c 'echo data > /usr/share/nginx/html/f'")
    pvc = kind.state.store.get("PersistentVolumeClaim", "task-pv-claim", "default")
    path = f"/var/local-path-provisioner/pvc-{pvc['metadata']['uid']}_default_task-pv-claim"
    assert kind.node_sh("kind-control-plane", f"cat {path}/f").out == "data\n"
    kind.sh("kubectl delete pod writer")
    kind.sh("kubectl delete pvc task-pv-claim")
    assert kind.node_sh("kind-control-plane", f"ls {path}").code != 0


def test_exec_refusals():
    cluster = sk.Cluster(nodes=["node1"])
    assert cluster.sh("kubectl exec nope -- ls").err == 'Error from server (NotFound): pods "nope" not found\n'
    cluster.write("task.yaml", TASK.split("---\n")[1])
    cluster.sh("kubectl apply -f task.yaml")  # a claim nothing can bind: the pod is never scheduled
    pod(cluster, "waiting")
    r = cluster.sh("kubectl exec waiting -- ls")  # the API server has no kubelet to send it to
    assert (r.code, r.err) == (1, "Error from server (BadRequest): pod waiting does not have a host assigned\n")
    cluster.write("root.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: root}\nspec:\n"
                               "  securityContext: {runAsNonRoot: true}\n  containers: [{name: root, image: nginx}]\n")
    cluster.sh("kubectl apply -f root.yaml")
    r = cluster.sh("kubectl exec root -- ls")  # scheduled, but the kubelet has no running container for it
    assert (r.code, r.err) == (1, 'error: unable to upgrade connection: container not found ("root")\n')


def test_the_docs_task_curl_step_reads_the_volume_through_nginx():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.node_sh("node1", "sudo mkdir /mnt/data")
    cluster.node_sh("node1", "sudo sh -c \"echo 'Hello from Kubernetes storage' > /mnt/data/index.html\"")
    cluster.write("task.yaml", TASK)
    cluster.sh("kubectl apply -f task.yaml")
    pod(cluster)
    r = cluster.sh("kubectl exec -it task-pv-pod -- /bin/bash -c 'apt update >/dev/null 2>&1; "
                   "apt install -y curl >/dev/null 2>&1; curl http://localhost/'")
    assert r.out == "Hello from Kubernetes storage\n"


def test_logs():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("task.yaml", TASK)
    cluster.sh("kubectl apply -f task.yaml")
    pod(cluster, "web")
    out = cluster.sh("kubectl logs web").out
    assert out.splitlines()[-1] == "/docker-entrypoint.sh: Configuration complete; ready for start up"
    assert cluster.sh("kubectl logs nope").err == 'Error from server (NotFound): pods "nope" not found\n'
    cluster.write("lonely.yaml", TASK.split("---\n")[1].replace("task-pv-claim", "other"))
    cluster.sh("kubectl apply -f lonely.yaml")
    pod(cluster, "stuck", claim="other")
    assert cluster.sh("kubectl logs stuck").err == ('Error from server (BadRequest): container "task-pv-container" in '
                                                    'pod "stuck" is waiting to start: ContainerCreating\n')


def test_recycle_empties_the_volume_for_the_next_claim():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("task.yaml", TASK.replace("storageClassName: manual", "storageClassName: manual\n  "
                                            "persistentVolumeReclaimPolicy: Recycle", 1))
    cluster.sh("kubectl apply -f task.yaml")
    pod(cluster, "first")
    cluster.sh("kubectl exec first -- sh -c 'echo old > /usr/share/nginx/html/f; mkdir /usr/share/nginx/html/d'")
    assert cluster.node_sh("node1", "ls /mnt/data").out == "d\nf\n"
    cluster.sh("kubectl delete pod first")
    cluster.sh("kubectl delete pvc task-pv-claim")
    assert cluster.sh("kubectl get pv task-pv-volume").out.splitlines()[1].split()[4] == "Available"
    assert "Normal  VolumeRecycled" in cluster.sh("kubectl describe pv task-pv-volume").out
    r = cluster.node_sh("node1", "ls -A /mnt/data")
    assert (r.code, r.out) == (0, "")  # emptied, not removed


TWO_CONTAINERS = """apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:

  restartPolicy: Never

  volumes:
  - name: shared-data
    emptyDir: {}

  containers:

  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html

  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
"""


def test_the_docs_task_two_containers_share_a_volume():
    """"Communicate Between Containers in the Same Pod Using a Shared Volume", as typed."""
    cluster = sk.Cluster.kind()
    cluster.write("two-container-pod.yaml", TWO_CONTAINERS)
    cluster.sh("kubectl apply -f two-container-pod.yaml")
    state = cluster.state.store.get("Pod", "two-containers")["status"]["containerStatuses"][1]["state"]
    assert state["terminated"]["reason"] == "Completed"  # the debian container wrote its file and exited
    assert cluster.sh("kubectl get pod two-containers").out.splitlines()[1].split()[1:3] == ["1/2", "NotReady"]
    r = cluster.sh("kubectl exec -it two-containers -c nginx-container -- /bin/bash -c 'curl localhost'")
    assert r.out == "Hello from the debian container\n"
