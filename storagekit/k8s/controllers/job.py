"""Jobs: Pods that run to completion, the usual way to fill or read a volume once.

The Job controller keeps ``parallelism`` Pods running until ``completions``
of them have Succeeded, and creates a new Pod for each that Failed until
``backoffLimit`` failures (a Pod's container restarts count too, under
``restartPolicy: OnFailure``). Its Pods are named ``<job>-<5 characters>`` and
labelled with the Job's name and uid; the garbage collector takes them with
the Job, and ``ttlSecondsAfterFinished`` takes the Job itself once that long
has passed after it finished. A failed Pod is replaced after a back-off: 10 s
after the failure, doubling with each one, at most 10 min.
"""

from __future__ import annotations

import copy

from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.errors import StatusError
from storagekit.k8s.names import suffix
from storagekit.k8s.owners import controller_ref, owned_by
from storagekit.sim.clock import parse_rfc3339 as _seconds

SOURCE = "job-controller"


def _finished(job: dict) -> str:
    """"Complete" or "Failed" once the Job has ended, else ""."""
    for cond in (job.get("status") or {}).get("conditions") or []:
        if cond.get("type") in ("Complete", "Failed") and cond.get("status") == "True":
            return cond["type"]
    return ""


def sync_jobs(api: APIServer) -> None:
    store = api.store
    now = store.clock.isoformat()
    for job in store.list("Job"):
        if job["metadata"].get("deletionTimestamp"):
            continue
        ns, spec = job["metadata"]["namespace"], job["spec"]
        pods = [p for p in store.list("Pod", ns) if owned_by(p, job)]
        phases = [(p.get("status") or {}).get("phase") for p in pods]
        succeeded, failed = phases.count("Succeeded"), phases.count("Failed")
        failed += sum(cs.get("restartCount", 0)
                      for p in pods for cs in (p.get("status") or {}).get("containerStatuses") or [])
        active = [p for p, phase in zip(pods, phases, strict=True) if phase not in ("Succeeded", "Failed")]
        status = copy.deepcopy(job.get("status") or {})
        ended = _finished(job)
        if not ended and succeeded >= spec.get("completions", 1):
            ended = "Complete"
            status["completionTime"] = now
            status["conditions"] = [_condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of "
                                               "succeeded pods", now), _condition("Complete", "CompletionsReached",
                                               "Reached expected number of succeeded pods", now)]
            store.record(job, "Normal", "Completed", "Job completed", SOURCE)
        elif not ended and failed > spec.get("backoffLimit", 6):
            ended = "Failed"
            message = "Job has reached the specified backoff limit"
            status["conditions"] = [_condition("FailureTarget", "BackoffLimitExceeded", message, now),
                                    _condition("Failed", "BackoffLimitExceeded", message, now)]
            store.record(job, "Warning", "BackoffLimitExceeded", message, SOURCE)
        if ended:
            for pod in active:  # a finished Job keeps no Pod running
                api.delete("Pod", pod["metadata"]["name"], ns)
            active = []
        elif not spec.get("suspend") and (replacement_due(store, job) or 0) <= store.clock.now:
            want = min(spec.get("parallelism", 1), spec.get("completions", 1) - succeeded) - len(active)
            for i in range(max(0, want)):
                try:
                    active.append(_create_pod(api, job, len(pods) + i))
                except StatusError as exc:  # said on the Job, and tried again next round
                    store.record(job, "Warning", "FailedCreate", f"Error creating: {exc.message}", SOURCE)
                    break
            status.setdefault("startTime", now)
        status.update({"active": len(active), "succeeded": succeeded, "failed": failed, "ready": sum(
            1 for p in active if (p.get("status") or {}).get("phase") == "Running"), "terminating": 0,
            "uncountedTerminatedPods": {}})
        for key in ("active", "succeeded", "failed"):
            if not status[key]:
                del status[key]
        if status != job.get("status"):
            job["status"] = status
            store.update(job)
    _collect(api)


BACKOFF_START, BACKOFF_MAX = 10, 600


def replacement_due(store, job: dict) -> int | None:
    """When the controller may replace a failed Pod: 10 s after the latest failure, doubling with each one, at most
    10 min (None when no Pod has failed)."""
    failed = [p for p in store.list("Pod", job["metadata"]["namespace"])
              if owned_by(p, job) and (p.get("status") or {}).get("phase") == "Failed"]
    ends = [_seconds(cs["state"]["terminated"]["finishedAt"]) for p in failed
            for cs in (p.get("status") or {}).get("containerStatuses") or [] if "terminated" in (cs.get("state") or {})]
    if not ends:
        return None
    return max(ends) + min(BACKOFF_START * 2 ** (len(failed) - 1), BACKOFF_MAX)


def _condition(kind: str, reason: str, message: str, now: str) -> dict:
    return {"type": kind, "status": "True", "reason": reason, "message": message, "lastProbeTime": now,
            "lastTransitionTime": now}


def _create_pod(api: APIServer, job: dict, n: int) -> dict:
    ns, name, uid = job["metadata"]["namespace"], job["metadata"]["name"], job["metadata"]["uid"]
    template = copy.deepcopy(job["spec"].get("template") or {})
    pod_name = f"{name}-{suffix(uid + str(n), 5)}"
    labels = (template.get("metadata") or {}).get("labels") or {}
    pod = api.create({"apiVersion": "v1", "kind": "Pod",
                      "metadata": {"name": pod_name, "namespace": ns, "labels": labels,
                                   "ownerReferences": [controller_ref(job)]},
                      "spec": template.get("spec") or {}})
    api.store.record(job, "Normal", "SuccessfulCreate", f"Created pod: {pod_name}", SOURCE)
    return pod


def _collect(api: APIServer) -> None:
    """The garbage collector takes a deleted Job's Pods; the TTL controller deletes a finished Job whose time is up."""
    store = api.store
    live = {j["metadata"]["uid"] for j in store.list("Job")}
    for pod in store.list("Pod"):
        refs = [r for r in pod["metadata"].get("ownerReferences") or [] if r.get("kind") == "Job"]
        if refs and all(r.get("uid") not in live for r in refs) and not pod["metadata"].get("deletionTimestamp"):
            api.delete("Pod", pod["metadata"]["name"], pod["metadata"]["namespace"])
    for job in store.list("Job"):
        if ttl_due(job, store.clock.now):
            api.delete("Job", job["metadata"]["name"], job["metadata"]["namespace"])


def ttl_due(job: dict, now: int) -> bool:
    """A finished Job with ``ttlSecondsAfterFinished`` whose time has come."""
    ttl = job["spec"].get("ttlSecondsAfterFinished")
    finished = [c["lastTransitionTime"] for c in (job.get("status") or {}).get("conditions") or []
                if c.get("type") in ("Complete", "Failed")]
    return ttl is not None and bool(finished) and now >= _seconds(finished[0]) + int(ttl)


def due(store, job: dict, now: int) -> bool:
    """Whether time alone will make the controller act on the Job now: its TTL, or a failed Pod's replacement."""
    if ttl_due(job, now):
        return True
    when = replacement_due(store, job) if not _finished(job) else None
    return when is not None and when <= now
