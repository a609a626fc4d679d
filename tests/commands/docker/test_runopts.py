"""What the client makes of ``docker run`` / ``docker create`` flags: files it reads, its pulls, its streams."""

from __future__ import annotations

import pytest

from storagekit import DockerHost


@pytest.fixture
def host():
    h = DockerHost()
    assert h.sh("docker pull -q busybox").code == 0
    return h


def test_env_and_label_files_are_read_on_the_clients_side(host):
    """One KEY=value a line, comments and blank lines skipped, a bare KEY from the client's own environment; -e and
    --label given on the line come last, so they win (in place: runc sets each in turn, then adds HOME)."""
    host.write("/root/app.env", "\ufeffA=1\n\n  # comment\nB=two words \nUSER\nNOT_SET\nA=3\n")
    host.write("/root/app.labels", "tier=db\nteam=storage\n")
    r = host.sh("cd /root && USER=ada docker run --rm --env-file app.env -e C=4 busybox env")
    assert r.out.splitlines()[2:] == ["A=3", "B=two words ", "USER=ada", "C=4", "HOME=/root"]
    host.sh("docker create --name labelled --label-file /root/app.labels --label tier=cache busybox")
    assert host.sh("docker inspect -f '{{json .Config.Labels}}' labelled").out == '{"team":"storage","tier":"cache"}\n'
    host.write("/root/bad.env", "A=1\n B C=2\n")
    r = host.sh("docker create --env-file /root/bad.env busybox")
    assert (r.code, r.err) == (125, "docker: invalid env file (/root/bad.env): variable 'B C' contains whitespaces\n\n"
                                    "Run 'docker create --help' for more information\n")


def test_exposed_ports_show_in_ps_and_inspect(host):
    host.sh("docker run -d --name web --expose 80 --expose 7000-7001/udp busybox sleep 600")
    assert host.sh("docker ps --format '{{.Ports}}'").out == "7000/udp, 7001/udp, 80/tcp\n"


def test_the_cid_file_gets_the_id_and_is_never_overwritten(host):
    cid = host.sh("docker run -d --cidfile /tmp/web.cid busybox sleep 600").out.strip()
    assert host.read("/tmp/web.cid") == cid.encode()
    r = host.sh("docker run -d --cidfile /tmp/web.cid busybox sleep 600")
    assert (r.code, r.err) == (125, "docker: container ID file found, make sure the other container isn't running or "
                                    "delete /tmp/web.cid\n\nRun 'docker run --help' for more information\n")
    r = host.sh("docker create --cidfile /tmp/web.cid busybox")
    assert (r.code, r.err) == (1, "container ID file found, make sure the other container isn't running or delete "
                                  "/tmp/web.cid\n")
    assert host.sh("docker ps -aq").out == cid[:12] + "\n"


def test_pull_policies_and_quiet(host):
    r = host.sh("docker run --rm --pull never alpine true")
    assert (r.code, r.err) == (125, "docker: Error response from daemon: No such image: alpine:latest\n\n"
                                    "Run 'docker run --help' for more information\n")
    r = host.sh("docker create --pull always busybox")
    assert r.err.startswith("latest: Pulling from library/busybox\n")
    assert r.err.endswith("Status: Image is up to date for busybox:latest\n")
    r = host.sh("docker run -q --rm alpine echo hi")
    assert (r.out, r.err) == ("hi\n", "")


@pytest.mark.parametrize("flags, out, err", [
    ("", "out\n", "err\n"),
    ("-a stdout", "out\n", ""),
    ("-a STDERR", "", "err\n"),
])
def test_only_the_attached_streams_are_shown(host, flags, out, err):
    r = host.sh(f"docker run --rm {flags} busybox sh -c 'echo out; echo err >&2'")
    assert (r.out, r.err) == (out, err)


def test_a_detached_container_has_nothing_attached(host):
    host.sh("docker run -d --name bg busybox sleep 600")
    got = host.sh("docker inspect -f '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}}' bg")
    assert got.out == "false false false\n"


