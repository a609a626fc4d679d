"""Path handling: the names a new entry may take."""

from __future__ import annotations

import errno

import pytest

from storagekit.fs import paths


@pytest.mark.parametrize(("path", "name"), [("/tmp/x", "x"), ("/a/b/", "b"), ("/.x", ".x"), ("/...", "...")])
def test_an_entry_takes_the_last_name(path, name):
    assert paths.entry_name(path) == name


@pytest.mark.parametrize("path", ["/", "//", "", "/a/.", "/a/.."])
def test_the_kernel_stores_no_entry_of_these_names(path):
    with pytest.raises(FileExistsError) as caught:
        paths.entry_name(path)
    assert caught.value.errno == errno.EEXIST
