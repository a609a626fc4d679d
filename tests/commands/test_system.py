"""The host's df, systemctl and journalctl: switching storage drivers and seeing what each costs on disk."""

import json
import re

import pytest

from storagekit.commands.host import DockerHost

FIVE = [f"docker run -d --name web{i} nginx" for i in range(5)]


def used_kib(host, path="/var/lib/docker") -> int:
    line = host.sh(f"df {path}").out.splitlines()[1]
    return int(line.split()[2])


def test_df_prints_gnu_columns():
    out = DockerHost().sh("df").out.splitlines()
    assert out[0] == "Filesystem     1K-blocks    Used Available Use% Mounted on"
    assert re.fullmatch(r"/dev/sda1 +41120828 +\d+ +\d+ +\d+% /", out[3])
    human = DockerHost().sh("df -hT /var/lib/docker").out.splitlines()
    assert human[0].split() == ["Filesystem", "Type", "Size", "Used", "Avail", "Use%", "Mounted", "on"]
    assert human[1].split()[:3] == ["/dev/sda1", "ext4", "40G"]


def test_df_of_a_missing_path():
    r = DockerHost().sh("df /nowhere")
    assert (r.code, r.err) == (1, "df: /nowhere: No such file or directory\n")


def test_five_containers_cost_a_full_copy_each_under_vfs_and_almost_nothing_under_overlay2():
    figures = {}
    for driver in ("overlay2", "vfs"):
        host = DockerHost(daemon_json={"storage-driver": driver})
        before = used_kib(host)
        host.sh("docker pull -q nginx")
        pulled = used_kib(host)
        for line in FIVE:
            assert host.sh(line).code == 0
        figures[driver] = (pulled - before, used_kib(host) - pulled)
    image_mib = 181 * 1000 ** 2 / 1024 / 1024
    (o_image, o_five), (v_image, v_five) = (figures["overlay2"][0] / 1024, figures["overlay2"][1] / 1024), (
        figures["vfs"][0] / 1024, figures["vfs"][1] / 1024)
    assert image_mib < o_image < image_mib * 1.2  # each layer's diff once
    assert o_five < 5  # five thin writable layers
    assert v_image > 5 * image_mib  # a whole tree per layer
    assert v_five > 10 * image_mib  # an init tree and a writable tree per container


@pytest.mark.parametrize("machine, driver", [("debian-12-btrfs", "btrfs"), ("debian-12-zfs", "zfs")])
def test_snapshots_share_blocks_until_written(machine, driver):
    host = DockerHost(machine=machine, daemon_json={"storage-driver": driver})
    host.sh("docker pull -q nginx")
    pulled = used_kib(host)
    for line in FIVE:
        host.sh(line)
    assert used_kib(host) - pulled < 1024  # clones share every extent
    before = used_kib(host)
    host.sh("docker exec web1 sh -c 'echo more >> /usr/sbin/nginx'")
    assert used_kib(host) - before <= 8  # only the rewritten last block and the new one
    overlay = DockerHost()
    overlay.sh("docker pull -q nginx")
    overlay.sh("docker run -d --name web nginx")
    before = used_kib(overlay)
    overlay.sh("docker exec web sh -c 'echo more >> /usr/sbin/nginx'")
    assert used_kib(overlay) - before > 1000  # overlay2 copies the whole 1.2 MB file up


def test_du_cannot_see_shared_extents_but_df_can():
    host = DockerHost(machine="debian-12-btrfs", daemon_json={"storage-driver": "btrfs"})
    host.sh("docker pull -q nginx")
    du_kib = int(host.sh("du -s /var/lib/docker").out.split()[0])
    assert du_kib > 4 * used_kib(host)


def test_running_containers_add_overlay_mount_lines():
    host = DockerHost()
    host.sh("docker run -d --name web nginx")
    c = host.engine.containers.resolve("web")
    assert [m.source for m in host.host_mounts().entries][-1] == "overlay"
    assert host.sh("df -h").out.splitlines()[-1].endswith(f"/var/lib/docker/overlay2/{c.mount_id}/merged")
    host.sh("docker stop web")
    assert "overlay" not in host.sh("df").out


