"""DriverLab: which storage driver does dockerd pick on this machine, why, and what does each cost on disk?

Choose a machine (its distribution and kernel, from
``storagekit.docker.drivers.HOSTS``), the filesystem under /var/lib/docker,
an Engine version and a daemon.json, and start a fresh host: its daemon
chooses as the real one would, and the diagram says why. On a running host,
editing daemon.json and restarting Docker switches drivers; the other
driver's images stay on disk, out of sight, which ``docker system df`` and
``df`` show.
"""

from __future__ import annotations

import dataclasses
import html
import json

import ipywidgets as widgets

from storagekit.commands.prompt import heredoc
from storagekit.docker.drivers import HOSTS
from storagekit.docker.drivers.host import BACKING_FILESYSTEMS
from storagekit.sim.errors import StorageKitError
from storagekit.widgets.base import Lab, button, heading, pre, row

ENGINE_VERSIONS = ("19.03.15", "20.10.24", "23.0.6", "24.0.9", "25.0.5", "27.5.1", "28.2.2", "29.0.0")
"""One release of each era whose driver list or default image store differs."""
DAEMON_JSON = "/etc/docker/daemon.json"


class DriverLab(Lab):
    """Start hosts that differ in kernel, filesystem, Engine version or daemon.json, and compare their drivers.

    In a notebook::

        lab = DriverLab()
        lab.machine.value = "debian-12-btrfs"; lab.engine_version.value = "20.10.24"
        lab.new_host_button.click()            # Engine 20.10 tries btrfs first: the data root is on btrfs
    """

    title = "Storage drivers: which one does dockerd pick here, and why?"

    def __init__(self, host=None) -> None:
        from storagekit import DockerHost

        host = host if host is not None else DockerHost()
        self.machine = widgets.Dropdown(options=list(HOSTS), value=_machine_name(host), description="Machine")
        self.backing_fs = widgets.Dropdown(options=BACKING_FILESYSTEMS, value=host.spec.backing_fs,
                                           description="Data root on")
        self.engine_version = widgets.Dropdown(options=sorted({*ENGINE_VERSIONS, host.engine_version}, key=_key),
                                               value=host.engine_version, description="Engine")
        self.machine.observe(lambda c: setattr(self.backing_fs, "value", HOSTS[c["new"]].backing_fs), "value")
        self.machine_info = widgets.HTML()
        self.daemon_json = widgets.Textarea(rows=4, layout=widgets.Layout(width="100%"))
        self.new_host_button = button("Start a fresh host", self.new_host, style="primary",
                                      tooltip="A new machine with these settings and this daemon.json")
        self.restart_button = button("Restart Docker with this daemon.json", self.restart,
                                     tooltip="Write /etc/docker/daemon.json on this host, then systemctl restart docker")
        self.pull_button = button("docker pull ubuntu:22.04", lambda: self.command("docker pull ubuntu:22.04"))
        self.run_button = button("docker run a container", lambda: self.command(
            "docker run -d ubuntu:22.04 sleep infinity"))
        self.picture = widgets.ToggleButtons(options=[("Why this driver", "driver"), ("/var/lib/docker", "root")])
        self.picture.observe(lambda _c: self._redraw(), "value")
        self.note = widgets.HTML()
        super().__init__(host, [
            self.machine, self.backing_fs, self.engine_version, self.machine_info,
            heading("daemon.json"), self.daemon_json, row(self.new_host_button, self.restart_button),
            self.note, heading("Store something, then compare"), row(self.pull_button, self.run_button),
            self.picture,
        ], setup=["docker info --format '{{.Driver}}'"])

    # ------------------------------------------------------------ actions

    def new_host(self) -> None:
        """A fresh machine as chosen, its daemon.json the text above (when it is JSON; otherwise the daemon is
        restarted with the text as it is, and says what is wrong with it)."""
        from storagekit import DockerHost

        spec = HOSTS[self.machine.value]
        if spec.backing_fs != self.backing_fs.value:
            spec = dataclasses.replace(spec, backing_fs=self.backing_fs.value)
        text = self.daemon_json.value.strip()
        try:
            config = json.loads(text) if text else None
        except json.JSONDecodeError:
            config = None
        try:
            host = DockerHost(engine_version=self.engine_version.value, machine=spec,
                              daemon_json=config if isinstance(config, dict) else None)
        except StorageKitError as exc:
            self.note.value = pre(f"[storagekit] {exc}", "sk-err")
            return
        self.note.value = ""
        label = f"fresh {self.machine.value} host, data root on {self.backing_fs.value}, Engine {self.engine_version.value}"
        self.target = host
        with self.action(label):
            if text and not isinstance(config, dict):
                self._write_and_restart()
            self._report()

    def restart(self) -> None:
        with self.action("restart docker with the new daemon.json"):
            self._write_and_restart()
            self._report()

    def command(self, line: str) -> None:
        with self.action(line):
            self.run(line)
            self._report()

    def _write_and_restart(self) -> None:
        self.run(heredoc(f"cat > {DAEMON_JSON}", self.daemon_json.value))
        if self.run("systemctl restart docker").code:
            self.run("journalctl -u docker | tail -n 1")

    def _report(self) -> None:
        """Which driver runs, and what is stored where."""
        self.run("docker info --format '{{.Driver}}'")
        self.run("docker system df")
        self.run("df -h /var/lib/docker")

    # ------------------------------------------------------------ views

    def draw(self):
        from storagekit import viz

        if self.picture.value == "root":
            return viz.data_root(self.target)
        return viz.storage_driver(self.target)

    def load(self) -> None:
        host = self.target
        try:
            self.daemon_json.value = host.fs.read(DAEMON_JSON).decode(errors="replace")
        except OSError:
            self.daemon_json.value = "{}"

    def refresh(self) -> None:
        host = self.target
        self.machine_info.value = (
            f"<div>{html.escape(host.spec.os_name)}, kernel <code>{html.escape(host.spec.kernel.release)}</code>, "
            f"Docker Engine {html.escape(host.engine_version)}, /var/lib/docker on "
            f"<code>{html.escape(host.spec.backing_fs)}</code></div>")


def _machine_name(host) -> str:
    return next((name for name, spec in HOSTS.items() if spec == host.spec), "debian-12")


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))
