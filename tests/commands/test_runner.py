"""The runner the engines are given: a command run by the image's shell, and a main process that waits as data."""

from __future__ import annotations

import pytest

from storagekit.commands.runner import ShellProcess, run_in_rootfs
from storagekit.fs import Dir, FileSystem
from storagekit.runc.process import StartError
from storagekit.sim.clock import Clock


def image() -> FileSystem:
    fs = FileSystem(Dir())
    fs.mkdir("/bin")
    for program in ("sh", "sleep", "date"):
        fs.write(f"/bin/{program}", b"")
        fs.chmod(f"/bin/{program}", 0o755)
    fs.mkdir("/data")
    return fs


def test_a_command_runs_to_its_end_even_through_a_sleep():
    fs = image()
    code, out, _ = run_in_rootfs(fs, ["/bin/sh", "-c", "echo up > /data/state; echo started; sleep 3600; echo end"],
                                 cwd="/", env={"PATH": "/bin"}, user="", clock=Clock())
    assert (code, out, fs.read("/data/state")) == (0, "started\nend\n", b"up\n")


def test_a_main_process_stops_in_its_wait_and_reads_its_own_clock_when_it_goes_on():
    clock = Clock()
    process = run_in_rootfs(image(), ["sh", "-c", "date +%T; sleep 90; date +%T; sleep 5"], cwd="/",
                            env={"PATH": "/bin"}, user="", clock=clock, main=True)
    assert isinstance(process, ShellProcess)
    assert (process.code, process.wake_at, process.take_output()) == (None, clock.now + 90, ("09:00:00\n", ""))
    clock.advance(1000)
    process.resume()  # late: it still says when its wait ended
    assert (process.code, process.take_output(), process.wake_at) == (None, ("09:01:30\n", ""), clock.now - 1000 + 95)
    process.kill()
    assert (process.code, process.shell, process.wake_at) == (137, None, None)


def test_a_program_path_that_is_not_there_is_runcs_refusal():
    with pytest.raises(StartError) as info:
        run_in_rootfs(image(), ["/bin/bash", "-c", "true"], cwd="/", env={}, user="", clock=Clock())
    assert info.value.message == ("runc run failed: unable to start container process: error during container init: "
                                  'exec: "/bin/bash": stat /bin/bash: no such file or directory')


def test_the_user_is_the_images_and_the_process_runs_as_that_user():
    """runc's lookup in the image: a name the image does not know cannot run; a number always can."""
    fs = image()
    fs.mkdir("/etc")
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
    fs.chmod("/data", 0o700)
    code, _, err = run_in_rootfs(fs, ["sh", "-c", "echo x > /data/f"], cwd="/", env={"PATH": "/bin"}, user="app",
                                 clock=Clock(), merge_stderr=False)
    assert (code, err) == (2, "sh: 1: cannot create /data/f: Permission denied\n")  # $0 as started
    assert run_in_rootfs(fs, ["sh", "-c", "echo x > /data/f"], cwd="/", env={"PATH": "/bin"}, user="",
                         clock=Clock())[0] == 0
    with pytest.raises(StartError, match="unable to find user nobody: no matching entries in passwd file"):
        run_in_rootfs(fs, ["sh", "-c", "true"], cwd="/", env={"PATH": "/bin"}, user="nobody", clock=Clock())
