"""What every lab shares: a host or cluster, a diagram that follows it, a transcript, and a history.

A lab is an ipywidgets ``VBox``. Its buttons run command lines through the
public API (``target.sh``), exactly as a learner would type them; the
transcript shows those lines with the prompt and what the tools printed, so
nothing a lab does is hidden. After each action the lab redraws its diagram
from :mod:`storagekit.viz` once (one update of one trait, however many
commands the action ran), and records the state for undo and step-through.

Displayed, a lab carries its diagram as ``image/svg+xml`` beside the widget
view, so a saved notebook shows the picture where widgets do not run (GitHub,
nbviewer, exported HTML). That copy is the diagram at display time: updating a
display re-creates the widget's view, which would take the keyboard focus from
a learner after every click; ``lab.draw()`` displays a later state.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Sequence

import graphviz
import ipywidgets as widgets

from storagekit.commands.host import Result
from storagekit.commands.prompt import prompt
from storagekit.sim.serial import lock_of
from storagekit.widgets import render
from storagekit.widgets.history import History, State

FONT_PX = 16
"""Control text size: readable from the back of a room on a projector."""
CSS = f"""
.sk-lab {{ --jp-widgets-font-size: {FONT_PX}px; --jp-widgets-inline-height: 34px;
          --jp-widgets-inline-label-width: 110px; --jp-widgets-inline-width: calc(100% - 6px);
          font-size: {FONT_PX}px; color: #1a1a1a;
          border: 1px solid #bbbbbb; border-radius: 6px; padding: 8px 12px; background: white; }}
.sk-lab .sk-title {{ font-size: {FONT_PX + 4}px; font-weight: 600; margin: 2px 0 6px 0; }}
.sk-lab .sk-heading {{ font-size: {FONT_PX}px; font-weight: 600; margin: 6px 0 2px 0; color: #333333; }}
.sk-lab .widget-inline-hbox, .sk-lab .widget-textarea {{ max-width: calc(100% - 4px); }}
.sk-lab .widget-button {{ font-weight: 600; }}
.sk-lab .widget-toggle-button {{ width: auto; min-width: 5em; padding: 0 12px; }}
.sk-lab .widget-button:focus-visible, .sk-lab input:focus-visible, .sk-lab textarea:focus-visible,
.sk-lab select:focus-visible {{ outline: 3px solid #0072B2; outline-offset: 1px; }}
.sk-lab textarea, .sk-lab input, .sk-lab .sk-pre {{ font-family: "DejaVu Sans Mono", monospace; }}
.sk-lab .sk-pre {{ font-size: {FONT_PX - 2}px; line-height: 1.35; background: #f7f7f7; color: #1a1a1a;
                   border: 1px solid #dddddd; border-radius: 4px; padding: 6px 8px; margin: 0;
                   white-space: pre; max-height: 22em; overflow: auto; }}
.sk-lab .sk-steps {{ font-size: {FONT_PX - 1}px; line-height: 1.5; margin: 2px 0 8px 0; }}
.sk-lab .sk-steps .sk-why {{ color: #444444; font-size: {FONT_PX - 3}px; margin-left: 5.2em; }}
.sk-lab .sk-steps code {{ overflow-wrap: anywhere; }}
.sk-lab .sk-steps .sk-state {{ display: inline-block; min-width: 4.8em; }}
.sk-lab .sk-prompt {{ color: #005a8c; font-weight: 600; }}
.sk-lab .sk-err {{ color: #a33b00; white-space: pre-wrap; overflow-wrap: anywhere; }}
.sk-lab .sk-note {{ color: #555555; font-style: italic; white-space: pre-wrap; overflow-wrap: anywhere; }}
.sk-lab .sk-line {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.sk-lab .sk-cached {{ color: #00704f; font-weight: 600; }}
.sk-lab .sk-ran {{ color: #8a5a00; font-weight: 600; }}
.sk-lab code {{ font-family: "DejaVu Sans Mono", monospace; font-size: {FONT_PX - 1}px; }}
.sk-lab .sk-position {{ font-size: {FONT_PX - 1}px; color: #333333; }}
"""

SHOWN_LINES = 30
"""Lines of one command's output the transcript shows (its head and tail); the rest is counted."""

_SVG_START = re.compile(r'\A.*?<svg width="([\d.]+)pt" height="([\d.]+)pt"', re.S)
SCALE = 1.15
"""The diagram's size on the page against Graphviz's own (10 pt text becomes about 15 px)."""
SHRINK = 0.75
"""How far a wide diagram may shrink to fit the lab before it scrolls instead."""


def on_enter(text: widgets.Text, callback) -> None:
    """Call ``callback()`` when Enter is pressed in ``text`` (the front end sends a ``submit`` event)."""
    def handle(_widget, content, _buffers):
        if content.get("event") == "submit":
            callback()

    text.on_msg(handle)


def heading(text: str) -> widgets.HTML:
    return widgets.HTML(f'<div class="sk-heading">{html.escape(text)}</div>')


def button(description: str, handler, *, tooltip: str = "", style: str = "") -> widgets.Button:
    b = widgets.Button(description=description, tooltip=tooltip or description, button_style=style,
                       layout=widgets.Layout(width="auto", min_width="7em", flex="0 0 auto"))
    b.on_click(lambda _b: handler())
    return b


def row(*children: widgets.Widget) -> widgets.HBox:
    """Widgets side by side, going on to the next line where the lab is narrow."""
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap", align_items="center"))


def replace_options(dropdown: widgets.Dropdown, options, handler=None) -> None:
    """New options for a choice that follows the target's state, keeping the chosen one if it is still there,
    without calling ``handler`` (its ``value`` observer, if any): an action redraws once, at its end."""
    options = tuple(options)
    if options == dropdown.options:
        return
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    current = dropdown.value
    if handler:
        dropdown.unobserve(handler, "value")
    dropdown.options = options
    dropdown.value = current if current in values else (values[0] if values else None)
    if handler:
        dropdown.observe(handler, "value")


def pre(text: str, css_class: str = "") -> str:
    return f'<pre class="sk-pre {css_class}">{html.escape(text)}</pre>'


def shorten(text: str, keep: int = SHOWN_LINES) -> str:
    """``text`` cut to its first and last lines, saying how many were left out."""
    lines = text.splitlines()
    if len(lines) <= keep:
        return text
    head, tail = keep // 3, keep - keep // 3
    return "\n".join([*lines[:head], f"... ({len(lines) - keep} more lines) ...", *lines[-tail:]]) + "\n"


def prompt_html(shown_prompt: str, line: str) -> str:
    prompt = f'<span class="sk-prompt">{html.escape(shown_prompt)}</span>'
    return f'<span class="sk-line">{prompt}{html.escape(line)}</span>\n'


def output_html(result: Result, keep: int = SHOWN_LINES) -> str:
    """What a command printed; a failing command's stderr in vermillion (progress on stderr, as ``docker build``
    and ``docker pull`` write it, stays plain)."""
    err = html.escape(shorten(result.err, keep))
    notes = html.escape(result.remarks)  # the simulator's voice, set apart from the tools'
    return (html.escape(shorten(result.out, keep)) + (f'<span class="sk-err">{err}</span>' if err and result.code
                                                      else err)
            + (f'<span class="sk-note">{notes}</span>' if notes else ""))


def transcript_html(entries: list[tuple[str, str, Result]]) -> str:
    """Command lines with their prompt and output, as a terminal shows them."""
    body = "".join(prompt_html(p, line) + output_html(result) for p, line, result in entries)
    return f'<pre class="sk-pre sk-transcript">{body}</pre>' if body else ""


def inline_svg(svg: str) -> str:
    """Graphviz's SVG document as an element of the page: its width at :data:`SCALE`, shrinking with the lab down to
    :data:`SHRINK` of that, then scrolling sideways (the text must stay readable)."""
    m = _SVG_START.match(svg)
    if not m:
        return svg
    width = float(m.group(1)) * 4 / 3 * SCALE
    style = f"width:{width:.0f}px; max-width:100%; min-width:{min(width * SHRINK, 100000):.0f}px; height:auto"
    return f'<div style="overflow-x:auto"><svg style="{style}"' + svg[m.end():] + "</div>"


class Lab(widgets.VBox):
    """A host or cluster, the controls to change it, the diagram that shows it, and its history.

    Subclasses give :attr:`title` (the question the lab answers), their
    controls, and :meth:`draw`; their handlers change the target inside
    ``with self.action(label):`` using :meth:`run`.
    """

    title = ""

    def __init__(self, target, controls: list[widgets.Widget], *, label: str = "start", setup: Sequence[str] = (),
                 transcript: bool = True, top: Sequence[widgets.Widget] = (),
                 side: Sequence[widgets.Widget] = ()) -> None:
        """``controls`` stand on the left, ``side`` and the transcript on the right, ``top`` across the lab above
        them; the diagram takes the whole width below, where it can be read from the back of a room. ``setup``
        lines run first; the transcript of the first state shows them (``transcript=False``: a lab that shows its
        commands itself, as the terminal does)."""
        self.target = target
        self.svg = ""
        """The diagram as an SVG document ("" where ``dot`` is missing)."""
        self.dot = ""
        """The diagram's DOT source."""
        self._entries: list[tuple[str, str, Result]] = []
        for line in setup:
            self.run(line)
        self.transcript = widgets.HTML(transcript_html(self._entries))
        self.diagram = widgets.HTML(layout=widgets.Layout(width="100%", margin="8px 0 0 0"))
        self.diagram.add_class("sk-diagram")
        self.undo_button = button("↶ Undo", self.undo, tooltip="Go back to before the last action and forget it")
        self.back_button = button("◀ Back", self.back, tooltip="Show the previous recorded state")
        self.forward_button = button("Forward ▶", self.forward, tooltip="Show the next recorded state")
        self.position = widgets.HTML()
        bar = widgets.HBox([self.undo_button, self.back_button, self.forward_button, self.position],
                           layout=widgets.Layout(align_items="center", margin="0 0 6px 0"))
        column = widgets.Layout(flex="1 1 400px", min_width="340px", margin="0 16px 0 0")
        left = widgets.VBox(controls, layout=column)
        right = widgets.VBox([*side, *([heading("What ran"), self.transcript] if transcript else [])], layout=column)
        super().__init__([widgets.HTML(f"<style>{CSS}</style>"),
                          widgets.HTML(f'<div class="sk-title">{html.escape(self.title)}</div>'), bar, *top,
                          widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap")), self.diagram])
        self.add_class("sk-lab")
        self.load()
        self.refresh()
        self._redraw()
        self.history = History(target, label, self.view())
        self._show_position()

    # ------------------------------------------------------------ what subclasses give

    def draw(self):
        """The diagram of the present state (a :class:`storagekit.viz.style.Diagram`)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Bring what the lab shows in line with the target's state (after an action, an undo, a step)."""

    def load(self) -> None:
        """Fill the forms from the target's state, dropping unsaved edits (at the start, and when a recorded
        state comes back)."""

    def view(self) -> dict:
        """What, besides the target's state, is needed to show this state again."""
        return {"entries": list(self._entries)}

    def show(self, view: dict) -> None:
        """Take back what :meth:`view` kept."""
        self._entries = list(view.get("entries", []))

    # ------------------------------------------------------------ actions

    def run(self, line: str) -> Result:
        """Run one command line on the target, as typed at its prompt, and add it to the transcript."""
        shown = prompt(self.target)
        result = self.target.sh(line)
        self._entries.append((shown, line, result))
        return result

    @contextlib.contextmanager
    def action(self, label: str):
        """One learner action: its commands' transcript replaces the last one, then one redraw and one record
        (also when the lab itself fails midway, so what is shown is what the target holds). The target runs no other
        thread's command meanwhile, so the record is of this action alone."""
        with lock_of(self.target):
            self._entries = []
            try:
                yield
            finally:
                self.transcript.value = transcript_html(self._entries)
                self.refresh()
                self._redraw()
                self.history.record(label, self.target, self.view())
                self._show_position()

    # ------------------------------------------------------------ history

    def undo(self) -> None:
        self._arrive(self.history.undo())

    def back(self) -> None:
        self._arrive(self.history.back())

    def forward(self) -> None:
        self._arrive(self.history.forward())

    def _arrive(self, state: State | None) -> None:
        if state is None:
            return
        self.target = state.target
        self.show(state.view)
        self.transcript.value = transcript_html(self._entries)
        self.load()
        self.refresh()
        self._redraw()
        self._show_position()

    def _show_position(self) -> None:
        h = self.history
        self.undo_button.disabled = self.back_button.disabled = not h.can_undo
        self.forward_button.disabled = not h.can_forward
        label = h.current.label.splitlines()[0] if h.current.label else ""
        shown = label if len(label) <= 56 else label[:55] + "…"
        self.position.value = (f'<span class="sk-position" title="{html.escape(label)}">State {h.position + 1} of '
                               f"{len(h)}: {html.escape(shown)}</span>")

    # ------------------------------------------------------------ drawing

    def _redraw(self) -> None:
        g = self.draw()
        self.dot = g.source
        try:
            self.svg = render.svg(g)
        except graphviz.ExecutableNotFound:
            self.svg = ""
            from storagekit.viz.style import NO_DOT

            self.diagram.value = pre(NO_DOT + self.dot)
            return
        self.diagram.value = inline_svg(self.svg)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and self.svg:
            bundle["image/svg+xml"] = self.svg
        return bundle

    def __repr__(self) -> str:
        """Short and the same on every run: a saved notebook's text/plain, which nbval compares."""
        h = self.history
        return f"{type(self).__name__}, state {h.position + 1} of {len(h)}: {h.current.label.splitlines()[0]}"
