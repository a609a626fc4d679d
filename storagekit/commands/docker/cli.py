"""The ``docker`` program: global options, command lookup, flag parsing and dispatch to handlers.

The order of steps follows docker/cli's ``runDocker`` and cobra's ``ExecuteC``
(global flags, then ``Traverse`` down the tree, then the command's own flags,
``--help``, argument count, support checks, run) because that order decides
which error a learner sees when a line has several mistakes.

Errors end here too, as in docker's ``main``: a handler raises the daemon's
refusal (a :class:`~storagekit.docker.errors.DockerError`) or a
:class:`StatusError`, and this module prints it once, in the API client's
words (``Error response from daemon: ...``), with its exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from storagekit.commands.cli.flags import Flag, FlagError, Parsed
from storagekit.commands.docker.command import Command
from storagekit.commands.docker.flags import DockerFlagSet
from storagekit.commands.docker.help import usage_text
from storagekit.commands.docker.specs import build_tree
from storagekit.commands.shell.context import ProcessContext
from storagekit.docker.errors import DockerError, InvalidReference
from storagekit.sim.errors import NotSimulated
from storagekit.sim.strconv import parse_bool

VERSION = "28.2.2"
GIT_COMMIT = "e6534b4"
"""The docker/cli release the simulated client reproduces."""

FLAG_ERROR_STATUS = 125
LOG_LEVELS = ("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace")

BUILDX_MISSING_WARNING = """DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/"""
BUILDKIT_DISABLED_WARNING = """DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0
            environment-variable."""
BUILDX_MISSING_ERROR = """ERROR: BuildKit is enabled but the buildx component is missing or broken.
       Install the buildx component to build images with BuildKit:
       https://docs.docker.com/go/buildx/"""


