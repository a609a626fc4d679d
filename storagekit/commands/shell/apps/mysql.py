"""The ``mysql`` client and ``mysqladmin``, talking to the modelled server in the same container.

They connect as the real ones do from inside the server's container: over
the socket ``/var/run/mysqld/mysqld.sock`` (``-h localhost``, the default) or
TCP on 127.0.0.1 (``-h 127.0.0.1 -P 3306``), as root with the password the data
directory was initialised with. Without a terminal (``docker exec`` without
``-t``, a script) the client runs in batch mode: results tab-separated with a
header (``-N``/``-s`` drop it, ``-t`` draws the table), and it stops at the
first error, ``ERROR 1007 (HY000) at line 1: ...``, with status 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.commands.shell.context import NOTE_MARK, ProcessContext, Unmodelled
from storagekit.runc import mysql as server
from storagekit.runc.sql import ResultSet, Session
from storagekit.runc.sqltext import SqlError, split_statements

UNKNOWN_OPTION = 7
"""my_getopt's EXIT_UNKNOWN_OPTION."""
PASSWORD_WARNING = "{prog}: [Warning] Using a password on the command line interface can be insecure.\n"
LOCAL_HOSTS = ("", "localhost")
TCP_HOSTS = ("127.0.0.1", "::1")
LONG = {"user": "u", "password": "p", "host": "h", "port": "P", "database": "D", "execute": "e",
        "skip-column-names": "N", "silent": "s", "table": "t", "batch": "B", "force": "f", "version": "V",
        "socket": "S"}
WITH_VALUE = "uhPDeS"


@dataclass
class Options:
    user: str = "root"
    password: str | None = None
    prompt_password: bool = False
    host: str = ""
    port: str = "3306"
    database: str = ""
    execute: str | None = None
    silent: int = 0
    no_header: bool = False
    table: bool = False
    force: bool = False
    version: bool = False
    words: tuple[str, ...] = ()


class BadOption(Exception):
    pass


def parse(argv: list[str], user: str) -> Options:
    """my_getopt's way: ``-uroot`` or ``-u root``, ``-psecret`` only attached, ``--name=value``, bundled flags."""
    o, words, i = Options(user=user), [], 1
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            words += argv[i:]
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            letter = LONG.get(name)
            if letter is None:
                raise BadOption(f"unknown option '--{name}'")
            if letter == "p" and not eq:
                o.prompt_password = True
                continue
            if letter in WITH_VALUE and not eq:
                if i >= len(argv):
                    raise BadOption(f"option '--{name}' requires an argument")
                value, i = argv[i], i + 1
            _set(o, letter, value)
        elif arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                letter = arg[j]
                j += 1
                if letter == "p":
                    if j < len(arg):
                        _set(o, "p", arg[j:])
                    else:
                        o.prompt_password = True
                    break
                if letter in WITH_VALUE:
                    value = arg[j:]
                    if not value:
                        if i >= len(argv):
                            raise BadOption(f"option '-{letter}' requires an argument")
                        value, i = argv[i], i + 1
                    _set(o, letter, value)
                    break
                if letter not in "NstBfV":
                    raise BadOption(f"unknown option '-{letter}'")
                _set(o, letter, "")
        else:
            words.append(arg)
    o.words = tuple(words)
    return o


VALUES = {"u": "user", "h": "host", "P": "port", "D": "database", "e": "execute"}
FLAGS = {"N": "no_header", "t": "table", "f": "force", "V": "version"}


def _set(o: Options, letter: str, value: str) -> None:
    if letter == "p":
        o.password, o.prompt_password = value, False
    elif letter == "s":
        o.silent += 1
    elif letter in VALUES:
        setattr(o, VALUES[letter], value)
    else:
        setattr(o, FLAGS[letter], True)


def _version(ctx: ProcessContext) -> str:
    return ctx.env.get("MYSQL_VERSION", "8.4.5").split("-")[0]


