"""The daemon's reading of -v, --mount and --tmpfs, table-driven like moby's own parser tests."""

import pytest

from storagekit.docker.volumes.spec import parse_bind, parse_mount, parse_tmpfs
from storagekit.docker.errors import DockerError

# (raw -v value, (type, source or name, destination, rw, mode, propagation)) -- moby TestLinuxParseMountRaw's valid rows
VALID_BINDS = [
    ("/home", ("volume", "", "/home", True, "", "")),
    ("/home:/home", ("bind", "/home", "/home", True, "", "rprivate")),
    ("/with space", ("volume", "", "/with space", True, "", "")),
    ("relative:/absolute-path", ("volume", "relative", "/absolute-path", True, "", "")),
    ("hostPath:/containerPath:ro", ("volume", "hostPath", "/containerPath", False, "ro", "")),
    ("/rw:/ro", ("bind", "/rw", "/ro", True, "", "rprivate")),
    ("/hostPath:/containerPath:rshared", ("bind", "/hostPath", "/containerPath", True, "rshared", "rshared")),
    ("/hostPath:/containerPath:ro,Z,slave", ("bind", "/hostPath", "/containerPath", False, "ro,Z,slave", "slave")),
    ("/hostPath:/containerPath:slave,ro,Z", ("bind", "/hostPath", "/containerPath", False, "slave,ro,Z", "slave")),
    ("/a/../b:/c/", ("bind", "/b", "/c", True, "", "rprivate")),
    ("data:/x:nocopy", ("volume", "data", "/x", True, "nocopy", "")),
]


@pytest.mark.parametrize("raw, expected", VALID_BINDS, ids=[r for r, _ in VALID_BINDS])
def test_valid_binds(raw, expected):
    mp = parse_bind(raw)
    got = (mp.type, mp.source if mp.type == "bind" else mp.name, mp.destination, mp.rw, mp.mode, mp.propagation)
    assert got == expected


def test_nocopy_and_bind_source_creation():
    assert parse_bind("data:/x:nocopy").copy_data is False
    assert parse_bind("data:/x").copy_data is True
    assert parse_bind("/src:/x").create_source is True


SPEC = "invalid volume specification: '{}'"
# (raw, full error) -- moby TestLinuxParseMountRaw's invalid rows, with the whole message
INVALID_BINDS = [
    ("", SPEC.format("")),
    ("./", "invalid volume specification: './': invalid mount config for type \"volume\": invalid mount path: "
           "'./' mount path must be absolute"),
    ("../", "invalid volume specification: '../': invalid mount config for type \"volume\": invalid mount path: "
            "'../' mount path must be absolute"),
    ("/:../", "invalid volume specification: '/:../': invalid mount config for type \"bind\": invalid mount path: "
              "'../' mount path must be absolute"),
    ("/:path", "invalid volume specification: '/:path': invalid mount config for type \"bind\": invalid mount path: "
               "'path' mount path must be absolute"),
    (":", SPEC.format(":")),
    ("/tmp:", SPEC.format("/tmp:")),  # an empty mode is a valid mode: a mode with no destination
    (":test", SPEC.format(":test")),
    (":/test", SPEC.format(":/test")),
    ("tmp:", SPEC.format("tmp:")),
    ("::", SPEC.format("::")),
    ("/tmp:::", SPEC.format("/tmp:::")),
    ("/path:rw", SPEC.format("/path:rw")),
    ("/path:ro", SPEC.format("/path:ro")),
    ("path:ro", SPEC.format("path:ro")),
    ("/path:/path:sw", "invalid mode: sw"),
    ("/path:/path:rwz", "invalid mode: rwz"),
    ("/path:/path:ro,rshared,rslave", "invalid mode: ro,rshared,rslave"),
    ("/path:shared", SPEC.format("/path:shared")),
    ("name:/absolute-path:shared", "invalid volume specification: 'name:/absolute-path:shared': invalid mount "
                                   "config for type \"volume\": field BindOptions must not be specified"),
    ("name:/absolute-path:rprivate", "invalid volume specification: 'name:/absolute-path:rprivate': invalid mount "
                                     "config for type \"volume\": field BindOptions must not be specified"),
    ("/tmp:tmp", "invalid volume specification: '/tmp:tmp': invalid mount config for type \"bind\": invalid mount "
                 "path: 'tmp' mount path must be absolute"),
    ("/src:/", "invalid volume specification: '/src:/': invalid mount config for type \"bind\": invalid "
               "specification: destination can't be '/'"),
    ("/a:/b:/c:/d", SPEC.format("/a:/b:/c:/d")),
]


