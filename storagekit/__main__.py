"""The kit's own command line: ``storagekit shell`` opens a prompt on a fresh simulated host.

For instructors who prefer a terminal to a notebook: every line typed runs on
the same deterministic host a notebook would create, so a demo matches the
course's stored outputs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

BANNER = """storagekit {version}: a simulated Debian host running Docker Engine {engine}.
Nothing here touches your machine. Type `exit` or press Ctrl-D to leave.
"""


def shell(stdin=None, stdout=None) -> int:
    """Read lines, run them on the host, print what they print. Returns the last exit status."""
    from storagekit import DockerHost, __version__
    from storagekit.commands.prompt import needs_more, prompt

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    host = DockerHost()
    interactive = stdin.isatty()
    host.terminal = interactive
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())
        stdout.write(BANNER.format(version=__version__, engine=host.engine_version))
    status = 0
    while True:
        try:
            line = input(prompt(host)) if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n" if interactive else "")
            return status
        if not interactive and line == "":
            return status
        line = line.rstrip("\n")
        while needs_more(line):
            more = input("> ") if interactive else stdin.readline()
            if not interactive and more == "":
                break
            line += "\n" + more.rstrip("\n")
        if line.strip() in ("exit", "logout"):
            return status
        result = host.sh(line)
        _show(result, stdout)
        status = result.code
        if host.attached is not None:  # docker run -it / exec -it: the container's shell reads the next lines
            session, host.attached = host.attached, None
            status = _inside(session, stdout)


def _inside(session, stdout) -> int:
    """Lines typed at the container's prompt, until ``exit`` (or Ctrl-D) brings back the host's."""
    while True:
        try:
            line = input(session.prompt())
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")
            line = "exit"
        result = session.run(line.rstrip("\n"))
        if result is None:
            return session.status
        _show(result, stdout)


def _show(result, stdout) -> None:
    stdout.write(result.out)
    (sys.stderr if stdout is sys.stdout else stdout).write(result.err + result.remarks)
    stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storagekit", description="Container storage, simulated.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("shell", help="open a prompt on a fresh simulated Docker host")
    ex = sub.add_parser("exercises", help="the graded exercises").add_subparsers(dest="action", required=True)
    ex.add_parser("list", help="one exercise a line: id, title, points")
    show = ex.add_parser("show", help="an exercise's task, concepts, points and par")
    show.add_argument("id")
    show.add_argument("--seed", type=int, default=0, help="the copy to show (the notebooks' is 0)")
    rel = sub.add_parser("release", help="the learners' copies of exercise notebooks: answers emptied, checks kept")
    rel.add_argument("src", help="an instructor's notebook, or a folder of them")
    rel.add_argument("dest", help="the folder to write the learners' copies into")
    gr = sub.add_parser("grade", help="grade submitted notebooks in fresh kernels, replaying each answer here")
    gr.add_argument("submissions", nargs="+", help="notebooks, e.g. submitted/*/exercises.ipynb (the folder names "
                                                   "the learner)")
    gr.add_argument("-o", "--output", default="grades.csv", help="the gradebook CSV (default grades.csv)")
    gr.add_argument("--feedback", default="feedback", help="the folder for one report a learner (default feedback)")
    gr.add_argument("--timeout", type=int, default=60, help="seconds a cell may run (default 60)")
    args = parser.parse_args(argv)
    if args.command == "shell":
        return shell()
    if args.command == "exercises":
        return exercises(args, sys.stdout)
    if args.command == "release":
        return release(args)
    if args.command == "grade":
        return grade(args)
    parser.print_help()
    return 0


def release(args) -> int:
    from pathlib import Path

    from storagekit.exercises.release import release as release_notebooks

    src = Path(args.src)
    if not src.exists():
        print(f"storagekit: {src}: no such notebook or folder", file=sys.stderr)
        return 2
    for path in release_notebooks(src, Path(args.dest)):
        print(path)
    return 0


def grade(args) -> int:
    from pathlib import Path

    from storagekit.exercises import grading

    paths = [Path(p) for p in args.submissions]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"storagekit: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2

    def progress(n: int, total: int, g) -> None:
        print(f"[{n}/{total}] {g.learner}: {grading._number(g.total)} points", file=sys.stderr)

    ids, results = grading.grade_all(paths, timeout=args.timeout, progress=progress)
    grading.write_gradebook(Path(args.output), ids, results)
    feedback = Path(args.feedback)
    feedback.mkdir(parents=True, exist_ok=True)
    for g in results:
        (feedback / f"{g.learner}.md").write_text(grading.feedback(g))
    print(f"{len(results)} submissions, {len(ids)} exercises: {args.output}, {feedback}/")
    return 0


def exercises(args, out) -> int:
    from storagekit import exercises as registry

    if args.action == "list":
        for e in registry.EXERCISES.values():
            out.write(f"{e.id:32} {e.title:44} {e.points} point{'s' if e.points > 1 else ''}\n")
        return 0
    try:
        e = registry.get(args.id)
    except KeyError as exc:
        print(f"storagekit: {exc.args[0]}", file=sys.stderr)
        return 2
    params = e.parameters(args.seed)
    par = f", par {e.par} command{'s' if e.par != 1 else ''}" if e.par else ""
    out.write(f"{e.id}: {e.title}\n{e.kind}, {e.target}, {e.points} points{par}; concepts {', '.join(e.concepts)}\n\n"
              f"{e.instructions.format(**params)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
