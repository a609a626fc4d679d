"""Image operations asked of the engine: the inspect document, rmi's conflicts, and id prefixes that fit several."""

from __future__ import annotations

import pytest

from storagekit.docker import reference as refs
from storagekit.docker.errors import (
    DockerError, ImageDeleteConflict, ImageInUse, NoSuchImage, NotFound, RepositoryReferenceInUse,
)
from storagekit.docker.images import Image, ImageStore


def test_image_json_is_the_inspect_document(bench):
    doc = bench.engine.image_json(bench.base)
    assert list(doc) == ["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author",
                         "Config", "Architecture", "Os", "Size", "GraphDriver", "RootFS", "Metadata"]
    assert (doc["Id"], doc["RepoTags"], doc["Size"], doc["GraphDriver"]["Name"]) == \
        (bench.base.id, ["tiny:latest"], bench.base.size, "overlay2")
    assert doc["RootFS"] == {"Type": "layers", "Layers": [bench.base.top_layer.diff_id]}
    assert doc["Metadata"] == {"LastTagTime": "0001-01-01T00:00:00Z"}


def _refused(engine, text: str, force: bool = False):
    with pytest.raises(DockerError) as caught:
        engine.remove_reference(text, force=force)
    return caught.value


def test_rmi_conflicts_name_what_holds_the_image(bench):
    engine, base = bench.engine, bench.base
    short = base.id[7:19]
    user = engine.create_container(base, "tiny")
    refused = _refused(engine, short)  # by id: a stopped container is a soft conflict
    assert isinstance(refused, ImageInUse) and refused.message == \
        f"conflict: unable to delete {short} (must be forced) - image is being used by stopped container {user.short_id}"
    refused = _refused(engine, "tiny")  # by its last name: the container would be left on a dangling image
    assert isinstance(refused, RepositoryReferenceInUse) and refused.message == \
        f'conflict: unable to remove repository reference "tiny" (must force) - container {user.short_id} is using ' \
        f"its referenced image {short}"
    engine.tag(refs.parse("tiny:2"), base)
    refused = _refused(engine, short, force=False)
    assert isinstance(refused, ImageInUse)  # the container is found before the second name
    engine.remove_container(user)
    refused = _refused(engine, short)
    assert type(refused) is ImageDeleteConflict and refused.message == \
        f"conflict: unable to delete {short} (must be forced) - image is referenced in multiple repositories"
    assert engine.remove_reference("tiny:2", force=False) == [("Untagged", "tiny:2")]
    refused = _refused(engine, "nope")
    assert isinstance(refused, NoSuchImage) and refused.message == "No such image: nope:latest"


def test_a_running_container_makes_rmi_by_id_a_hard_conflict(bench):
    engine, base = bench.engine, bench.base
    user = engine.create_container(base, "tiny")
    user.state = "running"
    refused = _refused(engine, base.id, force=True)
    assert isinstance(refused, ImageInUse) and refused.status == 409 and "(cannot be forced)" in refused.message
    assert engine.images.lookup("tiny") is base


def _store(containerd: bool) -> ImageStore:
    store = ImageStore(containerd=containerd)
    for tail in ("a1", "a2"):
        image_id = "sha256:" + tail + "0" * 62
        store.add(Image(image_id, b"{}", None))
    return store


@pytest.mark.parametrize("containerd", [False, True])
def test_an_id_prefix_that_fits_one_image_finds_it(containerd):
    assert _store(containerd).lookup("a2").id.startswith("sha256:a2")


def test_an_ambiguous_id_prefix_names_no_image_in_the_classic_store():
    """moby's digest set finds the prefix ambiguous and the lookup fails as for an unknown name."""
    with pytest.raises(NoSuchImage) as caught:
        _store(False).resolve("a")
    assert caught.value.message == "No such image: a:latest"


def test_an_ambiguous_id_prefix_is_an_error_in_the_containerd_store():
    with pytest.raises(NotFound) as caught:
        _store(True).resolve("a")
    assert (caught.value.status, caught.value.message) == (404, "ambiguous reference")
