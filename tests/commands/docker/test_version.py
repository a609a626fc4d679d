"""docker version, compared with what the real 28.2.2 client printed for a stand-in daemon answering ``/version``
with these fields (the packaged client also names its platform on the Client line, as ``docker info`` does)."""

from __future__ import annotations

import json

import pytest

from storagekit import DockerHost

EXPECTED = """Client: Docker Engine - Community
 Version:           28.2.2
 API version:       1.50
 Go version:        go1.24.3
 Git commit:        e6534b4
 Built:             Fri May 30 12:07:14 2025
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          28.2.2
  API version:      1.50 (minimum version 1.24)
  Go version:       go1.24.3
  Git commit:       45873be
  Built:            Fri May 30 12:07:26 2025
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.27
  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da
 runc:
  Version:          1.2.5
  GitCommit:        v1.2.5-0-g59923ef
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
"""

SERVER_JSON = (
    '{"Platform":{"Name":"Docker Engine - Community"},"Components":[{"Name":"Engine","Version":"28.2.2","Details":'
    '{"ApiVersion":"1.50","Arch":"amd64","BuildTime":"Fri May 30 12:07:26 2025","Experimental":"false","GitCommit":'
    '"45873be","GoVersion":"go1.24.3","KernelVersion":"6.1.0-37-amd64","MinAPIVersion":"1.24","Os":"linux"}},'
    '{"Name":"containerd","Version":"1.7.27","Details":{"GitCommit":"05044ec0a9a75232cad458027ca83437aae3f4da"}},'
    '{"Name":"runc","Version":"1.2.5","Details":{"GitCommit":"v1.2.5-0-g59923ef"}},{"Name":"docker-init","Version":'
    '"0.19.0","Details":{"GitCommit":"de40ad0"}}],"Version":"28.2.2","ApiVersion":"1.50","MinAPIVersion":"1.24",'
    '"GitCommit":"45873be","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0-37-amd64",'
    '"BuildTime":"2025-05-30T12:07:26.000000000+00:00"}')


@pytest.fixture(scope="module")
def host():
    return DockerHost()


def test_default_layout(host):
    assert host.sh("docker version").out == EXPECTED


def test_json_keeps_the_wire_names_and_order(host):
    out = host.sh("docker version --format json").out
    assert out.endswith(',"Server":' + SERVER_JSON + "}\n")
    assert json.loads(out)["Client"]["ApiVersion"] == "1.50"


@pytest.mark.parametrize("fmt,code,out,err", [
    ("{{.Server.Version}}", 0, "28.2.2\n", ""),
    ("{{.Client.APIVersion}} {{range .Server.Components}}{{.Name}} {{end}}", 0,
     "1.50 Engine containerd runc docker-init \n", ""),
    ("{{.Nope}}", 1, "\n", 'template: version:1:2: executing "version" at <.Nope>: can\'t evaluate field Nope in '
                          "type system.versionInfo\n"),
    ("{{", 64, "", "template parsing error: template: version:1: unclosed action\n"),
])
def test_format(host, fmt, code, out, err):
    r = host.sh(f"docker version --format '{fmt}'")
    assert (r.code, r.out, r.err) == (code, out, err)


def test_no_arguments(host):
    r = host.sh("docker version now")
    assert (r.code, r.err) == (1, "docker: 'docker version' accepts no arguments\n\nUsage:  docker version "
                                  "[OPTIONS]\n\nRun 'docker version --help' for more information\n")
