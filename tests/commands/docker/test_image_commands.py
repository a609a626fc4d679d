"""docker image commands end to end on a host: output tables, the rules of tag and rmi, and their errors."""

from __future__ import annotations

import json
import re

import pytest

from storagekit import DockerHost
from storagekit.docker import reference as refs
from storagekit.docker.images import canonical_json


@pytest.fixture(scope="module")
def built():
    """A host with busybox pulled and two images built on it (one with two tags)."""
    host = DockerHost()
    assert host.sh("docker pull busybox").code == 0
    host.write("/src/a/Dockerfile", "FROM busybox\nLABEL app=a\nRUN echo a > /a.txt\nCMD [\"cat\", \"/a.txt\"]\n")
    host.write("/src/b/Dockerfile", "FROM busybox\nRUN echo b > /b.txt\n")
    assert host.sh("cd /src/a && docker build -q -t app-a:v1 -t app-a:latest .").code == 0
    assert host.sh("cd /src/b && docker build -q -t app-b .").code == 0
    return host


def test_images_table_lists_tags_newest_first(built):
    out = built.sh("docker images").out.splitlines()
    assert out[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"]
    assert [line.split()[:2] for line in out[1:]] == [["app-b", "latest"], ["app-a", "latest"], ["app-a",
                                                                                                 "v1"],
                                                                                                 ["busybox", "latest"]]


@pytest.mark.parametrize("line,expected", [
    ("docker images -q", 3),
    ("docker images app-a", 2),
    ("docker images 'app-*'", 3),
    ("docker images --filter label=app=a -q", 1),
    ("docker images --filter dangling=true -q", 0),
    ("docker images -f before=app-b -q", 2),
    ("docker images -f since=busybox -q", 2),
    ("docker images -f reference='app-*' -q", 2),
    ("docker images -f until=2025-12-31T00:00:00Z -q", 1),
])
def test_images_selection(built, line, expected):
    r = built.sh(line)
    assert r.code == 0, r.err
    rows = r.out.splitlines()
    if "-q" not in line:
        rows = rows[1:]
    assert len(rows) == expected


def test_images_format_template_and_json(built):
    assert built.sh("docker images --format '{{.Repository}}:{{.Tag}}' app-b").out == "app-b:latest\n"
    doc = json.loads(built.sh("docker images --format json busybox").out)
    assert doc["Repository"] == "busybox" and doc["Size"] == "4.29MB"


def test_bad_template_is_docker_words(built):
    r = built.sh("docker images --format '{{.Nope'")
    assert r.code == 1
    assert r.err.startswith("template parsing error: template: :1: ")


def test_history_rows_and_flags(built):
    rows = built.sh("docker history app-a:v1").out.splitlines()
    assert rows[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    assert rows[1].startswith(built.sh("docker images -q app-a:v1").out.strip())
    assert "CMD [\"cat\" \"/a.txt\"]" in rows[1] and " 0B " in rows[1]
    assert rows[2].startswith("<missing>") and "RUN /bin/sh -c echo a > /a.txt # buildkit" in rows[2]
    raw = built.sh("docker history -H=false --format '{{.Size}}' app-a:v1").out.split()
    assert raw[:2] == ["0", "2"]
    full = built.sh("docker history --no-trunc -q app-a:v1").out.split()
    assert full[0].startswith("sha256:") and len(full[0]) == 71


def test_inspect_shape(built):
    doc = json.loads(built.sh("docker image inspect app-b").out)
    assert list(doc[0]) == ["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author",
                            "Config", "Architecture", "Os", "Size", "GraphDriver", "RootFS", "Metadata"]
    data = doc[0]["GraphDriver"]["Data"]
    assert re.fullmatch(r"/var/lib/docker/overlay2/[0-9a-f]{64}/diff", data["UpperDir"])
    for path in data["LowerDir"].split(":") + [data["UpperDir"]]:
        assert built.sh(f"test -d {path}").code == 0


def test_inspect_missing_image(built):
    r = built.sh("docker image inspect nope")
    assert (r.code, r.out, r.err) == (1, "[]\n", "Error response from daemon: No such image: nope:latest\n")


def test_tag_and_rmi_untag_rules():
    host = DockerHost()
    host.sh("docker pull busybox")
    assert host.sh("docker tag busybox mybox:1").code == 0
    image_id = host.sh("docker images -q mybox:1").out.strip()
    r = host.sh(f"docker rmi {image_id}")
    assert r.code == 1
    assert r.err == (f"Error response from daemon: conflict: unable to delete {image_id} (must be forced) - "
                     "image is referenced in multiple repositories\n")
    assert host.sh("docker rmi mybox:1").out == "Untagged: mybox:1\n"
    out = host.sh("docker rmi busybox").out.splitlines()
    assert out[0] == "Untagged: busybox:latest"
    assert out[1].startswith("Untagged: busybox@sha256:")
    assert re.fullmatch(r"Deleted: sha256:[0-9a-f]{64}", out[2])
    assert host.sh("ls /var/lib/docker/overlay2").out == "l\n"


@pytest.mark.parametrize("line,err", [
    ("docker rmi nope", "Error response from daemon: No such image: nope:latest\n"),
    ("docker tag busybox UPPER", 'Error parsing reference: "UPPER" is not a valid repository/tag: invalid reference '
                                 'format: repository name (library/UPPER) must be lowercase\n'),
    ("docker pull UPPER", "invalid reference format: repository name (library/UPPER) must be lowercase\n"),
    ("docker pull nosuchimage", "Error response from daemon: pull access denied for nosuchimage, repository does not "
                                "exist or may require 'docker login': denied: requested access to the resource is "
                                "denied\n"),
    ("docker pull scratch", "Error response from daemon: 'scratch' is a reserved name\n"),
    ("docker tag busybox mine@sha256:" + "a" * 64, "refusing to create a tag with a digest reference\n"),
    ("docker images -f dangling=maybe", "Error response from daemon: invalid filter 'dangling=[maybe]'\n"),
    ("docker inspect nope", "Error: No such object: nope\n"),
    ("docker inspect --type image nope", "Error response from daemon: No such image: nope:latest\n"),
    ("docker inspect --type volume nope", "Error response from daemon: get nope: no such volume\n"),
])
def test_errors(line, err):
    host = DockerHost()
    host.sh("docker pull busybox")
    before = host.sh("docker images").out
    r = host.sh(line)
    assert (r.code, r.err) == (1, err)
    assert host.sh("docker images").out == before


def test_pull_again_and_shared_layers():
    host = DockerHost()
    host.sh("docker pull python:3.12-slim")
    again = host.sh("docker pull python:3.12-slim").out
    assert "Status: Image is up to date for python:3.12-slim" in again
    nginx = host.sh("docker pull nginx").out
    assert re.search(r"^[0-9a-f]{12}: Already exists$", nginx, re.M)


def test_classic_child_images_block_rmi_by_id():
    host = DockerHost()
    host.sh("docker pull busybox")
    host.write("/src/c/Dockerfile", "FROM busybox\nENV A=1\nRUN echo x > /x\n")
    host.sh("cd /src/c && DOCKER_BUILDKIT=0 docker build -t classic .")
    middle = host.sh("docker images -aq").out.split()[1]
    r = host.sh(f"docker rmi {middle}")
    assert r.err == (f"Error response from daemon: conflict: unable to delete {middle} (cannot be forced) - "
                     "image has dependent child images\n")


def test_save_and_load_through_the_shell(built):
    host = DockerHost()
    data = built.engine.save(["app-b"]).read()
    host.write("/tmp/app-b.tar", data)
    assert host.sh("docker load -i /tmp/app-b.tar").out == "Loaded image: app-b:latest\n"
    assert host.sh("docker save -o /tmp/again.tar app-b").code == 0
    assert host.read("/tmp/again.tar") == data


def test_system_df_counts_shared_layers_once(built):
    lines = built.sh("docker system df").out.splitlines()
    assert lines[0].split() == ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"]
    images = lines[1].split()
    assert images[:3] == ["Images", "3", "0"]
    assert images[3] == "4.292MB"  # busybox once, plus the two 2-byte RUN layers


def test_image_prune_removes_only_dangling():
    host = DockerHost()
    host.sh("docker pull busybox")
    host.write("/src/d/Dockerfile", "FROM busybox\nRUN echo 1 > /v\n")
    host.sh("cd /src/d && docker build -q -t d .")
    host.write("/src/d/Dockerfile", "FROM busybox\nRUN echo 2 > /v\n")
    host.sh("cd /src/d && docker build -q -t d .")
    assert len(host.sh("docker images -f dangling=true -q").out.split()) == 1
    out = host.sh("docker image prune -f").out
    assert out.startswith("Deleted Images:\ndeleted: sha256:")
    # the build cache still holds the dangling image's layer, so no bytes come back yet
    assert out.endswith("\n\nTotal reclaimed space: 0B\n")
    assert host.sh("docker images -f dangling=true -q").out == ""


def test_save_refuses_a_terminal_but_not_a_redirect():
    host = DockerHost()
    host.sh("docker pull busybox")
    host.terminal = True  # storagekit shell on a real terminal
    assert host.sh("docker save busybox") == (1, "",
                                              "cowardly refusing to save to a terminal. Use the -o flag or redirect\n")
    host.terminal = False  # a notebook's cell output is a pipe, as for !docker save
    saved = host.sh("docker save busybox")
    assert (saved.code, saved.err) == (0, "") and saved.out.startswith("blobs/")
    assert host.sh("docker save busybox > /tmp/b.tar").code == 0
    assert host.sh("docker save busybox | wc -c").out.strip() == str(len(host.read("/tmp/b.tar")))
    host.sh("docker rmi busybox")
    assert host.sh("docker load < /tmp/b.tar").out == "Loaded image: busybox:latest\n"


def test_system_df_verbose_and_builder_prune():
    host = DockerHost()
    host.sh("docker pull busybox")
    host.write("/src/e/Dockerfile", "FROM busybox\nRUN echo 1 > /v\n")
    host.sh("cd /src/e && docker build -q -t e .")
    verbose = host.sh("docker system df -v").out
    assert verbose.startswith("Images space usage:\n\nREPOSITORY   TAG       IMAGE ID       CREATED")
    assert "SHARED SIZE" in verbose and "UNIQUE SIZE" in verbose
    assert "\nBuild cache usage: " in verbose and "CACHE ID" in verbose
    pruned = host.sh("docker builder prune -af").out
    assert pruned.startswith("ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\n") or pruned.startswith("ID")
    assert pruned.rstrip().splitlines()[-1].startswith("Total:")
    assert "Build Cache     0         0         0B        0B" in host.sh("docker system df").out
    assert host.sh("docker history e").code == 0  # the image keeps its layers after the cache is gone


@pytest.mark.parametrize("line, question, kept", [
    # BuildKit skips records an image shares unless --all (moby builder-next's imagerefchecker)
    ("docker builder prune -f", "", {"RUN echo kept > /k"}),
    ("docker buildx prune -f", "", {"RUN echo kept > /k"}),
    ("docker system prune -f", "", {"RUN echo kept > /k"}),
    ("docker builder prune -af", "", set()),
    ("docker buildx prune --all --force", "", set()),
    ("docker system prune -af", "", set()),
    ("docker builder prune", "WARNING! This will remove all dangling build cache. Are you sure you want to continue?",
     None),
    ("docker builder prune -a", "WARNING! This will remove all build cache. Are you sure you want to continue?", None),
])
def test_builder_prune_keeps_what_images_share_unless_all(line, question, kept):
    host = DockerHost()
    host.sh("docker pull -q busybox")
    host.write("/src/k/Dockerfile", "FROM busybox\nRUN echo kept > /k\n")
    host.write("/src/g/Dockerfile", "FROM busybox\nRUN echo kept > /k\nRUN echo gone > /g\n")
    host.sh("cd /src/k && docker build -q -t k .")
    host.sh("cd /src/g && docker build -q -t g . && docker rmi g")  # its last layer is now held by the cache only
    before = {r.key: r.description for r in host.engine.cache.records.values()}
    r = host.sh(line, stdin=b"n\n")
    after = {r.description for r in host.engine.cache.records.values()}
    if kept is None:  # answered no: the question, nothing removed
        assert question in r.out + r.err and set(before.values()) == after
        return
    assert r.code == 0
    assert {d for d in after if d.startswith("RUN")} == kept
    assert len(after) < len(before)


def test_rmi_of_several_goes_on_and_f_forgives_only_missing_images():
    host = DockerHost()
    host.sh("docker pull -q busybox")
    host.sh("docker tag busybox mine:1")
    r = host.sh("docker rmi nope mine:1")
    assert (r.code, r.out, r.err) == (1, "Untagged: mine:1\n",
                                      "Error response from daemon: No such image: nope:latest\n")
    assert host.sh("docker rmi -f nope other") == (0, "", "Error response from daemon: No such image: nope:latest\n"
                                                         "Error response from daemon: No such image: other:latest\n")
    host.sh("docker run -d --name up busybox sleep 1000")
    r = host.sh("docker rmi -f nope " + host.engine.images.lookup("busybox").short_id)  # a running container: fatal
    assert r.code == 1 and r.err.startswith("Error response from daemon: No such image: nope:latest\n"
                                            "Error response from daemon: conflict: unable to delete ")


def test_docker_inspect_finds_containers_then_images_then_volumes():
    host = DockerHost()
    host.sh("docker pull -q busybox")
    host.sh("docker volume create data")
    host.sh("docker create --name box busybox")
    r = host.sh("docker inspect -f '{{if .Mountpoint}}volume {{.Name}}{{else if .State}}container {{.Name}}{{else}}"
                "image {{index .RepoTags 0}}{{end}}' data box busybox nope")
    assert (r.code, r.out) == (1, "volume data\ncontainer /box\nimage busybox:latest\n")
    assert r.err == "Error: No such object: nope\n"


def test_history_of_an_undated_image_says_n_a_as_the_client_does():
    """``created`` is optional in an image config (a loaded archive may lack it): the daemon sends 0, which the
    28.2 client prints as N/A, or as the epoch itself with -H=false (seen from the real client)."""
    host = DockerHost()
    config = canonical_json({"architecture": "amd64", "config": {}, "os": "linux",
                             "history": [{"created_by": '/bin/sh -c #(nop) CMD ["sh"]', "empty_layer": True}],
                             "rootfs": {"type": "layers", "diff_ids": []}})
    host.engine.tag(refs.parse("undated").with_default_tag(), host.engine.commit(config, None))
    history = host.sh("docker history --format '[{{.CreatedSince}}] [{{.CreatedAt}}]' undated")
    assert (history.code, history.out, history.err) == (0, "[N/A] [1970-01-01T00:00:00Z]\n", "")
    assert host.sh("docker history -H=false --format '{{.CreatedSince}}' undated").out == "1970-01-01T00:00:00Z\n"


@pytest.mark.parametrize("flags, code, out", [
    ("--format '{{.Type}}: {{.Size}}'", 0, "Images: 4.292MB\nContainers: 0B\nLocal Volumes: 0B\nBuild Cache: 0B\n"),
    ("--format json", 0, '{"Active":"0","Reclaimable":"4.292MB (100%)","Size":"4.292MB","TotalCount":"1",'
                         '"Type":"Images"}\n'),
    ("--format raw", 0, "type: Images\ntotal: 1\nactive: 0\nsize: 4.292MB\nreclaimable: 4.292MB (100%)\n\n"),
    ("--format 'table {{.Type}}\t{{.Reclaimable}}'", 0,
     "TYPE            RECLAIMABLE\nImages          4.292MB (100%)\n"),
    ("--format table", 0, "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
                          "Images          1         0         4.292MB   4.292MB (100%)\n"),
    ("-v --format json", 1, "[storagekit] docker system df -v --format is not simulated; "
                            "use -v alone, or --format without -v.\n"),
])
def test_system_df_format(flags, code, out):
    """docker/cli's NewDiskUsageFormat: the summary rows through a template, json, raw or a table."""
    host = DockerHost()
    host.sh("docker pull -q busybox")
    r = host.sh(f"docker system df {flags}")
    assert r.code == code
    assert (r.out if code == 0 else r.err).startswith(out)
