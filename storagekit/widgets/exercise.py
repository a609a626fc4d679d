"""ExerciseCard: Check, Reset and Show solution for one graded exercise; the work itself goes in ``%%exercise``
cells below it, which the grader reads.

    exercises.task("docker-volume-in-use")      # the task, for this learner's copy (Markdown)
    ExerciseCard("docker-volume-in-use")        # the buttons and the verdict

The verdict and the hints come from :class:`storagekit.exercises.Attempt`; "Show solution" asks once more
before it plays the reference solution, and the attempt is then marked as solved with it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from storagekit import exercises
from storagekit.widgets.base import CSS, button, pre, row

CONFIRM = "Sure? Show the solution"


class ExerciseCard(widgets.VBox):
    def __init__(self, exercise_id: str) -> None:
        self.attempt = exercises.attempt(exercise_id)
        e = self.attempt.exercise
        self.check_button = button("Check", self.check, style="primary")
        self.reset_button = button("Reset", self.reset, tooltip="back to the start state")
        self.solution_button = button("Show solution", self.show_solution, style="warning")
        self.verdict = widgets.HTML()
        super().__init__([widgets.HTML(f"<style>{CSS}</style>"),
                          widgets.HTML(f'<div class="sk-title">{html.escape(e.title)} '
                                       f'({e.points} point{"s" if e.points != 1 else ""})</div>'),
                          row(self.check_button, self.reset_button, self.solution_button), self.verdict])
        self.add_class("sk-lab")

    def check(self) -> None:
        verdict = self.attempt.check()
        note = "\n(solved with the solution shown)" if self.attempt.used_solution and verdict.passed else ""
        self.verdict.value = pre(verdict.text + note, "sk-cached" if verdict.passed else "sk-err")

    def reset(self) -> None:
        self.attempt.reset()
        self.verdict.value = pre("Back to the start state: run your %%exercise cells again.")

    def show_solution(self) -> None:
        if self.solution_button.description != CONFIRM:
            self.solution_button.description = CONFIRM
            self.verdict.value = pre("Showing the solution marks this exercise as solved with it. "
                                     "Press again to show it.")
            return
        self.solution_button.description = "Show solution"
        lines = self.attempt.solution(sure=True)
        shown = lines or f"The answer: {self.attempt.truth()}"
        self.verdict.value = pre(f"{shown}\n\n{self.attempt.check().text}\n(solved with the solution shown)")

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = self.static_html()
        return bundle

    def static_html(self) -> str:
        """What a page shown without a kernel gives instead of the buttons."""
        e = self.attempt.exercise
        return (f"<div><p><b>{html.escape(e.title)}</b> ({e.points} point{'s' if e.points != 1 else ''})</p>"
                "<p><i>Run the notebook for Check, Reset and Show solution.</i></p></div>")

    def __repr__(self) -> str:
        return f"ExerciseCard({self.attempt.exercise.id!r})"