def connect(ctx: ProcessContext, prog: str, o: Options) -> tuple[Session | None, str]:
    """A session with the server, or ``(None, the client's error text)``; the note goes to stderr itself."""
    if o.host not in LOCAL_HOSTS + TCP_HOSTS:
        raise Unmodelled(f"{prog} -h {o.host}: reaching a server in another container or on another host is not "
                         "simulated; run the client where the server runs (docker exec, kubectl exec)")
    tcp = o.host in TCP_HOSTS
    where = f"{o.host}:{o.port}"
    if not server.running(ctx.fs) or (tcp and o.port != "3306"):
        if tcp:
            return None, f"ERROR 2003 (HY000): Can't connect to MySQL server on '{where}' (111)"
        return None, f"ERROR 2002 (HY000): Can't connect to local MySQL server through socket '{server.SOCKET}' (2)"
    client = o.host if tcp else "localhost"
    used = "YES" if o.password else "NO"
    if o.user != "root" or not server.password_matches(ctx.fs, o.password or ""):
        if o.user != "root":
            ctx.err(f"{NOTE_MARK}only the root account is modelled; other accounts (MYSQL_USER) are refused\n")
        return None, f"ERROR 1045 (28000): Access denied for user '{o.user}'@'{client}' (using password: {used})"
    try:
        return Session(ctx.fs, o.database or (o.words[0] if o.words else ""), _version(ctx)), ""
    except SqlError as exc:
        return None, f"ERROR {exc.code} ({exc.state}): {exc.message}"


def _prepare(ctx: ProcessContext, prog: str, o: Options) -> int | None:
    """The steps both programs take before they connect; a status if they stop there."""
    if o.prompt_password:
        raise Unmodelled(f"{prog} -p asks for the password on a terminal, which this simulation does not have; "
                         "give it as -pPASSWORD (no space) or --password=PASSWORD")
    if o.password is not None:
        ctx.err(PASSWORD_WARNING.format(prog=prog))
    if not o.port.isdigit():
        o.port = "0"
    return None


def mysql(ctx: ProcessContext, argv: list[str]) -> int:
    try:
        o = parse(argv, getattr(ctx, "user", "root"))
    except BadOption as exc:
        ctx.err(f"mysql: [ERROR] {exc}.\n")
        return UNKNOWN_OPTION
    if o.version:
        ctx.out(f"mysql  Ver {_version(ctx)} for Linux on x86_64 (MySQL Community Server - GPL)\n")
        return 0
    stopped = _prepare(ctx, "mysql", o)
    if stopped is not None:
        return stopped
    session, error = connect(ctx, "mysql", o)
    if session is None:
        if error:
            ctx.err(error + "\n")
        return 1
    script = o.execute if o.execute is not None else ctx.stdin.decode("utf-8", "replace")
    status = 0
    for line, statement in split_statements(script):
        try:
            result = session.execute(statement)
        except SqlError as exc:
            ctx.err(f"ERROR {exc.code} ({exc.state}) at line {line}: {exc.message}\n")
            status = 1
            if not o.force:
                return 1
            continue
        if result is not None and result.rows:
            ctx.out(table(result) if o.table else tabbed(result, header=not o.no_header and o.silent < 1))
    return status


def tabbed(result: ResultSet, header: bool) -> str:
    """Batch output: a header line, then one line per row, tab-separated, special characters escaped."""
    lines = ["\t".join(result.columns)] if header else []
    lines += ["\t".join(_escape(v) for v in row) for row in result.rows]
    return "".join(line + "\n" for line in lines)


def _escape(value: object) -> str:
    if value is None:
        return "NULL"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\0", "\\0")


def table(result: ResultSet) -> str:
    """``-t``: the boxed table the client draws at a terminal, numbers aligned right."""
    cells = [["NULL" if v is None else str(v) for v in row] for row in result.rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.columns)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"

    def line(values: list[str], align: bool) -> str:
        return "| " + " | ".join(v.rjust(w) if align and result.numeric[i] else v.ljust(w)
                                 for i, (v, w) in enumerate(zip(values, widths, strict=True))) + " |\n"

    return rule + line(result.columns, False) + rule + "".join(line(row, True) for row in cells) + rule


