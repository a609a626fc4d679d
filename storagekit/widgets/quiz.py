"""Quiz: a question with choices, a Check button, and feedback at once.

The verdict comes from :meth:`storagekit.course.quiz.Question.grade`; this
widget only shows the question and the verdict. Its text form (what a saved
notebook shows where widgets do not run, and what nbval compares) is the
question and its choices, never the answer.

    Quiz("Which instructions add a layer?", choices=["FROM, RUN and COPY", "all of them"],
         answer="FROM, RUN and COPY", why="Only instructions that change files make a layer.")
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import ipywidgets as widgets

from storagekit.course.quiz import Feedback, Question
from storagekit.widgets.base import CSS, button, row


class Quiz(widgets.VBox):
    def __init__(self, prompt: str, *, choices: Iterable[str], answer: str | Iterable[str], why: str,
                 hints: Mapping[str, str] | None = None) -> None:
        self.question = Question.of(prompt, choices, answer, why, hints)
        if self.question.multiple:
            self.boxes = [widgets.Checkbox(description=c, indent=False, layout=widgets.Layout(width="auto"))
                          for c in self.question.choices]
            options: widgets.Widget = widgets.VBox(self.boxes)
        else:
            self.radio = widgets.RadioButtons(options=self.question.choices, value=None,
                                              layout=widgets.Layout(width="auto"))
            options = self.radio
        self.feedback = widgets.HTML()
        self.check_button = button("Check", self.check, style="primary")
        note = " <i>(select all that apply)</i>" if self.question.multiple else ""
        super().__init__([widgets.HTML(f"<style>{CSS}</style>"),
                          widgets.HTML(f'<div class="sk-title">{html.escape(prompt)}{note}</div>'),
                          options, row(self.check_button), self.feedback])
        self.add_class("sk-lab")

    @property
    def chosen(self) -> str | frozenset[str] | None:
        if self.question.multiple:
            return frozenset(box.description for box in self.boxes if box.value)
        return self.radio.value

    def check(self) -> Feedback:
        """Grade what is selected and show the verdict under the question."""
        verdict = self.question.grade(self.chosen)
        colour = "#1b7a1b" if verdict.correct else "#b00020"
        self.feedback.value = (f'<div style="color: {colour}; white-space: pre-wrap; font-weight: 600">'
                               f"{html.escape(verdict.text)}</div>")
        return verdict

    def answer(self, given: str | Iterable[str]) -> Feedback:
        """Select ``given`` as a learner would, and check it (for typed use, and the tests)."""
        if self.question.multiple:
            chosen = {given} if isinstance(given, str) else set(given)
            for box in self.boxes:
                box.value = box.description in chosen
        else:
            self.radio.value = given if given in self.question.choices else None
            if self.radio.value is None:
                return self.question.grade(given)
        return self.check()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = self.question.text   # ipywidgets cuts its text form at 110 characters
            bundle["text/html"] = self.static_html()
        return bundle

    def static_html(self) -> str:
        """The question and its choices, never the answer, for pages shown without a kernel (GitHub, nbviewer,
        exported HTML), where the widget cannot run."""
        mark = "&#9744;" if self.question.multiple else "&#9675;"
        note = " <i>(select all that apply)</i>" if self.question.multiple else ""
        items = "".join(f"<li>{mark} {html.escape(c)}</li>" for c in self.question.choices)
        return (f"<div><p><b>{html.escape(self.question.prompt)}</b>{note}</p>"
                f'<ul style="list-style: none">{items}</ul>'
                "<p><i>Run the notebook to check an answer.</i></p></div>")

    def __repr__(self) -> str:
        return self.question.text
