"""docker build as a learner types it: context and -f, flags, outputs, and the errors that stop it."""

from __future__ import annotations

import re

import pytest

from storagekit import DockerHost
from storagekit.fs import Blob
from storagekit.fs.nodes import iter_tree


@pytest.fixture
def host():
    h = DockerHost()
    h.sh("docker pull busybox")
    return h


def test_dockerfile_outside_the_context(host):
    host.write("/ops/Dockerfile.prod", "FROM busybox\nCOPY app.txt /srv/\n")
    host.write("/src/app/app.txt", "hello\n")
    r = host.sh("docker build -f /ops/Dockerfile.prod -t prod /src/app")
    assert r.code == 0, r.err
    assert "#1 [internal] load build definition from Dockerfile.prod" in r.err
    assert "Dockerfile.prod" not in host.sh("docker history --no-trunc prod").out.split("COPY")[1].split("\n")[0]


def test_copy_from_outside_the_context_is_not_found(host):
    host.write("/src/app/Dockerfile", "FROM busybox\nCOPY ../secret.txt /x\n")
    host.write("/src/secret.txt", "no\n")
    r = host.sh("cd /src/app && docker build .")
    assert r.code == 1
    assert re.search(r"ERROR: failed to build: failed to solve: failed to compute cache key: "
                     r'failed to calculate checksum of ref [0-9a-z]+::[0-9a-z]+: "/secret.txt": not found\n$', r.err)
    assert "Dockerfile:2\n--------------------\n   1 |     FROM busybox\n   2 | >>> COPY ../secret.txt /x\n" in r.err


def test_classic_builder_says_forbidden_path(host):
    host.write("/src/app/Dockerfile", "FROM busybox\nCOPY ../secret.txt /x\n")
    r = host.sh("cd /src/app && DOCKER_BUILDKIT=0 docker build .")
    assert r.err.endswith("COPY failed: forbidden path outside the build context: ../secret.txt ()\n")


def test_binary_and_large_files_in_the_context(host):
    host.write("/src/big/Dockerfile", "FROM busybox\nCOPY . /data/\n")
    host.write("/src/big/blob.bin", bytes(range(256)) * 64)
    host.fs.write("/src/big/model.dat", Blob.synthetic(300_000_000, "model"))
    r = host.sh("cd /src/big && docker build -t big .")
    assert r.code == 0, r.err[-500:]
    assert "transferring context: 300MB done" in r.err
    assert "300MB" in host.sh("docker history big").out


CLASSIC = "DOCKER_BUILDKIT=0 "
DISABLED = ("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
            "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
            "            environment-variable.\n\n")


@pytest.mark.parametrize("line,code,err", [
    # buildx v0.24 (build/opt.go loadInputs): anything but a local directory is "not found", a file too
    ("docker build /nope", 1, 'ERROR: unable to prepare context: path "/nope" not found\n'),
    ("docker build Dockerfile -t app", 1, 'ERROR: unable to prepare context: path "Dockerfile" not found\n'),
    # docker/cli 28's legacy builder (cli/command/image/build/context.go): no ERROR: prefix
    (CLASSIC + "docker build /nope", 1, DISABLED + 'unable to prepare context: path "/nope" not found\n'),
    (CLASSIC + "docker build Dockerfile -t app", 1,
     DISABLED + "unable to prepare context: context must be a directory: /src/app/Dockerfile\n"),
    (CLASSIC + "docker build -f nope .", 1, DISABLED + "unable to prepare context: unable to evaluate symlinks in "
     "Dockerfile path: lstat /src/app/nope: no such file or directory\n"),
    (CLASSIC + "docker build -t BAD .", 125, DISABLED + 'invalid argument "BAD" for "-t, --tag" flag: invalid '
     "reference format: repository name (library/BAD) must be lowercase\n\nUsage:  docker build [OPTIONS] PATH "
     "| URL | -\n\nRun 'docker build --help' for more information\n"),
])
def test_context_errors(host, line, code, err):
    host.write("/src/app/Dockerfile", "FROM busybox\n")
    r = host.sh(f"cd /src/app && {line}")
    assert (r.code, r.out, r.err) == (code, "", err)


@pytest.mark.parametrize("text,err", [
    ("", "Error response from daemon: the Dockerfile (Dockerfile) cannot be empty\n"),
    ("# nothing\n", "Error response from daemon: failed to parse Dockerfile: file with no instructions\n"),
    ("FROM busybox\nFOO bar\n", "Error response from daemon: dockerfile parse error on line 2: unknown "
     "instruction: FOO (did you mean FROM?)\n"),
])
def test_classic_daemon_refuses_the_dockerfile(host, text, err):
    """The daemon reads the Dockerfile before it writes any output, so its refusal is an API error."""
    host.write("/src/app/Dockerfile", text)
    r = host.sh(CLASSIC + "docker build /src/app")
    assert (r.code, r.err) == (1, DISABLED + err)
    assert r.out.startswith("Sending build context to Docker daemon")


