"""``docker system df``, ``docker image prune``, ``docker builder prune``, ``docker save`` / ``load``.

What ``system df`` counts is the engine's (:mod:`storagekit.docker.disk_usage`);
here it is laid out as docker/cli's formatter prints it.
"""

from __future__ import annotations

from storagekit.commands.docker.cli import StatusError
from storagekit.commands.formats.table import align
from storagekit.sim.units import human_size, time_ago
from storagekit.docker.disk_usage import DiskUsage, system_disk_usage


def _pct(part: int, total: int) -> str:
    return f" ({int(part * 100 / total)}%)" if total else ""


def system_df(call) -> int:
    host = call.backend
    du = system_disk_usage(host.engine)
    if call.opts.get("verbose"):
        call.out(_verbose(host, du))
        return 0
    rows = [(r.type, r.total, r.active, human_size(r.size, 4),
             human_size(r.reclaimable, 4) + (_pct(r.reclaimable, r.size) if r.type != "Build Cache" else ""))
            for r in du.summary()]
    text = "TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n" + "".join("\t".join(str(c) for c in r) + "\n" for r in rows)
    call.out(align(text))
    return 0


def _verbose(host, du: DiskUsage) -> str:
    now = host.clock.now
    from storagekit.commands.docker.handlers.containers import ps_rows
    from storagekit.commands.docker.handlers.images import created_seconds

    lines = ["Images space usage:", ""]
    table = "REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n"
    for entry in sorted(du.images, key=lambda e: (-created_seconds(e.image), e.image.id)):
        image = entry.image
        for t in host.engine.images.tags_of(image.id) or ["<none>:<none>"]:
            repo, tag = t.rsplit(":", 1)
            table += "\t".join([repo, tag, image.short_id, time_ago(now - created_seconds(image)), human_size(entry.size),
                                human_size(entry.shared_size), human_size(entry.unique_size),
                                str(entry.containers)]) + "\n"
    lines.append(align(table).rstrip("\n"))
    table = "CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n"
    for row, usage in zip(ps_rows(host, show_all=True, no_trunc=False, size=False), du.containers):
        local = sum(1 for mp in usage.container.mounts if mp.type == "volume")
        table += "\t".join([row["ID"], row["Image"], row["Command"], str(local), human_size(usage.size_rw),
                            row["RunningFor"], row["Status"], row["Names"]]) + "\n"
    volumes = "VOLUME NAME\tLINKS\tSIZE\n" + "".join(f"{v.volume.name}\t{v.ref_count}\t{human_size(v.size)}\n"
                                                     for v in du.volumes)
    cache_size = sum(c.record.size for c in du.build_cache)
    lines += ["", "Containers space usage:", "", align(table).rstrip("\n"),
              "", "Local Volumes space usage:", "", align(volumes).rstrip("\n"), "",
              "Build cache usage: " + human_size(cache_size, 4), ""]
    if du.build_cache:
        table = "CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n"
        for c in sorted(du.build_cache, key=lambda c: c.record.id):
            r = c.record
            table += "\t".join([r.id, r.record_type, human_size(r.size), time_ago(now - r.created),
                                time_ago(now - r.last_used), str(r.usage_count),
                                "true" if c.shared else "false"]) + "\n"
        lines.append(align(table).rstrip("\n"))
        lines.append("")
    return "\n".join(lines) + "\n"


def builder_prune(call) -> int:
    host = call.backend
    if not call.opts.get("force"):
        call.out("WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ")
        answer = call.ctx.stdin.decode(errors="replace").strip().lower()
        if answer not in ("y", "yes"):
            return 0
    records, freed = host.engine.prune_build_cache()
    size = sum(r.size for r in records)
    out = ""
    if records:
        out = "Deleted build cache objects:\n" + "".join(r.id + "\n" for r in records) + "\n"
    call.out(out + f"Total reclaimed space: {human_size(size, 4)}\n")
    return 0


def image_prune(call) -> int:
    host = call.backend
    if not call.opts.get("force"):
        prompt = ("WARNING! This will remove all images without at least one container associated to them."
                  if call.opts.get("all") else "WARNING! This will remove all dangling images.")
        call.out(prompt + "\nAre you sure you want to continue? [y/N] ")
        answer = call.ctx.stdin.decode(errors="replace").strip().lower()
        if answer not in ("y", "yes"):
            return 0
    rows, reclaimed = host.engine.prune_images(dangling_only=not call.opts.get("all"))
    out = ""
    if rows:
        out = "Deleted Images:\n" + "".join(f"{k}: {v}\n" for k, v in rows) + "\n"
    call.out(out + f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    return 0


def save(call) -> int:
    host = call.backend
    output = call.opts.get("output") or ""
    if not output and call.ctx.stdout_tty:
        raise StatusError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    data = host.engine.save(list(call.args))
    if output:
        path = call.ctx.abspath(output)
        try:
            host.fs.write(path, data)
        except OSError as exc:
            raise StatusError(f"failed to save image: invalid output path: {exc.strerror.lower()}") from None
    else:
        call.out(data.decode("utf-8", "surrogateescape"))  # the shell writes it back byte for byte
    return 0


def load(call) -> int:
    host = call.backend
    source = call.opts.get("input") or ""
    try:
        data = host.fs.read(call.ctx.abspath(source)) if source else call.ctx.stdin
    except OSError as exc:
        raise StatusError(f"open {source}: {exc.strerror.lower()}") from None
    if not data:
        raise StatusError("requested load from stdin, but stdin is empty")
    lines = host.engine.load(data)
    call.out("".join(line + "\n" for line in lines))
    return 0
