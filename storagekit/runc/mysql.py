"""What the official MySQL image's entrypoint does with ``/var/lib/mysql``: the course's example of data in a volume.

On an empty data directory the entrypoint refuses to start without a root
password option; with one it initialises the directory (system tablespace,
undo and redo logs, the ``mysql`` schema, keys and certificates: about 200 MB)
and starts the server. On a directory that already holds a database it skips
all that and starts at once, password option or not. That is what makes a
volume worth having: the next container on the same volume finds the data.

File names and sizes are those of a fresh MySQL 8.4 data directory
(``innodb_redo_log_capacity`` 100 MB in 32 files, 12 MB ``ibdata1``, two 16 MB
undo tablespaces); contents are modelled. The root password the directory
was initialised with is part of ``mysql.ibd`` (the grant tables live there),
so a later container on the same directory keeps it, whatever its own
``MYSQL_ROOT_PASSWORD`` says. While the server runs, its sockets are in
``/var/run/mysqld``: that is how a client in the container finds it.
"""

from __future__ import annotations

import hashlib

from storagekit.fs import Blob, View

DATADIR = "/var/lib/mysql"
MYSQL_UID = 999
PASSWORD_VARS = ("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD")
MIB = 1 << 20
SOCKET = "/var/run/mysqld/mysqld.sock"
RUN_FILES = ("mysqld.pid", "mysqld.sock", "mysqld.sock.lock", "mysqlx.sock", "mysqlx.sock.lock")
"""What a running server keeps in ``/var/run/mysqld`` (``docker diff`` shows them)."""
SYSTEM_SCHEMAS = ("information_schema", "mysql", "performance_schema", "sys")
GRANTS = f"{DATADIR}/mysql.ibd"

DATA_FILES = (
    ("#ib_16384_0.dblwr", 192 * 1024), ("#ib_16384_1.dblwr", 8 * MIB + 192 * 1024), ("auto.cnf", 56),
    ("binlog.000001", 3 * 1024 + 17), ("binlog.000002", 158), ("binlog.index", 32), ("ca-key.pem", 1705),
    ("ca.pem", 1108), ("client-cert.pem", 1108), ("client-key.pem", 1705), ("ib_buffer_pool", 5729),
    ("ibdata1", 12 * MIB), ("ibtmp1", 12 * MIB), ("mysql.ibd", 32 * MIB), ("private_key.pem", 1705),
    ("public_key.pem", 452), ("server-cert.pem", 1108), ("server-key.pem", 1705), ("undo_001", 16 * MIB),
    ("undo_002", 16 * MIB),
)
SUBDIRS = {
    "#innodb_redo": [(f"#ib_redo{n}" + ("" if n == 9 else "_tmp"), 3200 * 1024) for n in range(9, 41)],
    "#innodb_temp": [(f"temp_{n}.ibt", 80 * 1024) for n in range(1, 11)],
    "mysql": [("general_log.CSM", 35), ("general_log.CSV", 0), ("general_log_213.sdi", 1461),
              ("slow_log.CSM", 35), ("slow_log.CSV", 0), ("slow_log_214.sdi", 1461)],
    "performance_schema": [(f"{name}_{n}.sdi", 9 * 1024) for n, name in enumerate(
        ("accounts", "cond_instances", "data_locks", "events_errors_su", "events_stages_cu", "events_statements",
         "events_transactio", "events_waits_cur", "file_instances", "global_status", "hosts", "metadata_locks",
         "mutex_instances", "processlist", "session_status", "setup_actors", "setup_consumers", "setup_instruments",
         "table_handles", "threads", "users", "variables_info"), start=2)],
    "sys": [("sys_config.ibd", 112 * 1024)],
}


def is_initialised(fs: View) -> bool:
    """The entrypoint's test: a ``mysql`` schema directory in the data directory."""
    return fs.isdir(f"{DATADIR}/mysql")


