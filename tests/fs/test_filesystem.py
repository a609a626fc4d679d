"""What the overlay tells: which layer shows a path, and the events a container's writes emit."""

from __future__ import annotations

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.sim.events import EventLog


def stack() -> tuple[FileSystem, EventLog]:
    lower = Dir()
    FileSystem(lower).mkdir("/etc")
    FileSystem(lower).write("/etc/passwd", b"root\n")
    FileSystem(lower).write("/etc/shells", b"/bin/sh\n")
    events = EventLog()
    return FileSystem(Dir(), [lower], events=events, source="c1"), events


# (case, what is done, path asked, expected layer: 0 the upper, 1 the lower, None nothing)
LAYER_OF = [
    ("a lower file shows through", lambda fs: None, "/etc/passwd", 1),
    ("a written file comes from the upper layer", lambda fs: fs.write("/etc/passwd", b"x",
                                                                      append=True), "/etc/passwd", 0),
    ("a deleted file shows nowhere", lambda fs: fs.unlink("/etc/shells"), "/etc/shells", None),
    ("a directory merged over both is the upper's", lambda fs: fs.write("/etc/new", b"x"), "/etc", 0),
    ("the root", lambda fs: None, "/", 0),
    ("a missing path", lambda fs: None, "/nope/deeper", None),
]


@pytest.mark.parametrize("case,act,path,expected", LAYER_OF, ids=[c[0] for c in LAYER_OF])
def test_layer_of(case, act, path, expected):
    fs, _ = stack()
    act(fs)
    assert fs.layer_of(path) == expected


def test_events_name_their_overlay_and_new_entries():
    fs, events = stack()
    mark = events.mark()
    fs.write("/etc/passwd", b"x", append=True)
    fs.unlink("/etc/shells")
    fs.mkdir("/data")
    fs.rename("/data", "/srv")
    got = [(e.kind, e.subject, e.detail.get("type", ""), e.detail["source"]) for e in events.since(mark)]
    assert got == [("CopiedUp", "/etc", "dir", "c1"), ("CopiedUp", "/etc/passwd", "file", "c1"),
                   ("WhiteoutCreated", "/etc/shells", "", "c1"), ("Created", "/data", "dir", "c1"),
                   ("Created", "/srv", "dir", "c1")]


def test_a_plain_disk_emits_nothing():
    events = EventLog()
    FileSystem(Dir(), events=events).write("/f", b"x")
    assert events.events == []


@pytest.mark.parametrize("lowers", [[], [Dir(0o755)]], ids=["a plain disk", "an overlay"])
def test_the_root_directory_takes_chmod_and_chown_in_place(lowers):
    fs = FileSystem(Dir(0o755), lowers)
    fs.chmod("/", 0o2775)
    fs.chown("/", -1, 2000)
    assert (oct(fs.stat("/").mode), fs.stat("/").gid, fs.listdir("/")) == ("0o42775", 2000, [])
    assert all(oct(d.mode) == "0o40755" for d in lowers)  # an overlay changes its upper layer's root only