def test_switching_drivers_hides_images_and_containers_and_switching_back_finds_them():
    host = DockerHost()
    host.sh("docker run -d --name web nginx")
    host.write("/etc/docker/daemon.json", '{"storage-driver": "vfs"}\n')
    assert host.sh("systemctl restart docker").code == 0
    assert host.sh("docker info --format '{{.Driver}}'").out == "vfs\n"
    assert host.sh("docker ps -aq").out == "" and host.sh("docker images -q").out == ""
    assert host.fs.isdir("/var/lib/docker/image/overlay2")  # nothing was deleted
    host.sh("rm /etc/docker/daemon.json")
    assert host.sh("systemctl restart docker").code == 0
    assert "using prior storage driver: overlay2" in host.sh("journalctl -u docker").out
    ps = host.sh("docker ps -a --format '{{.Names}} {{.Status}}'").out
    assert ps.startswith("web Exited (0)")  # stopping the daemon stopped the container


def test_a_daemon_that_cannot_start_leaves_a_client_that_cannot_connect():
    host = DockerHost()
    host.write("/etc/docker/daemon.json", '{"storage-driver": "btrfs"}\n')
    r = host.sh("systemctl restart docker")
    assert r.code == 1 and r.err.startswith("Job for docker.service failed because the control process exited")
    assert host.sh("systemctl is-active docker").out == "failed\n"
    assert "driver not supported: btrfs" in host.sh("journalctl -xeu docker.service").out or \
        "prerequisites" in host.sh("journalctl -u docker").out
    assert host.sh("docker ps").err.startswith("Cannot connect to the Docker daemon")


@pytest.mark.parametrize("text, message", [
    ("{", "unexpected end of JSON input"),
    ("storage-driver: vfs", "invalid character 's' looking for beginning of value"),
    ('{"storage-driver": "vfs",}', "invalid character '}' looking for beginning of object key string"),
    ("[]", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
])
def test_a_malformed_daemon_json(text, message):
    host = DockerHost()
    host.write("/etc/docker/daemon.json", text)
    assert host.sh("systemctl restart docker").code == 1
    assert host.sh("journalctl -u docker").out.splitlines()[-1].endswith(
        f"unable to configure the Docker daemon with file /etc/docker/daemon.json: {message}")


@pytest.mark.parametrize("config, names", [
    ({"data-root": "/mnt/docker-data"}, '"data-root"'),
    ({"storage-driver": "overlay2", "log-driver": "local"}, '"log-driver"'),
    ({"userns-remap": "default", "data-root": "/srv/docker"}, '"data-root", "userns-remap"'),
])
def test_a_daemon_json_setting_the_simulation_does_not_model_stops_the_daemon_and_says_so(config, names):
    host = DockerHost()
    host.sh("docker pull alpine")
    r = host.sh(f"echo '{json.dumps(config)}' > /etc/docker/daemon.json && systemctl restart docker")
    assert r.code == 1 and r.err.startswith("Job for docker.service failed")
    last = host.sh("journalctl -u docker").out.splitlines()[-1]
    assert last.endswith(f"[storagekit] /etc/docker/daemon.json sets {names}, which the simulated dockerd does not "
                         'model (it acts on "storage-driver" and "features" only, and keeps its data in '
                         f"/var/lib/docker); remove {names} and restart docker")
    assert host.sh("docker images").err.startswith("Cannot connect to the Docker daemon")
    host.sh("rm /etc/docker/daemon.json && systemctl restart docker")
    assert host.sh("docker images -q").out != ""  # nothing was lost: the images come back with the daemon


def test_systemctl_refuses_other_units():
    r = DockerHost().sh("systemctl restart nginx")
    assert (r.code, r.err) == (5, "Unit nginx.service not found.\n")