@pytest.mark.parametrize("line, flag", [
    ("run -p 8080:80 busybox", "publish"),
    ("create --memory 512m busybox", "memory"),
    ("run --network host busybox", "network"),
    ("run --restart=always busybox", None),
    ("run --privileged busybox", "privileged"),
    ("run --init busybox", "init"),
])
def test_what_is_not_simulated_says_so_and_makes_nothing(host, line, flag):
    r = host.sh(f"docker {line} true")
    assert r.code == 1 and r.out == ""
    if flag:
        assert r.err.startswith(f"[storagekit] docker {line.split()[0]} --{flag} is not simulated: ")
    else:
        assert r.err.startswith("[storagekit] the restart policy 'always' is not simulated")
    assert host.sh("docker ps -aq").out == ""


@pytest.mark.parametrize("flags", ["--network bridge", "--cgroupns private --ipc private", "--log-driver json-file",
                                   "--platform linux/amd64", "--disable-content-trust", "--restart no"])
def test_values_that_ask_for_the_defaults_are_taken(host, flags):
    assert host.sh(f"docker run --rm {flags} busybox true").code == 0


# ------------------------------------------------------------------------------------------------ the flag audit

SIMULATED, RECORDED, DECLINED, REFUSED = "simulated", "recorded", "declined", "refused"
"""What each flag does here: changes what the container does or shows, as in Docker (``simulated``); is kept in
Config/HostConfig as Docker keeps it, with nothing else to see in Docker either (``recorded``); stops the command
with a ``[storagekit]`` note (``declined``); is refused by the client on a Linux daemon (``refused``)."""


def row(kind: str, args: str, command: str = "true", then: str | None = None, out: str = "", *,
        image: str = "busybox", stdin: str | None = None) -> tuple:
    """``docker run --name probe ARGS IMAGE COMMAND``; ``out`` is what ``then`` prints on the host afterwards, or
    without ``then`` what the run printed (stdout, then stderr)."""
    return kind, args, command, then, out, image, stdin


def inspect(template: str) -> str:
    return f"docker inspect -f '{template}' probe"


