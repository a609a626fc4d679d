"""Dispatch: how command lines reach handlers, and what docker says when they do not."""

from __future__ import annotations

import pytest

from storagekit import DockerHost
from storagekit.commands.docker import cli
from storagekit.commands.docker.help import usage_text
from storagekit.docker.errors import (
    BindSourceNotFound,
    ContainerNotRunning,
    ContainerRunning,
    ExecStartError,
    InvalidReference,
    NoSuchContainer,
    NoSuchImage,
    NotFound,
    VolumeInUse,
)
from tests.commands.docker.dockercli_helpers import docker
from tests.docker.test_errors import ERRORS


@pytest.fixture
def clean_handlers(monkeypatch):
    """Give a test its own handler registry so registrations do not leak."""
    monkeypatch.setattr(cli, "_handlers", {})


def record(calls):
    def fn(call):
        calls.append(call)
        call.out("ok\n")
        return 0
    return fn


def test_shortcuts_and_aliases_share_one_handler(clean_handlers):
    calls = []
    cli.register(("images",), record(calls))
    for argv in (["images", "-q"], ["image", "ls", "-q"], ["image", "list", "-q"]):
        assert docker(*argv).rc == 0
    assert [c.command.command_path for c in calls] == ["docker images", "docker image ls", "docker image ls"]
    assert all(c.opts["quiet"] and c.changed("quiet") and not c.changed("all") for c in calls)
    assert cli.registered(("image", "list")) is cli.registered(("images",))


def test_call_carries_opts_args_and_globals(clean_handlers):
    calls = []
    cli.handler("container", "rm")(record(calls))
    res = docker("-D", "--host", "unix:///x.sock", "rm", "-fv", "web", "--", "-db")
    assert (res.rc, res.out) == (0, "ok\n")
    call = calls[0]
    assert call.args == ["web", "-db"] and call.dash_at == 1
    assert call.opts["force"] and call.opts["volumes"] and not call.opts["link"]
    assert call.global_opts["debug"] and call.global_opts["host"] == ["unix:///x.sock"]
    assert call.env["HOME"] == "/root" and call.argv[:2] == ["docker", "-D"]


def test_run_stops_parsing_flags_at_the_image(clean_handlers):
    calls = []
    cli.register(("run",), record(calls))
    docker("run", "--rm", "-e", "A=1", "-v", "data:/data", "alpine", "ls", "-la", "--bogus")
    call = calls[0]
    assert call.args == ["alpine", "ls", "-la", "--bogus"]
    assert call.opts["rm"] and call.opts["env"] == ["A=1"] and call.opts["volume"] == ["data:/data"]


def test_build_repeatable_flags(clean_handlers):
    calls = []
    cli.register(("buildx", "build"), record(calls))
    docker("build", "-t", "app:1", "--tag=app:latest", "--build-arg", "A=1,B=2", "--no-cache", ".", buildx=True)
    call = calls[0]
    assert call.command.path == ("buildx", "build") and call.args == ["."]
    assert call.opts["tag"] == ["app:1", "app:latest"] and call.opts["build-arg"] == ["A=1,B=2"]
    assert call.opts["builder"] == "default" and call.opts["no-cache"]


def test_unregistered_command_says_so_as_the_simulator(clean_handlers):
    res = docker("volume", "ls")
    assert res.rc == 1 and res.out == ""
    assert res.err == "[storagekit] 'docker volume ls' is not simulated yet.\n"
    assert res.notes == ["[storagekit] 'docker volume ls' is not simulated yet."]


@pytest.mark.parametrize("argv, rc, err", [
    (["foo"], 1, "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n"),
    (["volume", "rm"], 1,
     "docker: 'docker volume rm' requires at least 1 argument\n\nUsage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]"
     "\n\nSee 'docker volume rm --help' for more information\n"),
    (["images", "a", "b"], 1,
     "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]"
     "\n\nSRun 'docker images --help' for more information\n"),
    (["image", "ls", "--foo"], 125,
     "unknown flag: --foo\n\nUsage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n\n"
     "Run 'docker image ls --help' for more information\n"),
    (["system", "df", "-x"], 125,
     "unknown shorthand flag: 'x' in -x\n\nUsage:  docker system df [OPTIONS]\n\n"
     "Run 'docker system df --help' for more information\n"),
])
def test_errors(argv, rc, err):
    res = docker(*argv)
    assert (res.rc, res.out, res.err) == (rc, "", err)


def test_version_and_help_streams():
    assert docker("-v").out == "Docker version 28.2.2, build e6534b4\n"
    bare, asked = docker(), docker("--help")
    assert bare.rc == asked.rc == 0
    assert bare.err == asked.out and bare.out == asked.err == ""
    group = docker("volume")
    assert group.rc == 0 and group.err.startswith("Usage:  docker volume COMMAND\n")


