"""What controllers read off Pods (``podutil``): a Pod counts as ready when its Ready condition is True."""

from __future__ import annotations


def is_ready(pod: dict | None) -> bool:
    """Ready and not on its way out: a Running Pod whose container crash-loops is not ready."""
    if pod is None or pod["metadata"].get("deletionTimestamp"):
        return False
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])
