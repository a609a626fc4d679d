"""The kit as a user gets it: a wheel built from the repository, installed into a fresh virtual environment.

A development checkout imports the package from the source tree, so a file
missing from the wheel (the image catalogue's data, say) goes unnoticed there;
these tests build the wheel from a copy of the repository's files and use it
from outside the tree.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def repository_files() -> list[str]:
    """What git tracks, plus new files it does not ignore: what a clean clone with this change would hold."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of the repository")
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from a copy of the repository (no egg-info or build/ left by an editable install)."""
    src, dist = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in repository_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = dist.glob("storagekit-*.whl")
    return path


def test_the_wheel_holds_every_file_of_the_package(wheel):
    package = {name for name in repository_files() if name.startswith("storagekit/")}
    held = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(package - held) == []


@pytest.mark.slow
def test_an_installed_wheel_builds_runs_and_binds(wheel, tmp_path):
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                                str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # The dependencies come from this environment, listed as plain paths: their .pth files (among them the
    # editable install's, which would import the source tree) are not run.
    (purelib,) = env.glob("lib/python*/site-packages")
    (purelib / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    script = textwrap.dedent("""
        import storagekit as sk

        assert "/venv/lib/" in sk.__file__, sk.__file__
        host = sk.DockerHost()
        host.write("/src/app/Dockerfile", "FROM ubuntu:22.04\\nRUN apt-get update && apt-get install -y curl\\n"
                                          "COPY hello.txt /srv/\\n")
        host.write("/src/app/hello.txt", "hello\\n")
        build = host.sh("cd /src/app && docker build -t app .")
        assert build.code == 0, build.err
        assert "Setting up curl" in build.err, build.err
        run = host.sh("docker run --rm app cat /srv/hello.txt")
        assert (run.code, run.out) == (0, "hello\\n"), run

        cluster = sk.Cluster.kind()
        applied = cluster.sh("kubectl apply -f -", stdin='''
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: db}
        spec:
          containers: [{name: db, image: busybox, command: [sleep, "3600"],
                        volumeMounts: [{name: data, mountPath: /data}]}]
          volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
        ''')
        assert applied.code == 0, applied.err
        phase = cluster.sh("kubectl get pvc data -o jsonpath={.status.phase}")
        assert phase.out == "Bound", phase
        print("ok")
    """)
    ran = subprocess.run([str(python), "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert (ran.returncode, ran.stdout) == (0, "ok\n"), ran.stdout + ran.stderr
