"""``kubectl get --sort-by``: kubectl's sorter (``cmd/get/sorter.go``) over the objects the server returned.

The field is a JSONPath, relaxed as kubectl relaxes it (``.metadata.name``,
``metadata.name`` and ``{.metadata.name}`` are one). Each object is compared by
the first value the path finds in it: numbers by value, strings that are both
quantities (``2Gi``, ``500m``) as quantities, other strings in natural order
(so timestamps sort by time, ``pod-10`` after ``pod-9``). An object where the
path finds nothing counts as less than any other. kubectl sorts with Go's
``sort.Sort``, which for a dozen objects or fewer is an insertion sort: that is
run here as it is, so objects that compare alike keep kubectl's order.
"""

from __future__ import annotations

import functools

from storagekit.commands.formats.jsonpath import JSONPath, JSONPathError
from storagekit.commands.kubectl.cli import KubectlError
from storagekit.k8s.quantity import QuantityError
from storagekit.k8s.quantity import parse as parse_quantity
from storagekit.sim.errors import NotSimulated
from storagekit.sim.sortorder import natural_less

INSERTION_SORT_MAX = 12
"""Up to how many items Go's ``sort.Sort`` sorts by insertion."""


def relaxed(expression: str) -> str:
    """``RelaxedJSONPathExpression``: ``{.a.b}`` from ``.a.b``, ``a.b`` or ``{.a.b}``."""
    inner = expression[1:-1] if expression.startswith("{") and expression.endswith("}") else expression
    return "{" + (inner if inner.startswith(".") else "." + inner) + "}"


def _quantity(text: str):
    try:
        return parse_quantity(text)
    except QuantityError:
        return None


def is_less(a, b, field: str) -> bool:
    """``isLess`` for the values of decoded JSON; a pair it cannot order stops kubectl (``klog.Exitf``)."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, (dict, list)) or type(a) is not type(b):
        what = type(a).__name__ if type(a) is type(b) else "a mix of types"
        raise NotSimulated(f"kubectl stops with a fatal error here: the values of {field} ({what}) cannot be sorted.")
    if isinstance(a, str):
        qa, qb = _quantity(a), _quantity(b)
        if qa is not None and qb is not None:
            return qa.value < qb.value
        return natural_less(a, b)
    return a < b


def sort_objects(objects: list, shown, expression: str) -> list:
    """``objects`` ordered by ``expression`` over ``shown(object)``, the object as the API returns it."""
    field = relaxed(expression)
    try:
        finder = JSONPath(field, True)
    except JSONPathError as exc:
        raise KubectlError(str(exc)) from None

    def first(obj) -> list:
        values = [v for results in finder.find_results(shown(obj)) for v in results]
        return values[:1]

    keyed = [(first(o), o) for o in objects]
    if keyed and not any(v for v, _ in keyed):
        raise KubectlError(f'couldn\'t find any field with path "{field}" in the list of objects')

    def less(x, y) -> bool:
        if not x[0]:
            return True
        if not y[0]:
            return False
        return is_less(x[0][0], y[0][0], field)

    if len(keyed) <= INSERTION_SORT_MAX:
        for i in range(1, len(keyed)):
            j = i
            while j > 0 and less(keyed[j], keyed[j - 1]):
                keyed[j], keyed[j - 1] = keyed[j - 1], keyed[j]
                j -= 1
    else:
        keyed.sort(key=functools.cmp_to_key(lambda x, y: -1 if less(x, y) else 1 if less(y, x) else 0))
    return [o for _, o in keyed]
