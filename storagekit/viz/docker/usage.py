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
from storagekit.viz.style import KINDS, LIGHT, VERMILLION, Diagram, diagram

TITLE = "docker system df as bars: what each kind of object holds, and what a prune could free"
BAR = 240
"""Points of the longest bar."""
KIND = {"Images": "layer", "Containers": "container", "Local Volumes": "volume", "Build Cache": "idle"}
"""The house colour of each row's objects, for the part in use."""
FREE = {"shape": "box", "style": "filled,dashed", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]}


def disk_usage(host) -> Diagram:
    """Draw the four rows of the host's ``docker system df``: each a bar of its SIZE, the RECLAIMABLE part apart."""
    rows = system_disk_usage(running_engine(host)).summary()
    g = diagram("disk_usage", TITLE, rankdir="LR")
    scale = max([r.size for r in rows] + [1])
    table = "".join(_bar(row, scale) for row in rows) + _key()
    g.node("usage", f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">{table}</TABLE>>',
           shape="plaintext")
    return g


def _key() -> str:
    """The legend, as a last row under the bars: the colours are the rows' own, so only the dashes need a word."""
    swatch = '<TD WIDTH="14" HEIGHT="12" FIXEDSIZE="TRUE" BGCOLOR="{}" COLOR="{}" BORDER="1"{}></TD>'
    kept = "".join(swatch.format(KINDS[kind]["fillcolor"], KINDS[kind]["color"], "") for kind in KIND.values())
    free = swatch.format(FREE["fillcolor"], VERMILLION, ' STYLE="dashed"')
    return (f'<TR><TD></TD><TD ALIGN="LEFT" COLSPAN="2"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" '
            f'CELLPADDING="0"><TR>{kept}<TD ALIGN="LEFT"><FONT POINT-SIZE="9"> kept: in use, or shared with an '
            f'image in use   </FONT></TD>{free}<TD ALIGN="LEFT"><FONT POINT-SIZE="9"> reclaimable: a prune could '
            f'free it</FONT></TD></TR></TABLE></TD></TR>')


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
    figures = (f"{human_size(row.size, 4)}, {human_size(row.reclaimable, 4)}{pct} reclaimable · "
               f"{row.active} of {row.total} active")
    bar = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{cells}</TR></TABLE>')
    return (f'<TR><TD ALIGN="LEFT" WIDTH="100">{html.escape(row.type)}</TD>'
            f'<TD ALIGN="LEFT">{bar}</TD>'
            f'<TD ALIGN="LEFT">{html.escape(figures)}</TD></TR>')
