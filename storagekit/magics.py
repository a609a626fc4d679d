"""IPython magics: a cell of shell lines run on the notebook's simulated host or cluster, printed as a terminal
shows them.

    %load_ext storagekit

    %%docker_host
    docker volume create data
    docker run -d --name db -v data:/var/lib/mysql mysql:8.0

    %%kubectl_cluster
    kubectl get storageclass

    %%exercise docker-volume-on-run
    docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v shop_data:/var/lib/mysql mysql

Each line is printed after the machine's prompt, followed by what it printed
(stdout, then stderr), as in a terminal. A line that continues (a trailing
backslash, a here-document) takes the following lines with it. The machine
is the notebook variable named after the magic (``%%docker_host web`` uses
``web``; the default names are ``host`` and ``cluster``); when there is none
yet, a fresh ``DockerHost()`` or ``Cluster.kind()`` is made under that name,
so later cells, the labs and ``host.sh(...)`` all see the same machine.
"""

from __future__ import annotations

import sys

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class

from storagekit.commands.prompt import prompt, split_lines


def transcript(target, script: str) -> str:
    """Run each command line of ``script`` on ``target``; the text a terminal would show."""
    parts = []
    for command in split_lines(script):
        first, *more = command.split("\n")
        parts.append(prompt(target) + first + "\n" + "".join(f"> {line}\n" for line in more))
        result = target.sh(command)
        parts.append(str(result))  # its output, then the simulator's remarks
    return "".join(parts)


@magics_class
class StoragekitMagics(Magics):
    def _machine(self, name: str, make):
        assert self.shell is not None, "IPython gives the magics it registers its shell"
        namespace = self.shell.user_ns
        name = name.strip() or make.__name__
        if not name.isidentifier():
            raise UsageError(f"{name!r} is not a Python variable name")
        if name not in namespace:
            namespace[name] = make()
        return namespace[name]

    @cell_magic
    def docker_host(self, line: str, cell: str) -> None:
        """Run the cell's lines at the prompt of the ``DockerHost`` in the variable named on the magic's line
        (default ``host``; made fresh if missing)."""
        from storagekit import DockerHost

        def host():
            return DockerHost()

        sys.stdout.write(transcript(self._machine(line, host), cell))

    @cell_magic
    def kubectl_cluster(self, line: str, cell: str) -> None:
        """Run the cell's lines at the workstation of the ``Cluster`` in the variable named on the magic's line
        (default ``cluster``; a fresh ``Cluster.kind()`` if missing)."""
        from storagekit import Cluster

        def cluster():
            return Cluster.kind()

        sys.stdout.write(transcript(self._machine(line, cluster), cell))


    @cell_magic
    def exercise(self, line: str, cell: str) -> None:
        """``%%exercise ID``: run the cell's lines on the exercise's own host or cluster, then check it;
        ``%%exercise ID --answer``: give the cell's lines as the answer to a prediction. The grader reads these
        cells (see :mod:`storagekit.exercises.notebook`)."""
        from storagekit import exercises
        from storagekit.exercises.notebook import body_lines, parse_header, prediction

        try:
            exercise_id, is_answer = parse_header(line)
            attempt = exercises.attempt(exercise_id)
        except (ValueError, KeyError) as exc:
            raise UsageError(str(exc.args[0])) from None
        question = attempt.exercise.question
        if is_answer and question is None:
            raise UsageError(f"{exercise_id} asks for commands, not an answer: drop --answer")
        if question is not None and is_answer:
            verdict = attempt.answer(prediction(cell, question.many))
        else:
            for command in body_lines(cell):
                first, *more = command.split("\n")
                sys.stdout.write(prompt(attempt.target) + first + "\n" + "".join(f"> {m}\n" for m in more))
                sys.stdout.write(str(attempt.sh(command)))
            verdict = attempt.check()
        sys.stdout.write(verdict.text + "\n")


def load_ipython_extension(ipython) -> None:
    ipython.register_magics(StoragekitMagics)
