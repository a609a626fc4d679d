"""``--filter`` as the daemon reads it (moby ``api/types/filters.Args``).

The client sends every ``--filter key=value`` it was given; the daemon keeps,
per key, the set of values. Each endpoint says which keys it accepts and reads
them its own way, but always through these few operations, which is why the
same filter behaves alike across ``volume ls``, ``volume prune`` and the rest:
several ``name`` values are alternatives, several ``label`` values must all hold.

>>> f = Filters([("label", "team=db"), ("name", "^da")])
>>> f.match("name", "data"), f.match_kv_list("label", {"team": "db", "tier": "1"})
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from storagekit.docker.errors import InvalidFilter
from storagekit.sim.errors import NotSimulated


def go_list(values: list[str]) -> str:
    """A ``[]string`` as Go's ``%s`` prints it: ``[a b]``."""
    return "[" + " ".join(values) + "]"


UNMODELLED = {"network": "networks", "health": "health checks", "isolation": "isolation technologies",
              "is-task": "swarm tasks", "publish": "published ports", "expose": "exposed ports"}
"""Keys moby's ``docker ps`` takes (``acceptedPsFilterTags``) about things outside the simulation."""


class Filters:
    """Filter values by key, each value once, in the order given."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self.fields: dict[str, list[str]] = {}
        for key, value in pairs:
            self.add(key, value)

    def add(self, key: str, value: str) -> None:
        values = self.fields.setdefault(key, [])
        if value not in values:
            values.append(value)

    def contains(self, key: str) -> bool:
        return key in self.fields

    def get(self, key: str) -> list[str]:
        return list(self.fields.get(key, []))

    def validate(self, accepted: Iterable[str], unmodelled: Mapping[str, str] | None = None) -> None:
        """Refuse a key the endpoint does not know, before anything is looked at; and decline, in the simulator's
        voice, a key of ``unmodelled`` (key: what it is about), which the real endpoint takes but which is about
        something the simulator does not have."""
        accepted = sorted(accepted)
        unknown = next((key for key in self.fields if key not in accepted), None)
        if unknown is not None and unknown in (unmodelled or {}):
            raise NotSimulated(f"the '{unknown}' filter is not simulated: the simulator has no "
                               f"{(unmodelled or {})[unknown]}. It filters by {', '.join(accepted)}.")
        if unknown is not None:
            raise InvalidFilter(unknown)

    def get_bool(self, key: str, default: bool = False) -> bool:
        """``GetBoolOrDefault``: ``1``/``true`` or ``0``/``false``, exactly one of the two."""
        values = self.fields.get(key)
        if values is None:
            return default
        falsy = "0" in values or "false" in values
        truthy = "1" in values or "true" in values
        if falsy == truthy:
            raise InvalidFilter(key, go_list(values))
        return truthy

    def match(self, key: str, source: str) -> bool:
        """``Match``: a value equal to ``source``, or a regular expression found in it."""
        for pattern in self.fields.get(key, []):
            if pattern == source:
                return True
            try:
                if re.search(pattern, source):
                    return True
            except re.error:
                continue
        return False

    def exact_match(self, key: str, source: str) -> bool:
        """``ExactMatch``: true when the key is not given, else when ``source`` is one of its values."""
        return key not in self.fields or source in self.fields[key]

    def fuzzy_match(self, key: str, source: str) -> bool:
        """``FuzzyMatch``: true when the key is not given, else when a value is ``source`` or a prefix of it."""
        return key not in self.fields or any(source.startswith(value) for value in self.fields[key])

    def match_kv_list(self, key: str, labels: Mapping[str, str] | None) -> bool:
        """``MatchKVList``: every ``k`` or ``k=v`` value holds in ``labels`` (true when the key is not given)."""
        wanted = self.fields.get(key)
        if not wanted:
            return True
        labels = labels or {}
        for item in wanted:
            name, eq, value = item.partition("=")
            if name not in labels or (eq and labels[name] != value):
                return False
        return True