RUN_FLAGS = {
    "add-host": row(SIMULATED, "--add-host db=10.0.0.5", "grep db /etc/hosts", out="10.0.0.5\tdb\n"),
    "attach": row(SIMULATED, "-a stdout", "sh -c 'echo err >&2; echo out'", out="out\n"),
    "cap-add": row(SIMULATED, "--cap-drop ALL --cap-add CHOWN", "sh -c 'chown 5 /tmp && echo ok'", out="ok\n"),
    "cap-drop": row(SIMULATED, "--cap-drop CHOWN", "sh -c 'chown 5 /tmp || echo no'",
                    out="no\nchown: /tmp: Operation not permitted\n"),
    "cidfile": row(SIMULATED, "--cidfile /tmp/probe.cid", then="wc -c < /tmp/probe.cid", out="64\n"),
    "detach": row(SIMULATED, "-d", "sleep 60", inspect("{{.State.Running}}"), "true\n"),
    "domainname": row(SIMULATED, "-h web --domainname example.com", "tail -n 1 /etc/hosts",
                      out="172.17.0.2\tweb.example.com web\n"),
    "entrypoint": row(SIMULATED, "--entrypoint echo", "hi", out="hi\n"),
    "env": row(SIMULATED, "-e A=1", "sh -c 'echo $A'", out="1\n"),
    "env-file": row(SIMULATED, "--env-file /root/probe.env", "sh -c 'echo $A'", out="2\n"),
    "expose": row(SIMULATED, "--expose 80", then="docker ps -a -f name=probe --format '{{.Ports}}'", out="80/tcp\n"),
    "group-add": row(SIMULATED, "--group-add audio --group-add 4242", "id -G", out="0 10 29 4242\n"),
    "help": row(SIMULATED, "--help", then="docker run --help | grep ^Usage",
                out="Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n"),
    "hostname": row(SIMULATED, "--hostname web", "hostname", out="web\n"),
    "interactive": row(SIMULATED, "-i", "cat", stdin="typed\n", out="typed\n"),
    "label": row(SIMULATED, "--label tier=db", then="docker ps -a --filter label=tier=db --format '{{.Names}}'",
                 out="probe\n"),
    "label-file": row(SIMULATED, "--label-file /root/probe.labels", then=inspect("{{.Config.Labels.tier}}"),
                      out="cache\n"),
    "mount": row(SIMULATED, "--mount source=probevol,target=/data", "touch /data/f",
                 then="ls /var/lib/docker/volumes/probevol/_data", out="f\n"),
    "name": row(SIMULATED, "", then="docker ps -a -f name=probe --format '{{.Names}}'", out="probe\n"),
    "pull": row(SIMULATED, "--pull never", image="alpine",
                out="docker: Error response from daemon: No such image: alpine:latest\n\n"
                    "Run 'docker run --help' for more information\n"),
    "quiet": row(SIMULATED, "-q", "echo hi", image="alpine", out="hi\n"),
    "read-only": row(SIMULATED, "--read-only", "sh -c 'touch /x || echo no'",
                     out="no\ntouch: /x: Read-only file system\n"),
    "rm": row(SIMULATED, "--rm", then="docker ps -aq -f name=probe", out=""),
    "stop-signal": row(SIMULATED, "--stop-signal SIGINT", then=inspect("{{.Config.StopSignal}}"), out="SIGINT\n"),
    "stop-timeout": row(SIMULATED, "--stop-timeout 3", then=inspect("{{.Config.StopTimeout}}"), out="3\n"),
    "storage-opt": row(SIMULATED, "--storage-opt size=1G",
                       out="docker: Error response from daemon: --storage-opt is supported only for overlay over xfs "
                           "with 'pquota' mount option\n\nRun 'docker run --help' for more information\n"),
    "tmpfs": row(SIMULATED, "--tmpfs /scratch", "sh -c 'touch /scratch/f && ls /scratch'", out="f\n"),
    "tty": row(SIMULATED, "-t", "sh -c 'echo $TERM'", out="xterm\n"),
    "user": row(SIMULATED, "--user 1000", "id -u", out="1000\n"),
    "volume": row(SIMULATED, "-v /srv/probe:/data", "sh -c 'echo hi > /data/f'", "cat /srv/probe/f", "hi\n"),
    "volume-driver": row(SIMULATED, "--volume-driver local -v vd:/data",
                         then="docker volume inspect -f '{{.Driver}}' vd", out="local\n"),
    "volumes-from": row(SIMULATED, "--volumes-from src", "ls -d /shared", out="/shared\n"),
    "workdir": row(SIMULATED, "-w /app", "pwd", out="/app\n"),
    "annotation": row(RECORDED, "--annotation team=storage", then=inspect("{{json .HostConfig.Annotations}}"),
                      out='{"team":"storage"}\n'),
    "detach-keys": row(RECORDED, "--detach-keys ctrl-x"),  # no terminal is attached to detach from
    "isolation": row(RECORDED, "--isolation default", then=inspect("{{.HostConfig.Isolation}}"), out="default\n"),
    "kernel-memory": row(RECORDED, "--kernel-memory 50m", then=inspect("{{.HostConfig.KernelMemory}}"),
                         out="<no value>\n"),  # the client itself drops it since API 1.42
    "no-healthcheck": row(RECORDED, "--no-healthcheck", then=inspect("{{json .Config.Healthcheck}}"),
                          out='{"Test":["NONE"]}\n'),
    "runtime": row(RECORDED, "--runtime runc", then=inspect("{{.HostConfig.Runtime}}"), out="runc\n"),
    "shm-size": row(RECORDED, "--shm-size 128m", then=inspect("{{.HostConfig.ShmSize}}"), out="134217728\n"),
    "sig-proxy": row(RECORDED, "--sig-proxy=false"),  # no terminal sends signals to proxy
    **{name: row(DECLINED, args) for name, args in {
        "blkio-weight": "--blkio-weight 300", "blkio-weight-device": "--blkio-weight-device /dev/sda:200",
        "cgroup-parent": "--cgroup-parent mine", "cgroupns": "--cgroupns host", "cpu-period": "--cpu-period 100000",
        "cpu-quota": "--cpu-quota 50000", "cpu-rt-period": "--cpu-rt-period 1000",
        "cpu-rt-runtime": "--cpu-rt-runtime 9", "cpu-shares": "-c 512", "cpus": "--cpus 1.5",
        "cpuset-cpus": "--cpuset-cpus 0", "cpuset-mems": "--cpuset-mems 0",
        "device": "--device /dev/fuse", "device-cgroup-rule": "--device-cgroup-rule 'c 1:3 mr'",
        "device-read-bps": "--device-read-bps /dev/sda:1mb", "device-read-iops": "--device-read-iops /dev/sda:100",
        "device-write-bps": "--device-write-bps /dev/sda:1mb", "device-write-iops": "--device-write-iops /dev/sda:10",
        "disable-content-trust": "--disable-content-trust=false", "dns": "--dns 8.8.8.8",
        "dns-opt": "--dns-opt ndots:2",
        "dns-option": "--dns-option ndots:2", "dns-search": "--dns-search example.com", "gpus": "--gpus all",
        "health-cmd": "--health-cmd true", "health-interval": "--health-interval 5s",
        "health-retries": "--health-retries 3",
        "health-start-interval": "--health-start-interval 1s", "health-start-period": "--health-start-period 5s",
        "health-timeout": "--health-timeout 2s", "init": "--init", "ip": "--ip 172.17.0.9",
        "ip6": "--ip6 2001:db8::33",
        "ipc": "--ipc host", "link": "--link src:db", "link-local-ip": "--link-local-ip 169.254.1.1",
        "log-driver": "--log-driver none", "log-opt": "--log-opt max-size=10m", "mac-address": "--mac-address "
        "92:d0:c6:0a:29:33", "memory": "-m 512m", "memory-reservation": "--memory-reservation 256m",
        "memory-swap": "--memory-swap 1g", "memory-swappiness": "--memory-swappiness 10", "net": "--net host",
        "net-alias": "--net-alias web", "network": "--network host", "network-alias": "--network-alias web",
        "oom-kill-disable": "--oom-kill-disable", "oom-score-adj": "--oom-score-adj 100", "pid": "--pid host",
        "pids-limit": "--pids-limit 100", "platform": "--platform linux/arm64", "privileged": "--privileged",
        "publish": "-p 8080:80", "publish-all": "-P", "restart": "--restart always",
        "security-opt": "--security-opt no-new-privileges", "sysctl": "--sysctl net.ipv4.ip_forward=1",
        "ulimit": "--ulimit nofile=1024:2048", "use-api-socket": "--use-api-socket", "userns": "--userns host",
        "uts": "--uts host",
    }.items()},
    **{name: row(REFUSED, f"--{name} 1") for name in ("cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops")},
}
"""Every flag of ``docker run`` and ``docker create``, and what it does here (``create`` has run's but ``--detach``,
``--detach-keys`` and ``--sig-proxy``)."""


