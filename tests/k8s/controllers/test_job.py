"""Jobs: Pods run to completion, replaced when they fail, until enough succeed or the back-off limit is reached."""

from __future__ import annotations

import pytest

import storagekit as sk

FILL = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: fill}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: w
        image: busybox
        command: [sh, -c, "echo line >> /data/out"]
        volumeMounts: [{name: d, mountPath: /data}]
      volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""


@pytest.fixture
def kind():
    return sk.Cluster.kind()


def rows(cluster, what):
    return [line.split() for line in cluster.sh(f"kubectl get {what}").out.splitlines()[1:]]


def test_a_job_fills_a_volume_with_its_completions(kind):
    kind.write("fill.yaml", FILL)
    kind.sh("kubectl apply -f fill.yaml")
    assert rows(kind, "jobs") == [["fill", "Complete", "3/3", "0s", "1s"]]
    pods = rows(kind, "pods")
    assert len(pods) == 3 and all(p[0].startswith("fill-") and p[2] == "Completed" for p in pods)
    assert kind.sh("kubectl wait --for=condition=complete job/fill").out == "job.batch/fill condition met\n"
    kind.write("read.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: read}\nspec:\n  restartPolicy: Never\n"
                            "  containers: [{name: r, image: busybox, command: [cat, /data/out], "
                            "volumeMounts: [{name: d, mountPath: /data}]}]\n"
                            "  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n")
    kind.sh("kubectl apply -f read.yaml")
    assert kind.sh("kubectl logs read").out == "line\nline\nline\n"
    job = kind.state.store.get("Job", "fill")
    uid = job["metadata"]["uid"]
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    assert [c["type"] for c in job["status"]["conditions"]] == ["SuccessCriteriaMet", "Complete"]
    pod = kind.state.store.get("Pod", pods[0][0])
    assert pod["metadata"]["labels"]["job-name"] == "fill" and pod["metadata"]["ownerReferences"][0]["kind"] == "Job"
    kind.sh("kubectl delete job fill")
    assert [r[:3] for r in rows(kind, "pods")] == [["read", "0/1", "Completed"]]  # the Job's Pods went with it


def test_a_failing_job_stops_at_its_back_off_limit(kind):
    kind.write("bad.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: bad}\nspec:\n  backoffLimit: 2\n"
                           "  template:\n    spec:\n      restartPolicy: Never\n"
                           "      containers: [{name: b, image: busybox, command: [sh, -c, 'exit 1']}]\n")
    kind.sh("kubectl apply -f bad.yaml")
    assert rows(kind, "jobs")[0][:3] == ["bad", "Running", "0/1"]
    assert [p[2] for p in rows(kind, "pods")] == ["Error"]  # the next try waits 10 s, then 20 s
    kind.clock.advance(12)
    assert [p[2] for p in rows(kind, "pods")] == ["Error"] * 2
    kind.clock.advance(20)
    assert rows(kind, "jobs")[0][:3] == ["bad", "Failed", "0/1"]
    assert [p[2] for p in rows(kind, "pods")] == ["Error"] * 3  # the first try and two more
    assert [(e.type, e.message) for e in kind.state.store.events if e.reason == "BackoffLimitExceeded"] == [
        ("Warning", "Job has reached the specified backoff limit")]


def test_create_job_and_its_logs(kind):
    r = kind.sh("kubectl create job hello --image=busybox --dry-run=client -o yaml -- echo hi")
    assert r.out == ("apiVersion: batch/v1\nkind: Job\nmetadata:\n  creationTimestamp: null\n  name: hello\nspec:\n"
                     "  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n"
                     "      - command:\n        - echo\n        - hi\n        image: busybox\n        name: hello\n"
                     "        resources: {}\n      restartPolicy: Never\nstatus: {}\n")
    assert kind.sh("kubectl create job hello --image=busybox -- echo hi").out == "job.batch/hello created\n"
    assert kind.sh("kubectl logs job/hello").out == "hi\n"
    assert kind.sh("kubectl create job nope").err == "error: either --image or --from must be specified\n"


def test_a_job_needs_a_restart_policy_that_ends(kind):
    kind.write("x.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n"
                         "      containers: [{name: c, image: busybox}]\n")
    r = kind.sh("kubectl apply -f x.yaml")
    assert (r.code, r.err) == (1, 'The Job "x" is invalid: spec.template.spec.restartPolicy: Required value: valid '
                                  'values: "OnFailure", "Never"\n')


def test_a_finished_job_goes_when_its_ttl_is_up(kind):
    kind.write("t.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: t}\nspec:\n  ttlSecondsAfterFinished: 30\n"
                         "  template:\n    spec:\n      restartPolicy: Never\n"
                         "      containers: [{name: c, image: busybox, command: [sh, -c, 'true']}]\n")
    kind.sh("kubectl apply -f t.yaml")
    assert rows(kind, "jobs")[0][1] == "Complete"
    kind.clock.advance(30)
    assert kind.sh("kubectl get jobs").err == "No resources found in default namespace.\n"
    assert kind.sh("kubectl get pods").err == "No resources found in default namespace.\n"
