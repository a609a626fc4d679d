"""``docker events`` / ``docker system events``: the daemon's buffered messages between ``--since`` and
``--until``, printed as docker/cli's ``prettyPrintEvent`` prints them, or through ``--format``.

Without ``--until`` (or with one still to come) the real client goes on waiting for new events until it is
interrupted; the simulator prints what there is and says so.
"""

from __future__ import annotations

import datetime as dt

from storagekit.commands.docker.cli import StatusError
from storagekit.commands.docker.timestamps import GoTimeError, get_timestamp, parse_timestamp
from storagekit.commands.formats.gotemplate import Template, TemplateError
from storagekit.docker.events_service import Message, message_json
from storagekit.docker.filters import Filters
from storagekit.sim.gostruct import GoStruct

WAITING = ("docker events would keep waiting for new events here until it is interrupted (or until --until); "
           "the simulator shows the events so far")


class Actor:
    __go_type__ = "events.Actor"

    def __init__(self, m: Message | None) -> None:
        self.ID, self.Attributes = (m.actor_id, dict(m.attributes)) if m else ("", {})


class EventView:
    """An ``events.Message`` for templates: Go's field names, and its JSON as the API writes it (an empty one is
    what docker/cli tries a format on first)."""

    __go_type__ = "*events.Message"

    def __init__(self, m: Message | None = None) -> None:
        self.message = m
        api = message_json(m) if m is not None else {}
        self.Status, self.ID, self.From = api.get("status", ""), api.get("id", ""), api.get("from", "")
        self.Type, self.Action = (m.type, m.action) if m else ("", "")
        self.Actor = Actor(m)
        self.Scope, self.Time, self.TimeNano = api.get("scope", ""), api.get("time", 0), api.get("timeNano", 0)

    def marshal_json(self) -> GoStruct:
        fields = [("status", self.Status), ("id", self.ID), ("from", self.From), ("Type", self.Type),
                  ("Action", self.Action),
                  ("Actor", GoStruct(ID=self.Actor.ID, Attributes=self.Actor.Attributes or None)),
                  ("scope", self.Scope), ("time", self.Time), ("timeNano", self.TimeNano)]
        omitempty = {"status", "id", "from", "scope", "time", "timeNano"}
        return GoStruct((k, v) for k, v in fields if k not in omitempty or v)


def events(call) -> int:
    engine, opts = call.backend.engine, call.opts
    template = _template(opts.get("format") or "")
    now = engine.clock.now
    try:
        since, until = (get_timestamp(opts.get(key) or "", now) if opts.get(key) else "" for key in ("since", "until"))
    except GoTimeError as exc:
        raise StatusError(str(exc)) from None
    since_ns, until_ns = (parse_timestamp(v) if v else 0 for v in (since, until))
    if until and until_ns < since_ns:
        raise StatusError(f"Error response from daemon: `since` time ({since}) cannot be after `until` time ({until})")
    for m in engine.events_service.between(since_ns, until_ns, Filters(opts.get("filter") or [])):
        call.out(_pretty(m) if template is None else template.execute(EventView(m)) + "\n")
    if not until or until_ns > now * 1_000_000_000:
        call.ctx.note(WAITING)
    return 0


def _template(fmt: str) -> Template | None:
    """docker/cli's ``makeTemplate``: parsed, then tried on an empty message so a bad field fails at once."""
    if not fmt:
        return None
    try:
        template = Template("{{json .}}" if fmt == "json" else fmt)
        template.execute(EventView())
    except TemplateError as exc:
        raise StatusError(f"Error parsing format: {exc.go_error}", 64) from None
    return template


def _pretty(m: Message) -> str:
    when = dt.datetime.fromtimestamp(m.time_nano // 1_000_000_000, tz=dt.timezone.utc)
    line = f"{when:%Y-%m-%dT%H:%M:%S}.{m.time_nano % 1_000_000_000:09d}Z {m.type} {m.action} {m.actor_id}"
    if m.attributes:
        line += " (" + ", ".join(f"{k}={m.attributes[k]}" for k in sorted(m.attributes)) + ")"
    return line + "\n"
