"""Re-record the golden outputs of the real docker client: ``python tests/commands/docker/record_docker_golden.py``.

Run it on a machine with a docker 28 client and no reachable daemon (help texts
and parse errors never need one); cases that reach the daemon are skipped so
only client-side answers are kept. Each golden file holds argv, exit status,
stdout and stderr.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
sys.path.insert(0, str(HERE.parents[2]))

from tests.commands.golden import filename, render  # noqa: E402

ERROR_CASES = [
    [], ["--help"], ["-h"], ["help"], ["help", "image"], ["help", "image", "ls"], ["help", "foo"],
    ["help", "image", "ls", "extra"], ["help", "--bogus"], ["image"], ["image", "help"], ["image", "foo"],
    ["image", "foo", "bar"], ["image", "--bogus"], ["image", "-h", "ls"], ["image", "--bogus=1", "ls"],
    ["foo"], ["foo", "--bogus"], ["--bogus"], ["-x"], ["-H"], ["--context"], ["---x"], ["-v"], ["--version"],
    ["-v", "foo"], ["--version=maybe"], ["-D"], ["--debug", "--help"], ["buildx", "build", "--help"],
    ["images", "--bogus"], ["images", "-x"], ["images", "-aqx"], ["images", "-f"], ["images", "-qf"],
    ["images", "--filter"], ["images", "--filter", "foo"], ["images", "--filter=dangling"],
    ["images", "---x"], ["images", "--=x"], ["images", "--all=maybe"], ["images", "--all="], ["images", "a", "b"],
    ["images", "-D"], ["images", "--help=x"], ["images", "- "], ["images", "-h"], ["images", "-a=false", "--bogus"],
    ["image", "list", "a", "b"], ["image", "ls", "-h"], ["image", "inspect"], ["image", "rm"], ["rmi"],
    ["image", "prune", "extra"], ["image", "tag", "a"], ["tag", "a"], ["tag", "a", "b", "c"], ["history"],
    ["save"], ["load", "x"], ["import"], ["pull"], ["push"], ["inspect"], ["inspect", "--type"],
    ["ps", "extra"], ["ps", "-n", "x"], ["ps", "--last=0x"], ["container", "ls", "--bogus"], ["rm"], ["rm", "-f=maybe"],
    ["stop", "-t", "abc", "x"], ["stop", "-tabc", "x"], ["stop", "-t=abc", "x"], ["run"], ["run", "-it"],
    ["run", "-m", "1zz", "alpine"], ["run", "-m", "12.5.3g", "alpine"], ["run", "--cpus", "x", "alpine"],
    ["run", "--health-interval", "5", "alpine"], ["run", "--health-interval", "5x", "alpine"],
    ["run", "--blkio-weight", "70000", "alpine"], ["run", "--bogus", "alpine"], ["create"], ["exec"], ["exec", "c"],
    ["cp", "a"], ["rename", "a"], ["rename", "a", "b", "c"], ["commit"], ["diff"], ["export"], ["logs"],
    ["logs", "--tail"], ["start"], ["restart"], ["kill"], ["container", "prune", "x"], ["container", "foo"],
    ["volume"], ["volume", "create", "a", "b"], ["volume", "ls", "x"], ["volume", "inspect"], ["volume", "rm"],
    ["volume", "prune", "x"], ["volume", "ls", "--filter", "x"], ["system"], ["system", "df", "extra"],
    ["system", "prune", "x"], ["system", "info", "x"], ["info", "x"], ["version", "x"], ["system", "df", "-v=x"],
    ["builder"], ["builder", "prune", "x"], ["-l", "bogus", "images"], ["-l", "DEBUG", "images", "-x"],
    ["-H", "x", "-c", "default", "images"], ["--tls", "--bogus"], ["help", "image", "--bogus"], ["help", "--", "image"],
    ["image", "ls", "--bogus=1", "extra"], ["run", "--rm", "--net-alias=a", "--cpu-count=x", "alpine"],
    ["volume", "create", "--name"], ["start", "--checkpoint"], ["ps", "--format"], ["logs", "-n"],
    ["system", "prune", "--filter", "until"], ["image", "prune", "--filter=label"], ["foo", "--help"],
    ["--help", "image"], ["-h", "image", "ls"], ["image", "ls", "--help", "--bogus"], ["context", "use"],
    ["container", "-h", "ls"], ["image", "--help", "foo"], ["help", "help"], ["help", "builder", "prune"],
    ["run", "--rm", "-it", "--name", "web", "-v", "/x:/y", "-p", "80:80", "-e", "A=1", "-m", "1zz", "nginx"],
    ["volume", "create", "-d"], ["volume", "create", "--opt"], ["system", "df", "--format"], ["cp", "-a"],
    ["exec", "-it"], ["commit", "-c"], ["inspect", "-f"], ["history", "-H=maybe", "x"], ["save", "-o"],
    ["load", "--input"], ["tag", "--bogus", "a", "b"], ["pull", "--platform"], ["push", "-a=x", "img"],
    ["run", "--mount", "src=x", "alpine"],
    ["run", "--mount", "type=volume", "alpine"],
    ["run", "--mount", "type=bind,src=/a", "alpine"],
    ["run", "--mount", "type=volume,dst=/x,foo=bar", "alpine"],
    ["run", "--mount", "type=volume,target=/data,readonly=maybe", "alpine"],
    ["run", "--mount", "dst", "alpine"],
    ["run", "--mount", "type=tmpfs,dst=/t,tmpfs-size=abc", "alpine"],
    ["run", "--mount", "type=bind,src=/a,dst=/b,bind-recursive=x", "alpine"],
    ["run", "--mount", "type=bind,src=/a,dst=/b,bind-recursive=readonly", "alpine"],
    ["run", "--mount", "type=bind,src=/a,dst=/b,bind-recursive=writable", "alpine"],
    ["run", "--mount", "type=bind,src=/a,dst=/b,ro,bind-recursive=readonly", "alpine"],
    ["run", "--mount", "type=tmpfs,dst=/t,tmpfs-options=[]", "alpine"],
    ["run", "--mount", "type=bind,dst=/b,volume-nocopy", "alpine"],
    ["run", "--mount", "type=volume,dst=/b,bind-nonrecursive", "alpine"],
    ["run", "--mount", "type=tmpfs,dst=/b,tmpfs-mode=9", "alpine"],
    ["run", "--mount", "type=,dst=/x", "alpine"],
    ['run', '--mount', 'type=volume,"dst=/x', 'alpine'],
    ['run', '--mount', 'type=volume,dst=/x"y', 'alpine'],
    ['run', '--mount', '"a"b,dst=/x', 'alpine'],
    ["run", "--mount", "type=volume,dst=/b,volume-nocopy=maybe", "alpine"],
    ["run", "--mount", "type=image,src=a,dst=/b,volume-subpath=x", "alpine"],
    ["run", "--mount", "type=bind,src=/a,dst=/b,image-subpath=/x", "alpine"],
    ["run", "--mount", "", "alpine"],
    ["run", "--add-host", "foo", "alpine"],
    ["run", "--add-host", "a:b:c", "alpine"],
    ["run", "--add-host", "h=[::1", "alpine"],
    ["run", "--add-host", "h=300.1.1.1", "alpine"],
    ["run", "-e", "=x", "alpine"],
    ["run", "--label", "=x", "alpine"],
    ["run", "--label", "a b=c", "alpine"],
    ["run", "--dns", "x", "alpine"],
    ["run", "--ulimit", "foo", "alpine"],
    ["run", "--ulimit", "bogus=1", "alpine"],
    ["run", "--ulimit", "nofile=1:2:3", "alpine"],
    ["run", "--ulimit", "nofile=x", "alpine"],
    ["run", "--ulimit", "nofile=10:5", "alpine"],
    ["run", "--ulimit", "nofile=0x10", "alpine"],
    ["build", "--add-host", "x", "."],
    ["build", "--label", " =x", "."],
    ['build', '--cache-from', '"a', '.'],
    ['build', '--cache-from', 'a"b', '.'],
    ["volume", "create", "--label", "=x"],
    ["exec", "-e", "=x", "c", "ls"],
    ["run", "--expose", "1:2", "alpine"], ["run", "--expose", "70000", "alpine"],
    ["run", "--expose", "5-1/udp", "alpine"], ["run", "--expose", "x-5", "alpine"],
    ["run", "--expose", "/udp", "alpine"],
    ["run", "--restart", "always", "--rm", "alpine"], ["run", "--restart", ":3", "alpine"],
    ["run", "--restart", "always:x", "alpine"], ["run", "--pid", "foo", "alpine"], ["run", "--uts", "foo", "alpine"],
    ["run", "--userns", "foo", "alpine"], ["create", "--cgroupns", "foo", "alpine"],
    ["run", "--storage-opt", "foo", "alpine"], ["run", "--security-opt", "foo", "alpine"],
    ["run", "--no-healthcheck", "--health-retries", "2", "alpine"], ["run", "--health-retries", "-1", "alpine"],
    ["run", "--log-driver", "none", "--log-opt", "a=b", "alpine"], ["run", "--memory-swappiness", "101", "alpine"],
    ["run", "--pull", "sometimes", "alpine"], ["create", "--pull", "sometimes", "alpine"],
    ["run", "--env-file", "/nonexistent", "alpine"], ["create", "--label-file", "nope", "alpine"],
    ["run", "-a", "stdout", "-d", "alpine"], ["run", "-a", "foo", "alpine"], ["run", "--cidfile", "/", "alpine"],
]


def cases() -> list[list[str]]:
    from storagekit.commands.docker.cli import TREE

    out = []

    def walk(cmd):
        out.append([*cmd.path, "--help"])
        for c in cmd.children:
            if not c.hidden and not c.plugin:
                walk(c)

    walk(TREE)
    return out + ERROR_CASES


def main() -> None:
    docker = shutil.which("docker")
    if docker is None:
        sys.exit("no docker client on PATH")
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.txt"):
        old.unlink()
    for argv in cases():
        p = subprocess.run([docker, *argv], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=20,
                           env={"PATH": "/usr/bin:/bin", "HOME": "/root"})
        if "Cannot connect to the Docker daemon" in p.stderr or "WARNING!" in p.stdout:
            print("skipped (needs a daemon):", argv)
            continue
        (GOLDEN / filename(argv)).write_text(render(argv, p.returncode, p.stdout, p.stderr))


if __name__ == "__main__":
    main()
