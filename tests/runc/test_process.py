"""The container runtime both engines use: how a main process starts, what it is told, and how signals end it."""

from __future__ import annotations

import copy

import pytest

import storagekit as sk
from storagekit.commands.runner import run_in_rootfs
from storagekit.fs import Dir, FileSystem
from storagekit.runc import messages
from storagekit.runc import process as runc
from storagekit.sim.clock import Clock


def image() -> FileSystem:
    fs = FileSystem(Dir())
    for program in ("sh", "sleep", "date", "echo", "cat"):
        fs.mkdir("/bin", exist_ok=True)
        fs.write(f"/bin/{program}", b"")
        fs.chmod(f"/bin/{program}", 0o755)
    fs.mkdir("/data")
    return fs


def start(argv, fs=None, clock=None, **kw) -> runc.Started:
    clock = clock or Clock()
    return runc.start(fs or image(), argv, cwd="/", env={"PATH": "/bin"}, user="", now=clock.isoformat(),
                      instance="c1", runner=lambda *a, **o: run_in_rootfs(*a, clock=clock, **o), **kw)


def test_the_environment_is_the_runtimes_then_the_images_then_the_containers():
    env = runc.environment("web", ["PATH=/opt/bin", "A=image"], {"A": "mine", "B": "2"})
    assert env == {"PATH": "/opt/bin", "HOSTNAME": "web", "HOME": "/root", "A": "mine", "B": "2"}


@pytest.mark.parametrize("program, found", [("sleep", True), ("/bin/sleep", True), ("nosuch", False),
                                            ("/usr/bin/sleep", False)])
def test_runc_finds_a_program_by_path_or_on_path(program, found):
    assert runc.findable(image(), program, {"PATH": "/usr/bin:/bin"}) is found


@pytest.mark.parametrize("daemon, words", [(messages.DOCKERD, "failed to create task for container: "),
                                           (messages.CONTAINERD, "failed to create containerd task: ")])
def test_a_program_that_is_not_there_cannot_start_in_either_daemons_words(daemon, words):
    with pytest.raises(runc.StartError) as info:
        start(["nosuch", "x"], daemon=daemon)
    assert info.value.message == (f"{words}failed to create shim task: OCI runtime create failed: runc create "
                                  "failed: unable to start container process: error during container init: "
                                  'exec: "nosuch": executable file not found in $PATH: unknown')


def test_exec_of_a_missing_program_is_refused_in_runcs_words():
    with pytest.raises(runc.StartError) as info:
        runc.check_exec(image(), ["nosuch"], {"PATH": "/bin"})
    assert info.value.message == ('OCI runtime exec failed: exec failed: unable to start container process: '
                                  'exec: "nosuch": executable file not found in $PATH: unknown')


def test_a_known_server_runs_after_its_setup():
    fs = image()
    started = start(["sh", "-c", "echo ready > /data/f && exec sleep 3600"], fs)
    assert (started.code, started.server, started.handles, started.process) == (None, "sleep", (), None)
    assert fs.read("/data/f") == b"ready\n"


def test_a_setup_that_fails_before_and_and_ends_the_container():
    started = start(["sh", "-c", "cat /nosuch && sleep 3600"])
    assert started.code == 1 and started.logs == [("stderr", "cat: /nosuch: No such file or directory")]


def test_a_script_that_waits_is_a_process_the_engine_resumes():
    clock = Clock()
    started = start(["sh", "-c", "i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 10; done; exit 4"],
                    clock=clock)
    process = started.process
    assert (started.code, started.server, started.logs) == (None, "shell", [("stdout", "0")])
    assert process.wake_at == clock.now + 10
    clock.advance(15)
    assert runc.catch_up(process, clock.now) == [(clock.now - 5, "1\n", "")]  # the pass when its sleep ended
    twin = copy.deepcopy(process)  # data: a copy goes on by itself
    clock.advance(100)
    assert runc.catch_up(process, clock.now) == [(clock.now - 95, "2\n", ""), (clock.now - 85, "", "")]
    assert process.code == 4 and process.wake_at is None and twin.code is None


def test_catching_up_stops_after_its_limit_for_one_look():
    clock = Clock()
    process = start(["sh", "-c", "while true; do sleep 1; done"], clock=clock).process
    clock.advance(5000)
    assert len(runc.catch_up(process, clock.now, limit=100)) == 100
    assert len(runc.catch_up(process, clock.now)) == 1000


@pytest.mark.parametrize("handles, signal, code", [
    ((), "KILL", 137), ((), "SIGKILL", 137), ((), "9", 137), ((), "TERM", None), ((), "INT", None),
    (("TERM", "INT", "QUIT"), "TERM", 0), (("TERM", "INT", "QUIT"), "SIGQUIT", 0), (("INT",), "TERM", None),
    (("INT",), "INT", 0), (("TERM",), "HUP", None),
])
def test_pid_1_ignores_the_signals_it_has_no_handler_for(handles, signal, code):
    assert runc.signal_outcome(handles, signal) == code


@pytest.mark.parametrize("handles, signal, code", [
    ((), "KILL", None), ((), "SIGKILL", None), ((), "9", None), ((), "STOP", None), ((), "TERM", None),
    (("TERM", "INT", "QUIT"), "TERM", 0), (("TERM", "INT", "QUIT"), "KILL", None), (("INT",), "INT", 0),
])
def test_from_inside_its_namespace_pid_1_gets_only_the_signals_it_handles_not_even_sigkill(handles, signal, code):
    assert runc.signal_from_inside(handles, signal) == code