def test_missing_dockerfile(host):
    host.sh("mkdir -p /src/empty")
    r = host.sh("docker build /src/empty")
    assert r.code == 1
    assert r.err.endswith("ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no "
                          "such file or directory\n")


def test_invalid_tag(host):
    host.write("/src/app/Dockerfile", "FROM busybox\n")
    r = host.sh("docker build -t Bad/Name /src/app")
    assert (r.code, r.err) == (1, 'ERROR: invalid tag "Bad/Name": invalid reference format: repository name '
                                  '(Bad/Name) must be lowercase\n')


def test_quiet_prints_only_the_id(host):
    host.write("/src/app/Dockerfile", "FROM busybox\nRUN echo hi > /hi\n")
    r = host.sh("docker build -q /src/app")
    assert re.fullmatch(r"sha256:[0-9a-f]{64}\n", r.out) and r.err == ""


def test_build_args_target_and_secrets(host):
    host.write("/src/m/Dockerfile", (
        "FROM busybox AS base\nARG GREETING=hello\nRUN echo $GREETING > /greeting\n"
        "FROM base AS final\nRUN --mount=type=secret,id=token cat /run/secrets/token > /seen\n"))
    host.write("/src/m/token.txt", "s3cr3t\n")
    r = host.sh("docker build --build-arg GREETING=hi --target base -t base /src/m")
    assert r.code == 0 and "[base 2/2] RUN echo $GREETING > /greeting" in r.err
    assert "RUN |1 GREETING=hi /bin/sh -c echo $GREETING > /greeting # buildkit" in host.sh("docker history "
                                                                                            "--no-trunc base").out
    r = host.sh("docker build --secret id=token,src=/src/m/token.txt -t final /src/m")
    assert r.code == 0, r.err[-400:]
    layer = dict(iter_tree(host.engine.images.resolve("final").layers[-1].root))
    assert layer["/seen"].blob.read() == b"s3cr3t\n"
    assert "/run/secrets/token" not in layer


def test_two_hosts_print_the_same_bytes():
    def session():
        h = DockerHost()
        h.write("/src/a/Dockerfile", "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y jq\n"
                                     "COPY . /app\n")
        h.write("/src/a/x.txt", "x\n")
        return [h.sh(line) for line in ("docker pull alpine", "cd /src/a && docker build -t a .", "docker images",
                                         "docker history a", "docker system df -v", "ls -lR /var/lib/docker/image")]
    assert session() == session()


SUMMARY = "\n \x1b[33m1 warning found (use docker --debug to expand):\n\x1b[0m - "
JSON_ENTRYPOINT = ("JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior "
                   "related to OS signals (line 3)")


def test_lint_warnings_on_the_dockerfile_vertex_and_after_the_build(host):
    host.write("/src/app/Dockerfile", "FROM busybox\nRUN echo hi\nENTRYPOINT echo run\n")
    r = host.sh("docker build -t app /src/app")
    assert r.code == 0
    assert f"#1 transferring dockerfile: 45B done\n#1 WARN: {JSON_ENTRYPOINT}\n#1 DONE 0.0s\n" in r.err
    assert r.err.endswith(" DONE 0.1s\n" + SUMMARY + JSON_ENTRYPOINT + "\n")
    assert host.sh("docker build -q /src/app").err == ""
    debug = host.sh("docker --debug build /src/app").err
    assert debug.endswith(
        " - " + JSON_ENTRYPOINT + "\nJSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior "
        "related to OS signals\nMore info: https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\n"
        "Dockerfile:3\n--------------------\n   1 |     FROM busybox\n   2 |     RUN echo hi\n"
        "   3 | >>> ENTRYPOINT echo run\n   4 |     \n--------------------\n\n")
    assert "1 warning found:\n" in debug
    classic = host.sh("DOCKER_BUILDKIT=0 docker build /src/app")
    assert "WARN" not in classic.out + classic.err and "warning found" not in classic.err


def test_check_error_true_fails_the_build_and_tags_nothing(host):
    host.write("/src/app/Dockerfile", "# check=error=true\nFROM busybox as base\nCMD echo hi\n")
    r = host.sh("docker build -t strict /src/app")
    assert r.code == 1
    assert "\n \x1b[33m2 warnings found (use docker --debug to expand):\n\x1b[0m" in r.err
    assert r.err.endswith(
        "Dockerfile:2\n--------------------\n   1 |     # check=error=true\n   2 | >>> FROM busybox as base\n"
        "   3 |     CMD echo hi\n   4 |     \n--------------------\nERROR: failed to build: failed to solve: "
        "lint violation found for rules: FromAsCasing, JSONArgsRecommended\n")
    assert "strict" not in host.sh("docker images").out
    host.write("/src/app/Dockerfile", "# check=skip=all;error=true\nFROM busybox as base\nCMD echo hi\n")
    r = host.sh("docker build -t strict /src/app")
    assert r.code == 0 and "WARN" not in r.err


