"""An image's history rows and the layers they made, paired as docker history and dive pair them."""

from storagekit.commands.host import DockerHost


def test_history_pairs_each_row_with_its_layer_and_config_rows_with_none():
    host = DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nENV MODE=dev\nRUN echo hi > /hi\nCMD cat /hi\n")
    assert host.sh("cd /src && docker build -t hi .").code == 0
    image = host.engine.images.resolve("hi")
    pairs = [(row["created_by"].split(" ", 1)[0], layer) for row, layer in image.history()]
    assert [(word, layer is not None) for word, layer in pairs] == [
        ("ADD", True), ("CMD", False), ("ENV", False), ("RUN", True), ("CMD", False)]
    assert [layer for _, layer in pairs if layer is not None] == image.layers