def test_every_run_and_create_flag_has_a_decision():
    """A flag added to the spec without a decision here fails: there is no silent success."""
    from storagekit.commands.docker.specs.container import CONTAINER_CREATE, CONTAINER_RUN

    assert {f.name for f in CONTAINER_RUN.flags} | {f.name for f in CONTAINER_CREATE.flags} == set(RUN_FLAGS)


def test_what_the_client_declines_is_what_the_audit_declines():
    """The simulator's table of declined flags and the audit agree (restart is declined by the engine, for a policy
    other than ``no``)."""
    from storagekit.commands.docker.runopts import NOT_SIMULATED

    assert set(NOT_SIMULATED) | {"restart"} == {name for name, r in RUN_FLAGS.items() if r[0] == DECLINED}


@pytest.fixture
def probe_host(host):
    host.sh("docker pull -q alpine && docker rmi -f alpine")  # in the catalogue, not on the host
    host.write("/root/probe.env", "A=2\n")
    host.write("/root/probe.labels", "tier=cache\n")
    host.sh("docker create --name src -v /shared busybox")
    return host


@pytest.mark.parametrize("flag", sorted(RUN_FLAGS), ids=sorted(RUN_FLAGS))
def test_each_run_flag_does_what_the_audit_says(probe_host, flag):
    kind, args, command, then, out, image, stdin = RUN_FLAGS[flag]
    host = probe_host
    before = host.sh("docker ps -aq").out
    r = host.sh(f"docker run --name probe {args} {image} {command}", stdin=stdin)
    if kind == DECLINED:
        assert (r.code, r.out) == (1, "")
        assert r.err.startswith("[storagekit] ") and (f" --{flag} is not simulated: " in r.err or flag == "restart")
        assert host.sh("docker ps -aq").out == before  # nothing was made
    elif kind == REFUSED:
        assert (r.code, r.err) == (1, f'"--{flag}" is only supported on a Docker daemon running on windows, but the '
                                        "Docker daemon is running on linux\n")
    else:
        assert (host.sh(then).out if then else r.out + r.err) == out


