"""Inspect documents are Go structs: fields in moby's declaration order, omitempty as its api/types tag them."""

from __future__ import annotations

import pytest

from storagekit import DockerHost
from storagekit.docker.apitypes import TYPES, omitempty, struct
from storagekit.sim.gostruct import GoStruct


def test_struct_orders_fields_and_drops_empty_omitempty_ones():
    doc = struct("Mount", {"ReadOnly": False, "Target": "/d", "Type": "bind", "Source": "/srv",
                           "BindOptions": {"Propagation": "", "NonRecursive": True}})
    assert list(doc) == ["Type", "Source", "Target", "BindOptions"]
    assert doc["BindOptions"] == {"NonRecursive": True} and isinstance(doc["BindOptions"], GoStruct)


def test_a_pointer_is_empty_only_when_nil():
    assert struct("HostConfig", {"Init": False, "Runtime": ""}) == {"Init": False}
    assert struct("ContainerInspect", {"SizeRw": 0, "SizeRootFs": None}) == {"SizeRw": 0}


def test_an_undeclared_field_is_a_fault():
    with pytest.raises(KeyError, match="Mount has no field Bogus"):
        struct("Mount", {"Bogus": 1})


def test_every_nested_type_is_declared():
    assert {f.kind for fields in TYPES.values() for f in fields if f.kind} <= set(TYPES)
    assert omitempty("MountPoint") == ("Type", "Name", "Driver")


@pytest.fixture(scope="module")
def host() -> DockerHost:
    h = DockerHost()
    h.sh("docker pull -q busybox")
    h.sh("docker run -d --name web --mount type=bind,source=/tmp,target=/d,readonly "
         "--mount type=volume,target=/w,volume-nocopy -v /srv:/s busybox sleep 100")
    return h


# (template, what Docker 28 prints): a struct keeps its order, a map (Labels, Data) is sorted
TEMPLATES = [
    ("{{json .HostConfig.Mounts}}", '[{"Type":"bind","Source":"/tmp","Target":"/d","ReadOnly":true},'
                                    '{"Type":"volume","Target":"/w","VolumeOptions":{"NoCopy":true}}]'),
    ("{{json .HostConfig.RestartPolicy}}", '{"Name":"no","MaximumRetryCount":0}'),
    ("{{json .HostConfig.LogConfig}}", '{"Type":"json-file","Config":{}}'),
    ("{{(index .Mounts 0).Type}} {{json (index .Mounts 0)}}",
     'bind {"Type":"bind","Source":"/tmp","Destination":"/d","Mode":"","RW":false,"Propagation":"rprivate"}'),
    ("{{json .State.Status}}", '"running"'),
]


@pytest.mark.parametrize(("template", "text"), TEMPLATES, ids=[t for t, _ in TEMPLATES])
def test_json_of_inspect_structures(host, template, text):
    r = host.sh(f"docker inspect -f '{template}' web")
    assert (r.code, r.out) == (0, text + "\n"), r.err


def test_json_of_a_whole_document_keeps_the_struct_order(host):
    r = host.sh("docker inspect -f '{{json .}}' web")
    assert r.out.startswith('{"Id":"') and '"GraphDriver":{"Data":{"LowerDir":' in r.out
    places = [r.out.index(key) for key in ('"State"', '"HostConfig"', '"Mounts"', '"Config":{"Hostname"')]
    assert places == sorted(places)
    r = host.sh("docker volume inspect -f '{{json .}}' $(docker volume ls -q)")
    assert r.out.startswith('{"CreatedAt":"') and r.out.index('"Mountpoint"') < r.out.index('"Scope"')
