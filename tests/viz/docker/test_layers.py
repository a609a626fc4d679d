"""image_layers: what each image is built from, a shared layer drawn once, tags, dangling images, containers."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.docker.errors import NoSuchImage
from storagekit.viz import image_layers
from storagekit.viz.style import node_id
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_attrs, node_labels, render


def images_above(g, start: str) -> set[str]:
    """The image nodes reached by going up from ``start``."""
    found, todo, heads = set(), [start], {}
    for tail, head, _ in edges(g):
        heads.setdefault(tail, []).append(head)
    while todo:
        node = todo.pop()
        if node.startswith("image_"):
            found.add(node)
        todo.extend(heads.get(node, []))
    return found


def test_the_flask_apps_share_their_first_layers(flask_host):
    g = image_layers(flask_host)
    golden("docker", "image_layers_flask", g)
    engine = flask_host.engine
    app1, app2 = (engine.images.resolve(r) for r in ("mmumshad/my-custom-app", "mmumshad/my-custom-app-2"))
    shared = [layer for layer in app1.layers if layer in app2.layers]
    assert len(shared) == 3  # ubuntu's, apt-get's and pip's
    labels = node_labels(g)
    pip = node_id("layer", shared[-1].chain_id)
    assert list(labels).count(pip) == 1
    up = [head for tail, head, _ in edges(g) if tail == pip]
    assert len(up) == 3  # one per image built on it: app 1 now, app 1 before the change (dangling), app 2
    assert [len(images_above(g, head)) for head in up] == [1, 1, 1]
    assert len(images_above(g, pip)) == 3
    assert "shared by 3 images" in labels[pip] and node_attrs(g, pip)["penwidth"] == "3"
    assert labels[pip].startswith("RUN pip install flask flask-mysql\n5.82MB · ")


def test_layer_sizes_are_docker_history_s(flask_host):
    g = image_layers(flask_host, "mmumshad/my-custom-app")
    history = flask_host.sh("docker history mmumshad/my-custom-app --format '{{.Size}}'").out.split()
    image = flask_host.engine.images.resolve("mmumshad/my-custom-app")
    labels = node_labels(g)
    shown = [labels[node_id("layer", layer.chain_id)].split("\n")[1].split(" · ")[0] for layer in image.layers]
    assert shown == [s for s in reversed(history) if s != "0B"]


def test_config_only_rows_are_set_apart(flask_host):
    g = image_layers(flask_host, "mmumshad/my-custom-app-2")
    configs = {n: text for n, text in node_labels(g).items() if n.startswith("config_")}
    assert any(text.startswith("ENTRYPOINT FLASK_APP=") and "app2.py flask run" in text for text in configs.values())
    assert all(text.endswith("0B · config only") for text in configs.values())
    assert all(node_attrs(g, n)["style"] == "rounded,dashed" for n in configs)
    top = node_id("image", flask_host.engine.images.resolve("mmumshad/my-custom-app-2").id)
    below_image = [tail for tail, head, _ in edges(g) if head == top]
    assert below_image and below_image[0].startswith("config_")


def test_a_dangling_image_and_the_container_on_it(flask_host):
    g = image_layers(flask_host)
    labels = node_labels(g)
    dangling = [n for n, text in labels.items() if text.startswith("<none>:<none>")]
    assert len(dangling) == 1 and "dashed" in node_attrs(g, dangling[0])["style"]
    web1 = flask_host.engine.containers.resolve("web1")
    container = node_id("container", web1.id)
    assert (dangling[0], container) in [(t, h) for t, h, _ in edges(g)]
    ps = flask_host.sh("docker ps -s --format '{{.Size}}'").out.split(" ")[0]
    assert labels[container] == f"container web1\nwritable layer {ps}\nUp"
    assert container not in node_labels(image_layers(flask_host, containers=False))


def test_images_filter_by_reference_or_id(flask_host):
    app2 = flask_host.engine.images.resolve("mmumshad/my-custom-app-2")
    for name in ("mmumshad/my-custom-app-2", app2.short_id):
        labels = node_labels(image_layers(flask_host, [name]))
        assert [n for n in labels if n.startswith("image_")] == [node_id("image", app2.id)]
    with pytest.raises(NoSuchImage, match="No such image: nope:latest"):
        image_layers(flask_host, "nope")


@pytest.fixture(scope="module")
def small():
    host = sk.DockerHost()
    run(host, "docker pull -q alpine", "docker pull -q busybox", "docker tag busybox my-box:1",
        "docker run --name once busybox true")
    return host


def test_alpine_and_busybox_share_nothing(small):
    g = image_layers(small)
    golden("docker", "image_layers_small", g)
    labels = node_labels(g)
    layers = [n for n in labels if n.startswith("layer_")]
    assert len(layers) == 2 and not any("shared" in labels[n] for n in layers)
    busybox = small.engine.images.resolve("busybox")
    assert labels[node_id("image", busybox.id)].startswith("busybox:latest\n+ 1 more tag\n")
    assert labels[node_id("container", small.engine.containers.resolve("once").id)].endswith("Exited (0)")


def test_the_containerd_store_prints_its_own_sizes():
    host = sk.DockerHost(engine_version="29.0.0")
    run(host, "docker pull -q busybox")
    image = host.engine.images.resolve("busybox")
    size = host.sh("docker images busybox --format '{{.Size}}'").out.strip()
    assert node_labels(image_layers(host))[node_id("image", image.id)].endswith(f"{image.id[7:19]} · {size}")


def test_two_fresh_hosts_draw_the_same_bytes():
    def draw():
        host = sk.DockerHost()
        run(host, "docker pull -q busybox", "docker run -d --name box busybox sleep 60")
        return image_layers(host).source
    assert draw() == draw()


def test_no_images_yet():
    assert "No images yet" in image_layers(sk.DockerHost()).source


@pytest.mark.exe
def test_it_renders(flask_host):
    assert b"<svg" in render(image_layers(flask_host))
