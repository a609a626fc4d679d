"""The parts of ``kubectl describe`` that print one container, shared by Pods and the templates of workloads.

In ``describeContainers``' order: ports, command and args, (a Pod's container
states), resources, probes, environment, mounts sorted by path with a
``subPath`` shown as ``path="..."``.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

from storagekit.k8s import quantity as q


def qty(text) -> str:
    """A quantity as ``Quantity.String()`` prints it (the canonical form); text that does not parse as it is."""
    try:
        return q.canonical(q.parse(str(text)))
    except q.QuantityError:
        return str(text)


def _probe(p: dict) -> str:
    """``DescribeProbe``, with the API server's defaults for what the manifest left out."""
    attrs = (f"delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 1)}s "
             f"period={p.get('periodSeconds', 10)}s #success={p.get('successThreshold', 1)} "
             f"#failure={p.get('failureThreshold', 3)}")
    if p.get("exec") is not None:
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    if p.get("httpGet") is not None:
        get = p["httpGet"]
        host, port, path = get.get("host", ""), str(get.get("port", "")), get.get("path", "")
        where = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
        path = "/" + path if path and not path.startswith("/") and where else path
        return f"http-get {str(get.get('scheme', 'HTTP')).lower()}://{where}{path} {attrs}"
    if p.get("tcpSocket") is not None:
        return f"tcp-socket {p['tcpSocket'].get('host', '')}:{p['tcpSocket'].get('port', '')} {attrs}"
    if p.get("grpc") is not None:
        return f"grpc <pod>:{p['grpc'].get('port', 0)} {p['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _resource_value(ref: dict, ct: dict) -> str:
    """``ExtractContainerResourceValue`` for a ``resourceFieldRef``: the container's figure over the divisor,
    rounded up (an unset CPU or memory limit reads ``node allocatable``)."""
    kind, _, name = str(ref.get("resource", "")).partition(".")
    amount = ((ct.get("resources") or {}).get(kind) or {}).get(name)
    try:
        value = q.parse(str(amount)).value if amount is not None else Fraction(0)
        divisor = q.parse(str(ref.get("divisor") or "1")).value or Fraction(1)
    except q.QuantityError:
        return ""
    scale = 1000 if name == "cpu" else 1  # MilliValue for CPU, Value for the rest
    shown = math.ceil(math.ceil(value * scale) / math.ceil(divisor * scale))
    if shown == 0 and ref.get("resource") in ("limits.cpu", "limits.memory"):
        return "node allocatable"
    return str(shown)


def _env(ct: dict) -> str:
    text = ""
    if ct.get("envFrom"):
        text += "    Environment Variables from:\n"
        for e in ct["envFrom"]:
            src, kind = ((e.get("configMapRef"), "ConfigMap") if e.get("configMapRef")
                         else (e.get("secretRef"), "Secret"))
            src = src or {}
            optional = "true" if src.get("optional") else "false"
            prefix = f" with prefix '{e['prefix']}'" if e.get("prefix") else ""
            text += f"      {src.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n"
    env = ct.get("env") or []
    text += "    Environment:" + ("\t<none>" if not env else "") + "\n"
    for e in env:
        name, src = e.get("name", ""), e.get("valueFrom")
        if src is None:
            lines = str(e.get("value", "")).split("\n")
            text += f"      {name}:\t{lines[0]}\n" + "".join(f"      \t{line}\n" for line in lines[1:])
        elif src.get("fieldRef") is not None:  # a template has no Pod to read the field from
            ref = src["fieldRef"]
            text += f"      {name}:\t ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n"
        elif src.get("resourceFieldRef") is not None:
            ref = src["resourceFieldRef"]
            text += f"      {name}:\t{_resource_value(ref, ct)} ({ref.get('resource', '')})\n"
        elif src.get("secretKeyRef") is not None or src.get("configMapKeyRef") is not None:
            ref, where = (src["secretKeyRef"], "in secret") if src.get("secretKeyRef") is not None else (
                src["configMapKeyRef"], "of config map")
            text += (f"      {name}:\t<set to the key '{ref.get('key', '')}' {where} '{ref.get('name', '')}'>\t"
                     f"Optional: {'true' if ref.get('optional') else 'false'}\n")
    return text


def ports(ct: dict) -> str:
    """``Port:``/``Host Port:`` (``Ports:`` when there are several) and a seccomp profile."""
    listed = ct.get("ports") or []
    port = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in listed)
    host = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in listed)
    text = ((f"    Ports:\t{port}\n" if "," in port else f"    Port:\t{port or '<none>'}\n")
            + (f"    Host Ports:\t{host}\n" if "," in host else f"    Host Port:\t{host or '<none>'}\n"))
    seccomp = (ct.get("securityContext") or {}).get("seccompProfile")
    if seccomp:
        local = seccomp.get("type") == "Localhost"
        text += f"    SeccompProfile:\t{seccomp.get('type', '')}\n" + (
            f"      LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n" if local else "")
    return text


def command(ct: dict) -> str:
    """``Command:`` and ``Args:``, one word a line."""
    text = ""
    for field, title in (("command", "Command"), ("args", "Args")):
        if ct.get(field):
            text += f"    {title}:\n" + "".join(f"      {line}\n" for arg in ct[field] for line in str(arg).split("\n"))
    return text


def details(ct: dict) -> str:
    """What follows a container's state: resources, probes, environment, mounts and devices."""
    text = ""
    for field, title in (("limits", "Limits"), ("requests", "Requests")):
        values = (ct.get("resources") or {}).get(field) or {}
        if values:
            text += f"    {title}:\n" + "".join(f"      {k}:\t{qty(v)}\n" for k, v in sorted(values.items()))
    for field, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")):
        if ct.get(field) is not None:
            text += f"    {title}:\t{_probe(ct[field])}\n"
    text += _env(ct)
    mounts = sorted(ct.get("volumeMounts") or [], key=lambda m: m.get("mountPath", ""))
    none = "" if mounts else "\t<none>"
    text += f"    Mounts:{none}\n"
    for m in mounts:
        flags = ["ro" if m.get("readOnly") else "rw"]
        if m.get("subPath"):
            flags.append(f"path={json.dumps(m['subPath'])}")
        text += f"      {m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n"
    devices = sorted(ct.get("volumeDevices") or [], key=lambda d: d.get("devicePath", ""))
    if devices:
        text += f"    Devices:{none}\n" + "".join(f"      {d.get('devicePath', '')} from {d.get('name', '')}\n"
                                                 for d in devices)
    return text


def template_container(ct: dict) -> str:
    """One container of a template (``describeContainers`` with no status: no IDs, state or restarts)."""
    return f"   {ct.get('name', '')}:\n    Image:\t{ct.get('image', '')}\n" + ports(ct) + command(ct) + details(ct)
