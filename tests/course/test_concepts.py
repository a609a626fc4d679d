import re

from storagekit.course import CONCEPTS, MODULES
from storagekit.course.concepts import concepts_of


def test_seventy_concepts_in_fifteen_modules_each_with_a_notebook_of_its_own():
    assert (len(CONCEPTS), len(MODULES)) == (70, 15)
    assert sum(len(concepts_of(m)) for m in MODULES) == 70
    assert len({m.notebook for m in MODULES.values()}) == 15
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+", m.notebook) for m in MODULES.values())


def test_concepts_are_numbered_from_one_without_gaps():
    for module in MODULES:
        assert [c.id for c in concepts_of(module)] == [f"{module}.{n}" for n in range(1, len(concepts_of(module)) + 1)]