@pytest.mark.parametrize("raw, message", INVALID_BINDS, ids=[r or "empty" for r, _ in INVALID_BINDS])
def test_invalid_binds(raw, message):
    with pytest.raises(DockerError) as caught:
        parse_bind(raw)
    assert caught.value.message == message


CONFIG = 'invalid mount config for type "{}": {}'
# (API Mount, whether the source exists, error or None) -- moby TestValidateMount / TestLinuxValidateMounts
MOUNTS = [
    ({"Type": "volume", "Target": "/data"}, True, None),
    ({"Type": "volume"}, True, CONFIG.format("volume", "field Target must not be empty")),
    ({"Type": "bind", "Target": "/x"}, True, CONFIG.format("bind", "field Source must not be empty")),
    ({"Type": "bind", "Source": "/src", "Target": "/x", "VolumeOptions": {}}, True,
     CONFIG.format("bind", "field VolumeOptions must not be specified")),
    ({"Type": "invalid", "Target": "/x"}, True, CONFIG.format("invalid", "mount type unknown")),
    ({"Type": "bind", "Source": "/nope", "Target": "/x"}, False,
     CONFIG.format("bind", "bind source path does not exist: /nope")),
    ({"Type": "bind", "Source": "/nope", "Target": "/x", "BindOptions": {"CreateMountpoint": True}}, False, None),
    ({"Type": "bind", "Source": "rel", "Target": "/x"}, True,
     CONFIG.format("bind", "invalid mount path: 'rel' mount path must be absolute")),
    ({"Type": "bind", "Source": "/s", "Target": "/x", "BindOptions": {"Propagation": "bogus"}}, True,
     CONFIG.format("bind", "invalid propagation mode: bogus")),
    ({"Type": "volume", "Target": "/x", "ReadOnly": True}, True, None),
    ({"Type": "tmpfs", "Source": "/s", "Target": "/x"}, True, CONFIG.format("tmpfs", "field Source must not be specified")),
    ({"Type": "tmpfs", "Target": "/"}, True, CONFIG.format("tmpfs", "invalid specification: destination can't be '/'")),
    ({"Type": "volume", "Target": "/x", "VolumeOptions": {"Subpath": "a"}}, True,
     CONFIG.format("volume", "must not set Subpath when using anonymous volumes")),
    ({"Type": "volume", "Source": "v", "Target": "/x", "VolumeOptions": {"Subpath": "../a"}}, True,
     CONFIG.format("volume", "subpath must be a relative path within the volume")),
    ({"Type": "volume", "Source": "v", "Target": "/x", "BindOptions": {}}, True,
     CONFIG.format("volume", "field BindOptions must not be specified")),
]


@pytest.mark.parametrize("mount, exists, error", MOUNTS)
def test_mount_configs(mount, exists, error):
    if error is None:
        parse_mount(mount, exists=lambda p: exists)
    else:
        with pytest.raises(DockerError) as caught:
            parse_mount(mount, exists=lambda p: exists)
        assert caught.value.message == error


def test_tmpfs_options():
    mp = parse_tmpfs("/run", "rw,noexec,nosuid,size=65536k")
    assert (mp.destination, mp.tmpfs_size, mp.rw, mp.listed) == ("/run", 65536 * 1024, True, False)
    assert parse_tmpfs("/t", "mode=700").tmpfs_mode == 0o700
    mp = parse_mount({"Type": "tmpfs", "Target": "/app", "TmpfsOptions": {"SizeBytes": 1 << 20, "Mode": 0o700}})
    assert mp.tmpfs_options == "size=1m,mode=700" and mp.inspect() == {
        "Type": "tmpfs", "Source": "", "Destination": "/app", "Mode": "", "RW": True, "Propagation": ""}
