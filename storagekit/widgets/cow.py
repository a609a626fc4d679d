"""CowLab: change files in a running container and watch copy-on-write fill its writable layer.

The learner browses the container's merged tree, picks a path and an action;
the lab runs it with ``docker exec`` (the command is in the transcript), then
``docker diff``, and redraws the overlay with what that action did
highlighted: a copy-up for a modified, appended or chmod-ed image file, a
whiteout for a deleted one, a new file in the upper layer for a created one.
"""

from __future__ import annotations

import shlex

import ipywidgets as widgets

from storagekit.fs import paths as fspaths
from storagekit.widgets.base import Lab, button, heading, on_enter, replace_options

ACTIONS = {
    "read": ("", "cat {path}"),
    "modify": ("new content", "echo {text} > {path}"),
    "append": ("a line to add", "echo {text} >> {path}"),
    "create": ("content of the new file", "echo {text} > {path}"),
    "delete": ("", "rm -r {path}"),
    "chmod": ("mode, e.g. 600", "chmod {text} {path}"),
    "mv": ("new path", "mv {path} {text}"),
}
"""What each action runs inside the container (``{text}`` is the argument field), and what that field asks."""


def exec_line(container: str, action: str, path: str, text: str = "") -> str:
    """The ``docker exec`` line for one action; a redirection needs the container's shell (``sh -c``)."""
    _hint, template = ACTIONS[action]
    inner = template.format(path=shlex.quote(path), text=shlex.quote(text))
    if ">" in template:
        return f"docker exec {container} sh -c {_quote(inner)}"
    return f"docker exec {container} {inner}"


def _quote(text: str) -> str:
    """One shell word, in double quotes when that reads better (the text holds single quotes and nothing that
    double quotes would expand)."""
    if "'" in text and not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


class CowLab(Lab):
    """A running container's files: read, modify, append, create, delete, chmod or mv one, and see the overlay.

    In a notebook::

        lab = CowLab()                          # ubuntu:22.04 running as "web" on a fresh host
        lab.path.value = "/etc/os-release"; lab.action_name.value = "chmod"; lab.argument.value = "600"
        lab.do_button.click()                   # docker exec web chmod 600 /etc/os-release; the file is copied up
    """

    title = "Copy-on-write: what does each change put in the container's writable layer?"

    def __init__(self, host=None, container: str = "web", image: str = "ubuntu:22.04") -> None:
        from storagekit import DockerHost

        host = host if host is not None else DockerHost()
        setup = []
        if not any(c.name == container for c in host.engine.containers):
            setup = [f"docker run -d --name {container} {image} sleep infinity"]
        self.container = widgets.Dropdown(options=[container], value=container, description="Container")
        self.path = widgets.Text(value="/etc/issue", description="Path")
        self.entries = widgets.Select(options=[], rows=8, description="Merged tree",
                                      layout=widgets.Layout(width="100%"))
        self.open_button = button("Open", self.open_directory, tooltip="List this directory of the merged tree")
        self.up_button = button("Up", self.up, tooltip="The parent directory")
        self.action_name = widgets.ToggleButtons(options=list(ACTIONS), value="append",
                                                 style={"button_width": "5.5em"})
        self.argument = widgets.Text(value="hello", layout=widgets.Layout(width="100%"))
        self.do_button = button("Run in the container", self.do, style="primary")
        self._since: int | None = None
        self._paths: list[str] | None = None
        """What the diagram narrows to: after a read, the path read (which layer it shows through from)."""
        self.entries.observe(self._pick, "value")
        self.action_name.observe(self._hint, "value")
        self.container.observe(self._switch, "value")
        on_enter(self.path, self.open_directory)
        on_enter(self.argument, self.do)
        self._hint()
        moves = widgets.HBox([self.up_button, self.open_button], layout=widgets.Layout(margin="0 0 0 114px"))
        super().__init__(host, [self.container, self.path, self.entries, moves, heading("Action"), self.action_name,
                                self.argument, self.do_button], setup=setup)

    # ------------------------------------------------------------ browsing (reads the engine, changes nothing)

    def _switch(self, _change=None) -> None:
        self._since = self._paths = None
        self._list()
        self._redraw()

    def _fs(self):
        c = self.target.engine.containers.resolve(self.container.value)
        return c.rootfs()

    def _directory(self) -> str:
        path = fspaths.normalize(self.path.value or "/")
        fs = self._fs()
        return path if fs.isdir(path) else fspaths.parent(path)

    def _list(self) -> None:
        directory, fs = self._directory(), self._fs()
        names = sorted(fs.listdir(directory)) if fs.isdir(directory) else []
        shown = [n + "/" if fs.isdir(fspaths.join(directory, n)) else n for n in names]
        chosen = fspaths.basename(fspaths.normalize(self.path.value or "/"))
        self.entries.unobserve(self._pick, "value")
        self.entries.options = shown
        self.entries.value = next((s for s in shown if s.rstrip("/") == chosen), None)
        self.entries.observe(self._pick, "value")

    def _pick(self, change) -> None:
        if change["new"]:
            self.path.value = fspaths.join(self._directory(), change["new"].rstrip("/"))

    def open_directory(self) -> None:
        self._list()

    def up(self) -> None:
        self.path.value = fspaths.parent(self._directory())
        self._list()

    def _hint(self, _change=None) -> None:
        hint = ACTIONS[self.action_name.value][0]
        self.argument.placeholder = hint
        self.argument.disabled = not hint

    # ------------------------------------------------------------ the action

    def do(self) -> None:
        """Run the chosen action on the chosen path, then ``docker diff``."""
        name, path = self.container.value, fspaths.normalize(self.path.value or "/")
        action = self.action_name.value
        with self.action(f"{action} {path}"):
            self._since = self.target.events.mark()
            self._paths = [path] if action == "read" else None
            self.run(exec_line(name, action, path, self.argument.value))
            self.run(f"docker diff {name}")

    def draw(self):
        from storagekit import viz

        return viz.container_overlay(self.target, self.container.value, since=self._since, paths=self._paths)

    def view(self) -> dict:
        return {**super().view(), "since": self._since, "paths": self._paths}

    def show(self, view: dict) -> None:
        super().show(view)
        self._since, self._paths = view.get("since"), view.get("paths")

    def load(self) -> None:
        replace_options(self.container, sorted(c.name for c in self.target.engine.containers if c.running),
                        self._switch)

    def refresh(self) -> None:
        self._list()
