"""``docker system df``, ``docker image prune``, ``docker builder prune``.

What ``system df`` counts is the engine's (:mod:`storagekit.docker.disk_usage`);
here it is laid out as docker/cli's formatter prints it.
"""

from __future__ import annotations

from storagekit.commands.docker.cli import StatusError
from storagekit.commands.docker.handlers.build import prune_cache_warning
from storagekit.commands.formats.gotemplate import TemplateError
from storagekit.commands.formats.table import align, format_rows
from storagekit.docker.disk_usage import DiskUsage, system_disk_usage
from storagekit.sim.units import human_size, time_ago


def _pct(part: int, total: int) -> str:
    return f" ({int(part * 100 / total)}%)" if total else ""


def system_df(call) -> int:
    host = call.backend
    du = system_disk_usage(host.engine)
    fmt = call.opts.get("format") or ""
    if call.opts.get("verbose"):
        if fmt:
            raise StatusError("[storagekit] docker system df -v --format is not simulated; "
                              "use -v alone, or --format without -v.")
        call.out(_verbose(host, du))
        return 0
    rows = [{"Type": r.type, "TotalCount": str(r.total), "Active": str(r.active), "Size": human_size(r.size, 4),
             "Reclaimable": human_size(r.reclaimable, 4) + (_pct(r.reclaimable, r.size)
                                                            if r.type != "Build Cache" else "")}
            for r in du.summary()]
    try:
        call.out(format_rows(fmt, rows, DF_HEADERS, DF_TABLE, raw_format=DF_RAW))
    except TemplateError as exc:
        raise StatusError(str(exc)) from None
    return 0


DF_HEADERS = {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE"}
DF_TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
DF_RAW = ("type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\n"
          "reclaimable: {{.Reclaimable}}\n")
"""docker/cli's ``NewDiskUsageFormat`` for ``system df`` without ``-v``."""


def _verbose(host, du: DiskUsage) -> str:
    now = host.clock.now
    from storagekit.commands.docker.handlers.containers import ps_rows
    from storagekit.docker.listing import created_seconds

    lines = ["Images space usage:", ""]
    table = "REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n"
    for entry in sorted(du.images, key=lambda e: (-created_seconds(e.image), e.image.id)):
        image = entry.image
        for t in host.engine.images.tags_of(image.id) or ["<none>:<none>"]:
            repo, tag = t.rsplit(":", 1)
            table += "\t".join([repo, tag, image.short_id, time_ago(now - created_seconds(image)),
                                human_size(entry.size),
                                human_size(entry.shared_size), human_size(entry.unique_size),
                                str(entry.containers)]) + "\n"
    lines.append(align(table).rstrip("\n"))
    table = "CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n"
    for row, usage in zip(ps_rows(host, show_all=True, no_trunc=False, size=False), du.containers, strict=True):
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
    every = bool(call.opts.get("all"))
    if not call.confirmed(prune_cache_warning(every)):
        return 0
    records, _freed = host.engine.prune_build_cache(every)
    size = sum(r.size for r in records)
    out = ""
    if records:
        out = "Deleted build cache objects:\n" + "".join(r.id + "\n" for r in records) + "\n"
    call.out(out + f"Total reclaimed space: {human_size(size, 4)}\n")
    return 0


def image_prune(call) -> int:
    host = call.backend
    warning = ("WARNING! This will remove all images without at least one container associated to them."
               if call.opts.get("all") else "WARNING! This will remove all dangling images.")
    if not call.confirmed(warning + "\nAre you sure you want to continue?"):
        return 0
    rows, reclaimed = host.engine.prune_images(dangling_only=not call.opts.get("all"))
    out = ""
    if rows:
        out = "Deleted Images:\n" + "".join(f"{k}: {v}\n" for k, v in rows) + "\n"
    call.out(out + f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    return 0


def prune_warning(all_images: bool, volumes: bool, filters: list[str]) -> str:
    """docker/cli's ``confirmationTemplate`` for ``system prune``."""
    warnings = ["all stopped containers", "all networks not used by at least one container"]
    if volumes:
        warnings.append("all anonymous volumes not used by at least one container")
    warnings.append("all images without at least one container associated to them" if all_images
                    else "all dangling images")
    warnings.append("all build cache" if all_images else "unused build cache")
    text = "WARNING! This will remove:" + "".join(f"\n  - {w}" for w in warnings) + "\n"
    if filters:
        text += "\n  Items to be pruned will be filtered with:" + "".join(f"\n  - {f}" for f in filters) + "\n"
    return text + "\nAre you sure you want to continue?"


def system_prune(call) -> int:
    """``docker system prune``: containers, networks, (anonymous volumes), images, build cache, in docker/cli's
    order, each printing what it deleted, then the total."""
    engine, opts = call.backend.engine, call.opts
    filters = list(opts.get("filter") or [])
    if opts.get("volumes") and any(key == "until" for key, _ in filters):
        raise StatusError('ERROR: The "until" filter is not supported with "--volumes"')
    shown = sorted(f"{k}={v}" for k, v in filters if k in ("label", "label!", "until"))
    if filters:
        note = ("[storagekit] docker system prune --filter is not simulated; prune one kind at a time "
                "(docker volume prune --filter ...).")
        call.ctx.note(note)
        raise StatusError(note)
    if not call.confirmed(prune_warning(bool(opts.get("all")), bool(opts.get("volumes")), shown)):
        return 0
    sections, total = [], 0
    removed, reclaimed = engine.prune_containers()
    sections.append(("Deleted Containers:", removed))
    total += reclaimed
    if opts.get("volumes"):
        names, reclaimed = engine.prune_volumes([])
        sections.append(("Deleted Volumes:", names))
        total += reclaimed
    rows, reclaimed = engine.prune_images(dangling_only=not opts.get("all"))
    sections.append(("Deleted Images:", [f"{k}: {v}" for k, v in rows]))
    total += reclaimed
    records, _ = engine.prune_build_cache(bool(opts.get("all")))
    sections.append(("Deleted build cache objects:", [r.id for r in records]))
    total += sum(r.size for r in records)
    out = "".join(title + "\n" + "".join(f"{line}\n" for line in lines) + "\n" for title, lines in sections if lines)
    call.out(out + f"Total reclaimed space: {human_size(total, 4)}\n")
    return 0
