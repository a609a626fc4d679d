"""``docker images``, ``history``, ``image inspect``, ``tag``, ``rmi``, ``image prune``, ``pull``, ``save``, ``load``.

Each handler reads the engine's state and prints it the way docker/cli's
formatters do (``cli/command/formatter/image.go``, ``image/formatter_history.go``):
sizes with three significant digits, ``CREATED`` as "N units ago" from the
simulated clock, ``<none>`` for dangling names, ``<missing>`` for history rows
that are not images of their own.
"""

from __future__ import annotations

from storagekit.commands.docker.cli import StatusError, for_each
from storagekit.commands.docker.handlers import image_tree
from storagekit.commands.formats.gofmt import go_json_indent
from storagekit.commands.formats.gotemplate import TemplateError
from storagekit.commands.formats.table import format_rows
from storagekit.docker import apitypes, sizes
from storagekit.docker import reference as refs
from storagekit.docker.errors import InvalidReference, NotFound
from storagekit.docker.images import Image
from storagekit.docker.listing import created_seconds
from storagekit.sim.clock import parse_rfc3339, rfc3339
from storagekit.sim.units import human_size, time_ago

IMAGE_HEADERS = {
    "Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "Digest": "DIGEST", "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS", "SharedSize": "SHARED SIZE",
    "UniqueSize": "UNIQUE SIZE", "VirtualSize": "VIRTUAL SIZE",
}
IMAGES_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
IMAGES_TABLE_DIGESTS = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
HISTORY_HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
                   "Size": "SIZE", "Comment": "COMMENT"}
HISTORY_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"


def ellipsis(text: str, width: int) -> str:
    """docker/cli's ``formatter.Ellipsis``: cut to ``width`` characters, the last one ``…``."""
    return text if len(text) <= width else text[: width - 1] + "…"


# ----------------------------------------------------------------- docker images


def image_rows(host, *, show_all: bool, no_trunc: bool, filters: list, reference: str | None) -> list[dict]:
    """A row per tag the daemon lists each image under (one ``<none>`` row for a dangling image)."""
    engine = host.engine
    rows: list[dict] = []
    for image, tags in engine.list_images(filters, all=show_all, reference=reference):
        created = created_seconds(image)
        ident = image.id if no_trunc else image.short_id
        base = {"ID": ident, "CreatedSince": time_ago(host.clock.now - created), "CreatedAt": _docker_time(created),
                "Size": human_size(sizes.image_size(engine, image)), "Containers": "N/A", "SharedSize": "N/A",
                "UniqueSize": "N/A", "VirtualSize": human_size(sizes.image_size(engine, image))}
        for repo, tag in [(t.rsplit(":", 1)[0], t.rsplit(":", 1)[1]) for t in tags] or [("<none>", "<none>")]:
            digest = next((d.split("@")[1] for d in image.repo_digests if d.split("@")[0] == repo), "<none>")
            rows.append(dict(base, Repository=repo, Tag=tag, Digest=digest))
    return rows


def _docker_time(seconds: int) -> str:
    """Go's ``time.Time.String()`` as docker prints ``CreatedAt``: ``2026-01-05 09:00:00 +0000 UTC``."""
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def images(call) -> int:
    opts = call.opts
    if opts.get("tree"):
        return image_tree.tree(call)
    rows = image_rows(call.backend, show_all=opts.get("all", False),
                      no_trunc=opts.get("no-trunc", False), filters=list(opts.get("filter") or []),
                      reference=call.args[0] if call.args else None)
    if opts.get("quiet"):
        seen: list[str] = []
        for row in rows:
            if row["ID"] not in seen:
                seen.append(row["ID"])
        call.out("".join(i + "\n" for i in seen))
        return 0
    default = IMAGES_TABLE_DIGESTS if opts.get("digests") else IMAGES_TABLE
    return print_rows(call, rows, IMAGE_HEADERS, default)


def print_rows(call, rows: list[dict], headers: dict, default: str) -> int:
    """Print rows with the command's ``--format``; a bad template is reported as docker reports it."""
    try:
        call.out(format_rows(call.opts.get("format") or "", rows, headers, default))
    except TemplateError as exc:
        raise StatusError(str(exc)) from None
    return 0


# ---------------------------------------------------------------- docker history


UNDATED = 946684800
"""docker/cli's history ``epoch`` (2000-01-01): a row made no later is ``N/A``, not "56 years ago"."""


def history_rows(host, image: Image, *, human: bool, no_trunc: bool) -> list[dict]:
    now = host.clock.now
    pairs = [(row, sizes.layer_size(host.engine, layer) if layer is not None else 0) for row, layer in image.history()]
    rows: list[dict] = []
    for n, (row, size) in enumerate(reversed(pairs)):
        created = parse_rfc3339(row["created"]) if row.get("created") else 0  # the daemon's zero: no date
        created_by = row.get("created_by", "").replace("\t", " ")
        ident = "<missing>"
        if n == 0:
            ident = image.id if no_trunc else image.short_id
        rows.append({
            "ID": ident,
            "CreatedSince": (time_ago(now - created) if created > UNDATED else "N/A") if human else rfc3339(created),
            "CreatedAt": rfc3339(created),
            "CreatedBy": created_by if no_trunc else ellipsis(created_by, 45),
            "Size": human_size(size) if human else str(size),
            "Comment": row.get("comment", ""),
        })
    return rows


