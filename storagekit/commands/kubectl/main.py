"""The ``kubectl`` program: finding the command, parsing its flags, help, errors, and the handler that runs it.

The steps and their order follow kubectl's ``main`` and cobra's ``ExecuteC``
(the plugin lookup, ``Find``, flag parsing, ``--help``, the profiling flags
checked by the root's ``PersistentPreRunE``, required flags, then ``Run``),
because that order decides which error a learner sees when a line has
several mistakes. Every error ends as kubectl's ``CheckErr`` prints it:
``error: ...`` on stderr and status 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storagekit.commands.cli.command import find, strip_flags
from storagekit.commands.cli.flags import FlagError
from storagekit.commands.kubectl.cli import Args, KubectlError, Options, UsageError
from storagekit.commands.kubectl.command import Command, KubectlFlagSet, tree
from storagekit.commands.kubectl.help import help_text, options_text, usage_text
from storagekit.commands.kubectl.support import unsupported
from storagekit.sim.errors import NotSimulated
from storagekit.sim.goquote import go_quote

Handler = Callable[[Any, Any, Options, Args], int]
"""A simulated command: ``(cluster, ctx, opts, args)`` to its exit status."""

PROFILES = ("none", "cpu", "heap", "goroutine", "threadcreate", "block", "mutex", "allocs")
"""What ``--profile`` accepts: Go's ``runtime/pprof`` profiles."""


class Exit(Exception):
    """Stop with ``error: MESSAGE`` on stderr (kubectl's ``CheckErr``), or with nothing more to say."""

    def __init__(self, message: str = "", status: int = 1):
        super().__init__(message)
        self.status = status


def main(argv: list[str], ctx, handlers: dict[tuple[str, ...], Handler],
         run: Callable[[Handler, Options, Args, NotSimulated | None], int]) -> int:
    """Run one ``kubectl ...`` line; ``handlers`` serve the simulated commands, called through ``run`` with the
    refusal of a flag the command declines, if one was given (:mod:`.support`)."""
    try:
        return _execute(argv[1:], ctx, handlers, run)
    except Exit as e:
        message = str(e)
        if message:
            ctx.err(message if message.endswith("\n") else message + "\n")
        return e.status


def _execute(args: list[str], ctx, handlers, run) -> int:
    root = tree()
    cmd, rest = find(root, args, KubectlFlagSet)
    unknown = _unknown_command(root, cmd, rest)
    # kubectl looks for a plugin (kubectl-NAME on PATH, none here) before cobra adds its help command
    if unknown or cmd.path == ("help",):
        name = next((a for a in args if not a.startswith("-")), "")
        if name != "help" and args[0].startswith("-"):
            raise Exit(f"Error: flags cannot be placed before plugin name: {args[0]}")
    if unknown:
        raise Exit(f"error: {unknown}")
    fs = KubectlFlagSet(cmd.all_flags(), env=ctx.env)
    try:
        st = fs.parse(rest)
    except FlagError as e:
        if cmd.special == "options":
            raise Exit(f"error: {e}\nRun 'kubectl options' without flags.") from None
        if cmd.flag_error_status:
            raise Exit(f"error: {e}\nSee '{cmd.command_path} -h' for help and examples",
                       cmd.flag_error_status) from None
        raise Exit(f"error: {e}\nSee '{cmd.command_path} --help' for usage.") from None
    for w in st.warnings:
        ctx.err(w)
    opts = st.values
    if opts["help"] or not cmd.runnable:
        return _help(ctx, cmd)
    if opts["profile"] not in PROFILES:
        raise Exit(f"error: unknown profile '{opts['profile']}'")
    missing = [name for name in sorted(cmd.required) if name not in st.changed]
    if missing:
        raise Exit("error: required flag(s) " + ", ".join(f'"{n}"' for n in missing) + " not set")
    if cmd.path == ("help",):
        return _help_topic(ctx, root, st.args)
    if cmd.subcommands_only:
        stream, status, *strict = cmd.subcommands_only.removeprefix("help-").split(":")
        if st.args and strict:
            raise Exit(f"error: unknown command {go_quote(' '.join(st.args))}\n"
                       f"See '{cmd.command_path} -h' for help and examples")
        (ctx.out if stream == "stdout" else ctx.err)(help_text(cmd))
        return int(status)
    if cmd.special == "options":
        ctx.out(options_text(cmd))
        return 0
    if cmd is root:
        ctx.out(help_text(cmd))
        return 0
    handler = handlers.get(cmd.path)
    if handler is None:
        return _decline(ctx, f"'{cmd.command_path}' is not simulated yet.", handlers)
    try:
        return run(handler, Options(opts, st.changed), Args(st.args, st.dash_at),
                   unsupported(cmd.path, fs, opts, st.changed))
    except NotSimulated as e:
        return _decline(ctx, str(e), handlers)
    except UsageError as e:
        raise Exit(f"error: {e}\nSee '{cmd.command_path} -h' for help and examples") from None
    except KubectlError as e:
        raise Exit(f"error: {e}") from None


def _unknown_command(root: Command, cmd: Command, rest: list[str]) -> str:
    """cobra's ``legacyArgs``: a first word that names no command of the root, with suggestions."""
    if cmd is not root:
        return ""
    words = strip_flags(rest, KubectlFlagSet(cmd.all_flags(help_flag=False)))
    if not words:
        return ""
    suggestions = root.suggestions_for(words[0])
    text = f'unknown command "{words[0]}" for "kubectl"'
    if suggestions:
        text += "\n\nDid you mean this?\n" + "".join(f"\t{s}\n" for s in suggestions)
    return text


def _help(ctx, cmd: Command) -> int:
    if cmd.special == "alpha":
        ctx.err("No alpha commands are available in this version of kubectl\n")
        return 0
    ctx.out(help_text(cmd))
    return 0


def _help_topic(ctx, root: Command, words: list[str]) -> int:
    """cobra's help command: the help of the command ``words`` name, extra words ignored."""
    cmd, rest = find(root, words, KubectlFlagSet)
    if _unknown_command(root, cmd, rest):
        topics = " ".join(f"`{w}`" if w.isprintable() and "`" not in w else go_quote(w) for w in words)
        ctx.err(f"Unknown help topic [{topics}]\n" + usage_text(root))
        return 0
    return _help(ctx, cmd)


def _decline(ctx, what: str, handlers) -> int:
    """Say, as the simulator and not as kubectl, that this is not simulated; never a silent success."""
    simulated = sorted(" ".join(p) for p in handlers)
    ctx.err(f"[storagekit] {what}\n")
    ctx.note("The simulator runs kubectl " + ", ".join(simulated) + ".")
    return 1
