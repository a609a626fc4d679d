"""Labs: ipywidgets views over one host or cluster, each with its diagram, a transcript, undo and step-through.

================  ==============================================================
``BuildLab``      two build contexts, the build cache, shared layers
``CowLab``        a running container's files and its writable layer
``MountLab``      volumes, bind mounts, tmpfs; ``-v`` beside ``--mount``
``DriverLab``     which storage driver a machine's dockerd picks, and why
``BindingLab``    PersistentVolumes and claims as cards; the binder, step by step
``AccessModeLab`` Pods on nodes sharing claims: RWO, RWX, RWOP
``TerminalLab``   a terminal beside a diagram
``Quiz``          a question with choices, checked at once
``ExerciseCard``  Check, Reset and Show solution for a graded exercise
================  ==============================================================

Every lab runs command lines through the public API, so what it does is what a
learner could type; its Undo, Back and Forward buttons walk the recorded states.
"""

from storagekit.widgets.access import AccessModeLab
from storagekit.widgets.binding import BindingLab
from storagekit.widgets.build import BuildLab
from storagekit.widgets.cow import CowLab
from storagekit.widgets.drivers import DriverLab
from storagekit.widgets.exercise import ExerciseCard
from storagekit.widgets.mounts import MountLab
from storagekit.widgets.quiz import Quiz
from storagekit.widgets.terminal import Terminal, TerminalLab

__all__ = ["AccessModeLab", "BindingLab", "BuildLab", "CowLab", "DriverLab", "ExerciseCard", "MountLab", "Quiz",
           "Terminal", "TerminalLab"]