def test_connected_daemon_hides_what_it_does_not_support():
    offline, online = docker("--help").out, docker("--help", connected=True).out
    assert "  service     Manage Swarm services\n" in offline
    assert "service" not in online and "Swarm Commands:\n  swarm       Manage Swarm\n" in online
    run_help = docker("run", "--help", connected=True).out
    assert "--cpu-count" not in run_help and "--cpu-count" in docker("run", "--help").out
    res = docker("run", "--cpu-count", "2", "alpine", connected=True)
    assert res.rc == 1
    assert res.err == ('"--cpu-count" is only supported on a Docker daemon running on windows,'
                       " but the Docker daemon is running on linux\n")


def test_buildx_lists_as_a_plugin_and_takes_over_builder():
    top = docker("--help", buildx=True).out
    assert "  builder     Manage builds\n  buildx*     Docker Buildx\n" in top
    group = docker("builder", buildx=True)
    assert group.rc == 0 and group.out.startswith("Usage:  docker buildx [OPTIONS] COMMAND\n\n"
                                                  "Extended build capabilities with BuildKit\n")
    prune = docker("builder", "prune", "--help", buildx=True).out
    assert prune.startswith("Usage:  docker buildx prune\n\nRemove build cache\n")
    assert '(default "default")' in prune
    assert '(default "default")' not in docker("buildx", "prune", "--help", buildx=True).out


def test_build_errors_under_buildx():
    res = docker("build", buildx=True)
    assert res.rc == 1
    assert res.err == ("docker: 'docker buildx build' requires 1 argument\n\n"
                       "Usage:  docker buildx build [OPTIONS] PATH | URL | -\n\n"
                       "Run 'docker buildx build --help' for more information\n")
    res = docker("image", "build", "--no-cache=maybe", ".", buildx=True)
    assert res.rc == 125 and res.err.startswith('invalid argument "maybe" for "--no-cache" flag')


def test_buildkit_switches(clean_handlers):
    calls = []
    cli.register(("image", "build"), record(calls))
    res = docker("build", ".", buildx=True, env={"DOCKER_BUILDKIT": "0"})
    assert res.rc == 0 and calls[0].command.path == ("build",)
    assert res.err.startswith("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
                              "            BuildKit is currently disabled;")
    res = docker("build", ".", env={"DOCKER_BUILDKIT": "1"})
    assert res.rc == 1 and res.err.startswith("ERROR: BuildKit is enabled but the buildx component is missing")
    res = docker("build", ".", env={"DOCKER_BUILDKIT": "maybe"})
    assert res.err == ('DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing "maybe":'
                       " invalid syntax\n")


def test_builder_name_given_first_keeps_buildx_default(clean_handlers):
    calls = []
    cli.register(("buildx", "build"), record(calls))
    docker("build", "--builder", "mine", ".", buildx=True)
    docker("build", "-q", "--builder", "mine", ".", buildx=True)
    docker("build", ".", buildx=True, env={"BUILDX_BUILDER": "env"})
    assert [c.opts["builder"] for c in calls] == ["mine", "mine", "env"]


def test_partial_buildx_commands_decline():
    res = docker("buildx", "bake", "--file", "x.hcl", buildx=True)
    assert res.rc == 1 and res.err == "[storagekit] 'docker buildx bake' is not simulated yet.\n"


def test_every_command_renders_help():
    stack = [cli.TREE]
    while stack:
        cmd = stack.pop()
        stack.extend(cmd.children)
        for connected in (False, True):
            text = usage_text(cmd, connected)
            assert text.startswith("Usage:  docker") and text.endswith("\n")


def test_mounts_env_and_hosts_reach_handlers_parsed(clean_handlers):
    calls = []
    cli.register(("container", "create"), record(calls))
    res = docker("create", "--mount", "type=bind,src=/srv,dst=/data,ro", "--mount", "dst=/cache,volume-nocopy",
                 "-e", "FOO", "-e", "BAR", "--add-host", "db=10.0.0.2", "--ulimit", "nofile=1024:2048", "alpine",
                 env={"FOO": "from-client"})
    assert res.rc == 0
    opts = calls[0].opts
    assert opts["mount"] == [
        {"Type": "bind", "Source": "/srv", "Target": "/data", "ReadOnly": True},
        {"Type": "volume", "Target": "/cache", "VolumeOptions": {"NoCopy": True}},  # no empty omitempty fields
    ]
    assert opts["env"] == ["FOO=from-client", "BAR"]
    assert opts["add-host"] == ["db:10.0.0.2"]
    assert opts["ulimit"] == [{"Name": "nofile", "Soft": 1024, "Hard": 2048}]


# ------------------------------------------------------------------ errors, rendered once


def refusing(*errors):
    """A handler that acts on each name and meets the given refusals in turn (None: it succeeds)."""
    def fn(call):
        queue = list(errors)

        def act(name):
            error = queue.pop(0)
            if error is not None:
                raise error
        cli.for_each(call, act)
        return 0
    return fn


