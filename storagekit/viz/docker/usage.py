"""``docker system df`` as bars: how much each kind of object holds, and how much of it a prune could free.

One bar a row of ``docker system df`` (images, containers, local volumes, build
cache), all on one scale, so the biggest consumer is the longest bar. The part a
prune could free (the ``RECLAIMABLE`` column) is drawn apart from the part in use,
with the figures ``docker system df`` prints beside it. What counts as reclaimable is
the engine's (:mod:`storagekit.docker.disk_usage`) and the figures are printed as
``docker system df`` prints them; this view only draws them.
"""

from __future__ import annotations

import html

from storagekit.docker.disk_usage import system_disk_usage
from storagekit.sim.units import human_size
from storagekit.viz.docker.common import running_engine
from storagekit.viz.style import KINDS, LIGHT, VERMILLION, Diagram, diagram, legend

TITLE = "Where the daemon's disk goes (docker system df): in use, and what a prune could free"
BAR = 320
"""Points of the longest bar."""
KIND = {"Images": "layer", "Containers": "container", "Local Volumes": "volume", "Build Cache": "idle"}
"""The house colour of each row's objects, for the part in use."""
FREE = {"shape": "box", "style": "filled,dashed", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]}


def disk_usage(host) -> Diagram:
    """Draw the four rows of the host's ``docker system df``: each a bar of its SIZE, the RECLAIMABLE part apart."""
    rows = system_disk_usage(running_engine(host)).summary()
    g = diagram("disk_usage", TITLE, rankdir="LR")
    scale = max([r.size for r in rows] + [1])
    table = "".join(_bar(row, scale) for row in rows)
    g.node("usage", f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">{table}</TABLE>>',
           shape="plaintext")
    legend(g, [*((text, _plain(KINDS[KIND[kind]])) for kind, text in NAMES.items()),
               ("reclaimable: a prune could free it", _plain(FREE))], after="usage")
    return g


NAMES = {"Images": "image layers", "Containers": "containers' writable layers", "Local Volumes": "volumes",
         "Build Cache": "build cache an image still uses"}


def _bar(row, scale: int) -> str:
    """One row as an HTML-like table row: the name, the bar (kept, then reclaimable), the figures."""
    kept, free = row.size - row.reclaimable, row.reclaimable
    colours = KINDS[KIND[row.type]]
    parts = [(max(2, round(BAR * part / scale)), fill, line, dashed) for part, fill, line, dashed in
             ((kept, colours["fillcolor"], colours["color"], ""),
              (free, FREE["fillcolor"], VERMILLION, ' STYLE="dashed"')) if part > 0]
    cells = "".join(f'<TD WIDTH="{width}" HEIGHT="18" FIXEDSIZE="TRUE" BGCOLOR="{fill}" COLOR="{line}" '
                    f'BORDER="1"{dashed}></TD>' for width, fill, line, dashed in parts)
    rest = BAR + 8 - sum(width for width, *_ in parts)  # an empty cell fills the row, so the bar starts at the left
    cells += f'<TD WIDTH="{rest}" HEIGHT="18" FIXEDSIZE="TRUE"></TD>'
    pct = f" ({row.reclaimable * 100 // row.size}%)" if row.size and row.type != "Build Cache" else ""
    figures = (f"{row.total} total, {row.active} active · {human_size(row.size, 4)} · "
               f"reclaimable {human_size(row.reclaimable, 4)}{pct}")
    bar = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{cells}</TR></TABLE>')
    return (f'<TR><TD ALIGN="LEFT" WIDTH="100">{html.escape(row.type)}</TD>'
            f'<TD ALIGN="LEFT">{bar}</TD>'
            f'<TD ALIGN="LEFT">{html.escape(figures)}</TD></TR>')


def _plain(attrs: dict[str, str]) -> dict[str, str]:
    """A legend cell in the bar's colours (square corners, as the bars have)."""
    return {**attrs, "shape": "box", "style": attrs["style"].replace("rounded,", "")}
