"""The servers the simulator knows: which programs keep a container Up, and what they write as they start.

A program known as a server (``sleep``, ``nginx``, ``mysqld``, ``flask run``,
``tail -f``, an interactive shell) keeps the container running, writes what the
real one writes at start-up through the overlay (so ``docker diff`` shows it)
and logs its real start-up lines; so does a ``sh -c`` script that ends by
starting one (``echo hi > /data/f && sleep 3600``), after running what comes
before it. Whether it handles SIGTERM decides how it stops
(:func:`storagekit.runc.process.signal_outcome`).
"""

from __future__ import annotations

import os
import posixpath
import shlex
from dataclasses import dataclass, field

from storagekit.fs import View
from storagekit.runc import mysql

SHELLS = ("sh", "bash", "ash", "dash")
ENTRYPOINT_SCRIPTS = ("docker-entrypoint.sh",)
"""Official images' entrypoint scripts end with ``exec "$@"``: the real program is the next word."""


@dataclass(frozen=True)
class Daemon:
    name: str
    handles: tuple[str, ...]
    """The signals it has handlers for: as PID 1 it ignores the others, SIGKILL aside."""
    logs: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    """Files written at start-up: ``(path, content)``; a path ending in ``/`` is a directory."""
    edits: tuple[tuple[str, str], ...] = field(default=())
    """Existing files rewritten at start-up (copied up): ``(path, appended text)``."""
    edit_logs: tuple[str, ...] = ()
    """The lines of :attr:`logs` that tell of the edits; where a file cannot be edited (a read-only root), the
    ``edit_refused`` line stands in their place and the server goes on."""
    edit_refused: str = ""
    refused: tuple[str, ...] = ()
    """What it logs on stderr, and then exits 1, when a file of :attr:`files` cannot be made (``call``, ``path``,
    ``errno``, ``reason``, ``time`` filled in)."""


NGINX_LOGS = (
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
)

DAEMONS = {
    "sleep": Daemon("sleep", handles=()),
    "tail": Daemon("tail", handles=()),
    "nginx": Daemon(
        "nginx", handles=("TERM", "INT", "QUIT"), logs=NGINX_LOGS,
        files=(("/var/cache/nginx/client_temp/", ""), ("/var/cache/nginx/fastcgi_temp/", ""),
               ("/var/cache/nginx/proxy_temp/", ""), ("/var/cache/nginx/scgi_temp/", ""),
               ("/var/cache/nginx/uwsgi_temp/", ""), ("/run/nginx.pid", "1\n")),
        edits=(("/etc/nginx/conf.d/default.conf", "    listen  [::]:80;\n"),), edit_logs=NGINX_LOGS[3:5],
        edit_refused="10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf "
                     "(read-only file system?)",
        refused=('{time} [emerg] 1#1: {call}() "{path}" failed ({errno}: {reason})',
                 'nginx: [emerg] {call}() "{path}" failed ({errno}: {reason})'),
    ),
    "flask": Daemon("flask", handles=("INT",), logs=(
        " * Serving Flask app '{app}'", " * Debug mode: off",
        "WARNING: This is a development server. Do not use it in a production deployment. "
        "Use a production WSGI server instead.",
        " * Running on http://127.0.0.1:5000", "Press CTRL+C to quit")),
    "mysqld": Daemon("mysqld", handles=("TERM", "INT", "QUIT")),
    "shell": Daemon("shell", handles=()),
}

def main_program(argv: list[str]) -> tuple[str, list[str]]:
    """The program that ends up as PID 1, seen through ``sh -c`` and ``exec "$@"`` entrypoints."""
    words = list(argv)
    while words:
        head = posixpath.basename(words[0])
        if head in SHELLS and len(words) >= 3 and words[1] == "-c":
            try:
                words = shlex.split(words[2])
            except ValueError:
                return head, words[1:]
            while words and (("=" in words[0] and not words[0].startswith("=")) or words[0] == "exec"):
                words = words[1:]
            continue
        if head in ENTRYPOINT_SCRIPTS and len(words) > 1:
            words = words[1:]
            continue
        return head, words[1:]
    return "", []


