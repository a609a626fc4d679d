"""``docker images``, ``history``, ``image inspect``, ``tag``, ``rmi``, ``image prune``, ``pull``, ``save``, ``load``.

Each handler reads the engine's state and prints it the way docker/cli's
formatters do (``cli/command/formatter/image.go``, ``image/formatter_history.go``):
sizes with three significant digits, ``CREATED`` as "N units ago" from the
simulated clock, ``<none>`` for dangling names, ``<missing>`` for history rows
that are not images of their own.
"""

from __future__ import annotations

import json

from storagekit.commands.docker.cli import StatusError, for_each
from storagekit.commands.formats.gotemplate import TemplateError
from storagekit.commands.formats.table import format_rows
from storagekit.sim.units import human_size, time_ago
from storagekit.docker import sizes
from storagekit.docker import reference as refs
from storagekit.docker.errors import InvalidFilter, InvalidParameter, InvalidReference, NotFound
from storagekit.docker.filters import go_list
from storagekit.docker.images import Image
from storagekit.sim.clock import rfc3339

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


def created_seconds(image: Image) -> int:
    from storagekit.sim.clock import parse_rfc3339

    return parse_rfc3339(image.config.get("created", "1970-01-01T00:00:00Z"))


# ----------------------------------------------------------------- docker images


def image_rows(host, *, show_all: bool, no_trunc: bool, filters: list[str], reference: str | None) -> list[dict]:
    engine = host.engine
    now = host.clock.now
    images = sorted(engine.images.images.values(), key=lambda i: (-created_seconds(i), i.id))
    wanted = _parse_filters(filters)
    rows: list[dict] = []
    for image in images:
        tags = engine.images.tags_of(image.id)
        if not show_all and not tags and engine.images.children(image.id):
            continue
        if "dangling" in wanted:
            dangling = not tags
            if wanted["dangling"] != dangling:
                continue
        labels = (image.config.get("config") or {}).get("Labels") or {}
        if "label" in wanted and not _label_match(labels, wanted["label"]):
            continue
        created = created_seconds(image)
        if not _time_match(host, created, wanted):
            continue
        ident = image.id if no_trunc else image.short_id
        base = {"ID": ident, "CreatedSince": time_ago(now - created), "CreatedAt": _docker_time(created),
                "Size": human_size(sizes.image_size(engine, image)), "Containers": "N/A", "SharedSize": "N/A",
                "UniqueSize": "N/A", "VirtualSize": human_size(sizes.image_size(engine, image))}
        named = [(t.rsplit(":", 1)[0], t.rsplit(":", 1)[1]) for t in tags] or [("<none>", "<none>")]
        for repo, tag in named:
            if reference and not _ref_match(repo, tag, reference):
                continue
            if any(not _ref_match(repo, tag, pattern) for pattern in wanted.get("reference", [])):
                continue
            digest = next((d.split("@")[1] for d in image.repo_digests if d.split("@")[0] == repo), "<none>")
            rows.append(dict(base, Repository=repo, Tag=tag, Digest=digest))
    return rows


def _parse_filters(filters: list[str]) -> dict:
    out: dict = {}
    for f in filters:
        key, value = f if isinstance(f, tuple) else tuple(f.partition("=")[::2])
        key = key.strip().lower()
        if key == "dangling":
            if value not in ("true", "false", "1", "0"):
                raise InvalidFilter(key, go_list([value]))
            out["dangling"] = value in ("true", "1")
        elif key == "label":
            out.setdefault("label", []).append(value)
        elif key == "reference":
            out.setdefault("reference", []).append(value)
        elif key in ("before", "since", "until"):
            out[key] = value
        else:
            raise InvalidFilter(key)
    return out


def _time_match(host, created: int, wanted: dict) -> bool:
    """``before``/``since`` name an image and compare creation times; ``until`` takes a time or a duration."""
    for key in ("before", "since"):
        if key in wanted:
            other = created_seconds(host.engine.images.resolve(wanted[key]))
            if (key == "before" and created >= other) or (key == "since" and created <= other):
                return False
    if "until" in wanted and created > _timestamp(host, wanted["until"]):
        return False
    return True


def _timestamp(host, text: str) -> int:
    """A Unix time, an RFC 3339 date, or a Go duration before now (``24h``, ``10m``)."""
    import datetime as dt

    from storagekit.commands.cli.values import parse_duration

    if text.isdigit():
        return int(text)
    try:
        return host.clock.now - int(parse_duration(text))
    except ValueError:
        pass
    try:
        return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())
    except ValueError:
        raise InvalidParameter(f'failed to parse value as time or duration: "{text}"') from None


def _label_match(labels: dict, wanted: list[str]) -> bool:
    for w in wanted:
        k, eq, v = w.partition("=")
        if k not in labels or (eq and labels[k] != v):
            return False
    return True


def _ref_match(repo: str, tag: str, pattern: str) -> bool:
    import fnmatch

    if ":" in pattern.rsplit("/", 1)[-1]:
        return fnmatch.fnmatchcase(f"{repo}:{tag}", pattern)
    return fnmatch.fnmatchcase(repo, pattern)


def _docker_time(seconds: int) -> str:
    """Go's ``time.Time.String()`` as docker prints ``CreatedAt``: ``2026-01-05 09:00:00 +0000 UTC``."""
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def images(call) -> int:
    opts = call.opts
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


def history_rows(host, image: Image, *, human: bool, no_trunc: bool) -> list[dict]:
    now = host.clock.now
    config = image.config
    pairs = [(row, sizes.layer_size(host.engine, layer) if layer is not None else 0) for row, layer in image.history()]
    rows: list[dict] = []
    from storagekit.sim.clock import parse_rfc3339

    for n, (row, size) in enumerate(reversed(pairs)):
        created = parse_rfc3339(row.get("created") or config.get("created"))
        created_by = row.get("created_by", "").replace("\t", " ")
        ident = "<missing>"
        if n == 0:
            ident = image.id if no_trunc else image.short_id
        rows.append({
            "ID": ident,
            "CreatedSince": time_ago(now - created) if human else rfc3339(created).replace("Z", "+00:00"),
            "CreatedAt": rfc3339(created).replace("Z", "+00:00"),
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


def go_indent_json(value) -> str:
    """``json.MarshalIndent(v, "", "    ")`` with Go's HTML escaping."""
    text = json.dumps(value, indent=4, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def print_objects(call, found: list[dict]) -> int:
    """``inspect`` output: indented JSON, or each object through ``--format``; 1 on a bad template."""
    from storagekit.commands.formats.gotemplate import Template

    fmt = call.opts.get("format") or ""
    if not fmt:
        call.out(go_indent_json(found) + "\n")
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
    return doc


def image_inspect(call) -> int:
    engine = call.backend.engine
    return inspect_each(call, lambda name: engine.image_json(engine.images.resolve(name)))


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
    image, progress, downloaded = host.engine.pull(text)
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
    engine = call.backend.engine
    kind = call.opts.get("type") or ""
    getters = {"container": lambda name: container_json(engine, name, call.opts.get("size", False)),
               "image": lambda name: engine.image_json(engine.images.resolve(name)),
               "volume": lambda name: engine.volume_json(engine.volumes.get(name))}

    def get(name: str) -> dict:
        for each in [kind] if kind else INSPECTED:
            if each not in getters:
                break
            try:
                return getters[each](name)
            except (NotFound, InvalidReference):
                if kind:
                    raise
        raise StatusError(f"Error: No such {kind or 'object'}: {name}")
    return inspect_each(call, get)
