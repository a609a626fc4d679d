"""BuildLab: edit two build contexts, build both images, and see which steps the cache kept and which layers they share.

The default contexts are the course's two Flask applications: the same first
three instructions, a different source file. Building the second after the
first shows every shared step ``CACHED`` and the two images sharing their
lower layers; editing ``app.py`` and building again shows the cache missing
from ``COPY`` on.
"""

from __future__ import annotations

import html
import shlex

import ipywidgets as widgets

from storagekit.commands.prompt import heredoc
from storagekit.course.example import FLASK_APPS, FlaskApp
from storagekit.widgets.base import Lab, button, heading, on_enter, pre, row


class Context(widgets.VBox):
    """One build context: its tag, its files (a list and an editor), and a Build button."""

    def __init__(self, lab: BuildLab, tag: str, directory: str) -> None:
        self.lab, self.directory = lab, directory
        self.tag = widgets.Text(value=tag, description="Image tag", layout=widgets.Layout(width="100%"))
        self.files = widgets.Select(options=[], rows=3, description="Files", layout=widgets.Layout(width="100%"))
        self.editor = widgets.Textarea(rows=7, layout=widgets.Layout(width="100%"))
        self.new_name = widgets.Text(placeholder="new file name", layout=widgets.Layout(flex="1 1 8em", width="auto",
                                                                                      min_width="6em"))
        self.add_button = button("Add file", self.add_file)
        self.build_button = button("Build", lambda: lab.build([self]), style="primary",
                                   tooltip=f"docker build -t TAG {directory}")
        self.buffers: dict[str, str] = {}
        """The editor's text of each file; written to the host (``cat > FILE``) when the context is built."""
        self.files.observe(self._show_file, "value")
        self.editor.observe(self._keep_edit, "value")
        on_enter(self.new_name, self.add_file)
        on_enter(self.tag, lambda: lab.build([self]))
        super().__init__([widgets.HTML(f'<div class="sk-heading">Build context <code>{html.escape(directory)}</code>'
                                       "</div>"), self.tag, self.files, self.editor,
                          row(self.new_name, self.add_button, self.build_button)],
                         layout=widgets.Layout(flex="1 1 400px", min_width="340px", margin="0 16px 0 0"))

    def load(self) -> None:
        """Take the files as they are on the host now."""
        fs = self.lab.target.fs
        names = sorted(n for n in fs.listdir(self.directory) if fs.isfile(f"{self.directory}/{n}")) \
            if fs.isdir(self.directory) else []
        self.buffers = {n: fs.read(f"{self.directory}/{n}").decode(errors="replace") for n in names}
        chosen = self.files.value if self.files.value in names else (names[0] if names else None)
        self.files.options = names
        self.files.value = chosen
        self._show_file()

    def _show_file(self, _change=None) -> None:
        self.editor.value = self.buffers.get(self.files.value, "") if self.files.value else ""
        self.editor.disabled = self.files.value is None

    def _keep_edit(self, change) -> None:
        if self.files.value:
            self.buffers[self.files.value] = change["new"]

    def add_file(self) -> None:
        name = self.new_name.value.strip()
        if not name or "/" in name or name in self.buffers:
            return
        self.buffers[name] = ""
        self.files.options = sorted(self.buffers)
        self.files.value = name
        self.new_name.value = ""

    def save(self) -> None:
        """Write what the editor changed into the context, as ``cat > FILE`` would."""
        fs = self.lab.target.fs
        for name, text in self.buffers.items():
            path = f"{self.directory}/{name}"
            if not fs.isfile(path) or fs.read(path).decode(errors="replace").rstrip("\n") != text.rstrip("\n"):
                self.lab.run(heredoc(f"cat > {shlex.quote(path)}", text))


