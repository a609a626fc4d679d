"""The client's reading of -v (docker/cli volumespec and opts.go), table-driven like docker/cli's own tests."""

import pytest

from storagekit.commands.docker.volumespec import parse, route

VALID = [
    # (value, Binds, anonymous targets) as the client sends them, run from /root/app
    ("/data", [], ["/data"]),
    (".", [], ["."]),
    ("/a", [], ["/a"]),
    ("name:/target", ["name:/target"], []),
    ("name:/target:bogus", ["name:/target:bogus"], []),  # unknown options are the daemon's business
    ("/src:/dst:ro", ["/src:/dst:ro"], []),
    ("./src:/dst", ["/root/app/src:/dst"], []),
    (".:/dst", ["/root/app:/dst"], []),
    ("../x:/dst:ro", ["/root/x:/dst:ro"], []),
    (".hidden:/dst", ["/root/app/.hidden:/dst"], []),
    ("~/x:/dst", ["~/x:/dst"], []),  # the client never expands ~ (the shell might)
    # a letter and a colon read as a Windows drive, as the Linux client reads it (recorded from docker 28.2.2)
    ("c:/x", [], ["c:/x"]),
    ("c:", [], ["c:"]),
    ("a:b", [], ["a:b"]),
    ("/a:b:/c", ["/a:b:/c"], []),
    ("C:\\x:/y", ["C:\\x:/y"], []),
    ("c:/a:/b:ro", ["c:/a:/b:ro"], []),
    ("\\\\pipe\\x:/y", ["\\\\pipe\\x:/y"], []),
    ("data_volume", [], ["data_volume"]),
]


@pytest.mark.parametrize("value, binds, anonymous", VALID, ids=[v for v, *_ in VALID])
def test_route(value, binds, anonymous):
    assert route([value], "/root/app") == (binds, anonymous)


INVALID = [
    ("", "invalid empty volume spec"),
    (":foo", "invalid spec: :foo: empty section between colons"),
    ("/foo::ro", "invalid spec: /foo::ro: empty section between colons"),
    (":/vol", "invalid spec: :/vol: empty section between colons"),
    ("/foo:/foo:ro:foo", "invalid spec: /foo:/foo:ro:foo: too many colons"),
]


@pytest.mark.parametrize("value, message", INVALID, ids=[v or "empty" for v, _ in INVALID])
def test_parse(value, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(") + "$"):
        parse(value)


# ---------------------------------------------------------------- one mount, both flags

from storagekit.commands.docker.opts import parse_mount as parse_mount_flag  # noqa: E402
from storagekit.commands.docker.volumespec import mount_forms  # noqa: E402
from storagekit.docker.volumes.spec import parse_bind, parse_mount, parse_tmpfs  # noqa: E402

FORMS = [
    # (the --mount value, the short flag it equals, or None where -v cannot say it)
    ("type=volume,source=data,target=/app", "-v data:/app"),
    ("type=volume,source=data,target=/app,readonly,volume-nocopy", "-v data:/app:ro,nocopy"),
    ("type=volume,target=/app", "-v /app"),
    ("type=volume,target=/app,readonly", None),
    ("type=volume,source=data,target=/app,volume-subpath=logs", None),
    ("type=bind,source=/srv/site,target=/usr/share/nginx/html,readonly", "-v /srv/site:/usr/share/nginx/html:ro"),
    ("type=bind,source=/srv,target=/srv,bind-propagation=rshared", "-v /srv:/srv:rshared"),
    ('type=bind,"source=/srv/a,b",target=/x', "-v /srv/a,b:/x"),
    ("type=tmpfs,target=/run", "--tmpfs /run"),
    ("type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1770", "--tmpfs /run:size=64m,mode=1770"),
]


def _mounted(mp):
    return (mp.type, mp.destination, mp.source, mp.name, mp.rw, mp.copy_data, mp.propagation or "rprivate",
            mp.tmpfs_size, mp.tmpfs_mode)


@pytest.mark.parametrize("long, short", FORMS, ids=[f for f, _ in FORMS])
def test_both_forms_ask_the_daemon_for_the_same_mount(long, short):
    api = parse_mount_flag(long)
    forms = mount_forms(api)
    assert forms.long == "--mount " + long
    assert forms.short == short
    assert parse_mount_flag(forms.long.removeprefix("--mount ")) == api
    if short is None:
        assert forms.notes
        return
    flag, value = short.split(" ", 1)
    if flag == "--tmpfs":
        target, _, options = value.partition(":")
        from_short = parse_tmpfs(target, options)
    else:
        parse(value)
        from_short = parse_bind(value) if ":" in value else parse_mount({"Type": "volume", "Target": value})
    assert _mounted(from_short) == _mounted(parse_mount(api, exists=lambda path: True))


def test_the_forms_say_where_docker_treats_them_differently():
    bind = mount_forms({"Type": "bind", "Source": "/srv/site", "Target": "/site"})
    assert bind.notes == ("-v creates a missing /srv/site on the host as an empty directory; --mount refuses it: "
                          "bind source path does not exist: /srv/site",)
    tmpfs = mount_forms({"Type": "tmpfs", "Target": "/run"})
    assert "docker inspect lists only --mount's tmpfs under Mounts" in tmpfs.notes[0]
    assert mount_forms({"Type": "volume", "Source": "data", "Target": "/app"}).notes == ()
    assert mount_forms({"Type": "volume", "Source": "/data", "Target": "/app"}).short is None
