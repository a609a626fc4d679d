"""Shared pytest set-up: skip marked tests whose requirements this machine lacks.

Markers are declared in pyproject.toml ([tool.pytest.ini_options]):
    kernel  needs root and a working ``mount -t overlay``
    exe     needs the Graphviz ``dot`` program on PATH
    browser needs Chromium: the ``browser`` and ``lab_server`` fixtures below
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest


@functools.cache
def overlay_mount_problem() -> str | None:
    """Why a real overlay mount cannot be made here, or None if it can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "needs mount and umount"
    with tempfile.TemporaryDirectory(prefix="storagekit-overlay-probe-") as tmp:
        dirs = {name: os.path.join(tmp, name) for name in ("lower", "upper", "work", "merged")}
        for path in dirs.values():
            os.mkdir(path)
        options = "lowerdir={lower},upperdir={upper},workdir={work}".format(**dirs)
        mounted = subprocess.run(
            ["mount", "-t", "overlay", "overlay", "-o", options, dirs["merged"]],
            capture_output=True,
            text=True,
        )
        if mounted.returncode != 0:
            return "mount -t overlay failed: " + (mounted.stderr.strip() or f"exit {mounted.returncode}")
        subprocess.run(["umount", dirs["merged"]], check=True)
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("exe") and shutil.which("dot") is None:
        pytest.skip("needs the Graphviz dot program on PATH (run `make setup`)")
    if item.get_closest_marker("kernel"):
        problem = overlay_mount_problem()
        if problem:
            pytest.skip(f"kernel test: {problem}")


# ---------------------------------------------------------------- a real browser (pytest -m browser)
#
# A throwaway JupyterLab on 127.0.0.1 with a token, a private HOME and config, and a copy of the
# labs' notebook and of the course (JupyterLab autosaves: the repository's copies are never touched),
# driven by Python Playwright in Debian's Chromium. Never `playwright install`: `apt-get install chromium`.


LABS_NOTEBOOK = Path(__file__).parent / "widgets" / "labs.ipynb"
COURSE = Path(__file__).parents[1] / "notebooks"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--font-render-hinting=none"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with code {proc.returncode}; see its server.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(url)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Python Playwright (pip install -e .[test])")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory):
    """``(base URL, token)`` of a JupyterLab serving copies of labs.ipynb and of ``notebooks/``."""
    home = tmp_path_factory.mktemp("jupyter-home")
    root = home / "root"
    root.mkdir()
    shutil.copy(LABS_NOTEBOOK, root / LABS_NOTEBOOK.name)
    shutil.copytree(COURSE, root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    cfg = home / "cfg"
    (cfg / "labconfig").mkdir(parents=True)
    # no "Would you like to get notified about official Jupyter news?" toast over the page
    (cfg / "labconfig" / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}')
    # every cell stays in the page (JupyterLab 4 otherwise drops cells scrolled out of view)
    settings = home / "settings"
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}')
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(cfg), "JUPYTER_RUNTIME_DIR": str(home / "rt"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"), "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "IPYTHONDIR": str(home / "ipython"),
           # the kernel finds `dot` on PATH (a venv-local graphviz-pure link only if the venv's bin is there)
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:  # jupyter refuses root without it (CI runs as root)
        cmd.append("--allow-root")
    with open(home / "server.log", "w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/api/status?token={token}", proc)
        yield base, token
    finally:
        proc.terminate()  # only the server started here; it stops its kernels
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
