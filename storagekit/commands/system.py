"""The host's own tools around the daemon: ``systemctl`` and ``journalctl``.

``df`` and ``mount`` on the host are the ordinary programs
(:mod:`storagekit.commands.shell.coreutils.df`), reading the host's mount
table (:class:`storagekit.docker.mounttable.HostMounts`).
"""

from __future__ import annotations

# ------------------------------------------------------------------ systemctl

UNITS = ("docker", "docker.service")


def systemctl(host, ctx, argv: list[str]) -> int:
    """``systemctl start|stop|restart|status|is-active docker``: the daemon reads daemon.json as it starts."""
    args = argv[1:]
    if len(args) < 2 or args[0] not in ("start", "stop", "restart", "status", "is-active"):
        ctx.err("systemctl: the simulated host manages only docker.service "
                "(start, stop, restart, status, is-active)\n" if args else "systemctl: too few arguments\n")
        return 1
    verb, unit = args[0], args[1]
    if unit not in UNITS:
        ctx.err(f"Unit {unit if '.' in unit else unit + '.service'} not found.\n" if verb != "status"
                else f"Unit {unit} could not be found.\n")
        return 5 if verb != "is-active" else 4
    if verb == "stop":
        host.stop_daemon()
        return 0
    if verb in ("start", "restart"):
        if verb == "start" and not host.daemon_log and host.engine is not None:
            return 0
        if host.restart_daemon():
            ctx.err("Job for docker.service failed because the control process exited with error code.\n"
                    'See "systemctl status docker.service" and "journalctl -xeu docker.service" for details.\n')
            return 1
        return 0
    active = not host.daemon_log
    if verb == "is-active":
        ctx.out("active\n" if active else "failed\n")
        return 0 if active else 3
    state = "active (running)" if active else "failed (Result: exit-code)"
    ctx.out("● docker.service - Docker Application Container Engine\n"
            "     Loaded: loaded (/lib/systemd/system/docker.service; enabled; preset: enabled)\n"
            f"     Active: {state}\n"
            "TriggeredBy: ● docker.socket\n"
            "       Docs: https://docs.docker.com\n")
    if not active:
        ctx.out(f"\n{host.daemon_log}\n")
    return 0 if active else 3


def journalctl(host, ctx, argv: list[str]) -> int:
    """``journalctl -u docker`` (also ``-xeu docker.service``): what dockerd logged when it last started."""
    words = " ".join(argv[1:])
    if "docker" not in words:
        ctx.err("journalctl: the simulated host keeps the journal of docker.service only (journalctl -u docker)\n")
        return 1
    for line in host.daemon_journal:
        ctx.out(line + "\n")
    return 0