def initialise(fs: View, seed: str, password: str = "", database: str = "") -> None:
    """``mysqld --initialize-insecure`` plus the entrypoint's set-up (root's ``password``, ``MYSQL_DATABASE``),
    owned by the ``mysql`` user."""
    fs.mkdir(DATADIR, parents=True, exist_ok=True)
    for name, size in DATA_FILES:
        _file(fs, f"{DATADIR}/{name}", size, seed)
    fs.write(GRANTS, _grants(password), perm=0o640)
    if database:
        fs.mkdir(f"{DATADIR}/{database}", 0o750, exist_ok=True)
        fs.chown(f"{DATADIR}/{database}", MYSQL_UID, MYSQL_UID)
    for sub, files in SUBDIRS.items():
        fs.mkdir(f"{DATADIR}/{sub}", 0o750, exist_ok=True)
        fs.chown(f"{DATADIR}/{sub}", MYSQL_UID, MYSQL_UID)
        for name, size in files:
            _file(fs, f"{DATADIR}/{sub}/{name}", size, seed)
    fs.symlink("/var/run/mysqld/mysqld.sock", f"{DATADIR}/mysql.sock")


def _grants(password: str) -> Blob:
    """The grant tables: their bytes depend on root's password (its hash is stored there)."""
    return Blob.synthetic(32 * MIB, "mysql.ibd:root:" + hashlib.sha256(password.encode()).hexdigest())


def password_matches(fs: View, password: str) -> bool:
    """Whether ``password`` is root's, as the grant tables in the data directory record it."""
    try:
        return fs.blob(GRANTS) == _grants(password)
    except OSError:
        return False


def running(fs: View) -> bool:
    """Whether a server is up in this container: its socket is there."""
    return fs.exists(SOCKET)


def _file(fs: View, path: str, size: int, seed: str) -> None:
    fs.write(path, Blob.synthetic(size, f"mysql:{seed}:{path}"), perm=0o640)
    fs.chown(path, MYSQL_UID, MYSQL_UID)


def start(fs: View, env: dict[str, str], stamp: str, seed: str) -> tuple[int | None, list[str]]:
    """Run the entrypoint; returns ``(exit status if it stops, log lines)`` (all on stderr, as MySQL logs)."""
    version = env.get("MYSQL_VERSION", "8.4.5-1.el9")
    short = version.split("-")[0]
    note = f"{stamp} [Note] [Entrypoint]:"
    lines = [f"{note} Entrypoint script for MySQL Server {version} started.",
             f"{note} Switching to dedicated user 'mysql'",
             f"{note} Entrypoint script for MySQL Server {version} started."]
    if not is_initialised(fs):
        if not any(env.get(k) for k in PASSWORD_VARS):
            return 1, lines + [
                f"{stamp} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
                "    You need to specify one of the following as an environment variable:",
                "    - MYSQL_ROOT_PASSWORD", "    - MYSQL_ALLOW_EMPTY_PASSWORD", "    - MYSQL_RANDOM_ROOT_PASSWORD"]
        password = env.get("MYSQL_ROOT_PASSWORD", "")
        if not password and not env.get("MYSQL_ALLOW_EMPTY_PASSWORD"):  # random: nobody is told it here
            password = hashlib.sha256(f"random:{seed}".encode()).hexdigest()[:32]
        database = env.get("MYSQL_DATABASE", "")
        initialise(fs, seed, password, database)
        lines += [f"{note} Initializing database files", f"{note} Database files initialized",
                  f"{note} Starting temporary server", f"{note} Temporary server started.",
                  *([f"{note} Creating database {database}"] if database else []),
                  f"{note} Stopping temporary server", f"{note} Temporary server stopped", "",
                  f"{note} MySQL init process done. Ready for start up.", ""]
    try:
        fs.mkdir(SOCKET.rpartition("/")[0], parents=True, exist_ok=True)
        for name in RUN_FILES:
            fs.write(f"/var/run/mysqld/{name}", b"1\n" if name == "mysqld.pid" else b"",
                     perm=0o600 if "lock" in name else 0o777)
            fs.chown(f"/var/run/mysqld/{name}", MYSQL_UID, MYSQL_UID)
    except OSError:  # a read-only root: no socket, so no client reaches it
        pass
    server = stamp.replace(" ", "T").replace("+00:00", ".000000Z")
    lines += [f"{server} 0 [System] [MY-015015] [Server] MySQL Server - start.",
              f"{server} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{short}'"
              "  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."]
    return None, lines
