"""``docker image ls --tree``: Docker 28's experimental tree view of images (docker/cli ``image/tree.go``).

The client draws it from ``GET /images/json?manifests=1``. The graph-driver image
store sends no manifests, so every image is a top line with no platform branches,
a CONTENT SIZE of ``0B`` and an empty EXTRA column (``Containers`` is -1 in the list,
so no image is marked in use). The client, not the daemon, hides dangling images
unless ``--all`` is given, and lays the table out for an 80-column non-terminal
output: plain rows, but the column titles still wrapped in their colour codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.commands.docker.cli import StatusError
from storagekit.docker import sizes
from storagekit.docker.listing import created_seconds
from storagekit.sim.units import human_size

WARNING = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on."
LEGEND = " Info ->  U In Use "
WIDTH = 80
"""The width the client assumes when its output is not a terminal."""
COLUMN_SPACING = 3
TITLE = "\x1b[39m\x1b[1m{}\x1b[0m"
"""``tui.ColorTitle``, applied to the header even when the output is not a terminal."""
UNSUPPORTED = (("quiet", "--quiet"), ("no-trunc", "--no-trunc"), ("digests", "--show-digest"), ("format", "--format"))
"""The list flags ``--tree`` refuses, in the order the client checks them."""
CONTAINERD = "[storagekit] docker image ls --tree is not simulated with the containerd image store."


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    align_right: bool = False

    def print(self, text: str) -> str:
        """``imgColumn.Print``: pad to the width, or cut with ``tui.Ellipsis`` when longer."""
        if len(text) > self.width:
            return text[: self.width - 1] + "…"
        pad = " " * (self.width - len(text))
        return pad + text if self.align_right else text + pad


def refusal(opts: dict) -> str | None:
    """The words ``runImages`` answers with when ``--tree`` meets a flag it does not support yet."""
    return next((f"{flag} is not yet supported with --tree" for key, flag in UNSUPPORTED if opts.get(key)), None)


def _columns(names: list[list[str]]) -> list[Column]:
    """``adjustColumns``: the IMAGE column takes what the others leave (29 of 80 characters), no wider than
    its widest name; at 80 columns none of the others is dropped."""
    fixed = [Column("ID", 12), Column("Disk usage", 10, True), Column("Content size", 12, True), Column("Extra", 5)]
    name_width = WIDTH - sum(col.width + COLUMN_SPACING for col in fixed)
    widest = max([len("Image")] + [len(n) for tags in names for n in tags])
    return [Column("Image", min(name_width, widest))] + fixed


def _is_dangling(tags: list[str], digests: list[str]) -> bool:
    """docker/cli's ``isDangling``: neither a tag nor a digest to list the image under."""
    return not tags and not digests


def tree(call) -> int:
    opts = call.opts
    words = refusal(opts)
    if words:
        raise StatusError(words)
    engine = call.backend.engine
    if engine.uses_containerd:
        call.ctx.note(CONTAINERD)
        raise StatusError(CONTAINERD)
    listed = engine.list_images(list(opts.get("filter") or []), all=bool(opts.get("all")),
                                reference=call.args[0] if call.args else None)
    if not opts.get("all"):
        listed = [(image, tags) for image, tags in listed if not _is_dangling(tags, image.repo_digests)]
    listed.sort(key=lambda pair: -created_seconds(pair[0]))
    columns = _columns([tags for _, tags in listed])
    lines = [WARNING, " " * (WIDTH - len(LEGEND)) + LEGEND, ""]
    lines.append((" " * COLUMN_SPACING).join(_title(c) for c in columns))
    for image, tags in listed:
        names = sorted(tags, key=len, reverse=True)
        lines.extend(names[:-1])
        first = columns[0].print(names[-1] if names else "<untagged>")
        values = {"ID": image.short_id, "Disk usage": human_size(sizes.image_size(engine, image)),
                  "Content size": human_size(0), "Extra": ""}
        lines.append(first + "".join(" " * COLUMN_SPACING + c.print(values[c.title]) for c in columns[1:]))
    call.out("".join(line + "\n" for line in lines))
    return 0


def _title(col: Column) -> str:
    """A header cell: the padding sits outside the colour codes, as ``PrintL``/``PrintR`` put it."""
    text = col.title.upper()
    cell = col.print(text)
    return cell.replace(text, TITLE.format(text), 1) if len(text) <= col.width else TITLE.format(cell)
