"""A Pod's ``securityContext`` as the kubelet reads it: whom a container runs as, its other groups, and whether
it may be created at all.

A container's own ``securityContext`` overrides the Pod's, field by field
(``DetermineEffectiveSecurityContext``). The kubelet tells the runtime the
user (``runAsUser``, else the image's: its uid, or uid 0 when it names none)
and the group (``runAsGroup``); the groups to add come from the Pod alone: its
``fsGroup``, the ``pv.beta.kubernetes.io/gid`` of the volumes it claims, and
its ``supplementalGroups`` (kuberuntime's ``determineEffectiveSecurityContext``).

With ``runAsNonRoot: true`` the kubelet refuses to create a container that
would run as root (``verifyRunAsNonRoot``): it stays Waiting with reason
CreateContainerConfigError and the kubelet's words as its message.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1
GID_ANNOTATION = "pv.beta.kubernetes.io/gid"
"""A PV's group: every Pod that uses the volume gets it as a supplementary group."""
EFFECTIVE = ("runAsUser", "runAsGroup", "runAsNonRoot")
"""The fields a container's securityContext takes from the Pod's when it does not set them (of those modelled)."""


def effective(pod: dict, container: dict) -> dict:
    """The container's securityContext over the Pod's, for :data:`EFFECTIVE` (unset fields left out)."""
    pod_context = (pod.get("spec") or {}).get("securityContext") or {}
    own = container.get("securityContext") or {}
    merged = {k: own[k] if own.get(k) is not None else pod_context.get(k) for k in EFFECTIVE}
    return {k: v for k, v in merged.items() if v is not None}


def image_user(config: dict | None) -> tuple[int | None, str]:
    """containerd's ``getUserFromImage``: the image's USER as ``(uid, "")`` when it is a number, else
    ``(None, name)``; its group part does not count. An image without one runs as uid 0 (``getImageUser``)."""
    user = ((config or {}).get("User") or "").split(":")[0]
    if not user:
        return 0, ""
    return (int(user), "") if user.isdigit() else (None, user)


def run_as(pod: dict, container: dict, config: dict | None) -> str:
    """The user spec the runtime is given (containerd's ``generateUserString``): ``runAsUser``, else the image's
    uid or user name, then ``:runAsGroup`` if there is one."""
    context = effective(pod, container)
    uid, name = image_user(config)
    user = str(context["runAsUser"]) if "runAsUser" in context else (name or str(uid))
    return user + (f":{context['runAsGroup']}" if "runAsGroup" in context else "")


def _pod_ref(pod: dict) -> str:
    """``format.Pod``: ``name_namespace(uid)``."""
    meta = pod["metadata"]
    return f"{meta['name']}_{meta.get('namespace', 'default')}({meta.get('uid', '')})"


def verify_run_as_non_root(pod: dict, container: dict, config: dict | None) -> str:
    """``verifyRunAsNonRoot``: why the container may not be created ("" when it may), in the kubelet's words. An
    image the catalogue does not hold (``config`` None) has a user the simulator cannot know, and passes."""
    context = effective(pod, container)
    if not context.get("runAsNonRoot"):
        return ""
    where = f'(pod: "{_pod_ref(pod)}", container: {container.get("name", "")})'
    if "runAsUser" in context:
        return f"container's runAsUser breaks non-root policy {where}" if context["runAsUser"] == 0 else ""
    if config is None:
        return ""
    uid, name = image_user(config)
    if uid is None:
        return (f"container has runAsNonRoot and image has non-numeric user ({name}), cannot verify user is "
                f"non-root {where}")
    if uid == 0:
        return f"container has runAsNonRoot and image will run as root {where}"
    if uid > MAX_ID:
        return (f"container has runAsNonRoot and image has an invalid user id ({uid}). (Must be 1-({MAX_ID})): "
                f"must be between 0 and {MAX_ID}, inclusive {where}")
    return ""


def supplemental_groups(pod: dict, volumes: list[dict]) -> list[int]:
    """The groups the kubelet asks the runtime to add: ``fsGroup``, the Pod's ``supplementalGroups``, and the
    ``pv.beta.kubernetes.io/gid`` of each of ``volumes`` (the PVs it claims) that is a number not already among
    them (``GetExtraSupplementalGroupsForPod``)."""
    context = (pod.get("spec") or {}).get("securityContext") or {}
    groups = ([context["fsGroup"]] if context.get("fsGroup") is not None else []) + \
        list(context.get("supplementalGroups") or [])
    for pv in volumes:
        gid = ((pv.get("metadata") or {}).get("annotations") or {}).get(GID_ANNOTATION, "")
        if gid.isdigit() and int(gid) not in (context.get("supplementalGroups") or []):
            groups.append(int(gid))
    return groups


def strict_groups(pod: dict) -> bool:
    """``supplementalGroupsPolicy: Strict``: the runtime leaves out the groups the image's /etc/group lists the
    user in (the default, Merge, keeps them)."""
    return ((pod.get("spec") or {}).get("securityContext") or {}).get("supplementalGroupsPolicy") == "Strict"