def history(call) -> int:
    host = call.backend
    image = host.engine.images.resolve(call.args[0])
    rows = history_rows(host, image, human=call.opts.get("human", True), no_trunc=call.opts.get("no-trunc", False))
    if call.opts.get("quiet"):
        call.out("".join(r["ID"] + "\n" for r in rows))
        return 0
    return print_rows(call, rows, HISTORY_HEADERS, HISTORY_TABLE)


# ---------------------------------------------------------------- docker inspect


def print_objects(call, found: list[dict]) -> int:
    """``inspect`` output: indented JSON, or each object through ``--format``; 1 on a bad template."""
    from storagekit.commands.formats.gotemplate import Template

    fmt = call.opts.get("format") or ""
    if not fmt:
        call.out(go_json_indent(found, sort_keys=False) + "\n")
        return 0
    try:
        template = Template(fmt.replace("\\n", "\n").replace("\\t", "\t"))
        call.out("".join(template.execute(item) + "\n" for item in found))
    except TemplateError as exc:
        raise StatusError(str(exc)) from None
    return 0


def inspect_each(call, get) -> int:
    """docker/cli's ``inspect.Inspect``: the document ``get`` returns for each name, printed together, then the
    refusals, one a line (exit 1)."""
    found: list[dict] = []
    refused = None
    try:
        for_each(call, lambda name: found.append(get(name)), echo=False)
    except StatusError as exc:
        refused = exc  # reported after what was found
    code = print_objects(call, found)
    if refused is not None:
        raise refused
    return code


def container_json(engine, name: str, size: bool = False) -> dict:
    """``GET /containers/{name}/json``, with ``?size=1`` the sizes ``docker ps -s`` shows."""
    c = engine.containers.resolve(name)
    doc = engine.container_json(c)
    if size:
        doc["SizeRw"], doc["SizeRootFs"] = sizes.container_sizes(engine, c)
    return apitypes.struct("ContainerInspect", doc)


def image_inspect(call) -> int:
    return inspect_each(call, lambda name: call.backend.engine.image_json(call.backend.engine.images.resolve(name)))


# --------------------------------------------------------- tag, rmi, prune, pull


def tag(call) -> int:
    host = call.backend
    source, target = call.args
    try:  # the API client checks the new name before it asks the daemon
        ref = refs.parse(target)
    except InvalidReference as exc:
        raise StatusError(f'Error parsing reference: "{target}" is not a valid repository/tag: {exc.message}') from None
    if ref.digest:
        raise StatusError("refusing to create a tag with a digest reference")
    image = host.engine.images.resolve(source)
    host.engine.tag(ref.with_default_tag(), image)
    image.last_tag_time = host.clock.now
    return 0


def rmi(call) -> int:
    """With ``-f``, images that are not there are reported but fail nothing (docker/cli 28)."""
    engine, force = call.backend.engine, call.opts.get("force", False)

    def remove(name: str) -> None:
        call.out("".join(f"{kind}: {what}\n" for kind, what in engine.remove_reference(name, force=force)))
    for_each(call, remove, echo=False, tolerate=NotFound if force else ())
    return 0


def pull(call) -> int:
    host = call.backend
    text = call.args[0]
    try:  # the client parses the reference before it asks the daemon
        ref = refs.parse(text)
    except InvalidReference as exc:
        raise StatusError(exc.message) from None
    lines = []
    if not ref.tag and not ref.digest:
        lines.append("Using default tag: latest")
    shown = ref.with_default_tag()
    lines.append(f"{shown.tag}: Pulling from {shown.path}")
    existing = host.engine.images.lookup(str(shown))
    image, progress, _downloaded = host.engine.pull(text)
    lines.extend(progress)
    digest = image.repo_digests[0].split("@")[1] if image.repo_digests else ""
    lines.append(f"Digest: {digest}")
    if existing is not None and existing.id == image.id:
        lines.append(f"Status: Image is up to date for {shown}")
    else:
        lines.append(f"Status: Downloaded newer image for {shown}")
    lines.append(shown.canonical)
    call.out(("\n".join(lines) if not call.opts.get("quiet") else shown.canonical) + "\n")
    return 0


INSPECTED = ("container", "image", "volume")
"""What top-level ``docker inspect`` looks for here, in docker/cli's order (networks and swarm objects are not
simulated)."""


def inspect(call) -> int:
    """Top-level ``docker inspect``: each name as a container, else an image, else a volume (docker/cli
    ``inspectAll``); with ``--type`` only that kind, and its own refusal."""
    kind = call.opts.get("type") or ""
    getters = {"container": lambda engine, name: container_json(engine, name, call.opts.get("size", False)),
               "image": lambda engine, name: engine.image_json(engine.images.resolve(name)),
               "volume": lambda engine, name: engine.volume_json(engine.volumes.get(name))}

    def get(name: str) -> dict:
        engine = call.backend.engine  # asked for each name, as the client asks the daemon
        for each in [kind] if kind else INSPECTED:
            if each not in getters:
                break
            try:
                return getters[each](engine, name)
            except (NotFound, InvalidReference):
                if kind:
                    raise
        raise StatusError(f"Error: No such {kind or 'object'}: {name}")
    return inspect_each(call, get)
