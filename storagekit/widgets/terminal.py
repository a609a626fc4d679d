"""A terminal on a host or cluster, beside a diagram that redraws after each command.

:class:`Terminal` is a small front-end widget (anywidget): a scrollback, a
prompt and an input line, with Enter to run and the arrow keys to recall
earlier lines, which ipywidgets' own text box cannot do. :class:`TerminalLab`
puts one beside a diagram: every line runs through ``target.sh``, is one step
of the lab's history (so it can be undone), and redraws the picture once.
"""

from __future__ import annotations

import pathlib

import anywidget
import ipywidgets as widgets
import traitlets

from storagekit.commands.prompt import needs_more, prompt
from storagekit.widgets.base import Lab, output_html, prompt_html

HERE = pathlib.Path(__file__).parent
SCROLLBACK = 600
"""Pieces (typed lines, outputs) the scrollback keeps; each output shows at most :data:`TERMINAL_LINES` lines."""
TERMINAL_LINES = 200


class Terminal(anywidget.AnyWidget):
    """A prompt, an input line and a scrollback; Enter sends the line to :attr:`on_line`."""

    _esm = HERE / "terminal.js"
    _css = HERE / "terminal.css"
    prompt = traitlets.Unicode("").tag(sync=True)
    scrollback = traitlets.Unicode("").tag(sync=True)
    """HTML: earlier prompts, lines and their output."""
    history = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """Lines typed so far, oldest first, for the arrow keys."""

    def __init__(self, on_line, **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_line = on_line
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "run":
            self.on_line(str(content.get("line", "")))

    def type(self, line: str) -> None:
        """What the front end does when a line is typed and Enter pressed."""
        self._handle_custom_msg({"type": "run", "line": line}, [])


def pictures_for(target) -> dict:
    """The diagrams that draw a whole host or a whole cluster, by the question they answer."""
    from storagekit import Cluster, viz

    if isinstance(target, Cluster):
        return {"Volumes and claims": viz.cluster_storage, "Pods and their volumes": viz.pod_attachments}
    return {"Images and layers": viz.image_layers, "/var/lib/docker": viz.data_root,
            "Storage driver": viz.storage_driver}


class TerminalLab(Lab):
    """Type commands at a host's or a cluster's prompt and watch a diagram follow.

    In a notebook::

        lab = TerminalLab()                  # a fresh DockerHost; sk.Cluster.kind() works too
        lab.terminal.type("docker pull alpine")
    """

    title = "A terminal, and what it changes"

    def __init__(self, target=None, pictures: dict | None = None) -> None:
        from storagekit import DockerHost

        target = target if target is not None else DockerHost()
        self.pictures = pictures or pictures_for(target)
        self.picture = widgets.Dropdown(options=list(self.pictures), description="Diagram")
        self.picture.observe(lambda _c: self._redraw(), "value")
        self.terminal = Terminal(self.enter, prompt=prompt(target))
        self._scrollback: list[str] = []
        self._pending = ""
        super().__init__(target, [self.picture], transcript=False, top=[self.terminal])

    def enter(self, line: str) -> None:
        """One line typed at the prompt: run it; a line bash would continue waits for the next one."""
        shown = "> " if self._pending else prompt(self.target)
        self._scrollback.append(prompt_html(shown, line))
        text = f"{self._pending}\n{line}" if self._pending else line
        self._pending = text if needs_more(text) else ""
        if self._pending or not text.strip():
            self.refresh()
            return
        if "\n" not in text and self.terminal.history[-1:] != [text]:
            self.terminal.history = [*self.terminal.history, text]
        with self.action(text):
            result = self.run(text)
            self._scrollback.append(output_html(result, TERMINAL_LINES))
            del self._scrollback[:-SCROLLBACK]

    def draw(self):
        return self.pictures[self.picture.value](self.target)

    def view(self) -> dict:
        return {**super().view(), "scrollback": list(self._scrollback)}

    def show(self, view: dict) -> None:
        super().show(view)
        self._scrollback = list(view.get("scrollback", []))

    def refresh(self) -> None:
        self.terminal.prompt = "> " if self._pending else prompt(self.target)
        self.terminal.scrollback = "".join(self._scrollback)