@pytest.mark.parametrize("mount,secret_flag,seen", [
    ("type=secret,id=token,env=TOKEN", "--secret id=token,src=/src/s/token.txt", "s3cr3t|"),
    ("type=secret,id=token,env=TOKEN", "--secret id=token,env=MY_TOKEN", "from-env|"),
    ("type=secret,id=token,env=TOKEN,target=/run/t", "--secret id=token,src=/src/s/token.txt", "s3cr3t|s3cr3t"),
    ("type=secret,id=token,env=TOKEN", "", "|"),
])
def test_secret_as_an_environment_variable(host, mount, secret_flag, seen):
    """``RUN --mount=type=secret,env=`` (Dockerfile 1.10): the step sees the secret in its environment (and as a
    file only when a target is named); neither the layer, the history nor the config keeps it."""
    host.write("/src/s/Dockerfile", f"FROM busybox\nRUN --mount={mount} echo \"$TOKEN|$(cat /run/t 2>/dev/null)\" "
                                    "> /seen\n")
    host.write("/src/s/token.txt", "s3cr3t")
    r = host.sh(f"MY_TOKEN=from-env docker build {secret_flag} -t s /src/s")
    assert r.code == 0, r.err[-500:]
    layer = dict(iter_tree(host.engine.images.resolve("s").layers[-1].root))
    assert layer["/seen"].blob.read() == (seen + "\n").encode()
    assert "/run/secrets" not in layer and "/run/t" not in layer
    for command in ("docker history --no-trunc s", "docker image inspect s"):
        assert "s3cr3t" not in host.sh(command).out and "from-env" not in host.sh(command).out


def test_required_secret_env_missing_fails(host):
    host.write("/src/s/Dockerfile", "FROM busybox\nRUN --mount=type=secret,id=token,env=TOKEN,required echo $TOKEN\n")
    r = host.sh("docker build /src/s")
    assert r.code == 1 and r.err.endswith("ERROR: failed to build: failed to solve: secret token: not found\n")


def _runs(n: int) -> str:
    return "FROM busybox\n" + "".join(f"RUN echo {i} > /f{i}\n" for i in range(n))


def test_buildkit_stops_where_overlay2_runs_out_of_lower_directories(host):
    """overlay2 puts at most 128 lower directories under a layer: busybox's one layer and 128 RUN layers build,
    the 129th RUN's snapshot cannot be prepared. The image is not tagged, the steps before stay cached."""
    host.write("/src/d/Dockerfile", _runs(128))
    assert host.sh("docker build -q -t deep /src/d").code == 0
    assert len(host.engine.images.resolve("deep").layers) == 129
    host.write("/src/d/Dockerfile", _runs(1000))
    r = host.sh("docker build -t deeper /src/d")
    assert r.code == 1
    assert re.search(r"#133 \[ 130/1001\] RUN echo 128 > /f128\n#133 ERROR: failed to prepare [0-9a-z]{25} as "
                     r"[0-9a-z]{25}: max depth exceeded\n", r.err)
    assert "#132 [ 129/1001] RUN echo 127 > /f127\n#132 CACHED\n" in r.err
    assert r.err.endswith(": max depth exceeded\n")
    assert "ERROR: failed to build: failed to solve: failed to prepare" in r.err
    assert "deeper" not in host.sh("docker images").out


def test_run_needs_room_for_the_init_and_writable_layers(host):
    """A container's init layer and writable layer go on top of the image: 127 image layers is the most."""
    host.write("/src/d/Dockerfile", _runs(126))
    host.sh("docker build -q -t ok /src/d")
    assert host.sh("docker run --rm ok cat /f125").out == "125\n"
    host.write("/src/d/Dockerfile", _runs(127))
    host.sh("docker build -q -t deep /src/d")
    before = host.sh("docker ps -aq").out
    r = host.sh("docker run deep true")
    assert (r.code, r.err) == (125, "docker: Error response from daemon: max depth exceeded\n\nRun 'docker run "
                                    "--help' for more information\n")
    assert host.sh("docker ps -aq").out == before


def test_classic_builder_stops_at_the_layer_stores_limit(host):
    """moby's layer store registers no layer on a parent 125 deep: step 126 fails after its container ran."""
    host.write("/src/d/Dockerfile", _runs(130))
    r = host.sh("DOCKER_BUILDKIT=0 docker build -t classic /src/d")
    assert r.code == 1 and r.err.endswith("max depth exceeded\n")
    assert re.search(r"Step 126/131 : RUN echo 124 > /f124\n ---> Running in [0-9a-f]{12}\n$", r.out)


def test_env_set_again_keeps_its_place(host):
    """BuildKit's ``addEnv`` replaces a variable where it stands (``ENV PATH=/x:$PATH`` leaves PATH first)."""
    host.write("/src/e/Dockerfile", "FROM busybox\nENV A=1 B=2\nENV PATH=/opt/bin:$PATH A=3\n")
    host.sh("docker build -q -t e /src/e")
    assert host.sh("docker image inspect -f '{{json .Config.Env}}' e").out == (
        '["PATH=/opt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=3","B=2"]\n')