class StatusError(Exception):
    """docker/cli's ``cli.StatusError``: the text ``main`` prints on stderr (if any) and the exit status."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


NO_DAEMON = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"


class DaemonUnreachable(StatusError):
    """The API client's answer when no daemon listens on its socket: raised at a command's first call to the
    daemon, so whatever the client checks or prints before that (flags, ``-it``, ``[]``) comes first."""

    def __init__(self) -> None:
        super().__init__(NO_DAEMON)


@dataclass
class Call:
    """What a handler gets: the parsed command line and where to write.

    ``opts`` holds every flag of the command (defaults filled in), keyed by long
    name; ``command`` is the spec as invoked (``docker images`` keeps its own
    name for messages) and ``global_opts`` the root options (``-H``, ``-D``...).
    """

    command: Command
    opts: dict[str, Any]
    args: list[str]
    ctx: ProcessContext
    backend: Any
    given: frozenset[str] = frozenset()
    global_opts: dict[str, Any] = field(default_factory=dict)
    dash_at: int = -1
    """How many positional args came before ``--`` (cobra's ``ArgsLenAtDash``), or -1."""
    argv: list[str] = field(default_factory=list)
    """The command line as typed (``docker build ...`` runs as ``docker buildx build``)."""

    def changed(self, name: str) -> bool:
        return name in self.given

    def out(self, text: str) -> None:
        self.ctx.out(text)

    def err(self, text: str) -> None:
        self.ctx.err(text)

    def confirmed(self, warning: str, write: Callable[[str], None] | None = None) -> bool:
        """``--force`` or a yes to ``WARNING! ... [y/N]`` (docker/cli's ``prompt.Confirm``): only ``y`` or ``Y`` on
        the first line of stdin, around which blanks do not count, is a yes; ``yes`` is not."""
        if self.opts.get("force"):
            return True
        (write or self.out)(warning + " [y/N] ")
        answer = self.ctx.stdin.decode(errors="replace").partition("\n")[0]
        return answer.strip() in ("y", "Y")

    @property
    def env(self) -> dict[str, str]:
        return self.ctx.env


Handler = Callable[[Call], int]


def daemon_error(exc: DockerError) -> str:
    """How the API client words a refusal from the daemon."""
    return f"Error response from daemon: {exc.message}"


def error_text(exc: DockerError | StatusError) -> str:
    """What ``main`` prints for an error a command returned: the daemon's in the client's words, or the client's own."""
    return daemon_error(exc) if isinstance(exc, DockerError) else str(exc)


def with_help(text: str, name: str, status: int = 125) -> StatusError:
    """docker/cli's ``withHelp``: ``docker run`` and ``create`` point at their ``--help`` after an error (by that
    short name, even when typed as ``docker container run``)."""
    return StatusError(f"docker: {text}\n\nRun 'docker {name} --help' for more information", status)


def to_status_error(fn: Handler) -> Handler:
    """docker/cli's ``toStatusError``, which ``docker run`` puts on every error: the client's own (a bad image
    reference) or the daemon's, then a pointer to ``--help``; exit 127 when there was nothing to run, 126 when it
    could not be run, 125 for any other (the container's own failures keep their exit codes)."""

    def run(call: Call) -> int:
        try:
            return fn(call)
        except InvalidReference as exc:  # parsed by the client before the daemon is asked
            raise with_help(exc.message, "run") from None
        except DaemonUnreachable as exc:
            raise with_help(str(exc), "run") from None
        except DockerError as exc:
            text = exc.message
            if any(s in text for s in ("executable file not found", "no such file or directory",
                                       "system cannot find the file specified")):
                status = 127
            elif "permission denied" in text or "is a directory" in text:
                status = 126
            else:
                status = 125
            raise with_help(daemon_error(exc), "run", status) from None
    return run


def for_each(call: Call, action: Callable[[str], object], *, echo: bool = True,
             forgive: type | tuple = (), tolerate: type | tuple = ()) -> list[str]:
    """Act on each object the command names, in turn, as docker/cli's loops do: a refusal stops none of the others.

    Prints each name that succeeded (``echo``). A refusal (the daemon's, or the
    client's own :class:`StatusError`) of a ``forgive`` kind is printed at once and
    does not fail the command (``docker rm -f`` of a missing container); the others
    are reported together at the end (``errors.Join``), with exit status 1, or 0
    when every one is of a ``tolerate`` kind (``docker rmi -f`` of missing images).
    Returns the names whose refusal was forgiven.
    """
    forgiven: list[str] = []
    refused: list[DockerError | StatusError] = []
    for name in call.args:
        try:
            action(name)
        except (DockerError, StatusError) as exc:
            if isinstance(exc, forgive):
                call.err(error_text(exc) + "\n")
                forgiven.append(name)
            else:
                refused.append(exc)
            continue
        if echo:
            call.out(name + "\n")
    if refused:
        raise StatusError("\n".join(error_text(e) for e in refused),
                          0 if all(isinstance(e, tolerate) for e in refused) else 1)
    return forgiven


Program = Callable[[ProcessContext, list[str]], int]

TREE = build_tree()
_handlers: dict[tuple[str, ...], Handler] = {}


def lookup(path: tuple[str, ...] | list[str]) -> Command:
    """The spec at ``path`` (aliases allowed, e.g. ``("image", "list")``); ``KeyError`` if none."""
    return TREE.descendant(path)


def register(path: tuple[str, ...] | list[str], fn: Handler) -> Handler:
    """Serve ``path`` and every shortcut of it (``image ls`` also serves ``images``) with ``fn``."""
    _handlers[lookup(path).key] = fn
    return fn


def handler(*path: str) -> Callable[[Handler], Handler]:
    """Decorator form of ``register``: ``@handler("image", "ls")``."""
    return lambda fn: register(path, fn)


def registered(path: tuple[str, ...] | list[str]) -> Handler | None:
    """The handler serving ``path``, if the engine has registered one."""
    return _handlers.get(lookup(path).key)


def run(argv: list[str], ctx: ProcessContext, backend: Any = None, *, connected: bool = True,
        buildx: bool = True) -> int:
    """Run one ``docker ...`` command line and return its exit status.

    ``connected`` means a Linux daemon without swarm or experimental features
    answers, so help hides what such a daemon does not support, as the real
    client does after asking the daemon; ``False`` shows the daemon-less view.
    ``buildx`` says the buildx plugin is installed (as with Docker Engine 28
    packages), which makes ``docker build`` and ``docker builder`` BuildKit's.
    """
    return _Run(ctx, backend, connected, buildx, list(argv)).main(list(argv[1:]))


def program(backend: Any, *, connected: bool = True, buildx: bool = True) -> Program:
    """The ``docker`` executable for the simulated shell, bound to one engine ``backend``."""
    return lambda ctx, argv: run(argv, ctx, backend, connected=connected, buildx=buildx)


class _Run:
    """One invocation: the state cobra keeps on its command objects while a line is parsed."""

    def __init__(self, ctx: ProcessContext, backend: Any, connected: bool, buildx: bool, argv: list[str]):
        self.ctx, self.backend, self.connected, self.buildx, self.argv = ctx, backend, connected, buildx, argv
        self.help_given = False
        self.builder_default = ctx.env.get("BUILDX_BUILDER", "")
        self.walk_warnings: list[str] = []

    def main(self, args: list[str]) -> int:
        root_flags = DockerFlagSet(TREE.all_flags(), interspersed=False)
        try:
            self.root_state = root_flags.parse(args)
        except FlagError as e:
            return self.flag_error(TREE, e)
        for w in self.root_state.warnings:
            self.ctx.err(w)
        self.root_state.warnings.clear()
        self.help_given = self.root_state.values["help"]
        try:
            self.initialize(self.root_state.values)
            rest = self.forward_builder(self.root_state.args)
            cmd, rest = self.traverse(TREE, rest)
            return self.execute(cmd, rest)
        except FlagError as e:
            self.ctx.err(f"{e}\n")
            return 1
        except DockerError as e:
            self.ctx.err(daemon_error(e) + "\n")
            return 1
        except NotSimulated as e:
            self.ctx.err(f"[storagekit] {e.message}\n")
            return 1
        except StatusError as e:
            if str(e):
                self.ctx.err(f"{e}\n")
            return e.status

    @staticmethod
    def initialize(opts: dict[str, Any]) -> None:
        """The checks of ``DockerCli.Initialize`` that need no daemon."""
        if opts["log-level"].lower() not in LOG_LEVELS:
            raise StatusError(f"Unable to parse logging level: {opts['log-level']}")
        if opts["context"] and opts["host"]:
            raise StatusError("conflicting options: cannot specify both --host and --context")

    def forward_builder(self, args: list[str]) -> list[str]:
        """docker's ``processBuilder``: hand builds and ``builder`` to buildx unless BuildKit is off."""
        if args[:1] == ["builder"]:
            forwarded = ["buildx", *args[1:]]
        elif args[:1] == ["build"]:
            forwarded = ["buildx", "build", *args[1:]]
        elif args[:2] == ["image", "build"]:
            forwarded = ["buildx", "build", *args[2:]]
        else:
            return args
        wanted = disabled = False
        if "DOCKER_BUILDKIT" in self.ctx.env:
            try:
                wanted = parse_bool(self.ctx.env["DOCKER_BUILDKIT"])
            except ValueError as e:
                raise StatusError(f"DOCKER_BUILDKIT environment variable expects boolean value: {e}") from None
            disabled = not wanted
        if disabled:
            self.ctx.err(BUILDKIT_DISABLED_WARNING + "\n\n")
            return args
        if not self.buildx:
            if wanted:
                raise StatusError(BUILDX_MISSING_ERROR)
            self.ctx.err(BUILDX_MISSING_WARNING + "\n\n")
            return args
        if not self.builder_default and not _names_builder(args):
            self.builder_default = "default"
        return forwarded

    def flags_of(self, cmd: Command) -> tuple[Flag, ...]:
        """The command's flags, with buildx's ``--builder`` defaulting to ``$BUILDX_BUILDER``."""
        flags = cmd.all_flags()
        if cmd.path[:1] == ("buildx",) and self.builder_default:
            flags = tuple(replace(f, default=self.builder_default) if f.name == "builder" else f for f in flags)
        return flags

    def child(self, cmd: Command, word: str) -> Command | None:
        found = cmd.find_child(word)
        return None if found is not None and found.plugin and not self.buildx else found

    def state_for(self, cmd: Command) -> Parsed:
        if cmd is TREE:
            self.root_state.args = []
            return self.root_state
        st = DockerFlagSet(self.flags_of(cmd)).fresh()
        st.values["help"] = self.help_given
        return st

    def traverse(self, cmd: Command, args: list[str]) -> tuple[Command, list[str]]:
        """cobra's ``Traverse``: flags before a subcommand's name belong to the command they follow."""
        fs = DockerFlagSet(self.flags_of(cmd), env=self.ctx.env)
        flags: list[str] = []
        in_flag = False
        for i, arg in enumerate(args):
            if arg.startswith("--") and "=" not in arg:
                in_flag = not fs.has_no_opt(arg[2:])
                flags.append(arg)
                continue
            if arg.startswith("-") and "=" not in arg and len(arg) == 2 and not fs.short_has_no_opt(arg[1:]):
                in_flag = True
                flags.append(arg)
                continue
            if in_flag:
                in_flag = False
                flags.append(arg)
                continue
            if arg.startswith("-") and len(arg) > 1:
                flags.append(arg)
                continue
            nxt = self.child(cmd, arg)
            if nxt is None:
                return cmd, args
            st = fs.parse(flags, self.state_for(cmd))
            self.help_given = self.help_given or st.values["help"]
            for w in st.warnings:
                self.ctx.out(w)
            self.walk_warnings.extend(st.warnings)
            return self.traverse(nxt, args[i + 1:])
        return cmd, args

    def flag_error(self, cmd: Command, e: FlagError) -> int:
        self.ctx.err(f"{e}\n\nUsage:  {cmd.use_line}\n\nRun '{cmd.command_path} --help' for more information\n")
        return FLAG_ERROR_STATUS

    def help(self, cmd: Command) -> str:
        return usage_text(cmd, self.connected, self.buildx, self.flags_of(cmd))

    def show_help(self, cmd: Command) -> int:
        # The real client walks the command line twice more while preparing help,
        # repeating warnings about flags given before the subcommand's name.
        for w in self.walk_warnings * 2:
            self.ctx.out(w)
        self.ctx.out(self.help(cmd))
        return 0

    def execute(self, cmd: Command, args: list[str]) -> int:
        if cmd.partial:
            return self.decline(cmd)
        fs = DockerFlagSet(self.flags_of(cmd), interspersed=cmd.interspersed, env=self.ctx.env)
        try:
            st = fs.parse(args, self.state_for(cmd))
        except FlagError as e:
            return self.flag_error(cmd, e)
        for w in st.warnings:
            self.ctx.out(w)
        if st.values["help"] or not cmd.runnable:
            return self.show_help(cmd)
        if cmd is TREE and st.values["version"]:
            self.ctx.out(f"Docker version {VERSION}, build {GIT_COMMIT}\n")
            return 0
        if cmd.args_check is not None:
            problem = cmd.args_check(cmd, st.args)
            if problem:
                raise StatusError(problem)
        unsupported = self.unsupported(cmd, st)
        if unsupported:
            raise StatusError(unsupported)
        if cmd is TREE:
            if st.args:
                raise StatusError(f"docker: unknown command: docker {st.args[0]}\n\n"
                            "Run 'docker --help' for more information")
            self.ctx.err(self.help(cmd))
            return 0
        if cmd.path == ("help",):
            return self.help_topic(st.args)
        if cmd.children:
            self.ctx.err(self.help(cmd))
            return 0
        return self.dispatch(cmd, st)

    def unsupported(self, cmd: Command, st: Parsed) -> str:
        """docker's ``areFlagsSupported``: flags the connected daemon cannot honour."""
        if not self.connected:
            return ""
        problems = []
        for f in cmd.flags:
            if f.name not in st.changed or not f.requires:
                continue
            if f.requires == "experimental":
                problems.append(f'"--{f.name}" is only supported on a Docker daemon with experimental features enabled')
            else:
                problems.append(f'"--{f.name}" is only supported on a Docker daemon running on {f.requires},'
                                " but the Docker daemon is running on linux")
        return "\n".join(problems)

    def help_topic(self, words: list[str]) -> int:
        """``docker help CMD...``: find the topic as cobra's ``Find`` does, leftovers are an error."""
        cmd = TREE
        rest = list(words)
        while rest:
            nxt = self.child(cmd, rest[0])
            if nxt is None:
                break
            cmd, rest = nxt, rest[1:]
        if rest:
            raise StatusError(f"unknown help topic: {' '.join(rest)}")
        self.ctx.out(self.help(cmd))
        return 0

    def decline(self, cmd: Command) -> int:
        note = f"[storagekit] '{cmd.command_path}' is not simulated yet."
        self.ctx.note(note)
        self.ctx.err(note + "\n")
        return 1

    def dispatch(self, cmd: Command, st: Parsed) -> int:
        fn = _handlers.get(cmd.key)
        if fn is None:
            return self.decline(cmd)
        if cmd.key in getattr(self.backend, "disabled_commands", ()):
            note = f"[storagekit] 'docker {' '.join(cmd.key)}' is disabled in this exercise: reach the goal without it."
            self.ctx.note(note)
            self.ctx.err(note + "\n")
            return 1
        call = Call(cmd, st.values, st.args, self.ctx, self.backend, frozenset(st.changed),
                    dict(self.root_state.values), st.dash_at, self.argv)
        return fn(call)


def _names_builder(args: list[str]) -> bool:
    """docker's ``hasBuilderName``: a ``--builder`` given before any other flag (its parse stops at one)."""
    for i, arg in enumerate(args):
        if arg == "--":
            return False
        if arg.startswith("--builder="):
            return arg != "--builder="
        if arg == "--builder":
            return i + 1 < len(args) and args[i + 1] != ""
        if arg.startswith("-") and len(arg) > 1:
            return False
    return False
