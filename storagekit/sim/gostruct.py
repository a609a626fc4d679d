"""A Go struct as encoding/json writes it, told apart from a Go map.

Python keeps both as dicts, but Go encodes them differently: a map's keys are
sorted, a struct's fields come in declaration order and a field tagged
``omitempty`` is left out when empty. A :class:`GoStruct` is a dict already in
declaration order with those fields dropped; encoders keep its order and sort
every other mapping.
"""

from __future__ import annotations


class GoStruct(dict):
    """A struct value: fields in the Go type's order, ``omitempty`` already applied."""
