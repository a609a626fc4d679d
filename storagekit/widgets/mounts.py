"""MountLab: ask for a volume, a bind mount or a tmpfs, see what the container gets, and read Docker's refusals.

A form (type, source, target, read-only, nocopy) or a ``docker run`` line of
the learner's own: the lab runs it, draws the container's mounts, and shows
the same mount written as ``-v`` and as ``--mount``, with the places where
Docker treats the two differently (the rule is
:func:`storagekit.commands.docker.volumespec.mount_forms`). When the daemon or
the client refuses, its own message is what the learner reads.
"""

from __future__ import annotations

import html
import shlex

import ipywidgets as widgets

from storagekit.commands.docker.volumespec import mount_forms
from storagekit.widgets.base import Lab, button, heading, on_enter, row

NAME = "demo"
"""The container the form runs (the lab removes the previous one first)."""


class MountLab(Lab):
    """Mount something into a container, by form or by command line, and see where its files live.

    In a notebook::

        lab = MountLab()
        lab.kind.value = "bind"; lab.source.value = "/srv/site"; lab.flag.value = "--mount"
        lab.run_button.click()      # Docker refuses: bind source path does not exist: /srv/site
    """

    title = "Volumes, bind mounts, tmpfs: what does the container see, and where do its files live?"

    def __init__(self, host=None, image: str = "busybox") -> None:
        from storagekit import DockerHost

        host = host if host is not None else DockerHost()
        self.kind = widgets.Dropdown(options=["volume", "bind", "tmpfs"], value="volume", description="Type")
        self.source = widgets.Text(value="data", description="Source")
        self.target_path = widgets.Text(value="/data", description="Target")
        self.readonly = widgets.Checkbox(description="read-only", indent=False)
        self.nocopy = widgets.Checkbox(description="nocopy (volumes)", indent=False)
        self.flag = widgets.ToggleButtons(options=["-v", "--mount"], value="-v", description="Write as")
        self.image = widgets.Text(value=image, description="Image")
        self.forms_html = widgets.HTML()
        self.line = widgets.Text(layout=widgets.Layout(width="100%"))
        self.run_button = button("Run", self.run_line, style="primary", tooltip="Run the command line (Enter)")
        self.remove_button = button("Remove container", self.remove, tooltip="docker rm -f the container shown")
        self.refusal = widgets.HTML()
        self.container: str | None = None
        """The container drawn: the newest one this lab created."""
        for w in (self.kind, self.source, self.target_path, self.readonly, self.nocopy, self.flag, self.image):
            w.observe(lambda _c: self._compose(), "value")
        on_enter(self.line, self.run_line)
        for w in (self.source, self.target_path, self.image):
            on_enter(w, self.run_line)
        self._compose()
        super().__init__(host, [
            self.kind, self.source, self.target_path, row(self.readonly, self.nocopy), self.flag,
            self.image, heading("The same mount, both ways"), self.forms_html,
        ], side=[heading("docker run (edit it freely, Enter runs it)"), self.line,
                   row(self.run_button, self.remove_button), self.refusal])

    def mount(self) -> dict:
        """The form as the Engine API's ``Mount`` object (what ``--mount`` parses into)."""
        spec: dict = {"Type": self.kind.value, "Target": self.target_path.value, "ReadOnly": self.readonly.value}
        if self.kind.value != "tmpfs" and self.source.value:
            spec["Source"] = self.source.value
        if self.kind.value == "volume" and self.nocopy.value:
            spec["VolumeOptions"] = {"NoCopy": True}
        return spec

    def _compose(self) -> None:
        forms = mount_forms(self.mount())
        rows = [f"<code>{html.escape(forms.short or '(no short form)')}</code>", f"<code>{html.escape(forms.long)}</code>"]
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in forms.notes)
        self.forms_html.value = "<br>".join(rows) + (f"<ul style='margin:4px 0'>{notes}</ul>" if notes else "")
        chosen = forms.long if self.flag.value == "--mount" or forms.short is None else forms.short
        flag, value = chosen.split(" ", 1)
        self.line.value = f"docker run -d --name {NAME} {flag} {shlex.quote(value)} {self.image.value} sleep infinity"

    # ------------------------------------------------------------ actions

    def run_line(self) -> None:
        """Run the command line; the form's own container is replaced, so the same name can be used again."""
        line = self.line.value.strip()
        if not line:
            return
        engine = self.target.engine
        before = {c.id for c in engine.containers} if engine else set()
        with self.action(line):
            if engine and f"--name {NAME} " in line and any(c.name == NAME for c in engine.containers):
                self.run(f"docker rm -f {NAME}")
            result = self.run(line)
            new = [c for c in self.target.engine.containers if c.id not in before] if self.target.engine else []
            names = self.target.engine.containers.names() if self.target.engine else set()
            self.container = new[0].name if new else (self.container if self.container in names else None)
            self.refusal.value = "" if result.code == 0 else (
                f'<div class="sk-heading">Docker refused (exit status {result.code})</div>'
                f'<pre class="sk-pre sk-err">{html.escape(result.err)}</pre>')

    def remove(self) -> None:
        if self.container is None:
            return
        with self.action(f"remove {self.container}"):
            self.run(f"docker rm -f {self.container}")
            self.container = None
            self.refusal.value = ""

    # ------------------------------------------------------------ views

    def draw(self):
        from storagekit import viz

        engine = self.target.engine
        if self.container is None or engine is None or self.container not in engine.containers.names():
            from storagekit.viz.style import diagram

            return diagram("mounts", "Docker refused the container: nothing is mounted" if self.refusal.value
                           else "No container yet: run one to see its mounts")
        return viz.container_mounts(self.target, self.container)

    def view(self) -> dict:
        return {**super().view(), "container": self.container, "refusal": self.refusal.value}

    def show(self, view: dict) -> None:
        super().show(view)
        self.container = view.get("container")
        self.refusal.value = view.get("refusal", "")
