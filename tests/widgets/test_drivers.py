"""DriverLab: machines, Engine versions and daemon.json, the driver each daemon picks, and disk use."""

from __future__ import annotations

from storagekit.widgets import DriverLab


def driver(lab) -> str:
    return lab.target.sh("docker info --format '{{.Driver}}'").out.strip()


def test_a_fresh_host_picks_overlay2_on_ext4():
    lab = DriverLab()
    assert lab._entries[0][2].out == "overlay2\n"
    assert "kernel <code>6.1.0-37-amd64</code>" in lab.machine_info.value
    assert "overlay2" in lab.dot


def test_engine_20_10_on_btrfs_picks_btrfs_and_overlay2_on_ext4():
    lab = DriverLab()
    lab.machine.value, lab.engine_version.value = "debian-12-btrfs", "20.10.24"
    assert lab.backing_fs.value == "btrfs"
    lab.new_host_button.click()
    assert driver(lab) == "btrfs" and lab.target.engine_version == "20.10.24"
    lab.backing_fs.value = "extfs"
    lab.new_host_button.click()
    assert driver(lab) == "overlay2" and lab.target.spec.backing_fs == "extfs"
    lab.back_button.click()
    assert driver(lab) == "btrfs"


def test_restarting_with_vfs_hides_the_overlay2_images_but_df_still_counts_them():
    lab = DriverLab()
    lab.pull_button.click()
    lab.daemon_json.value = '{"storage-driver": "vfs"}'
    lab.restart_button.click()
    assert driver(lab) == "vfs"
    system_df = next(r for _p, line, r in lab._entries if line == "docker system df")
    assert system_df.out.splitlines()[1].split()[:2] == ["Images", "0"]
    lab.pull_button.click()
    df = next(r for _p, line, r in lab._entries if line.startswith("df "))
    assert df.out.splitlines()[1].split()[2] == "2.4G"


def test_a_daemon_json_that_is_not_json_stops_the_daemon_with_its_own_words():
    lab = DriverLab()
    lab.daemon_json.value = '{"storage-driver": "overlay2",}'
    lab.new_host_button.click()
    lines = [line for _p, line, _r in lab._entries]
    assert lines[:2] == ["cat > /etc/docker/daemon.json <<'EOF'\n{\"storage-driver\": \"overlay2\",}\nEOF",
                         "systemctl restart docker"]
    journal = lab._entries[2]
    assert journal[1] == "journalctl -u docker | tail -n 1"
    assert journal[2].out.endswith("unable to configure the Docker daemon with file /etc/docker/daemon.json: "
                                   "invalid character '}' looking for beginning of object key string\n")
    assert "Cannot connect to the Docker daemon" in lab.transcript.value


def test_the_data_root_picture(tmp_path):
    lab = DriverLab()
    lab.picture.value = "root"
    assert "/var/lib/docker" in lab.dot