class BuildLab(Lab):
    """Build the course's two Flask images (or your own) and watch the cache and the shared layers.

    In a notebook::

        lab = BuildLab()                       # a fresh host with both contexts under /src
        lab.build_all_button.click()           # docker build both; the second reuses the first's layers
        lab.steps_html.value                   # each step CACHED, or ran and why the cache missed
    """

    title = "Build two images: which steps come from the cache, which layers do they share?"

    def __init__(self, host=None, apps: list[FlaskApp] | None = None) -> None:
        from storagekit import DockerHost

        host = host if host is not None else DockerHost()
        for app in apps or FLASK_APPS:
            for name, text in app.files.items():
                if not host.fs.exists(f"{app.directory}/{name}"):
                    host.write(f"{app.directory}/{name}", text)
        self.target = host
        self.contexts = [Context(self, app.tag, app.directory) for app in apps or FLASK_APPS]
        self.no_cache = widgets.Checkbox(description="--no-cache", indent=False)
        self.build_all_button = button("Build both", lambda: self.build(self.contexts), style="primary")
        self.picture = widgets.ToggleButtons(options=[("Layers", "layers"), ("Build steps", "steps")],
                                             tooltips=["image_layers: images and the layers they share",
                                                       "build_steps: the last build, step by step"])
        self.picture.observe(lambda _c: self._redraw(), "value")
        self.steps_html = widgets.HTML()
        self.history_text = widgets.HTML()
        self._builds: list[tuple[str, list[tuple[str, str, str]], str]] = []
        """Each build of the last action: its tag, its steps (name, status, why it ran) and its error, if any."""
        contexts = widgets.HBox(self.contexts, layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(host, [row(self.build_all_button, self.no_cache), self.picture,
                                heading("Steps of the last build"), self.steps_html],
                         top=[contexts], side=[heading("docker history"), self.history_text])

    def build(self, contexts: list[Context]) -> None:
        """Save each context's edited files, build it, and show its history."""
        tags = " and ".join(c.tag.value for c in contexts)
        with self.action(f"build {tags}"):
            self._builds = []
            for ctx in contexts:
                ctx.save()
                flags = " --no-cache" if self.no_cache.value else ""
                engine = self.target.engine
                before = engine.last_build if engine else None
                r = self.run(f"cd {shlex.quote(ctx.directory)} && "
                             f"docker build{flags} -t {shlex.quote(ctx.tag.value)} .")
                record = self.target.engine.last_build if self.target.engine else None
                steps = [(s.name, s.status, str(s.miss) if s.miss else "") for s in record.steps] \
                    if record is not None and record is not before else []
                self._builds.append((ctx.tag.value, steps, (r.err.strip().splitlines() or [""])[-1] if r.code else ""))
                if r.code == 0:
                    self.run(f"docker history {shlex.quote(ctx.tag.value)}")

    # ------------------------------------------------------------ views

    def draw(self):
        from storagekit import viz

        if self.picture.value == "steps":
            return viz.build_steps(self.target)
        return viz.image_layers(self.target)

    def view(self) -> dict:
        return {**super().view(), "builds": list(self._builds)}

    def show(self, view: dict) -> None:
        super().show(view)
        self._builds = list(view.get("builds", []))

    def load(self) -> None:
        for ctx in self.contexts:
            ctx.load()

    def refresh(self) -> None:
        self.steps_html.value = "".join(_steps_table(*build) for build in self._builds)
        histories = [r.out for _p, line, r in self._entries if line.startswith("docker history")]
        self.history_text.value = pre("\n".join(histories)) if histories else ""


def _steps_table(tag: str, steps: list[tuple[str, str, str]], error: str) -> str:
    """One build's Dockerfile steps, one a line: CACHED, or ran and why the cache missed (the engine's record)."""
    rows = []
    for name, status, why in steps:
        css = {"CACHED": "sk-cached", "DONE": "sk-ran"}.get(status, "sk-err")
        state = {"CACHED": "CACHED", "DONE": "ran"}.get(status, status)
        name = name if len(name) <= 72 else name[:71] + "…"
        rows.append(f'<div><span class="sk-state {css}">{state}</span> <code>{html.escape(name)}</code></div>'
                    + (f'<div class="sk-why">{html.escape(why)}</div>' if why else ""))
    if error:
        rows.append(f'<div class="sk-err">{html.escape(error)}</div>')
    return f'<div class="sk-steps"><b>{html.escape(tag)}</b>{"".join(rows)}</div>'