@pytest.mark.parametrize("server, stop_signal, outcome", [
    ("nginx", "SIGQUIT", (0, 1)), ("nginx", None, (0, 1)), ("mysqld", None, (0, 1)), ("sleep", None, (137, 10)),
    ("shell", "SIGINT", (137, 10)), ("flask", "SIGINT", (0, 1)), ("flask", None, (137, 10)),
])
def test_a_stop_takes_the_grace_period_when_the_stop_signal_is_ignored(server, stop_signal, outcome):
    assert runc.stop_outcome(runc.handled_signals(server), stop_signal, 10) == outcome


def test_docker_logs_stamps_each_pass_when_it_printed():
    host = sk.DockerHost()
    host.sh("docker run -d --name ticker busybox sh -c 'while true; do echo tick; sleep 1; done'")
    host.clock.advance(2)
    stamps = [line.split()[0] for line in host.sh("docker logs -t ticker").out.splitlines()]
    assert stamps == ["2026-01-05T09:00:01.000000000Z", "2026-01-05T09:00:02.000000000Z",
                      "2026-01-05T09:00:03.000000000Z", "2026-01-05T09:00:04.000000000Z"]


def test_docker_kill_with_a_signal_pid_1_ignores_leaves_the_container_running():
    host = sk.DockerHost()
    host.sh("docker run -d --name sleeper busybox sleep 3600")
    assert host.sh("docker kill -s TERM sleeper").code == 0
    assert host.sh("docker inspect -f '{{.State.Status}}' sleeper").out == "running\n"
    host.sh("docker kill sleeper")
    assert host.sh("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' sleeper").out == "exited 137\n"


def test_a_user_the_image_does_not_know_cannot_start():
    """The daemon looks the user up in the container's own /etc/passwd before anything starts."""
    fs = FileSystem(Dir())
    fs.mkdir("/etc")
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
    runc.check_user(fs, "")
    runc.check_user(fs, "1000:1000")
    with pytest.raises(runc.StartError, match=r"^unable to find user app: no matching entries in passwd file$"):
        runc.check_exec(fs, ["sh"], {"PATH": "/bin"}, "app")


@pytest.mark.parametrize("user, groups, uid, gid, supplementary, caps", [
    ("", None, 0, 0, (0, 10), True),                 # runc's lookup: the groups /etc/group lists the user in
    ("app", None, 1000, 1000, (1000,), False),
    ("app", (50, 1000, 2000), 1000, 1000, (50, 1000, 2000), False),  # the runtime resolved them: taken as given
    ("1000:3000", (2000, 3000), 1000, 3000, (2000, 3000), False),
    ("", (0, 4000, 2000), 0, 0, (0, 2000, 4000), True),  # the kernel keeps them sorted
])
def test_the_credentials_a_process_runs_with(user, groups, uid, gid, supplementary, caps):
    fs = FileSystem(Dir())
    fs.mkdir("/etc")
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
    fs.write("/etc/group", b"root:x:0:\nwheel:x:10:root\napp:x:1000:\n")
    cred, _ = runc.credentials(fs, user, groups)
    assert (cred.uid, cred.gid, cred.groups, bool(cred.caps)) == (uid, gid, supplementary, caps)


def test_the_main_process_gets_the_groups_it_is_started_with():
    fs = image()
    fs.write("/bin/id", b"")
    fs.chmod("/bin/id", 0o755)
    started = start(["id", "-G"], fs=fs, groups=(0, 2000, 3000))
    assert (started.code, started.logs) == (0, [("stdout", "0 2000 3000")])


def test_groups_added_by_name_are_looked_up_after_the_user():
    """moby's getUser: the user's groups, then ``--group-add`` from the same /etc/group; an unknown user is
    reported before an unknown group."""
    fs = FileSystem(Dir())
    fs.mkdir("/etc")
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
    fs.write("/etc/group", b"root:x:0:\nwheel:x:10:root\napp:x:1000:\naudio:x:29:\n")
    cred, _ = runc.credentials(fs, "app", group_add=("audio", "4000"))
    assert (cred.uid, cred.gid, cred.groups) == (1000, 1000, (29, 1000, 4000))
    with pytest.raises(runc.StartError, match=r"^unable to find user nobody: "):
        runc.credentials(fs, "nobody", group_add=("nosuch",))
    with pytest.raises(runc.StartError, match=r"^Unable to find group nosuch: no matching entries in group file$"):
        runc.credentials(fs, "app", group_add=("nosuch",))


def test_the_main_process_gets_the_added_groups_and_the_capabilities_it_is_given():
    fs = image()
    fs.write("/bin/id", b"")
    fs.chmod("/bin/id", 0o755)
    fs.mkdir("/etc")
    fs.write("/etc/group", b"root:x:0:\naudio:x:29:\n")
    started = start(["id", "-G"], fs=fs, group_add=("audio",), caps=frozenset({"CAP_CHOWN"}))
    assert (started.code, started.logs) == (0, [("stdout", "0 29")])
    assert (started.cred.groups, started.cred.caps) == ((0, 29), frozenset({"CAP_CHOWN"}))


@pytest.mark.parametrize("text, name", [
    ("SIGTERM", "TERM"), ("term", "TERM"), ("15", "TERM"), ("+9", "KILL"), ("SIGRTMIN+3", "RTMIN+3"),
    ("64", "RTMAX"), ("99", "99"), ("0", None), ("FOO", None), ("1_5", None), ("", None),
])
def test_signals_are_read_as_moby_reads_them(text, name):
    assert runc.parse_signal(text) == name


def test_a_numbered_signal_is_the_named_one():
    assert runc.signal_outcome(("TERM",), "15") == 0
    assert runc.signal_outcome((), "9") == 137
