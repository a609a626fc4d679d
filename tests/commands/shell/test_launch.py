"""A program the image has but the simulator does not run: said, and never a silent success, wherever it is run.

At a prompt (``docker exec``, ``docker run``, ``kubectl exec``) and as a
container's main process it fails with a ``[storagekit]`` note; in a
Dockerfile RUN step the build goes on, with the note in the step's log and
nothing from the program (not even the file a redirection would open) in the layer.
"""

from __future__ import annotations

import pytest

import storagekit as sk

NOTE = "[storagekit] free (/bin/free) is in the image, but the simulator does not run it\n"
BUILD_NOTE = ("[storagekit] free (/bin/free) is in the image, but the simulator does not run it: the build goes on "
              "as if it succeeded, and this step's layer holds nothing from it")


@pytest.fixture(scope="module")
def box():
    host = sk.DockerHost()
    host.sh("docker pull -q busybox")
    host.sh("docker run -d --name box busybox sleep 3600")
    return host


@pytest.mark.parametrize("line, code, out", [
    ("docker exec box free", 1, ""),
    ("docker exec box free -m", 1, ""),
    ("docker exec box sh -c 'free; echo status $?'", 0, "status 1\n"),
    ("docker exec box sh -c 'free && echo never'", 1, ""),
    ("docker exec box /bin/free", 1, ""),
    ("docker run --rm busybox free", 1, ""),
    ("docker run --rm busybox sh -c 'free || echo failed'", 0, "failed\n"),
])
def test_at_a_prompt_it_fails_with_a_note_on_stderr(box, line, code, out):
    r = box.sh(line)
    assert (r.code, r.out) == (code, out)
    assert NOTE in r.err


@pytest.mark.parametrize("line", [
    "docker exec box sh -c 'free > /tmp/mem'",
    "docker exec box sh -c 'free >> /tmp/mem'",
    "docker exec box sh -c 'free 2> /tmp/mem'",
])
def test_what_its_redirection_would_create_is_not_made(box, line):
    r = box.sh(line)
    assert (r.code, NOTE in r.err) == (1, True)
    assert box.sh("docker exec box ls /tmp/mem").code == 1


def test_as_a_main_process_the_container_exits_1():
    host = sk.DockerHost()
    host.sh("docker pull -q busybox")
    r = host.sh("docker run --name mem busybox free")
    assert (r.code, r.err) == (1, NOTE)
    assert "Exited (1)" in host.sh("docker ps -a --filter name=mem").out
    assert host.sh("docker logs mem").err == NOTE


POD = """apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  restartPolicy: {policy}
  containers: [{{name: c, image: busybox, command: {command}}}]
"""


@pytest.mark.parametrize("policy, status", [("Never", "Error"), ("Always", "CrashLoopBackOff")])
def test_in_a_pod_its_restart_policy_applies(policy, status):
    cluster = sk.Cluster.kind()
    cluster.sh("kubectl apply -f -", stdin=POD.format(policy=policy, command="[free]"))
    assert cluster.sh("kubectl get pod p").out.splitlines()[1].split()[2] == status
    assert NOTE in cluster.sh("kubectl logs p").out + cluster.sh("kubectl logs p").err


def test_kubectl_exec_fails_with_the_note():
    cluster = sk.Cluster.kind()
    cluster.sh("kubectl apply -f -", stdin=POD.format(policy="Always", command="[sleep, '3600']"))
    r = cluster.sh("kubectl exec p -- free")
    assert r.code == 1 and NOTE in r.err
    r = cluster.sh("kubectl exec p -- sh -c 'free > /f; ls /f'")
    assert r.err == NOTE + "ls: /f: No such file or directory\ncommand terminated with exit code 1\n"


def build(host, dockerfile):
    host.write("/src/Dockerfile", dockerfile)
    return host.sh("cd /src && docker build -t app .")


def test_a_build_step_goes_on_with_the_note_as_a_line_of_its_log():
    host = sk.DockerHost()
    r = build(host, "FROM busybox\nRUN free -m && echo after\nRUN echo next > /next\n")
    assert r.code == 0
    log = r.err.splitlines()
    assert f"#5 0.200 {BUILD_NOTE}" in log  # BuildKit's "#N seconds line" form, where the program ran
    assert log[log.index(f"#5 0.200 {BUILD_NOTE}") + 1].endswith(" after")
    assert host.sh("docker run --rm app cat /next").out == "next\n"


def test_a_build_steps_layer_holds_nothing_from_it():
    host = sk.DockerHost()
    r = build(host, "FROM busybox\nRUN echo kept > /kept\nRUN free > /kept; free > /mem; free >> /mem2\n")
    assert r.code == 0
    assert host.sh("docker run --rm app cat /kept").out == "kept\n"  # not emptied by the redirection
    assert host.sh("docker run --rm app ls /mem /mem2").err.count("No such file or directory") == 2
    sizes = host.sh("docker history --format '{{.Size}}' app").out.splitlines()
    assert sizes[0] == "0B"  # the last step changed nothing


def test_the_classic_builder_goes_on_too():
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nRUN free\n")
    r = host.sh("cd /src && DOCKER_BUILDKIT=0 docker build -t app .")
    assert r.code == 0
    assert BUILD_NOTE in r.out + r.err


def test_a_program_the_image_lacks_still_fails_the_build():
    r = build(sk.DockerHost(), "FROM busybox\nRUN mysqldump\n")
    assert r.code == 1
    assert "/bin/sh: mysqldump: not found" in r.err


def test_what_a_simulated_program_declines_is_passed_over_in_a_build_too():
    host = sk.DockerHost()
    r = build(host, "FROM python:3.12-slim\nRUN python3 -c 'import compileall' > /out && echo after\n")
    assert r.code == 0
    assert ("[storagekit] -c: line 1 is not a print() call; the simulated python3 runs only print() of literals, "
            "string concatenation, f-strings and arithmetic: the build goes on as if it succeeded, and this step's "
            "layer holds nothing from it") in r.err
    assert r.err.split("holds nothing from it\n", 1)[1].startswith("#5 0.200 after\n#5 DONE")
    assert host.sh("docker run --rm python:3.12-slim python3 -c 'import compileall'").code == 1