def past_entrypoint(argv: list[str]) -> list[str]:
    """The command an official image's entrypoint script ends up running (``exec "$@"``).

    The scripts' own set-up matters for the servers they start, which
    :data:`DAEMONS` models; for any other command they just hand over.
    """
    while len(argv) > 1 and posixpath.basename(argv[0]) in ENTRYPOINT_SCRIPTS:
        argv = argv[1:]
    return argv


def split_setup(argv: list[str]) -> tuple[list[str], str, list[str]] | None:
    """``sh -c 'SETUP && exec SERVER'``: ``(["sh", "-c", SETUP], "&&" or ";", SERVER's argv)`` when the script's
    last command (after its last top-level ``&&``, ``;`` or newline) is one to look at on its own, else None."""
    if len(argv) < 3 or posixpath.basename(argv[0]) not in SHELLS or argv[1] != "-c":
        return None
    script, quote, cut = argv[2], "", None
    i = 0
    while i < len(script):
        ch = script[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "\\":
            i += 1
        elif script.startswith("&&", i):
            cut = (i, "&&")
            i += 1
        elif script.startswith(";;", i):  # the end of a case branch, not of a command
            i += 1
        elif ch in ";\n":
            cut = (i, ";")
        i += 1
    if cut is None:
        return None
    rest = script[cut[0] + len(cut[1]):]
    try:
        words = shlex.split(rest)
    except ValueError:
        return None
    while words and words[0] == "exec":
        words = words[1:]
    return (argv[:2] + [script[:cut[0]]], cut[1], words) if words else None


def classify_argv(argv: list[str], interactive: bool) -> Daemon | None:
    """Which known server ``argv`` runs as PID 1, or None for a command that runs in the image's shell."""
    program, args = main_program(argv)
    if program in SHELLS and interactive and "-c" not in args:
        return DAEMONS["shell"]
    if program == "sleep":
        return DAEMONS["sleep"] if args and args[0] not in ("0", "0s") else None
    if program == "tail":
        return DAEMONS["tail"] if any(a in ("-f", "-F", "--follow") for a in args) else None
    if program == "nginx":
        return DAEMONS["nginx"]
    if program == "mysqld":
        return DAEMONS["mysqld"]
    if program == "flask" and args[:1] == ["run"]:
        return DAEMONS["flask"]
    return None


def start_daemon(container_id: str, daemon: Daemon, fs: View, env: dict[str, str],
                 now: str) -> tuple[int | None, list[tuple[str, str]]]:
    """Apply a server's start-up effects; returns ``(exit status if it exits at once, log lines)``."""
    if daemon.name == "mysqld":
        code, lines = mysql.start(fs, env, now.replace("T", " ").replace("Z", "+00:00"), container_id)
        return code, [("stderr", line) for line in lines]
    logs = list(daemon.logs)
    for path, text in daemon.edits:  # the entrypoint's scripts run first
        if fs.isfile(path):
            try:
                fs.write(path, text.encode(), append=True)
            except OSError:
                at = logs.index(daemon.edit_logs[0])
                logs[at:at + len(daemon.edit_logs)] = [daemon.edit_refused]
    said = [("stdout", line.format(app=env.get("FLASK_APP", "app"))) for line in logs]
    for path, content in daemon.files:
        try:
            if path.endswith("/"):
                fs.mkdir(path.rstrip("/"), parents=True)
            else:
                fs.mkdir(posixpath.dirname(path), parents=True)
                fs.write(path, content.encode())
        except OSError as exc:
            call, time = ("mkdir" if path.endswith("/") else "open"), now[:19].replace("-", "/").replace("T", " ")
            return 1, said + [("stderr", line.format(call=call, path=path.rstrip("/"), errno=exc.errno, time=time,
                                                      reason=os.strerror(exc.errno or 0))) for line in daemon.refused]
    return None, said
