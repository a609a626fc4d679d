"""``docker info`` on a simulated host: the docker/cli 28 layout, counts from the engine, and ``--format``."""

from __future__ import annotations

import dataclasses
import json

import pytest

from storagekit import DockerHost

GOLDEN = """\
Client: Docker Engine - Community
 Version:    28.2.2
 Context:    default
 Debug Mode: false
 Plugins:
  buildx: Docker Buildx (Docker Inc.)
    Version:  v0.24.0
    Path:     /usr/libexec/docker/cli-plugins/docker-buildx
  compose: Docker Compose (Docker Inc.)
    Version:  v2.36.2
    Path:     /usr/libexec/docker/cli-plugins/docker-compose

Server:
 Containers: 0
  Running: 0
  Paused: 0
  Stopped: 0
 Images: 0
 Server Version: 28.2.2
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 05044ec0a9a75232cad458027ca83437aae3f4da
 runc version: v1.2.5-0-g59923ef
 init version: de40ad0
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: 6.1.0-37-amd64
 Operating System: Debian GNU/Linux 12 (bookworm)
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 23.47GiB
 Name: docker-host
 ID: {id}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

"""


def engine_uuid(host: DockerHost) -> str:
    h = host.read("/var/lib/docker/engine-id").decode().strip()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


@pytest.fixture
def host():
    return DockerHost()


def test_golden_output_of_a_fresh_host(host):
    r = host.sh("docker info")
    assert (r.code, r.err) == (0, "")
    assert r.out == GOLDEN.format(id=engine_uuid(host))


def test_system_info_is_the_same_command(host):
    assert host.sh("docker system info").out == host.sh("docker info").out


def test_output_is_deterministic():
    assert DockerHost().sh("docker info").out == DockerHost().sh("docker info").out


def test_counts_follow_the_engine(host):
    assert host.sh("docker pull busybox").code == 0
    assert host.sh("docker create --name created busybox").code == 0
    assert host.sh("docker run -d --name up busybox sleep 1000").code == 0
    assert host.sh("docker run --name done busybox true").code == 0
    lines = host.sh("docker info").out.splitlines()
    server = lines[lines.index("Server:") + 1:]
    assert server[:5] == [" Containers: 3", "  Running: 1", "  Paused: 0", "  Stopped: 2", " Images: 1"]


def test_paused_containers_are_counted_apart(host):
    assert host.sh("docker pull busybox").code == 0
    assert host.sh("docker run -d --name up busybox sleep 1000").code == 0
    next(iter(host.engine.containers)).state = "paused"
    fmt = "{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}}"
    assert host.sh(f"docker info --format '{fmt}'").out == "1 0 1 0\n"


def test_containerd_snapshotter_shows_driver_type(host):
    host.engine.info = dataclasses.replace(host.engine.info, version="29.0.0", storage_driver="overlayfs")
    out = host.sh("docker info").out
    assert " Server Version: 29.0.0\n Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n" \
           " Logging Driver: json-file\n" in out


def test_deprecated_driver_warns_on_stderr(host):
    host.engine.info = dataclasses.replace(host.engine.info, version="24.0.9", storage_driver="devicemapper")
    r = host.sh("docker info")
    assert r.code == 0
    assert r.err == ("\nWARNING: The devicemapper storage-driver is deprecated, and will be removed in a future "
                     "release.\n"
                     "         Refer to the documentation for more information: "
                     "https://docs.docker.com/go/storage-driver/\n")


def test_client_debug_mode_adds_daemon_details(host):
    out = host.sh("docker -D info").out
    assert " Debug Mode: true\n" in out
    assert " Debug Mode: false\n  File Descriptors: 27\n  Goroutines: 45\n" in out


@pytest.mark.parametrize("fmt,expected", [
    ("{{.Driver}}", "overlay2"),
    ("{{.DockerRootDir}}", "/var/lib/docker"),
    ("{{.Images}} {{.Containers}}", "0 0"),
    ("{{json .DriverStatus}}", '[["Backing Filesystem","extfs"],["Supports d_type","true"],["Using metacopy","false"],'
                               '["Native Overlay Diff","true"],["userxattr","false"]]'),
    ("{{range .DriverStatus}}{{index . 0}}={{index . 1}};{{end}}",
     "Backing Filesystem=extfs;Supports d_type=true;Using metacopy=false;Native Overlay Diff=true;userxattr=false;"),
    ("{{.ServerVersion}} {{.ClientInfo.Version}}", "28.2.2 28.2.2"),
    ("{{.OperatingSystem}}|{{.KernelVersion}}|{{.NCPU}}|{{.MemTotal}}",
     "Debian GNU/Linux 12 (bookworm)|6.1.0-37-amd64|2|25201000000"),
    ("{{.Swarm.LocalNodeState}}", "inactive"),
    ("{{json .Plugins.Volume}}", '["local"]'),
])
def test_format_fields(host, fmt, expected):
    r = host.sh(f"docker info --format '{fmt}'")
    assert (r.code, r.out, r.err) == (0, expected + "\n", "")


@pytest.mark.parametrize("flag", ["--format json", "--format '{{json .}}'", "-f json"])
def test_format_json_uses_the_api_field_names(host, flag):
    r = host.sh(f"docker info {flag}")
    data = json.loads(r.out)
    assert list(data)[:7] == ["ID", "Containers", "ContainersRunning", "ContainersPaused", "ContainersStopped",
                              "Images", "Driver"]
    assert data["Driver"] == "overlay2"
    assert data["DriverStatus"][0] == ["Backing Filesystem", "extfs"]
    assert data["DockerRootDir"] == "/var/lib/docker"
    assert data["ClientInfo"]["Context"] == "default"
    assert [p["Name"] for p in data["ClientInfo"]["Plugins"]] == ["buildx", "compose"]
    assert list(data)[-1] == "ClientInfo"


def test_unknown_field_is_an_execution_error(host):
    r = host.sh("docker info --format '{{.Foo}}'")
    assert (r.code, r.out) == (1, "\n")
    assert r.err == 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type system.dockerInfo\n'


def test_bad_template_is_a_parsing_error(host):
    r = host.sh("docker info --format '{{.Driver'")
    assert (r.code, r.out, r.err) == (64, "", "template parsing error: template: :1: unclosed action\n")


def test_info_takes_no_arguments(host):
    r = host.sh("docker info extra")
    assert r.code == 1
    assert r.err.startswith("docker: 'docker info' accepts no arguments\n")
