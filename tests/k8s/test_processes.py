"""What a container's process does in a Pod: servers keep running, commands finish, restarts follow the policy."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.k8s.processes import command_line

POD = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: data}}
spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
---
apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  restartPolicy: {policy}
  containers:
  - name: c
    image: {image}
    command: {command}
    volumeMounts: [{{name: d, mountPath: /data}}]
  volumes: [{{name: d, persistentVolumeClaim: {{claimName: data}}}}]
"""


def start(policy="Always", command='[sh, -c, "echo tick >> /data/ticks"]', image="busybox"):
    cluster = sk.Cluster.kind()
    cluster.write("p.yaml", POD.format(policy=policy, command=command, image=image))
    cluster.sh("kubectl apply -f p.yaml")
    return cluster


def row(cluster):
    return cluster.sh("kubectl get pod p").out.splitlines()[1].split()


@pytest.mark.parametrize("container, config, argv", [
    ({}, {"Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["mysqld"]}, ["docker-entrypoint.sh", "mysqld"]),
    ({"args": ["--verbose"]}, {"Entrypoint": ["app"], "Cmd": ["--quiet"]}, ["app", "--verbose"]),
    ({"command": ["sh"]}, {"Entrypoint": ["app"], "Cmd": ["--quiet"]}, ["sh"]),
    ({"command": ["sh"], "args": ["-c", "true"]}, {"Cmd": ["x"]}, ["sh", "-c", "true"]),
])
def test_the_command_line_is_command_or_entrypoint_then_args_or_cmd(container, config, argv):
    assert command_line(container, config) == argv


@pytest.mark.parametrize("policy, command, status, ready", [
    ("Never", '[sh, -c, "echo tick >> /data/ticks"]', "Completed", "0/1"),
    ("Never", '[sh, -c, "exit 3"]', "Error", "0/1"),
    ("OnFailure", '[sh, -c, "true"]', "Completed", "0/1"),
    ("OnFailure", '[sh, -c, "exit 1"]', "CrashLoopBackOff", "0/1"),
    ("Always", '[sh, -c, "true"]', "CrashLoopBackOff", "0/1"),
    ("Always", '[sh, -c, "echo hi > /data/f && sleep 3600"]', "Running", "1/1"),
    ("Always", '[nginx, -g, "daemon off;"]', "Running", "1/1"),
    ("Always", '[sh, -c, "while true; do date >> /data/log; sleep 5; done"]', "Running", "1/1"),
    ("Never", '[sh, -c, "for i in 1 2; do echo $i >> /data/n; done"]', "Completed", "0/1"),
    ("Never", "[no-such-program]", "StartError", "0/1"),
])
def test_how_a_pod_ends(policy, command, status, ready):
    cluster = start(policy, command, image="nginx:1.29.0" if "nginx" in command else "busybox")
    assert row(cluster)[1:3] == [ready, status]


def test_a_finished_pod_leaves_its_data_in_the_volume_and_its_logs():
    cluster = start("Never", '[sh, -c, "echo written > /data/note; echo done"]')
    assert cluster.state.store.get("Pod", "p")["status"]["phase"] == "Succeeded"
    assert cluster.sh("kubectl logs p").out == "done\n"
    r = cluster.sh("kubectl exec p -- cat /data/note")
    assert (r.code, r.err) == (1, "error: cannot exec into a container in a completed pod; "
                                  "current phase is Succeeded\n")
    cluster.write("reader.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: reader}\nspec:\n  restartPolicy: Never\n"
                                 "  containers: [{name: r, image: busybox, command: [cat, /data/note], "
                                 "volumeMounts: [{name: d, mountPath: /data}]}]\n"
                                 "  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n")
    cluster.sh("kubectl apply -f reader.yaml")
    assert cluster.sh("kubectl logs reader").out == "written\n"  # the next Pod on the claim reads it


def test_restarts_back_off_and_repeat_what_the_process_does():
    cluster = start("Always", '[sh, -c, "echo tick >> /data/ticks; wc -l < /data/ticks"]')
    assert row(cluster)[2:4] == ["CrashLoopBackOff", "1"]  # it ran, ended, ran again at once, and now waits 10 s
    assert cluster.sh("kubectl logs p").out == "2\n" and cluster.sh("kubectl logs p -p").out == "1\n"
    cluster.clock.advance(40)  # restarts at 11 s and 31 s; the next waits 40 s
    assert row(cluster)[2:4] == ["CrashLoopBackOff", "3"]
    assert cluster.sh("kubectl logs p").out == "4\n"  # each start appended a line to the volume
    text = cluster.sh("kubectl describe pod p").out
    assert "    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n" \
           "      Reason:       Completed\n      Exit Code:    0\n" in text
    assert "Warning  BackOff    " in text and "Back-off restarting failed container c in pod p_default(" in text
    status = cluster.state.store.get("Pod", "p")["status"]["containerStatuses"][0]
    assert status["state"]["waiting"]["message"].startswith("back-off 40s restarting failed container=c pod=p_default(")


def test_a_restarted_container_starts_from_a_fresh_writable_layer():
    cluster = start("Always", '[sh, -c, "ls /scratch 2>/dev/null; touch /scratch; echo x > /data/x"]')
    assert cluster.sh("kubectl logs p").out == ""  # /scratch from the first run did not survive the restart


def test_a_program_that_does_not_exist_cannot_start():
    cluster = start("Never", "[no-such-program]")
    text = cluster.sh("kubectl describe pod p").out
    assert "      Reason:       StartError\n" in text and "      Exit Code:    128\n" in text
    assert 'exec: "no-such-program": executable file not found in $PATH: unknown' in text


def test_killing_the_main_process_restarts_the_container_and_an_empty_dir_survives():
    cluster = sk.Cluster.kind()
    cluster.write("web.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
                              "  - name: nginx\n    image: nginx:1.29.0\n"
                              "    volumeMounts: [{name: cache, mountPath: /cache}]\n"
                              "  volumes: [{name: cache, emptyDir: {}}]\n")
    cluster.sh("kubectl apply -f web.yaml")
    cluster.sh("kubectl exec web -- sh -c 'echo kept > /cache/f; echo lost > /tmp/f'")
    assert cluster.sh("kubectl exec web -- sh -c 'kill 1'").code == 0  # nginx ends on SIGTERM; the kubelet restarts it
    assert cluster.sh("kubectl get pod web").out.splitlines()[1].split()[1:4] == ["1/1", "Running", "1"]
    r = cluster.sh("kubectl exec web -- cat /cache/f /tmp/f")
    assert r.out == "kept\n" and "cat: /tmp/f: No such file or directory" in r.err  # a new writable layer
    r = cluster.sh("kubectl exec web -- nosuch")
    assert r.code == 1 and 'exec: "nosuch": executable file not found in $PATH: unknown' in r.err
    assert cluster.sh("kubectl exec web -- sh -c 'kill -9 1'").code == 0  # from inside, PID 1 never gets SIGKILL
    assert cluster.sh("kubectl get pod web").out.splitlines()[1].split()[1:4] == ["1/1", "Running", "1"]
    cluster.sh("kubectl exec web -- sh -c 'kill 1'")
    assert cluster.sh("kubectl get pod web").out.splitlines()[1].split()[2] == "CrashLoopBackOff"  # backs off now
    assert "      Reason:       Completed\n" in cluster.sh("kubectl describe pod web").out


COUNTER = """apiVersion: v1
kind: Pod
metadata: {{name: counter}}
spec:
  restartPolicy: {policy}
  containers:
  - name: count
    image: busybox
    args: [/bin/sh, -c, '{script}']
"""


def test_the_docs_counter_keeps_counting_as_time_passes():
    cluster = sk.Cluster.kind()
    script = 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'
    cluster.write("counter.yaml", COUNTER.format(policy="Always", script=script))
    cluster.sh("kubectl apply -f counter.yaml")
    cluster.clock.advance(5)
    lines = cluster.sh("kubectl logs counter").out.splitlines()
    assert lines[0] == "0: Mon Jan  5 09:00:01 UTC 2026" and lines[-1] == "6: Mon Jan  5 09:00:07 UTC 2026"
    assert len(lines) == 7  # one line a second, each stamped when it was written
    process = cluster.state.runtime.background[(cluster.state.store.get("Pod", "counter")["metadata"]["uid"], "count")]
    cluster.sh("kubectl delete pod counter")
    assert process.code == 137 and not cluster.state.runtime.background  # its process ended with the Pod


def test_a_loop_that_sleeps_finishes_when_its_time_is_up():
    cluster = sk.Cluster.kind()
    cluster.write("counter.yaml", COUNTER.format(policy="Never", script="for i in 1 2 3; do echo $i; sleep 10; done"))
    cluster.sh("kubectl apply -f counter.yaml")
    assert row_of(cluster, "counter")[2] == "Running"
    cluster.clock.advance(30)
    assert row_of(cluster, "counter")[2] == "Completed"
    assert cluster.sh("kubectl logs counter").out == "1\n2\n3\n"


def row_of(cluster, name):
    return cluster.sh(f"kubectl get pod {name}").out.splitlines()[1].split()


@pytest.mark.parametrize("image, command, seconds", [
    ("busybox", "[sleep, '3600']", 30),  # sleep as PID 1 ignores SIGTERM: the kubelet kills it after the grace period
    ("nginx:1.29.0", "[nginx, -g, 'daemon off;']", 0),  # nginx ends on SIGTERM at once
])
def test_deleting_a_pod_takes_as_long_as_its_process_takes_to_end(image, command, seconds):
    cluster = sk.Cluster.kind()
    cluster.write("p.yaml", f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n"
                            f"  - {{name: c, image: '{image}', command: {command}}}\n")
    cluster.sh("kubectl apply -f p.yaml")
    before = cluster.clock.now
    assert cluster.sh("kubectl delete pod p").out == 'pod "p" deleted\n'
    assert cluster.clock.now - before == seconds + 1  # the command itself counts one second


HOST_PATH_POD = """apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  securityContext: {{runAsUser: {uid}}}
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    command: [sh, -c, "id; touch /data/x"]
    volumeMounts: [{{name: d, mountPath: /data}}]
  volumes: [{{name: d, hostPath: {{path: /srv/private}}}}]
"""


@pytest.mark.parametrize("uid, logs, phase, made", [
    (1000, ["uid=1000 gid=0(root) groups=0(root)", "touch: /data/x: Permission denied"], "Failed", []),
    (0, ["uid=0(root) gid=0(root) groups=0(root),10(wheel)"], "Succeeded", ["x"]),
])
def test_run_as_user_meets_the_node_directorys_permissions(uid, logs, phase, made):
    cluster = sk.Cluster(nodes=["node1"])
    cluster.node_sh("node1", "mkdir -m 700 /srv/private")
    cluster.write("p.yaml", HOST_PATH_POD.format(uid=uid))
    cluster.sh("kubectl apply -f p.yaml")
    assert cluster.sh("kubectl logs p").out.splitlines() == logs
    assert cluster.state.store.get("Pod", "p")["status"]["phase"] == phase
    assert cluster.node_sh("node1", "ls -A /srv/private").out.split() == made