EXEC_FLAGS = {
    "detach": row(SIMULATED, "-d", "sh -c 'echo unseen; touch /made'", "docker exec box ls /made", "/made\n"),
    "detach-keys": row(RECORDED, "--detach-keys ctrl-x", "echo hi", out="hi\n"),  # nothing to detach from
    "env": row(SIMULATED, "-e A=1", "sh -c 'echo $A'", out="1\n"),
    "env-file": row(SIMULATED, "--env-file /root/probe.env", "sh -c 'echo $A'", out="2\n"),
    "interactive": row(SIMULATED, "-i", "cat", stdin="typed\n", out="typed\n"),
    "privileged": row(SIMULATED, "--privileged", "sh -c 'chown 5 /tmp && echo ok'", out="ok\n"),
    "tty": row(SIMULATED, "-t", "sh -c 'echo $TERM'", out="xterm\n"),
    "user": row(SIMULATED, "-u 1000", "id", out="uid=1000 gid=0(root) groups=0(root),29(audio)\n"),
    "workdir": row(SIMULATED, "-w /tmp", "pwd", out="/tmp\n"),
}
"""Every flag of ``docker exec``, in a container made with ``--cap-drop CHOWN --group-add audio``."""


def test_every_exec_flag_has_a_decision():
    from storagekit.commands.docker.specs.container import CONTAINER_EXEC

    assert {f.name for f in CONTAINER_EXEC.flags} == set(EXEC_FLAGS)


@pytest.mark.parametrize("flag", sorted(EXEC_FLAGS), ids=sorted(EXEC_FLAGS))
def test_each_exec_flag_does_what_the_audit_says(probe_host, flag):
    _, args, command, then, out, _, stdin = EXEC_FLAGS[flag]
    host = probe_host
    host.sh("docker run -d --name box --cap-drop CHOWN --group-add audio busybox sleep 600")
    r = host.sh(f"docker exec {args} box {command}", stdin=stdin)
    assert (host.sh(then).out if then else r.out + r.err) == out


def test_container_update_is_declined_as_a_whole(host):
    host.sh("docker run -d --name box busybox sleep 600")
    r = host.sh("docker update --memory 1g box")
    assert (r.code, r.err) == (1, "[storagekit] 'docker update' is not simulated yet.\n")