@pytest.mark.parametrize("raised, err, rc", [
    (NoSuchContainer("web"), "Error response from daemon: No such container: web\n", 1),
    (VolumeInUse("data", ["c" * 64]), f"Error response from daemon: remove data: volume is in use - [{'c' * 64}]\n", 1),
    (cli.StatusError("conflicting options: cannot specify both --all and --filter all=1"),
     "conflicting options: cannot specify both --all and --filter all=1\n", 1),
    (cli.StatusError("", 3), "", 3),
])
def test_the_dispatcher_prints_a_refusal_once_in_the_clients_words(clean_handlers, raised, err, rc):
    def fn(call):
        raise raised
    cli.register(("volume", "rm"), fn)
    res = docker("volume", "rm", "x")
    assert (res.rc, res.err) == (rc, err)


@pytest.mark.parametrize("raised", [row[0] for row in ERRORS], ids=[type(row[0]).__name__ for row in ERRORS])
def test_every_daemon_error_reaches_the_learner_in_the_api_clients_words(clean_handlers, raised):
    def fn(call):
        raise raised
    cli.register(("container", "ls"), fn)
    res = docker("ps")
    assert (res.rc, res.out, res.err) == (1, "", f"Error response from daemon: {raised.message}\n")


def test_for_each_reports_every_refusal_after_the_others_are_done(clean_handlers):
    cli.register(("container", "stop"), refusing(None, NoSuchContainer("b"), None, ContainerNotRunning("d" * 64)))
    res = docker("stop", "a", "b", "c", "d")
    assert (res.rc, res.out) == (1, "a\nc\n")
    assert res.err == f"Error response from daemon: No such container: b\nError response from daemon: container " \
                      f"{'d' * 64} is not running\n"


def test_for_each_can_forgive_a_kind_of_refusal_and_tolerate_another(clean_handlers):
    def rm(call):
        def act(name):
            if name.startswith("gone"):
                raise NoSuchContainer(name)
            if name == "up":
                raise ContainerRunning(name)
        cli.for_each(call, act, forgive=NotFound)
        return 0
    cli.register(("container", "rm"), rm)
    res = docker("rm", "gone1", "a", "up", "gone2")
    assert (res.rc, res.out) == (1, "a\n")
    assert res.err.splitlines() == ["Error response from daemon: No such container: gone1",
                                    "Error response from daemon: No such container: gone2",
                                    'Error response from daemon: cannot remove container "/up": container is '
                                    "running: stop the container before removing or force remove"]

    def rmi(call):
        def act(name):
            raise NoSuchImage(f"{name}:latest")
        cli.for_each(call, act, echo=False, tolerate=NotFound)
        return 0
    cli.register(("image", "rm"), rmi)
    res = docker("rmi", "a", "b")
    assert (res.rc, res.out, res.err) == (0, "", "Error response from daemon: No such image: a:latest\n"
                                                 "Error response from daemon: No such image: b:latest\n")


@pytest.mark.parametrize("raised, err, rc", [
    (InvalidReference("repository name (library/UP) must be lowercase"),
     "docker: invalid reference format: repository name (library/UP) must be lowercase", 125),
    (BindSourceNotFound("/nope"), 'docker: Error response from daemon: invalid mount config for type "bind": bind '
                                  "source path does not exist: /nope", 125),
    (ExecStartError('exec: "nosuch": executable file not found in $PATH: unknown'),
     'docker: Error response from daemon: exec: "nosuch": executable file not found in $PATH: unknown', 127),
    (ExecStartError('exec: "/etc": permission denied: unknown'),
     'docker: Error response from daemon: exec: "/etc": permission denied: unknown', 126),
])
def test_run_words_every_error_as_to_status_error_does(clean_handlers, raised, err, rc):
    @cli.to_status_error
    def run(call):
        raise raised
    cli.register(("container", "run"), run)
    for argv in (["run", "alpine"], ["container", "run", "alpine"]):  # docker/cli names 'docker run' either way
        res = docker(*argv)
        assert (res.rc, res.err) == (rc, err + "\n\nRun 'docker run --help' for more information\n")


@pytest.mark.parametrize("answer, pruned", [
    ("y\n", True), ("Y\n", True), ("  y \n", True), ("y\nmore\n", True),
    ("yes\n", False), ("YES\n", False), ("n\n", False), ("", False), ("\ny\n", False),
])
def test_a_prune_goes_ahead_only_on_y(answer, pruned):
    """docker/cli's prompt.Confirm takes the first line, blanks around it dropped, and only ``y`` or ``Y`` says yes
    (the real docker 28.2.2 client, asked by ``docker container prune`` with each answer on stdin)."""
    host = DockerHost()
    host.sh("docker pull -q busybox")
    host.sh("docker create --name old busybox")
    r = host.sh("docker container prune", stdin=answer.encode())
    assert r.out.startswith("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? "
                            "[y/N] ")
    assert ("old" not in host.sh("docker ps -a --format '{{.Names}}'").out) is pruned
