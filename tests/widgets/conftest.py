"""Helpers for driving labs without a browser: count what a widget sends, press Enter in a text box."""

from __future__ import annotations

import pytest


class Sent:
    """The state updates one widget sends to the front end (its comm messages), by trait."""

    def __init__(self, widget) -> None:
        self.messages: list[dict] = []
        send = widget.comm.send

        def counting(data=None, *args, **kwargs):
            self.messages.append(data)
            return send(data, *args, **kwargs)

        widget.comm.send = counting

    def updates(self, trait: str) -> int:
        return sum(1 for m in self.messages if m.get("method") == "update" and trait in m.get("state", {}))


@pytest.fixture
def sent():
    return Sent


def press_enter(text) -> None:
    """What the front end sends when Enter is pressed in a Text widget."""
    text._handle_custom_msg({"event": "submit"}, [])


# ---------------------------------------------------------------- a real browser (pytest -m browser)
#
# A throwaway JupyterLab on 127.0.0.1 with a token, a private HOME and config, and a copy of
# labs.ipynb (JupyterLab autosaves: the repository's copy is never touched), driven by Python
# Playwright in Debian's Chromium. Never `playwright install`: `apt-get install chromium`.

import os  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

NOTEBOOK = Path(__file__).with_name("labs.ipynb")
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
    """``(base URL, token)`` of a JupyterLab serving a copy of labs.ipynb."""
    home = tmp_path_factory.mktemp("jupyter-home")
    root = home / "root"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
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
