"""The course: its concepts, the self-checks learners get after each step, and its running example.

    >>> from storagekit.course import check
    >>> check(("the answer is 42", 6 * 7 == 42))
    ✔ the answer is 42
    All done: the state is as it should be.

Questions with feedback are :class:`~storagekit.course.quiz.Question`; the
notebooks show them with the :class:`storagekit.widgets.Quiz` widget.
"""

from storagekit.course import example
from storagekit.course.checks import Checked, check
from storagekit.course.concepts import CONCEPTS, MODULES, ROLES, Concept, Module
from storagekit.course.quiz import Feedback, Question

__all__ = ["CONCEPTS", "MODULES", "ROLES", "Checked", "Concept", "Feedback", "Module", "Question", "check",
           "example"]
