"""``docker system df``, ``docker image prune``, ``docker builder prune``, ``docker save`` / ``load``.

``system df`` counts every distinct layer once, however many images share it;
an image is *active* when a container (in any state) uses it; build-cache
records are reclaimable unless an image still holds their layer
(docker/cli ``cli/command/formatter/disk_usage.go``).
"""

from __future__ import annotations

from storagekit.commands.formats.table import align
from storagekit.sim.units import human_size, time_ago
from storagekit.docker import sizes
from storagekit.docker.volumes.setup import users_of
from storagekit.sim.errors import DockerError


def _pct(part: int, total: int) -> str:
    return f" ({int(part * 100 / total)}%)" if total else ""


def disk_usage(host) -> dict:
    """The numbers behind ``docker system df``: per image shared/unique bytes, cache records."""
    engine = host.engine
    layer_users: dict[str, int] = {}
    for image in engine.images.images.values():
        for layer in image.layers:
            layer_users[layer.chain_id] = layer_users.get(layer.chain_id, 0) + 1
    images = []
    for image in engine.images.images.values():
        size = sizes.image_size(engine, image)
        shared = sum(sizes.layer_size(engine, l) for l in image.layers if layer_users[l.chain_id] > 1)
        images.append({"image": image, "size": size, "shared": shared, "unique": size - shared,
                       "containers": len(engine.containers.using_image(image))})
    image_layers = set(layer_users)
    records = list(engine.cache.records.values())
    return {
        "layers_size": sizes.images_disk_usage(engine),
        "images": images,
        "cache": [{"record": r, "shared": r.layer is not None and r.layer.chain_id in image_layers} for r in records],
    }


def system_df(call) -> int:
    host = call.backend
    du = disk_usage(host)
    images = du["images"]
    active = [i for i in images if i["containers"] > 0]
    img_size = du["layers_size"]
    img_reclaim = img_size - sum(i["unique"] for i in active)
    cache_size = sum(c["record"].size for c in du["cache"])
    cache_reclaim = sum(c["record"].size for c in du["cache"] if not c["shared"])
    if call.opts.get("verbose"):
        call.out(_verbose(host, du, cache_size))
        return 0
    containers = list(host.engine.containers)
    running = [c for c in containers if c.running]
    rw = {c.id: sizes.container_sizes(host.engine, c)[0] for c in containers}
    c_size = sum(rw.values())
    c_reclaim = sum(rw[c.id] for c in containers if not c.running)
    volumes = _volume_usage(host)
    v_size = sum(size for _, _, size in volumes)
    v_reclaim = sum(size for _, links, size in volumes if not links)
    rows = [
        ("Images", len(images), len(active), human_size(img_size, 4), human_size(img_reclaim, 4) + _pct(img_reclaim, img_size)),
        ("Containers", len(containers), len(running), human_size(c_size, 4), human_size(c_reclaim, 4) + _pct(c_reclaim, c_size)),
        ("Local Volumes", len(volumes), sum(1 for _, links, _ in volumes if links), human_size(v_size, 4),
         human_size(v_reclaim, 4) + _pct(v_reclaim, v_size)),
        ("Build Cache", len(du["cache"]), 0, human_size(cache_size, 4), human_size(cache_reclaim, 4)),
    ]
    text = "TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n" + "".join("\t".join(str(c) for c in r) + "\n" for r in rows)
    call.out(align(text))
    return 0


def _volume_usage(host) -> list[tuple[str, int, int]]:
    """``(name, links, size)`` of the local volumes without driver options (those ``system df`` counts)."""
    engine = host.engine
    return [(v.name, len(users_of(engine.containers, v)), engine.volumes.size(v))
            for v in engine.volumes if v.driver == "local" and not v.options]


def _verbose(host, du: dict, cache_size: int) -> str:
    now = host.clock.now
    from storagekit.commands.docker.handlers.images import created_seconds

    lines = ["Images space usage:", ""]
    table = "REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n"
    for entry in sorted(du["images"], key=lambda e: (-created_seconds(e["image"]), e["image"].id)):
        image = entry["image"]
        tags = host.engine.images.tags_of(image.id) or ["<none>:<none>"]
        for t in tags:
            repo, tag = t.rsplit(":", 1)
            table += "\t".join([repo, tag, image.short_id, time_ago(now - created_seconds(image)), human_size(entry["size"]),
                                human_size(entry["shared"]), human_size(entry["unique"]), str(entry["containers"])]) + "\n"
    lines.append(align(table).rstrip("\n"))
    from storagekit.commands.docker.handlers.containers import ps_rows

    table = "CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n"
    for row, c in zip(ps_rows(host, show_all=True, no_trunc=False, size=False), host.engine.containers):
        local = sum(1 for mp in c.mounts if mp.type == "volume")
        table += "\t".join([row["ID"], row["Image"], row["Command"], str(local),
                            human_size(sizes.container_sizes(host.engine, c)[0]), row["RunningFor"],
                            row["Status"], row["Names"]]) + "\n"
    volumes = "VOLUME NAME\tLINKS\tSIZE\n" + "".join(f"{name}\t{links}\t{human_size(size)}\n"
                                                     for name, links, size in _volume_usage(host))
    lines += ["", "Containers space usage:", "", align(table).rstrip("\n"),
              "", "Local Volumes space usage:", "", align(volumes).rstrip("\n"), "",
              "Build cache usage: " + human_size(cache_size, 4), ""]
    if du["cache"]:
        table = "CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n"
        for c in sorted(du["cache"], key=lambda c: c["record"].id):
            r = c["record"]
            table += "\t".join([r.id, r.record_type, human_size(r.size), time_ago(now - r.created), time_ago(now - r.last_used),
                                str(r.usage_count), "true" if c["shared"] else "false"]) + "\n"
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
        call.err("cowardly refusing to save to a terminal. Use the -o flag or redirect\n")
        return 1
    try:
        data = host.engine.save(list(call.args))
    except DockerError as exc:
        call.err(f"Error response from daemon: {exc.message}\n")
        return 1
    if output:
        path = call.ctx.abspath(output)
        try:
            host.fs.write(path, data)
        except OSError as exc:
            call.err(f"failed to save image: invalid output path: {exc.strerror.lower()}\n")
            return 1
    else:
        call.out(data.decode("utf-8", "surrogateescape"))  # the shell writes it back byte for byte
    return 0


def load(call) -> int:
    host = call.backend
    source = call.opts.get("input") or ""
    try:
        data = host.fs.read(call.ctx.abspath(source)) if source else call.ctx.stdin
    except OSError as exc:
        call.err(f"open {source}: {exc.strerror.lower()}\n")
        return 1
    if not data:
        call.err("requested load from stdin, but stdin is empty\n")
        return 1
    try:
        lines = host.engine.load(data)
    except DockerError as exc:
        call.err(f"Error response from daemon: {exc.message}\n")
        return 1
    call.out("".join(line + "\n" for line in lines))
    return 0