def mysqladmin(ctx: ProcessContext, argv: list[str]) -> int:
    try:
        o = parse(argv, getattr(ctx, "user", "root"))
    except BadOption as exc:
        ctx.err(f"mysqladmin: [ERROR] {exc}.\n")
        return UNKNOWN_OPTION
    version = _version(ctx)
    if o.version:
        ctx.out(f"mysqladmin  Ver {version} for Linux on x86_64 (MySQL Community Server - GPL)\n")
        return 0
    if not o.words:
        raise Unmodelled("mysqladmin without a command prints its help; the simulator runs ping, status, version, "
                         "create DB and drop DB")
    stopped = _prepare(ctx, "mysqladmin", o)
    if stopped is not None:
        return stopped
    command, args = o.words[0].lower(), list(o.words[1:])
    if command not in ("ping", "status", "version", "create", "drop"):
        ctx.err(f"mysqladmin: Unknown command: '{o.words[0]}'\n")
        return 1
    o.words = ()
    session, error = connect(ctx, "mysqladmin", o)
    if session is None:
        if error:
            reason = error.partition(": ")[2]
            where = "localhost" if o.host in LOCAL_HOSTS else o.host
            ctx.err(f"mysqladmin: connect to server at '{where}' failed\nerror: '{reason}'\n")
            if error.startswith("ERROR 2002"):
                ctx.err(f"Check that mysqld is running and that the socket: '{server.SOCKET}' exists!\n")
            if command == "ping" and error.startswith("ERROR 1045"):
                return 0  # the server answered: it is alive, even if it refused us
        return 1
    if command == "ping":
        ctx.out("mysqld is alive\n")
        return 0
    uptime = _uptime(ctx)
    stats = (f"Threads: 2  Questions: 2  Slow queries: 0  Opens: 119  Flush tables: 3  Open tables: 38  "
             f"Queries per second avg: {2 / max(uptime, 1):.3f}")
    if command == "status":
        ctx.out(f"Uptime: {uptime}  {stats}\n")
        return 0
    if command == "version":
        via = f"{o.host} via TCP/IP" if o.host in TCP_HOSTS else "Localhost via UNIX socket"
        ctx.out(f"mysqladmin  Ver {version} for Linux on x86_64 (MySQL Community Server - GPL)\n"
                "Copyright (c) 2000, 2025, Oracle and/or its affiliates.\n\n"
                "Oracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be "
                "trademarks of their respective\nowners.\n\n"
                f"Server version\t\t{version}\nProtocol version\t10\nConnection\t\t{via}\n"
                + ("" if o.host in TCP_HOSTS else f"UNIX socket\t\t{server.SOCKET}\n")
                + f"Uptime:\t\t\t{uptime} sec\n\n{stats}\n")
        return 0
    if not args:
        ctx.err(f"mysqladmin: Too few arguments to {command}\n")
        return 1
    name = args[0]
    if command == "create":
        try:
            session.execute(f"CREATE DATABASE `{name}`")
        except SqlError as exc:
            ctx.err(f"mysqladmin: CREATE DATABASE failed; error: '{exc.message}'\n")
            return 1
        return 0
    if not o.force:
        ctx.out("Dropping the database is potentially a very bad thing to do.\nAny data stored in the database "
                f"will be destroyed.\n\nDo you really want to drop the '{name}' database [y/N] ")
        if not ctx.stdin.decode("utf-8", "replace").lstrip().lower().startswith("y"):
            ctx.out(f"Database \"{name}\" not dropped\n")
            return 1
    try:
        session.execute(f"DROP DATABASE `{name}`")
    except SqlError as exc:
        ctx.err(f"mysqladmin: DROP DATABASE {name} failed;\nerror: '{exc.message}'\n")
        return 1
    ctx.out(f"Database \"{name}\" dropped\n")
    return 0


def _uptime(ctx: ProcessContext) -> int:
    """Seconds since the server started (its pid file's time)."""
    try:
        started = ctx.fs.stat("/var/run/mysqld/mysqld.pid").mtime
    except OSError:
        return 0
    return max(0, int(ctx.clock()) - started)


PROGRAMS = {"mysql": mysql, "mysqladmin": mysqladmin}
