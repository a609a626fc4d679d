"""``docker build`` (run as ``docker buildx build``) and ``docker buildx prune`` / ``docker builder prune``."""

from __future__ import annotations

from storagekit.commands.docker.cli import StatusError
from storagekit.commands.docker_build import run_build
from storagekit.commands.formats.tabwriter import TabWriter
from storagekit.sim.errors import errno_text
from storagekit.sim.units import human_duration, human_size


def build(call) -> int:
    """``docker buildx build`` (BuildKit), or ``docker image build`` when BuildKit is off (classic)."""
    opts = call.opts
    build_args: dict[str, str] = {}
    for item in opts.get("build-arg") or []:
        name, eq, value = item.partition("=")
        if eq:
            build_args[name] = value
        elif name in call.env:
            build_args[name] = call.env[name]
    secrets: dict[str, bytes] = {}
    for spec in opts.get("secret") or []:
        fields = dict(f.partition("=")[::2] for f in spec.split(","))
        sid = fields.get("id", "")
        src = fields.get("src") or fields.get("source") or ""
        if src:
            try:
                secrets[sid] = call.backend.fs.read(call.ctx.abspath(src))
            except OSError as exc:
                raise StatusError(f"ERROR: failed to stat {src}: {errno_text(exc)}") from None
        elif "env" in fields or sid in call.env:
            secrets[sid] = call.env.get(fields.get("env", sid), "").encode()
    progress = (opts.get("progress") or "auto").lower()
    if progress not in ("auto", "plain", "tty", "quiet", "rawjson"):
        raise StatusError(f'ERROR: failed to build: invalid progress mode "{progress}"')
    if progress == "rawjson":
        raise StatusError("[storagekit] --progress=rawjson is not simulated; use plain (the default here) or quiet.")
    code, out, err = run_build(
        call.backend, call.ctx.cwd, call.args[0], dockerfile=opts.get("file") or "", tags=list(opts.get("tag") or []),
        build_args=build_args, target=opts.get("target") or "", no_cache=opts.get("no-cache", False),
        no_cache_filter=list(opts.get("no-cache-filter") or []),
        quiet=opts.get("quiet", False) or progress == "quiet", secrets=secrets,
        classic=call.command.key == ("image", "build"),
        debug=bool(call.global_opts.get("debug")) or call.global_opts.get("log-level", "").lower() == "debug",
    )
    call.out(out)
    call.err(err)
    return code


def prune_cache_warning(every: bool) -> str:
    """buildx's and docker/cli's question before pruning the build cache (``--all`` or only dangling records)."""
    which = "all" if every else "all dangling"
    return f"WARNING! This will remove {which} build cache. Are you sure you want to continue?"


def buildx_prune(call) -> int:
    """buildx's prune output: a tab-aligned list of removed records, then ``Total:``."""
    host = call.backend
    every = bool(call.opts.get("all"))
    if not call.confirmed(prune_cache_warning(every), call.err):
        return 0
    now = host.clock.now
    shared = host.engine.image_chain_ids()
    records, _ = host.engine.prune_build_cache(every)
    writer = TabWriter(1, 8, 1, "\t", 0)
    if records:
        writer.write("ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\n")
    total = 0
    for r in records:
        size = human_size(r.size, 4) + ("*" if r.layer is not None and r.layer.chain_id in shared else "")
        writer.write(f"{r.id:<40}\t{'true':<5}\t{size:<10}\t{human_duration(now - r.last_used)} ago\n")
        total += r.size
    writer.write(f"Total:\t{human_size(total, 4)}\n")
    call.out(writer.flush())
    return 0
