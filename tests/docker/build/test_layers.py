"""Which instructions make layers, what the ids are, and what two images share."""

from __future__ import annotations

import hashlib
import json

from storagekit.docker.layers import chain_ids
from storagekit.fs.tar import EMPTY_LAYER_DIFF_ID, layer_tar
from tests.docker.build.test_cache_rules import SEED, build


def test_seed_dockerfile_adds_three_layers_and_a_0B_entrypoint_row(bench):
    _, image = build(bench, SEED, {"app.py": "print('hello')\n"})
    config = image.config
    assert len(config["rootfs"]["diff_ids"]) == 1 + 3
    rows = config["history"]
    assert rows[-1]["created_by"].startswith('ENTRYPOINT ["/bin/sh" "-c" "FLASK_APP=')
    assert rows[-1]["empty_layer"] is True
    assert [r["created_by"] for r in rows[1:4]] == [
        "RUN /bin/sh -c write /etc/packages python3 pip # buildkit",
        "RUN /bin/sh -c write /usr/lib/flask.py flask # buildkit",
        "COPY . /opt/source-code # buildkit",
    ]
    assert config["config"]["Entrypoint"] == ["/bin/sh", "-c", "FLASK_APP=/opt/source-code/app.py flask run"]


def test_ids_follow_the_oci_spec(bench):
    _, image = build(bench, SEED, {"app.py": "x"})
    assert image.id == "sha256:" + hashlib.sha256(image.config_json).hexdigest()
    for layer in image.layers:
        assert layer.diff_id == "sha256:" + hashlib.sha256(layer_tar(layer.root)).hexdigest()
    assert [layer.chain_id for layer in image.layers] == chain_ids(json.loads(image.config_json)["rootfs"]["diff_ids"])


def test_two_apps_share_the_base_and_run_layers(bench):
    _, app1 = build(bench, SEED, {"app.py": "one"}, tag="app1")
    app2_df = SEED.replace("COPY . /opt/source-code", "COPY app2.py /opt/source-code/").replace("app.py", "app2.py")
    _, app2 = build(bench, app2_df, {"app2.py": "two"}, tag="app2")
    assert app1.layers[:3] == app2.layers[:3]
    assert app1.layers[3] is not app2.layers[3]
    assert len(bench.engine.layers.layers) == 5


def test_metadata_only_instructions_make_no_layer(bench):
    df = "FROM tiny\nENV A=1\nLABEL x=y\nEXPOSE 80\nUSER nobody\nVOLUME /data\nSTOPSIGNAL SIGQUIT\nCMD [\"run\"]\n"
    _, image = build(bench, df)
    assert len(image.layers) == 1
    assert all(row.get("empty_layer") for row in image.config["history"][1:])
    assert image.config["history"][3]["created_by"] == "EXPOSE map[80/tcp:{}]"


def test_workdir_makes_a_layer_even_when_empty(bench):
    _, image = build(bench, "FROM tiny\nWORKDIR /etc\n")
    assert image.layers[-1].diff_id == EMPTY_LAYER_DIFF_ID
    _, image = build(bench, "FROM tiny\nWORKDIR /app\n")
    assert "app" in image.layers[-1].root.children


def test_deleting_a_file_adds_a_whiteout_layer(bench):
    _, image = build(bench, "FROM tiny\nRUN rm /etc/os-release\n")
    top = image.layers[-1].root
    assert top.children["etc"].children["os-release"].is_whiteout()
    assert b".wh.os-release" in layer_tar(top)


def test_overlay_dirs_on_the_host_match_the_layers(bench):
    _, image = build(bench, SEED, {"app.py": "x"})
    listing = bench.fs.listdir("/var/lib/docker/overlay2")
    for layer in image.layers:
        assert layer.cache_id in listing
        layerdb = f"/var/lib/docker/image/overlay2/layerdb/sha256/{layer.chain_id[7:]}"
        assert bench.fs.read(f"{layerdb}/cache-id").decode() == layer.cache_id
        assert bench.fs.lstat(f"/var/lib/docker/overlay2/{layer.cache_id}/diff") is layer.root
    assert bench.fs.read(f"/var/lib/docker/image/overlay2/imagedb/content/sha256/{image.id[7:]}") == image.config_json
